import { createHash } from 'node:crypto';
import { formatLongDate, londonDate } from '#domain/calendar';
import { isLate, previousCycleOf } from '#domain/cycle';
import { checkEvidence, type EvidenceFlag, rulesOn } from '#domain/evidence';
import { type Action, type Cycle, type Plan, type Request, UPDATE_FIELDS, type Update, type UpdateField } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { readReply, type ParsedReply } from '#mail/parse-reply';
import { readStrayAnswers } from '#mail/stray-answers';
import { renderConfirmation, type RecordedUpdate } from '#mail/templates/confirmation';
import { renderHeldForOwner, renderHeldForSender } from '#mail/templates/held-reply';
import { renderRejection, type RejectionReason } from '#mail/templates/rejection';
import type { FormAction } from '#mail/templates/update-form';
import type { InboundKey, SendKey } from '#ports/store';
import { addressKey, isPlainAddress } from '#domain/addresses';
import { INBOUND_LEASE_MS } from '#domain/delivery-policy';
import { BusyError } from '#domain/errors';
import { FIELD_LABELS } from '#domain/vocabulary';
import { replyAddress, type Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

export type IngestOutcome =
  | { outcome: 'recorded'; cycleId: string; owner: string; actions: string[]; problems: number; late: boolean; flags: number }
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
  /**
   * Whether the receiving service verified the sender (SPF or DKIM passed). False: unverified,
   * so no explanation is sent to that address unless it belongs to a person of the plan.
   * Undefined where nothing checks (locally).
   */
  authenticated?: boolean;
}

/** The free-text fields of an answer (all but the status). */
type TextField = Exclude<UpdateField, 'status'>;
const TEXT_FIELDS = UPDATE_FIELDS.filter((f): f is TextField => f !== 'status');

const hash = (text: string, length = 16) => createHash('sha256').update(text).digest('hex').slice(0, length);

/** Longer Message-IDs than this are replaced by a hash of them: they are never worth keeping, or echoing in headers. */
const MAX_MESSAGE_ID = 512;

/** The most characters of one answer (or note) kept in the item; the whole text goes to the blob store. */
export const MAX_FIELD_CHARS = 8_000;

/** Explanation emails (rejections, problem replies, held notices to strangers) per cycle per hour, at most. */
export const EXPLANATIONS_PER_HOUR = 50;

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
 * 7. store each update with its history (late after the final deadline)
 * 8. check the evidence of the answered actions  9. read back to the owner, with a follow-up question per flag
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
  const arrival = arrivalOf(parsed, read.text, mail, rawKey, receivedAt);
  const claim = await store.claimInbound(arrival.inbound, INBOUND_LEASE_MS);
  if (claim.outcome === 'skip') {
    if (claim.state === 'done') return { outcome: 'duplicate' };
    // Another live run is handling this very message: not done yet, so fail and be retried.
    throw new BusyError(`reply ${arrival.id} is being handled by another run; retry later`);
  }

  try {
    const outcome = await handle(parsed, read.text, read.unreadable, arrival, deps);
    await store.completeInbound(arrival.inbound, { rawKey, outcome: outcome.outcome, from: parsed.from, attachments: read.attachments });
    logger.info('reply ingested', { messageId: arrival.id, rawKey, attachments: read.attachments, ...outcome });
    return outcome;
  } catch (e) {
    await store.releaseInbound(arrival.inbound);
    throw e;
  }
}

/** One inbound message as the rest of ingestion knows it. */
export interface Arrival {
  /** Its Message-ID (a hash of the raw mail when it has none or an absurd one). */
  id: string;
  /**
   * Its identity for once-only handling: the Message-ID and a hash of the sender and the
   * text, so a redelivery is a duplicate but a stranger reusing an owner's Message-ID is not.
   */
  key: string;
  /** The same, for the inbound ledger. */
  inbound: InboundKey;
  rawKey: string;
  receivedAt: string;
  authenticated?: boolean;
}

