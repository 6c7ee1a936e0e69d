import { createHash } from 'node:crypto';
import { formatLongDate } from '#domain/calendar';
import { isLate } from '#domain/cycle';
import type { Action, Cycle, Request, Update } from '#domain/model';
import { readReply, type ParsedReply } from '#mail/parse-reply';
import { renderConfirmation, type RecordedUpdate } from '#mail/templates/confirmation';
import { renderHeldForOwner, renderHeldForSender } from '#mail/templates/held-reply';
import { renderRejection, type RejectionReason } from '#mail/templates/rejection';
import type { FormAction } from '#mail/templates/update-form';
import type { SendKey } from '#ports/store';
import { replyAddress, type Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

const INBOUND_LEASE_MS = 5 * 60_000;

export type IngestOutcome =
  | { outcome: 'recorded'; cycleId: string; owner: string; actions: string[]; problems: number; late: boolean }
  | { outcome: 'noted'; cycleId: string; owner: string }
  | { outcome: 'duplicate' }
  | { outcome: 'auto-reply'; cycleId: string | null }
  | { outcome: 'held'; cycleId: string; from: string | null; heldId: string }
  | { outcome: 'rejected'; reason: RejectionReason }
  | { outcome: 'quarantined' }
  | { outcome: 'ignored'; reason: string };

export interface InboundMail {
  raw: Buffer;
  /** Where the raw mail already is (SES's S3 action); otherwise it is stored first here. */
  rawKey?: string;
}

const hash = (text: string, length = 16) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The first lines of an auto-reply or note, enough for a coordinator ("out of office until 16 May"). */
const excerpt = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 6)
    .join('\n')
    .slice(0, 500);

/** Addresses that are ours: never answered, so two robots never talk to each other. */
function isOurs(address: string | null, deps: Pick<Deps, 'mail'>): boolean {
  if (!address) return true;
  const domain = address.split('@')[1] ?? '';
  return domain === deps.mail.inboundDomain || domain === deps.mail.messageIdDomain || /^(mailer-daemon|postmaster)@/i.test(address);
}

/** The request a reply's token (Reply-To first, then the subject's [ref]) names, if the signature holds. */
async function findRequest(parsed: ParsedReply, { signer, store }: Pick<Deps, 'signer' | 'store'>) {
  for (const token of [parsed.replyToken, parsed.subjectRef]) {
    const requestId = token ? signer.requestIdOf(token) : null;
    if (!token || !requestId) continue;
    const request = await store.findRequest(requestId);
    if (request && signer.verify(token, request)) return request;
  }
  return null;
}

/**
 * Takes one inbound email from raw bytes to a stored update and an answer to its sender.
 * 1. store raw first  2. parse  3. de-duplicate by Message-ID (ledger)
 * 4. auto-replies and delivery reports: a note on the request, never answered
 * 5. find the request by the Reply-To token, else the subject [ref …]; verify the signature,
 *    the expiry and that the cycle takes replies (unknown, forged or expired: a rejection
 *    record and one short explanation)
 * 6. the sender must be the owner or a delegate; anyone else's reply is held for a
 *    coordinator, and the sender and the owner are told once
 * 7. store each update with its history (late after the final deadline)  8. read back to the owner
 */
export async function ingestReply(
  mail: InboundMail,
  deps: Pick<Deps, 'store' | 'blobs' | 'signer' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const { store, blobs, clock, logger } = deps;
  const receivedAt = clock.now().toISOString();
  const rawKey = mail.rawKey ?? `inbound/${receivedAt.slice(0, 10)}/${createHash('sha256').update(mail.raw).digest('hex')}.eml`;
  if (!mail.rawKey) await blobs.put(rawKey, mail.raw, 'message/rfc822');

  const read = await readReply(mail.raw);
  const parsed = read.reply;
  const id = parsed.messageId ?? `<sha256-${createHash('sha256').update(mail.raw).digest('hex').slice(0, 32)}>`;
  const claim = await store.claimInbound(id, INBOUND_LEASE_MS);
  if (claim.outcome === 'skip') return { outcome: 'duplicate' };

  try {
    const outcome = await handle(parsed, read.text, { id, rawKey, receivedAt }, deps);
    await store.completeInbound(id, { rawKey, outcome: outcome.outcome, from: parsed.from, attachments: read.attachments });
    logger.info('reply ingested', { messageId: id, rawKey, attachments: read.attachments, ...outcome });
    return outcome;
  } catch (e) {
    await store.releaseInbound(id);
    throw e;
  }
}

interface Arrival {
  id: string;
  rawKey: string;
  receivedAt: string;
}

