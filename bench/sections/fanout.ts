/**
 * Fan-out: the requests-open milestone against the embedded stack (dynalite, local SES), at
 * a configured SES rate. Figure: achieved sends per second over the configured rate, and
 * what the local SES received: every owner once (0 duplicates, 0 omissions). Two cycles'
 * milestones run at once through one process's mailer must stay within the rate together.
 */
import { addressOf, clearSentEmails, sentEmails } from '#adapters/local/ses-local-inbox';
import { VirtualClock } from '#local/virtual-clock';
import { startLocalStack } from '#local/stack';
import { silentLogger } from '#ports/logger';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { syntheticPlan } from '../synthetic.ts';

export interface FanOutFigure {
  owners: number;
  /** Cycles whose requests-open ran at the same time (their owners added up in `owners`). */
  cycles: number;
  configuredPerSecond: number;
  achievedPerSecond: number;
  /** achieved / configured: the target is at least 0.95 (and at most about 1: the rate is SES's). */
  ratio: number;
  seconds: number;
  duplicates: number;
  omissions: number;
}

export async function fanOut(owners: number, perSecond: number, cycles = 1): Promise<FanOutFigure> {
  const clock = new VirtualClock(new Date('2026-11-02T09:00:00Z'), 0);
  const stack = await startLocalStack({ dataDir: null, clock, logger: silentLogger, smtpPort: null, sesRatePerSecond: perSecond, serveReports: false });
  try {
    const events = [];
    for (let c = 0; c < cycles; c++) {
      const { plan, people, actions } = syntheticPlan(`fan-out-${c}`, Math.ceil(owners / cycles), Math.ceil(owners / cycles));
      // the same people in each plan would be asked once per cycle: give each plan its own
      const own = people.map((p) => ({ ...p, email: p.email!.replace('@', `.c${c}@`) }));
      await stack.deps.store.savePlan(plan, own, actions);
      const { cycle } = await createCycle(
        { planId: plan.id, name: `Bench ${c}`, dates: { draft: '2027-01-12', briefing: '2027-01-19', final: '2027-01-26', board: '2027-02-08' } },
        stack.deps,
      );
      events.push({ cycleId: cycle.id, milestone: 'requests-open' as const, version: cycle.version });
    }
    await clearSentEmails(stack.endpoints.ses);
    const started = performance.now();
    await Promise.all(events.map((event) => runMilestone(event, stack.deps)));
    const seconds = (performance.now() - started) / 1000;
    const sent = await sentEmails(stack.endpoints.ses);
    const perOwner = new Map<string, number>();
    for (const email of sent) for (const to of email.destination.to) perOwner.set(addressOf(to), (perOwner.get(addressOf(to)) ?? 0) + 1);
    const total = Math.ceil(owners / cycles) * cycles;
    const achieved = sent.length / seconds;
    return {
      owners: total,
      cycles,
      configuredPerSecond: perSecond,
      achievedPerSecond: Math.round(achieved * 10) / 10,
      ratio: Math.round((achieved / perSecond) * 1000) / 1000,
      seconds: Math.round(seconds * 10) / 10,
      duplicates: [...perOwner.values()].reduce((n, count) => n + count - 1, 0),
      omissions: total - perOwner.size,
    };
  } finally {
    await stack.stop();
  }
}