function arrivalOf(parsed: ParsedReply, text: string, mail: InboundMail, rawKey: string, receivedAt: string): Arrival {
  const id =
    parsed.messageId && parsed.messageId.length <= MAX_MESSAGE_ID
      ? parsed.messageId
      : `<sha256-${createHash('sha256')
          .update(parsed.messageId ?? mail.raw)
          .digest('hex')
          .slice(0, 32)}@planpulse.invalid>`;
  const content = hash(`${parsed.from ?? ''}\n${parsed.subjectRef ?? ''}\n${text}`);
  return { id, key: `${id}#${content}`, inbound: { messageId: id, content }, rawKey, receivedAt, authenticated: mail.authenticated };
}

async function handle(
  parsed: ParsedReply,
  text: string,
  /** Why the message could not be read, or null. */
  unreadable: string | null,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'blobs' | 'signer' | 'clock' | 'mailer' | 'logger' | 'mail'>,
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
        replyKey: arrival.key,
        overflowKey: null,
      });
    }
    return { outcome: 'auto-reply', cycleId: request?.cycleId ?? null };
  }
  if (unreadable) {
    // Kept raw and recorded; its sender (read from the raw headers) is told once, if it may be.
    deps.logger.warn('inbound mail could not be read', { messageId: arrival.id, rawKey: arrival.rawKey, reason: unreadable });
    return reject('unreadable', parsed, arrival, request, deps);
  }
  if (!parsed.from) {
    // No single sender address: nobody to answer or to check against the owner.
    await store.recordRejection({ messageId: arrival.id, reason: 'no-sender', from: null, at: arrival.receivedAt });
    return { outcome: 'ignored', reason: 'no single sender address' };
  }
  if (isOurs(parsed.from, deps)) {
    // Our own mail coming back (a forward loop, a bounce of a bounce): kept, never acted on.
    await store.recordRejection({ messageId: arrival.id, reason: 'own-address', from: parsed.from, at: arrival.receivedAt });
    return { outcome: 'ignored', reason: 'from our own address' };
  }
  if (!request) return reject('unknown-request', parsed, arrival, null, deps);
  if (request.expiresAt < clock.now().toISOString()) return reject('expired', parsed, arrival, request, deps);
  const cycle = await store.getCycle(request.cycleId);
  if (!cycle || cycle.state === 'cancelled') return reject('cycle-closed', parsed, arrival, request, deps);

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
 * 2. keep text outside the form as a note  3. check the evidence of the answered actions
 * 4. read back what was recorded, a follow-up question per flag, and what to send again
 */
export async function record(
  reply: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'blobs' | 'clock' | 'mailer' | 'logger' | 'mail'>,
  onBehalf: string | null,
): Promise<IngestOutcome> {
  const { store } = deps;
  const late = isLate(cycle, arrival.receivedAt);
  // only the owner's actions: what a reply costs does not grow with the plan
  const actions = new Map((await store.getActionsByRef(request.planId, request.actionRefs)).map((a) => [a.ref, a]));
  const parsed = withStrayAnswers(reply, request, actions);
  const { recorded, problems } = await storeAnswers(parsed, request, arrival, { late, onBehalf, actions }, deps);
  if (parsed.note) {
    const note = await fitted(parsed.note, arrival, 'note', deps);
    if (note.overflowKey) problems.push(tooLong('Your note', parsed.note.length));
    await store.putNote({
      cycleId: request.cycleId,
      ownerKey: request.ownerKey,
      kind: 'note',
      text: note.text,
      from: parsed.from,
      receivedAt: arrival.receivedAt,
      messageId: arrival.id,
      replyKey: arrival.key,
      overflowKey: note.overflowKey,
    });
  }
  const flags = await readBack(parsed, request, cycle, arrival, { recorded, problems, late, onBehalf, actions }, deps);
  if (recorded.length === 0) return { outcome: 'noted', cycleId: request.cycleId, owner: request.ownerKey };
  return {
    outcome: 'recorded',
    cycleId: request.cycleId,
    owner: request.ownerKey,
    actions: recorded.map((r) => r.ref),
    problems: problems.length,
    late,
    flags,
  };
}

