import { readFileSync } from 'node:fs';
import { createTransport } from 'nodemailer';
import { addressOf, clearSentEmails, sentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import { addWorkingDays } from '#domain/working-days';
import type { Cycle, Request } from '#domain/model';
import { composeReply, gmailInlineReply, type ScriptedAnswer } from '#local/scripted-replies';
import { startLocalStack, type LocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import { importPlan } from '#use-cases/import-plan';
import { createCycle } from '#use-cases/set-cycle-dates';
import { runMilestone } from '#use-cases/run-milestone';

export const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url);
export const sharedFixture = (path: string) => new URL(`../../../shared/fixtures/${path}`, import.meta.url);

export interface TestStack extends LocalStack {
  clock: VirtualClock;
}

/** A private embedded stack (in-memory dynalite, local SES, SMTP) on a clock that only moves when told. */
export async function givenALocalStack(start = new Date('2026-04-20T08:00:00Z')): Promise<TestStack> {
  const clock = new VirtualClock(start, 0);
  const stack = await startLocalStack({ dataDir: null, clock, logger: silentLogger, smtpPort: 0, sesRatePerSecond: 1000 });
  await clearSentEmails(stack.endpoints.ses);
  return { ...stack, clock };
}

export const PLAN_ID = 'nottingham-2011';
export const COORDINATOR = 'cpb.support@nottingham.example.org';

/** The Nottingham 2011 plan with its people. */
export async function givenThePlan(stack: TestStack) {
  return importPlan(
    {
      planId: PLAN_ID,
      name: 'Corporate Parenting Promise Action Plan',
      plan: { fileName: 'plan.csv', content: readFileSync(fixture('plans/nottingham-promise-2011.csv')) },
      people: { fileName: 'people.csv', content: readFileSync(fixture('plans/nottingham-promise-2011.people.csv')) },
      coordinators: [COORDINATOR],
    },
    stack.deps,
  );
}

/** A private stack with the Nottingham 2011 plan loaded, on a clock standing at `start`. */
export async function givenAStackWithThePlan(start: Date): Promise<TestStack> {
  const stack = await givenALocalStack(start);
  await givenThePlan(stack);
  return stack;
}

/**
 * A cycle whose draft deadline is 20 working days after the clock's today. Tests run many
 * such cycles of one plan side by side, so overlapping is allowed explicitly.
 */
export async function givenACycle(stack: TestStack): Promise<Cycle> {
  const today = stack.clock.now().toISOString().slice(0, 10);
  const draft = addWorkingDays(today, 20);
  const briefing = addWorkingDays(draft, 5);
  const final = addWorkingDays(briefing, 5);
  const board = addWorkingDays(final, 5);
  const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Q1 2026/27', dates: { draft, briefing, final, board }, allowOverlap: true }, stack.deps);
  return cycle;
}

export const emailsTo = (emails: StoredEmail[], address: string) => emails.filter((e) => e.destination.to.some((t) => addressOf(t) === address));

export async function sent(stack: TestStack): Promise<StoredEmail[]> {
  return sentEmails(stack.endpoints.ses);
}

/** The owner answers their request inline, Gmail style; the raw reply. */
export async function replyTo(request: StoredEmail, answers: Record<string, ScriptedAnswer>, messageId: string): Promise<Buffer> {
  return composeReply(request, gmailInlineReply(request, answers), { messageId });
}

/** Delivers a raw message to the stack's SMTP server, as a mail server would. */
export async function deliverOverSmtp(stack: TestStack, raw: Buffer, to: string, from = 'someone@example.org'): Promise<void> {
  await createTransport({ host: '127.0.0.1', port: stack.endpoints.smtpPort!, secure: false, ignoreTLS: true }).sendMail({
    envelope: { from, to: [to] },
    raw,
  });
}

/**
 * A stack with the plan and a cycle whose update requests went out, and the requests of the
 * owners whose first action is theirs alone (so each test's answers are its own).
 */
export async function givenRequestsSent(start = new Date('2026-04-20T08:00:00Z')) {
  const stack = await givenAStackWithThePlan(start);
  const cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  const all = await stack.deps.store.getRequests(cycle.id);
  const requests: Request[] = all.filter((r) => r.actionRefs.length > 0 && all.filter((o) => o.actionRefs.includes(r.actionRefs[0]!)).length === 1);
  return { stack, cycle, requests, emails: await sent(stack) };
}
