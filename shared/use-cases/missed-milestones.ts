import { cyclePolicy } from '#domain/cycle';
import { planMilestones } from '#domain/milestone-planning';
import type { MilestoneKind } from '#domain/model';
import type { Deps } from './deps.ts';

/** The metric the watchdog publishes and the MilestoneMissed alarm watches (namespace PlanPulse). */
export const MISSED_MILESTONES_METRIC = 'MilestonesMissed';

/** How long after its time a milestone that has not started counts as missed. */
export const MILESTONE_MISSED_AFTER_MS = 30 * 60_000;

export interface MissedMilestone {
  planId: string;
  cycleId: string;
  milestone: MilestoneKind;
  /** When it should have run (ISO instant, Europe/London offset). */
  at: string;
  minutesLate: number;
}

/**
 * Milestones of live cycles (scheduled or open) whose time is more than 30 minutes past and
 * that never started: no run of them in the milestone ledger. That is a schedule that was
 * never made, deleted by hand, or that fired into nothing. A milestone that started late or
 * failed is someone else's alarm (the event age, the errors, the dead-letter queue). Milestones
 * timed before the cycle was created were never scheduled and are not counted.
 * Reads: the plans, each plan's cycles, one ledger query per live cycle with a milestone due.
 */
export async function missedMilestones(deps: Pick<Deps, 'store' | 'clock'>): Promise<MissedMilestone[]> {
  const now = deps.clock.now().getTime();
  const missed: MissedMilestone[] = [];
  for (const plan of await deps.store.listPlans()) {
    for (const cycle of await deps.store.listCycles(plan.id)) {
      if (cycle.state !== 'scheduled' && cycle.state !== 'open') continue;
      const created = Date.parse(cycle.createdAt);
      const due = planMilestones(cycle.dates, cyclePolicy(cycle, plan)).filter((m) => {
        const at = Date.parse(m.at);
        return at > created && at + MILESTONE_MISSED_AFTER_MS < now;
      });
      if (due.length === 0) continue;
      const runs = await deps.store.milestoneRuns(cycle.id);
      for (const m of due) {
        if (runs.has(m.kind)) continue;
        missed.push({ planId: plan.id, cycleId: cycle.id, milestone: m.kind, at: m.at, minutesLate: Math.floor((now - Date.parse(m.at)) / 60_000) });
      }
    }
  }
  return missed;
}