/**
 * Answers typed outside any block (a deleted marker) are matched to the request's action
 * whose ref or title was kept above them; ones that cannot be placed become a problem. An
 * action answered in its block keeps that answer.
 */
function withStrayAnswers(parsed: ParsedReply, request: Request, actions: Map<string, Action>): ParsedReply {
  const stray = readStrayAnswers(
    parsed.note,
    request.actionRefs.map((ref) => ({ ref, title: actions.get(ref)?.title ?? '' })),
  );
  if (stray.updates.length === 0 && stray.problems.length === 0) return parsed;
  const inBlocks = new Set(parsed.updates.map((u) => u.action));
  return {
    ...parsed,
    updates: [...parsed.updates, ...stray.updates.filter((u) => !inBlocks.has(u.action))],
    problems: [...parsed.problems, ...stray.problems],
    note: stray.note,
  };
}

interface Recording {
  late: boolean;
  onBehalf: string | null;
  actions: Map<string, Action>;
}

/** What a value becomes when stored: itself, or its first MAX_FIELD_CHARS with the whole kept in the blob store. */
async function fitted(value: string, arrival: Arrival, name: string, { blobs }: Pick<Deps, 'blobs'>): Promise<{ text: string; overflowKey: string | null }> {
  if (value.length <= MAX_FIELD_CHARS) return { text: value, overflowKey: null };
  const overflowKey = `inbound/overflow/${hash(arrival.key, 32)}/${name}.txt`;
  await blobs.put(overflowKey, value, 'text/plain; charset=utf-8');
  return { text: `${value.slice(0, MAX_FIELD_CHARS)} […]`, overflowKey };
}

const tooLong = (what: string, length: number) =>
  `${what} was ${length.toLocaleString('en-GB')} characters long, more than a report can show. We kept all of it with your reply, and the report shows the first ${MAX_FIELD_CHARS.toLocaleString('en-GB')} characters. A shorter answer, with the detail in an attachment or a link, reads better.`;

/** Stores one update per answered action of the request (history kept); answers about other actions become problems. */
async function storeAnswers(
  parsed: ParsedReply,
  request: Request,
  arrival: Arrival,
  { late, onBehalf, actions }: Recording,
  deps: Pick<Deps, 'store' | 'blobs'>,
): Promise<{ recorded: RecordedUpdate[]; problems: string[] }> {
  const problems = parsed.problems.map((p) => (p.action ? `Action ${p.action}: ${p.message}` : p.message));
  const recorded: RecordedUpdate[] = [];
  for (const u of parsed.updates) {
    if (!request.actionRefs.includes(u.action)) {
      problems.push(`Action ${u.action} is not one of the actions we asked you about, so it was not recorded.`);
      continue;
    }
    const values = Object.fromEntries(TEXT_FIELDS.map((f) => [f, u[f]])) as Record<TextField, string | null>;
    const overflow: Record<string, string> = {};
    for (const field of TEXT_FIELDS) {
      const value = values[field];
      if (value === null) continue;
      const kept = await fitted(value, arrival, `${u.action}-${field}`, deps);
      values[field] = kept.text;
      if (kept.overflowKey) {
        overflow[field] = kept.overflowKey;
        problems.push(tooLong(`Your ${FIELD_LABELS[field].toLowerCase()} for action ${u.action}`, value.length));
      }
    }
    const update: Update = {
      cycleId: request.cycleId,
      actionRef: u.action,
      status: u.status,
      ...values,
      from: onBehalf ?? request.email.toLowerCase(),
      ownerKey: request.ownerKey,
      receivedAt: arrival.receivedAt,
      messageId: arrival.id,
      rawKey: arrival.rawKey,
      late,
      onBehalfOf: onBehalf ? request.email.toLowerCase() : null,
      replyKey: arrival.key,
      overflow,
    };
    await deps.store.putUpdate(update);
    recorded.push({ ref: u.action, title: actions.get(u.action)?.title ?? '', ...u, ...values });
  }
  return { recorded, problems };
}

