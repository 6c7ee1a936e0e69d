import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressOf } from '#adapters/local/ses-local-inbox';
import { RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import { addWorkingDays } from '#domain/working-days';
import type { Mailer } from '#ports/mailer';
import type { Deps } from '#use-cases/deps';
import { importPlan } from '#use-cases/import-plan';
import { STOP_MARGIN_MS } from '#domain/delivery-policy';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { givenALocalStack, sent, type TestStack } from '#support/given';

const OWNERS = 1000;
let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack();
});
afterAll(() => stack.stop());

/** SES that says "slow down" on every 97th call, as a busy account does. */
function throttlingEvery(n: number, inner: Mailer): Mailer & { throttled: number; sent: number } {
  let calls = 0;
  const mailer = {
    throttled: 0,
    sent: 0,
    async send(email: Parameters<Mailer['send']>[0]) {
      calls += 1;
      if (calls % n === 0) {
        mailer.throttled += 1;
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
      }
      const result = await inner.send(email);
      mailer.sent += 1;
      return result;
    },
  };
  return mailer;
}

describe('a fan-out to 1,000 owners', () => {
  it('reaches every owner exactly once across runs cut short by the Lambda timeout, through throttling', async () => {
    // Prepare: 1,000 owners, one action each, and a few actions shared by two owners.
    const people = ['Initials,Name,Email', ...Array.from({ length: OWNERS }, (_, i) => `P${i},Owner ${i},owner${i}@council.example.org`)].join('\n');
    const rows = Array.from({ length: OWNERS }, (_, i) => `${i + 1},Action ${i + 1},P${i}${i % 100 === 0 ? `/P${i + 1}` : ''}`);
    await importPlan(
      {
        planId: 'big-plan',
        plan: { fileName: 'plan.csv', content: Buffer.from(['Ref,Action,Lead', ...rows].join('\n')) },
        people: { fileName: 'people.csv', content: Buffer.from(people) },
        coordinators: ['cpb.support@council.example.org'],
      },
      stack.deps,
    );
    const draft = addWorkingDays(stack.clock.now().toISOString().slice(0, 10), 20);
    const { cycle } = await createCycle({ planId: 'big-plan', name: 'Big', dates: { draft, briefing: draft, final: draft, board: draft } }, stack.deps);
    const flaky = throttlingEvery(97, stack.deps.mailer);
    const deps: Deps = {
      ...stack.deps,
      mailer: new RateLimitedMailer(flaky, { perSecond: 5000, clock: stack.clock, sleep: async () => {}, random: () => 0 }),
    };

    // Act: each run has time for about 300 sends, then continues.
    const outcomes: string[] = [];
    for (let run = 0; run < 10; run++) {
      const start = flaky.sent;
      const remainingMs = () => (flaky.sent - start >= 300 ? STOP_MARGIN_MS - 1 : 15 * 60_000);
      const result = await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, deps, { remainingMs });
      outcomes.push(result.outcome);
      if (result.outcome !== 'continued') break;
    }

    // Assess
    const recipients = (await sent(stack)).filter((e) => e.subject.startsWith('Update request')).map((e) => addressOf(e.destination.to[0]!));
    expect(outcomes).toEqual(['continued', 'continued', 'continued', 'done']);
    expect(recipients).toHaveLength(OWNERS);
    expect(new Set(recipients).size).toBe(OWNERS);
    expect(flaky.throttled).toBeGreaterThan(5);
    expect((await stack.scheduler.pending()).filter((p) => p.name.endsWith('.continue'))).toHaveLength(1);
  });
});
