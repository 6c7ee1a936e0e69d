import { createHash } from 'node:crypto';
import type { Action, Request, Update } from '#domain/model';
import { parseReply, type ParsedReply } from '#mail/parse-reply';
import { renderConfirmation, type RecordedUpdate } from '#mail/templates/confirmation';
import { renderRejection, type RejectionReason } from '#mail/templates/rejection';
import type { FormAction } from '#mail/templates/update-form';
import { replyAddress, type Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

const INBOUND_LEASE_MS = 5 * 60_000;

export type IngestOutcome =
  | { outcome: 'recorded'; cycleId: string; owner: string; actions: string[]; problems: number }
  | { outcome: 'duplicate' }
  | { outcome: 'auto-reply'; cycleId: string | null }
  | { outcome: 'held'; cycleId: string; from: string | null }
  | { outcome: 'rejected'; reason: RejectionReason };

export interface InboundMail {
  raw: Buffer;
  /** Where the raw mail already is (SES's S3 action); otherwise it is stored first here. */
  rawKey?: string;
}

/** A stable id for a message: its Message-ID, else a hash of its bytes. */
function inboundId(parsed: ParsedReply, raw: Buffer): string {
  return parsed.messageId ?? `<sha256-${createHash('sha256').update(raw).digest('hex').slice(0, 32)}>`;
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
 * Takes one inbound email from raw bytes to a stored update and a reply to its sender.
 * 1. store raw first  2. parse  3. de-duplicate by Message-ID (ledger)  4. auto-replies: note only, never answered
 * 5. find the request by the Reply-To token, else the subject [ref …], and verify its signature and expiry
 * 6. check the sender is the owner (otherwise held, not stored)  7. store each update (history kept)
 * 8. confirm to the owner, reading back what was recorded and naming any problem
 */
export async function ingestReply(mail: InboundMail, deps: Deps): Promise<IngestOutcome> {
  const { store, blobs, clock, logger } = deps;
  const receivedAt = clock.now().toISOString();
  const digest = createHash('sha256').update(mail.raw).digest('hex');
  const rawKey = mail.rawKey ?? `inbound/${receivedAt.slice(0, 10)}/${digest}.eml`;
  if (!mail.rawKey) await blobs.put(rawKey, mail.raw, 'message/rfc822');

  const parsed = await parseReply(mail.raw);
  const id = inboundId(parsed, mail.raw);
  const scope = `INBOUND#${id}`;
  const claim = await store.claim(scope, 'RECEIVED', INBOUND_LEASE_MS);
  if (claim.outcome === 'skip') return { outcome: 'duplicate' };

  try {
    const outcome = await handle(parsed, id, rawKey, receivedAt, deps);
    await store.complete(scope, 'RECEIVED', { rawKey, outcome: outcome.outcome, from: parsed.from });
    logger.info('reply ingested', { messageId: id, rawKey, ...outcome });
    return outcome;
  } catch (e) {
    await store.release(scope, 'RECEIVED');
    throw e;
  }
}

async function handle(parsed: ParsedReply, id: string, rawKey: string, receivedAt: string, deps: Deps): Promise<IngestOutcome> {
  const { store, clock } = deps;
  const request = await findRequest(parsed, deps);

  if (parsed.autoReply) {
    // Never answered (no mail loops); kept as a note on the request for the coordinator.
    if (request) await store.complete(`CYCLE#${request.cycleId}`, `NOTE#${request.ownerKey}#${id}`, { kind: 'auto-reply', rawKey, receivedAt });
    return { outcome: 'auto-reply', cycleId: request?.cycleId ?? null };
  }
  if (!request) return reject('unknown-request', parsed, id, deps);
  if (request.expiresAt < clock.now().toISOString()) return reject('expired', parsed, id, deps);
  const cycle = await store.getCycle(request.cycleId);
  if (!cycle || cycle.state === 'cancelled' || cycle.state === 'closed') return reject('cycle-closed', parsed, id, deps);

  if (parsed.from !== request.email.toLowerCase()) {
    // TODO(issue 6): delegates, and telling the owner and a coordinator.
    await store.complete(`CYCLE#${request.cycleId}`, `HELD#${id}`, { from: parsed.from, ownerKey: request.ownerKey, rawKey });
    return { outcome: 'held', cycleId: request.cycleId, from: parsed.from };
  }

  const plan = await store.getPlan(request.planId);
  const actions = new Map((await store.getActions(request.planId)).map((a) => [a.ref, a]));
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
      from: request.email.toLowerCase(),
      ownerKey: request.ownerKey,
      receivedAt,
      messageId: id,
      rawKey,
    };
    await store.putUpdate(update);
    recorded.push({ ref: u.action, title: actions.get(u.action)?.title ?? '', ...u });
  }
  const answered = new Set((await store.getUpdates(request.cycleId)).map((u) => u.actionRef));
  const problemRefs = new Set(parsed.problems.map((p) => p.action).filter((r): r is string => r !== null));
  const again = request.actionRefs
    .filter((ref) => problemRefs.has(ref) || !answered.has(ref))
    .map((ref) => actions.get(ref))
    .filter((a): a is Action => a !== undefined)
    .map((action) => ({ action }));
  await confirm(request, plan?.name ?? request.planId, cycle.name, recorded, problems, answered, again, id, deps);
  return { outcome: 'recorded', cycleId: request.cycleId, owner: request.ownerKey, actions: recorded.map((r) => r.ref), problems: problems.length };
}

async function confirm(
  request: Request,
  planName: string,
  cycleName: string,
  recorded: RecordedUpdate[],
  problems: string[],
  answered: Set<string>,
  form: FormAction[],
  inboundId: string,
  deps: Deps,
) {
  const content = renderConfirmation({
    ownerName: request.ownerName,
    planName,
    cycleName,
    token: request.token,
    recorded,
    problems,
    outstanding: request.actionRefs.filter((r) => !answered.has(r)),
    form,
  });
  const tag = createHash('sha256').update(inboundId).digest('hex').slice(0, 16);
  await sendOnce(
    { scope: `CYCLE#${request.cycleId}`, name: `SEND#confirmation#${tag}` },
    {
      to: [request.email],
      replyTo: replyAddress(deps.mail, request.token),
      messageId: `<confirm.${tag}@${deps.mail.messageIdDomain}>`,
      headers: { 'In-Reply-To': inboundId, References: inboundId },
      ...content,
    },
    deps,
  );
}

async function reject(reason: RejectionReason, parsed: ParsedReply, id: string, deps: Deps): Promise<IngestOutcome> {
  const { store } = deps;
  const tag = createHash('sha256').update(id).digest('hex').slice(0, 16);
  await store.complete('REJECTED', `${tag}`, { reason, from: parsed.from, messageId: id });
  const sender = parsed.from;
  // Never write back to ourselves or to nobody (no loops).
  if (sender && !sender.endsWith(`@${deps.mail.inboundDomain}`) && !sender.endsWith(`@${deps.mail.messageIdDomain}`)) {
    const day = deps.clock.now().toISOString().slice(0, 10);
    // At most one explanation per sender per reason per day.
    await sendOnce(
      { scope: `SENDER#${sender}`, name: `SEND#rejection#${reason}#${day}` },
      {
        to: [sender],
        messageId: `<reject.${tag}@${deps.mail.messageIdDomain}>`,
        headers: { 'In-Reply-To': id },
        ...renderRejection(reason, null),
      },
      deps,
    );
  }
  return { outcome: 'rejected', reason };
}
