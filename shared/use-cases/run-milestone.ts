import { BusyError } from '#domain/errors';
import { CONTINUE_AFTER_MS, MILESTONE_LEASE_MS, STOP_MARGIN_MS } from '#domain/delivery-policy';
import { MilestoneEvent, milestoneType, type Cycle, type MilestoneKind, type MilestoneType, type Plan, type ReportStage } from '#domain/model';
import { deliverReport } from './compile-report.ts';
import type { Deps } from './deps.ts';
import { sendUpdateRequests } from './send-update-requests.ts';
import { escalate } from './escalate.ts';
import { scheduleName } from '#domain/milestones';
import { londonIso } from '#domain/calendar';

export type MilestoneOutcome =
  | { outcome: 'done'; detail: Record<string, unknown> }
  | { outcome: 'continued'; detail: Record<string, unknown> }
  | { outcome: 'ignored'; reason: string };

const REPORT_STAGE: Partial<Record<MilestoneType, ReportStage>> = {
  draft: 'draft',
  'chairs-briefing': 'chairs-briefing',
  final: 'final',
  board: 'board',
};

/**
 * Runs one milestone of a cycle, once, however often the event is delivered.
 * 1. validate the event  2. load the cycle; ignore a cancelled cycle or an event of an older version
 * 3. claim the milestone in the ledger (a conditional write; a duplicate or parallel delivery stops here)
 * 4. act: requests-open → forms to owners; reminder-N → owners still missing; escalation →
 *    outcome owners and coordinators told who is missing; draft, chair's
 *    briefing, final → compile and email the report; board → board pack and close the cycle
 * 5. mark the milestone done
 */
export interface RunOptions {
  /** Milliseconds this run may still use (the Lambda's remaining time); unlimited when absent. */
  remainingMs?: () => number;
}

export async function runMilestone(
  rawEvent: unknown,
  deps: Pick<Deps, 'store' | 'blobs' | 'signer' | 'scheduler' | 'clock' | 'mailer' | 'logger' | 'mail'>,
  options: RunOptions = {},
): Promise<MilestoneOutcome> {
  const event = MilestoneEvent.parse(rawEvent);
  const { store, logger } = deps;
  const cycle = await store.getCycle(event.cycleId);
  if (!cycle) return { outcome: 'ignored', reason: `cycle ${event.cycleId} does not exist` };
  if (cycle.state === 'cancelled') return { outcome: 'ignored', reason: 'cycle cancelled' };
  if (event.version !== cycle.version) {
    return { outcome: 'ignored', reason: `event for version ${event.version}, cycle is at ${cycle.version}` };
  }
  const plan = await store.getPlan(cycle.planId);
  if (!plan) return { outcome: 'ignored', reason: `plan ${cycle.planId} does not exist` };

  const claim = await store.claimMilestone(cycle.id, event.milestone, MILESTONE_LEASE_MS);
  if (claim.outcome === 'skip') {
    if (claim.state === 'done') return { outcome: 'ignored', reason: 'milestone already done' };
    // Held by a live run: not done yet. Fail, so the retry comes after that run finished or died.
    throw new BusyError(`milestone ${event.milestone} of ${cycle.id} is being run by another worker; retry later`);
  }

  const shouldStop = () => (options.remainingMs ? options.remainingMs() < STOP_MARGIN_MS : false);
  let detail: Record<string, unknown>;
  try {
    detail = await act(event.milestone, cycle, plan, deps, shouldStop);
  } catch (e) {
    // Free the milestone so the scheduler's retry runs it; the per-email ledger keeps sends once.
    await store.releaseMilestone(cycle.id, event.milestone);
    throw e;
  }
  if (detail.complete === false) {
    // A fan-out too big for one run: free the milestone and have the same event delivered
    // again shortly; the next run skips everyone already emailed (dispatch ledger).
    await store.releaseMilestone(cycle.id, event.milestone);
    const at = londonIso(new Date(deps.clock.now().getTime() + CONTINUE_AFTER_MS));
    await deps.scheduler.upsert([{ name: `${scheduleName(cycle.id, event.milestone)}.continue`, at, event }]);
    logger.info('milestone continues in a later run', { cycleId: cycle.id, milestone: event.milestone, at, ...detail });
    return { outcome: 'continued', detail };
  }
  await store.completeMilestone(cycle.id, event.milestone, detail);
  logger.info('milestone done', { cycleId: cycle.id, milestone: event.milestone, ...detail });
  return { outcome: 'done', detail };
}

async function act(
  kind: MilestoneKind,
  cycle: Cycle,
  plan: Plan,
  deps: Pick<Deps, 'store' | 'blobs' | 'signer' | 'clock' | 'mailer' | 'logger' | 'mail'>,
  shouldStop: () => boolean,
): Promise<Record<string, unknown>> {
  const type = milestoneType(kind);
  switch (type) {
    case 'requests-open': {
      if (cycle.state === 'scheduled') await deps.store.setCycleState(cycle.id, 'open');
      return sendUpdateRequests(kind, cycle, plan, deps, shouldStop);
    }
    case 'reminder':
      return sendUpdateRequests(kind, cycle, plan, deps, shouldStop);
    case 'escalation':
      return escalate(cycle, plan, deps);
    case 'board': {
      const detail = await deliverReport(cycle, plan, 'board', deps);
      await deps.store.setCycleState(cycle.id, 'closed');
      return detail;
    }
    default: {
      const stage = REPORT_STAGE[type];
      if (!stage) throw new Error(`no action for milestone ${kind}`);
      return deliverReport(cycle, plan, stage, deps);
    }
  }
}
