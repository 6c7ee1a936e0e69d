/**
 * Ingestion of one reply: the DynamoDB (and SES, S3) requests it makes, counted by the SDK
 * middleware, for the same owner's reply in a 40-action and a 2,000-action plan. The target:
 * the count does not grow with the plan (it grows with the owner's answers: one write each).
 * Run: npx tsx bench/ingest.bench.ts
 */
import { RequestCounter } from '#adapters/request-counter';
import { clearSentEmails, sentEmails } from '#adapters/local/ses-local-inbox';
import { composeReply, gmailInlineReply } from '#local/scripted-replies';
import { startLocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { emit, quick } from './emit.ts';
import { syntheticPlan } from './synthetic.ts';

/** Requests of one owner's reply answering all 5 of their actions, in a plan of `actions` actions. */
async function oneReply(actions: number): Promise<{ actions: number; requests: Record<string, number>; dynamodb: number; ms: number }> {
  const counter = new RequestCounter();
  const clock = new VirtualClock(new Date('2026-11-02T09:00:00Z'), 0);
  const stack = await startLocalStack({ dataDir: null, clock, logger: silentLogger, smtpPort: null, sesRatePerSecond: 1000, serveReports: false, counter });
  try {
    // 5 actions per owner, whatever the plan's size
    const { plan, people, actions: list } = syntheticPlan('ingest', actions / 5, actions);
    await stack.deps.store.savePlan(plan, people, list);
    const { cycle } = await createCycle(
      { planId: plan.id, name: 'Bench', dates: { draft: '2027-01-12', briefing: '2027-01-19', final: '2027-01-26', board: '2027-02-08' } },
      stack.deps,
    );
    clock.advanceTo(new Date(`${cycle.dates.opens}T10:00:00Z`));
    // the local SES keeps one store per process: only this stack's emails
    await clearSentEmails(stack.endpoints.ses);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);
    const form = (await sentEmails(stack.endpoints.ses)).find((e) => e.destination.to.some((t) => t.includes('officer.0@')))!;
    const refs = [...(form.body.text ?? '').matchAll(/^---- Action (\S+) ----$/gm)].map((m) => m[1]!);
    const answers = Object.fromEntries(refs.map((ref) => [ref, { status: 'On track', evidence: `Figures for ${ref}: 93% against a target of 95%.` }]));
    const raw = await composeReply(form, gmailInlineReply(form, answers), { messageId: '<bench-ingest@mail.example.org>' });
    counter.reset();
    const started = performance.now();
    const outcome = await ingestReply({ raw }, stack.deps);
    const ms = performance.now() - started;
    if (outcome.outcome !== 'recorded') throw new Error(`the bench reply was not recorded: ${JSON.stringify(outcome)}`);
    return { actions, requests: counter.snapshot(), dynamodb: counter.total('DynamoDB'), ms: Math.round(ms) };
  } finally {
    await stack.stop();
  }
}

const small = await oneReply(40);
const large = await oneReply(quick ? 400 : 2_000);
for (const r of [small, large]) {
  console.log(`one reply (5 answers), plan of ${r.actions} actions: ${r.dynamodb} DynamoDB requests, ${r.ms} ms; ${JSON.stringify(r.requests)}`);
}
const ratio = large.dynamodb / small.dynamodb;
console.log(`DynamoDB requests, ${large.actions} over ${small.actions} actions: x${ratio.toFixed(2)} (target: x1, they do not grow with the plan)`);
emit({ replies: [small, large], ratio, met: ratio <= 1 });