/**
 * The evidence flags of the actions a reply answered, by ref: each action's current answer in
 * this cycle (`updates`: this reply's and the earlier ones) checked against the plan's rules,
 * with the previous cycle's answer for the "repeated" rule, read for just those actions (a
 * query each, and one for the plan's cycles), so a reply costs the same whatever the plan's
 * size. Nothing is read when the plan has the rule off.
 */
async function evidenceFlags(
  refs: readonly string[],
  updates: Update[],
  plan: Plan | null,
  cycle: Cycle,
  actions: Map<string, Action>,
  { store, clock }: Pick<Deps, 'store' | 'clock'>,
): Promise<Map<string, EvidenceFlag[]>> {
  const on = rulesOn(plan?.evidenceRules);
  if (refs.length === 0 || on.size === 0) return new Map();
  const previous = on.has('repeated') ? previousCycleOf(cycle, await store.listCycles(cycle.planId)) : null;
  const lastAnswers = previous ? currentAnswers(await store.getUpdatesFor(previous.id, refs)) : new Map();
  const answers = currentAnswers(updates);
  const today = londonDate(clock.now());
  const flags = new Map<string, EvidenceFlag[]>();
  for (const ref of refs) {
    const action = actions.get(ref);
    const answer = answers.get(ref);
    if (!action || !answer) continue;
    const last = previous ? lastAnswers.get(ref) : undefined;
    const found = checkEvidence({
      action,
      answer,
      previous: previous && last ? { cycleName: previous.name, answer: last } : null,
      today,
      rules: plan?.evidenceRules,
    });
    if (found.length > 0) flags.set(ref, found);
  }
  return flags;
}

/**
 * The confirmation: what was recorded with a follow-up question per evidence flag, the
 * problems, and the blocks to answer again (those with problems, with questions, or still
 * unanswered). A reply with answers always gets its read-back; one with nothing to record is
 * a problem reply: at most one per sender per day, so a loop of empty replies stays one
 * email. Our own addresses are never answered. Resolves with the number of flags.
 */