async function handle(
  parsed: ParsedReply,
  text: string,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'signer' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const { store, clock } = deps;
  const request = await findRequest(parsed, deps);

  if (parsed.autoReply) {
    if (request) {
      await store.putNote({
        cycleId: request.cycleId,
        ownerKey: request.ownerKey,
        kind: 'auto-reply',
        text: excerpt(text),
        from: parsed.from,
        receivedAt: arrival.receivedAt,
        messageId: arrival.id,
      });
    }
    return { outcome: 'auto-reply', cycleId: request?.cycleId ?? null };
  }
  if (isOurs(parsed.from, deps)) {
    // Our own mail coming back (a forward loop, a bounce of a bounce): kept, never acted on.
    await store.recordRejection({ messageId: arrival.id, reason: 'own-address', from: parsed.from, at: arrival.receivedAt });
    return { outcome: 'ignored', reason: 'from our own address' };
  }
  if (!request) return reject('unknown-request', parsed, arrival.id, deps);
  if (request.expiresAt < clock.now().toISOString()) return reject('expired', parsed, arrival.id, deps);
  const cycle = await store.getCycle(request.cycleId);
  if (!cycle || cycle.state === 'cancelled') return reject('cycle-closed', parsed, arrival.id, deps);

  const from = parsed.from;
  const delegates = await store.getDelegates(request.planId);
  const isOwner = from === request.email.toLowerCase();
  const isDelegate = !isOwner && delegates.some((d) => d.ownerKey === request.ownerKey && d.email === from);
  if (!isOwner && !isDelegate) return hold(parsed, request, cycle, arrival, deps);
  return record(parsed, request, cycle, arrival, deps, isDelegate ? from : null);
}

/**
 * Stores the answers of a reply accepted for `request` and reads them back to the owner.
 * `onBehalf` names a sender other than the owner (a delegate, or a held reply a coordinator accepted).
 * 1. store each answer for an action of the request (late after the final deadline)
 * 2. keep text outside the form as a note  3. read back what was recorded, and what to send again
 */
export async function record(
  parsed: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>,
  onBehalf: string | null,
): Promise<IngestOutcome> {
  const { store } = deps;
  const late = isLate(cycle, arrival.receivedAt);
  const actions = new Map((await store.getActions(request.planId)).map((a) => [a.ref, a]));
  const { recorded, problems } = await storeAnswers(parsed, request, arrival, { late, onBehalf, actions }, store);
  if (parsed.note) {
    await store.putNote({
      cycleId: request.cycleId,
      ownerKey: request.ownerKey,
      kind: 'note',
      text: parsed.note,
      from: parsed.from,
      receivedAt: arrival.receivedAt,
      messageId: arrival.id,
    });
  }
  await readBack(parsed, request, cycle, arrival, { recorded, problems, late, onBehalf, actions }, deps);
  if (recorded.length === 0) return { outcome: 'noted', cycleId: request.cycleId, owner: request.ownerKey };
  return { outcome: 'recorded', cycleId: request.cycleId, owner: request.ownerKey, actions: recorded.map((r) => r.ref), problems: problems.length, late };
}

interface Recording {
  late: boolean;
  onBehalf: string | null;
  actions: Map<string, Action>;
}

/** Stores one update per answered action of the request (history kept); answers about other actions become problems. */
async function storeAnswers(
  parsed: ParsedReply,
  request: Request,
  arrival: Arrival,
  { late, onBehalf, actions }: Recording,
  store: Deps['store'],
): Promise<{ recorded: RecordedUpdate[]; problems: string[] }> {
  const problems = parsed.problems.map((p) => (p.action ? `Action ${p.action}: ${p.message}` : p.message));
  const recorded: RecordedUpdate[] = [];
  for (const u of parsed.updates) {
    if (!request.actionRefs.includes(u.action)) {
      problems.push(`Action ${u.action} is not one of the actions we asked you about, so it was not recorded.`);
      continue;
    }
    const update: Update = {
      cycleId: request.cycleId,
      actionRef: u.action,
      status: u.status,
      evidence: u.evidence,
      summary: u.summary,
      risks: u.risks,
      mitigation: u.mitigation,
      from: onBehalf ?? request.email.toLowerCase(),
      ownerKey: request.ownerKey,
      receivedAt: arrival.receivedAt,
      messageId: arrival.id,
      rawKey: arrival.rawKey,
      late,
      onBehalfOf: onBehalf ? request.email.toLowerCase() : null,
    };
    await store.putUpdate(update);
    recorded.push({ ref: u.action, title: actions.get(u.action)?.title ?? '', ...u });
  }
  return { recorded, problems };
}

/**
 * The confirmation: what was recorded, the problems, and the blocks to answer again (those
 * with problems or still unanswered). A reply with answers always gets its read-back; one
 * with nothing to record is a problem reply: at most one per sender per day, so a loop of
 * empty replies stays one email. Our own addresses are never answered.
 */
