import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { planMilestones } from '#domain/milestone-planning';
import { MILESTONE_MISSED_AFTER_MS, missedMilestones } from '#use-cases/missed-milestones';
import { runMilestone } from '#use-cases/run-milestone';
import { cancelCycle } from '#use-cases/set-cycle-dates';
import { givenACycle, givenAStackWithThePlan, type TestStack } from '#support/given';

// The watchdog's count (functions/watchdog) against dynalite: the local scheduler is not
// started, so a milestone runs only when the test runs it, as if its schedule were missing.
let stack: TestStack;
let cycle: Cycle;
let opens: string;
let opensAt: number;
beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  cycle = await givenACycle(stack);
  opens = planMilestones(cycle.dates).find((m) => m.kind === 'requests-open')!.at;
  opensAt = Date.parse(opens);
});
afterAll(() => stack.stop());

const at = (ms: number) => stack.clock.advanceTo(new Date(ms));

describe('milestones that never ran', () => {
  it('are none before any milestone is due', async () => {
    expect(await missedMilestones(stack.deps)).toEqual([]);
  });

  it('are none within 30 minutes of the milestone’s time', async () => {
    at(opensAt + MILESTONE_MISSED_AFTER_MS);

    expect(await missedMilestones(stack.deps)).toEqual([]);
  });

  it('name the cycle and milestone once 30 minutes have passed without a run', async () => {
    at(opensAt + MILESTONE_MISSED_AFTER_MS + 60_000);

    expect(await missedMilestones(stack.deps)).toEqual([{ planId: cycle.planId, cycleId: cycle.id, milestone: 'requests-open', at: opens, minutesLate: 31 }]);
  });

  it('are none again once the milestone has run, however late', async () => {
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);

    expect(await missedMilestones(stack.deps)).toEqual([]);
  });

  it('leave a cancelled cycle out', async () => {
    const other = await givenACycle(stack);
    const otherOpens = Date.parse(planMilestones(other.dates).find((m) => m.kind === 'requests-open')!.at);
    at(otherOpens + 2 * MILESTONE_MISSED_AFTER_MS);
    const ofOther = async () => (await missedMilestones(stack.deps)).filter((m) => m.cycleId === other.id).map((m) => m.milestone);
    expect(await ofOther()).toEqual(['requests-open']);

    await cancelCycle({ cycleId: other.id }, stack.deps);

    expect(await ofOther()).toEqual([]);
  });
});