async function readBack(
  parsed: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  { recorded: stored, problems, late, onBehalf, actions }: Recording & { recorded: RecordedUpdate[]; problems: string[] },
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<number> {
  if (isOurs(parsed.from, deps)) return 0;
  const { store } = deps;
  const plan = await store.getPlan(request.planId);
  // One read per action of the request gives what is answered and, for the evidence checks, the current answers.
  const updates = await store.getUpdatesFor(request.cycleId, request.actionRefs);
  const answered = new Set(updates.map((u) => u.actionRef));
  const flags = await evidenceFlags(
    stored.map((r) => r.ref),
    updates,
    plan,
    cycle,
    actions,
    deps,
  );
  const recorded = stored.map((r) => (flags.has(r.ref) ? { ...r, questions: flags.get(r.ref)!.map((f) => f.question) } : r));
  for (const r of recorded) answered.add(r.ref);
  const problemRefs = new Set(parsed.problems.map((p) => p.action).filter((r): r is string => r !== null));
  const again: FormAction[] = request.actionRefs
    .filter((ref) => problemRefs.has(ref) || flags.has(ref) || !answered.has(ref))
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
  const tag = hash(arrival.key);
  const key: SendKey =
    recorded.length > 0
      ? { kind: 'confirmation', cycleId: request.cycleId, reply: tag }
      : { kind: 'explanation', sender: addressKey(parsed.from ?? request.email), topic: 'no-answers', day: arrival.receivedAt.slice(0, 10) };
  // A read-back of recorded answers always goes; a problem reply counts against the cycle's hourly cap.
  if (recorded.length === 0 && !(await withinCap(request.cycleId, deps))) return 0;
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
  return [...flags.values()].reduce((n, f) => n + f.length, 0);
}

/** Takes one explanation from the cycle's hourly allowance (false: spent, send nothing; logged). */
async function withinCap(cycleId: string | null, { store, clock, logger }: Pick<Deps, 'store' | 'clock' | 'logger'>): Promise<boolean> {
  const hour = clock.now().toISOString().slice(0, 13);
  if (await store.takeAllowance({ kind: 'explanations', cycleId, hour }, EXPLANATIONS_PER_HOUR)) return true;
  logger.warn("explanation not sent: this hour's cap for the cycle is spent", { cycleId, hour, cap: EXPLANATIONS_PER_HOUR });
  return false;
}

/**
 * Whether an explanation may go to this sender: never to our own addresses or to nobody;
 * to a person of the plan (owner or delegate) always; to anyone else only when the
 * receiving service verified the address (a forged From gets nothing).
 */
async function mayExplainTo(sender: string | null, arrival: Arrival, request: Request | null, deps: Pick<Deps, 'store' | 'mail'>): Promise<boolean> {
  if (!sender || isOurs(sender, deps) || !isPlainAddress(sender)) return false;
  if (arrival.authenticated !== false) return true;
  if (!request) return false;
  if (addressKey(sender) === addressKey(request.email)) return true;
  return (await deps.store.getDelegates(request.planId)).some((d) => addressKey(d.email) === addressKey(sender));
}

/**
 * A reply from neither the owner nor a delegate: kept for a coordinator. Its sender is told
 * once (if verified, within the cycle's cap); the owner hears at most once a day, however
 * many such replies arrive.
 */
async function hold(
  parsed: ParsedReply,
  request: Request,
  cycle: Cycle,
  arrival: Arrival,
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  const heldId = hash(arrival.key, 12);
  await deps.store.putHeld({
    cycleId: request.cycleId,
    heldId,
    ownerKey: request.ownerKey,
    from: parsed.from,
    messageId: arrival.id,
    rawKey: arrival.rawKey,
    receivedAt: arrival.receivedAt,
    replyKey: arrival.key,
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
  const sender = parsed.from;
  if (sender && (await mayExplainTo(sender, arrival, null, deps)) && (await withinCap(request.cycleId, deps))) {
    await sendOnce(
      { kind: 'held-notice', cycleId: request.cycleId, to: 'sender', ownerKey: request.ownerKey, sender: addressKey(sender) },
      { to: [sender], messageId: `<held.${heldId}@${deps.mail.messageIdDomain}>`, headers: { 'In-Reply-To': arrival.id }, ...renderHeldForSender(model) },
      deps,
    );
  }
  await sendOnce(
    { kind: 'held-notice', cycleId: request.cycleId, to: 'owner', ownerKey: request.ownerKey, day: arrival.receivedAt.slice(0, 10) },
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

/**
 * A reply we cannot act on: recorded, and its sender told why, at most once per address per
 * reason per day, within the cycle's hourly cap, and only to an address that may be told.
 */
async function reject(
  reason: RejectionReason,
  parsed: ParsedReply,
  arrival: Arrival,
  request: Request | null,
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<IngestOutcome> {
  await deps.store.recordRejection({ messageId: arrival.id, reason, from: parsed.from, at: deps.clock.now().toISOString() });
  const sender = parsed.from;
  if (sender && (await mayExplainTo(sender, arrival, request, deps)) && (await withinCap(request?.cycleId ?? null, deps))) {
    const day = deps.clock.now().toISOString().slice(0, 10);
    await sendOnce(
      { kind: 'explanation', sender: addressKey(sender), topic: `rejection-${reason}`, day },
      {
        to: [sender],
        messageId: `<reject.${hash(arrival.key)}@${deps.mail.messageIdDomain}>`,
        headers: { 'In-Reply-To': arrival.id },
        ...renderRejection(reason, null),
      },
      deps,
    );
  }
  return { outcome: 'rejected', reason };
}
