import { createHash } from 'node:crypto';
import * as z from 'zod';
import { NotFoundError } from '#domain/errors';
import { type Cycle, type Person, type Plan, type PrivacyFinding, type PrivacyReview, TEXT_FIELDS, type Update } from '#domain/model';
import { type CurrentAnswer, currentAnswers } from '#domain/updates';
import { renderPrivacyNotice } from '#mail/templates/privacy-notice';
import { proposeRedaction, type ScanContext, scanText } from '#privacy/detect';
import { Actor, recordDecision } from './audit.ts';
import type { Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

/**
 * The personal-data guard of the public board pack: every current answer of a cycle is read
 * by the detector (shared/privacy, docs/privacy.md); an answer with findings gets a review,
 * which holds the entry back from the board pack until a coordinator publishes the proposed
 * redaction or confirms the text is fine. Internal reports (draft, briefing, final) are never
 * held back; they show the entry with a note that it is checked.
 */

/** Mail providers whose addresses say nothing about the council: never taken for staff domains. */
const PUBLIC_MAIL_DOMAINS = /^(gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|aol|btinternet|sky|virginmedia|talktalk|protonmail)\./i;

/** Who is staff: the plan's people and coordinators, their email domains (public mail providers aside). */
export function scanContextOf(plan: Plan, people: readonly Person[]): ScanContext {
  const addresses = [...people.flatMap((p) => (p.email ? [p.email] : [])), ...plan.coordinators, ...(plan.chairs ?? [])];
  const domains = [...new Set(addresses.map((a) => a.split('@')[1]?.toLowerCase() ?? '').filter((d) => d && !PUBLIC_MAIL_DOMAINS.test(d)))];
  return { people, staffDomains: domains, extraAllowed: [plan.name] };
}

/** The checked text of an answer, as one hash: a review holds for this text and no other. */
export const textHashOf = (answer: Pick<CurrentAnswer, (typeof TEXT_FIELDS)[number]>) =>
  createHash('sha256')
    .update(JSON.stringify(TEXT_FIELDS.map((f) => answer[f] ?? '')))
    .digest('hex');

/** What the detector finds in an answer's fields, and the redaction it proposes for each field with findings. */
export function checkAnswer(answer: CurrentAnswer, context: ScanContext): Pick<PrivacyReview, 'findings' | 'redacted'> {
  const findings: PrivacyFinding[] = [];
  const redacted: PrivacyReview['redacted'] = {};
  for (const field of TEXT_FIELDS) {
    const text = answer[field];
    if (!text) continue;
    const found = scanText(text, context);
    if (found.length === 0) continue;
    findings.push(...found.map((f) => ({ field, kind: f.kind, text: f.text, start: f.start, end: f.end, reason: f.reason })));
    redacted[field] = proposeRedaction(text, found);
  }
  return { findings, redacted };
}

/**
 * Checks every current answer of the cycle and returns the review of each answer with
 * findings, by action ref. A review of the same text is kept as it is (its decision stands);
 * an answer that changed is checked afresh; an answer without findings has no review.
 * One query of the reviews, one write per new review.
 */
export async function reviewPersonalData(
  cycle: Cycle,
  sources: { plan: Plan; people: readonly Person[]; updates: readonly Update[] },
  { store, clock }: Pick<Deps, 'store' | 'clock'>,
): Promise<Map<string, PrivacyReview>> {
  const context = scanContextOf(sources.plan, sources.people);
  const stored = new Map((await store.getPrivacyReviews(cycle.id)).map((r) => [r.actionRef, r]));
  const owners = new Map<string, string>();
  for (const u of [...sources.updates].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) owners.set(u.actionRef, u.ownerKey);
  const current = new Map<string, PrivacyReview>();
  for (const answer of currentAnswers([...sources.updates]).values()) {
    const textHash = textHashOf(answer);
    const kept = stored.get(answer.actionRef);
    if (kept?.textHash === textHash) {
      current.set(answer.actionRef, kept);
      continue;
    }
    const { findings, redacted } = checkAnswer(answer, context);
    if (findings.length === 0) continue;
    const review: PrivacyReview = {
      cycleId: cycle.id,
      actionRef: answer.actionRef,
      ownerKey: owners.get(answer.actionRef) ?? '',
      textHash,
      findings,
      redacted,
      state: 'pending',
      foundAt: clock.now().toISOString(),
      decidedBy: null,
      decidedAt: null,
    };
    await store.putPrivacyReview(review);
    current.set(answer.actionRef, review);
  }
  return current;
}

export const PrivacyDecisionInput = z.object({
  cycleId: z.string().min(1),
  actionRef: z.string().min(1),
  /** The text the coordinator looked at: a decision on text that changed meanwhile is refused. */
  textHash: z.string().regex(/^[0-9a-f]{64}$/, 'the page is out of date; open the check again'),
  decision: z.enum(['redact', 'clear']),
  actor: Actor,
});

/**
 * A coordinator's decision on a pending review: publish the proposed redaction, or the text as
 * written. Recorded once (a second decision is a ConflictError) and in the audit log, without
 * the text.
 */
export async function decidePrivacyReview(input: z.input<typeof PrivacyDecisionInput>, deps: Pick<Deps, 'store' | 'clock'>): Promise<PrivacyReview> {
  const { cycleId, actionRef, textHash, decision, actor } = PrivacyDecisionInput.parse(input);
  const cycle = await deps.store.getCycle(cycleId);
  const review = cycle ? (await deps.store.getPrivacyReviews(cycleId)).find((r) => r.actionRef === actionRef) : undefined;
  if (!cycle || !review) throw new NotFoundError(`cycle ${cycleId} has no personal-data check of action ${actionRef}.`, 'review');
  const at = deps.clock.now().toISOString();
  const state = decision === 'redact' ? 'redacted' : 'cleared';
  await deps.store.decidePrivacyReview(cycleId, actionRef, textHash, { state, decidedBy: actor, decidedAt: at });
  await recordDecision(
    {
      id: `redaction.release#${cycleId}#${actionRef}#${textHash.slice(0, 16)}`,
      at,
      actor,
      action: 'redaction.release',
      planId: cycle.planId,
      cycleId,
      summary:
        decision === 'redact'
          ? `Released action ${actionRef} for the board pack with the proposed redaction`
          : `Released action ${actionRef} for the board pack as written (the text was confirmed fine)`,
    },
    deps,
  );
  return { ...review, state, decidedBy: actor, decidedAt: at };
}

/**
 * Tells each owner whose entry the board pack holds back, once per cycle (send ledger): which
 * actions, what kind of detail, and how to write about a child next time. Kindly: they did the
 * work; the public paper is the problem.
 */
export async function tellOwnersWithheld(
  cycle: Cycle,
  plan: Plan,
  withheld: readonly PrivacyReview[],
  sources: { people: readonly Person[]; updates: readonly Update[] },
  deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>,
): Promise<number> {
  let told = 0;
  const byOwner = new Map<string, PrivacyReview[]>();
  for (const r of withheld) byOwner.set(r.ownerKey, [...(byOwner.get(r.ownerKey) ?? []), r]);
  for (const [ownerKey, reviews] of byOwner) {
    const person = sources.people.find((p) => p.key === ownerKey);
    const latest = [...sources.updates].reverse().find((u) => u.ownerKey === ownerKey);
    const to = person?.email ?? latest?.from ?? null;
    if (!to) continue;
    const content = renderPrivacyNotice({
      ownerName: person?.name ?? ownerKey,
      planName: plan.name,
      cycleName: cycle.name,
      entries: reviews.map((r) => ({ actionRef: r.actionRef, kinds: [...new Set(r.findings.map((f) => f.kind))] })),
    });
    const outcome = await sendOnce(
      { kind: 'privacy-notice', cycleId: cycle.id, ownerKey },
      {
        to: [to],
        messageId: `<privacy-notice.${cycle.id}.${createHash('sha256').update(ownerKey).digest('hex').slice(0, 16)}@${deps.mail.messageIdDomain}>`,
        ...content,
      },
      deps,
    );
    if (outcome === 'sent') told += 1;
  }
  return told;
}