async function readBack(
  parsed: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  { recorded, problems, late, onBehalf, actions }: Recording & { recorded: RecordedUpdate[]; problems: string[] },
  deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>,
): Promise<void> {
  if (isOurs(parsed.from, deps)) return;
  const { store } = deps;
  const plan = await store.getPlan(request.planId);
  const answered = new Set((await store.getUpdates(request.cycleId)).map((u) => u.actionRef));
  const problemRefs = new Set(parsed.problems.map((p) => p.action).filter((r): r is string => r !== null));
  const again: FormAction[] = request.actionRefs
    .filter((ref) => problemRefs.has(ref) || !answered.has(ref))
    .map((ref) => actions.get(ref))
    .filter((a): a is Action => a !== undefined)
    .map((action) => ({ action }));
  const notice = [
    late
      ? `Your reply arrived after the final deadline (${formatLongDate(cycle.dates.final)}), so it is recorded as late and will be carried into the next cycle's report.`
      : null,
    onBehalf ? `This reply came from ${onBehalf} on your behalf.` : null,
  ]
    .filter(Boolean)
    .join(' ');
  const content = renderConfirmation({
    ownerName: request.ownerName,
    planName: plan?.name ?? request.planId,
    cycleName: cycle.name,
    token: request.token,
    recorded,
    notice: notice || null,
    problems,
    outstanding: request.actionRefs.filter((r) => !answered.has(r)),
    form: again,
  });
  const recipients = [...new Set([request.email, ...(onBehalf ? [onBehalf] : [])])];
  const tag = hash(arrival.id);
  const key: SendKey =
    recorded.length > 0
      ? { kind: 'confirmation', cycleId: request.cycleId, reply: tag }
      : { kind: 'explanation', sender: parsed.from ?? request.email, topic: 'no-answers', day: arrival.receivedAt.slice(0, 10) };
  await sendOnce(
    key,
    {
      to: recipients,
      replyTo: replyAddress(deps.mail, request.token),
      messageId: `<confirm.${tag}@${deps.mail.messageIdDomain}>`,
      headers: { 'In-Reply-To': arrival.id, References: arrival.id },
      ...content,
    },
    deps,
  );
}

/** A reply from neither the owner nor a delegate: kept for a coordinator; the sender and the owner are told once. */
async function hold(
  parsed: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const heldId = hash(arrival.id, 12);
  await deps.store.putHeld({
    cycleId: request.cycleId,
    heldId,
    ownerKey: request.ownerKey,
    from: parsed.from,
    messageId: arrival.id,
    rawKey: arrival.rawKey,
    receivedAt: arrival.receivedAt,
    state: 'held',
  });
  const plan = await deps.store.getPlan(request.planId);
  const model = {
    sender: parsed.from ?? 'someone',
    ownerName: request.ownerName,
    ownerEmail: request.email,
    planName: plan?.name ?? request.planId,
    cycleName: cycle.name,
    token: request.token,
  };
  if (!isOurs(parsed.from, deps)) {
    await sendOnce(
      { kind: 'held-notice', cycleId: request.cycleId, to: 'sender', ownerKey: request.ownerKey, sender: parsed.from },
      { to: [parsed.from!], messageId: `<held.${heldId}@${deps.mail.messageIdDomain}>`, headers: { 'In-Reply-To': arrival.id }, ...renderHeldForSender(model) },
      deps,
    );
  }
  await sendOnce(
    { kind: 'held-notice', cycleId: request.cycleId, to: 'owner', ownerKey: request.ownerKey, sender: parsed.from },
    {
      to: [request.email],
      replyTo: replyAddress(deps.mail, request.token),
      messageId: `<held-owner.${heldId}@${deps.mail.messageIdDomain}>`,
      ...renderHeldForOwner(model),
    },
    deps,
  );
  return { outcome: 'held', cycleId: request.cycleId, from: parsed.from, heldId };
}

async function reject(
  reason: RejectionReason,
  parsed: ParsedReply,
  id: string,
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const tag = hash(id);
  await deps.store.recordRejection({ messageId: id, reason, from: parsed.from, at: deps.clock.now().toISOString() });
  const sender = parsed.from;
  // Never write back to ourselves or to nobody (no loops); one explanation per sender per reason per day.
  if (sender && !isOurs(sender, deps)) {
    const day = deps.clock.now().toISOString().slice(0, 10);
    await sendOnce(
      { kind: 'explanation', sender, topic: `rejection-${reason}`, day },
      { to: [sender], messageId: `<reject.${tag}@${deps.mail.messageIdDomain}>`, headers: { 'In-Reply-To': id }, ...renderRejection(reason, null) },
      deps,
    );
  }
  return { outcome: 'rejected', reason };
}
