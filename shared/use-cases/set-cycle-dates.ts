import * as z from 'zod';
import { formatLongDate, londonDate } from '#domain/calendar';
import {
  changedDates,
  checkCancellable,
  checkDateOrder,
  checkNotPast,
  checkOverlap,
  checkRevisable,
  CYCLE_DATES,
  cycleIdFor,
  cyclePolicy,
  type MilestoneState,
  milestoneStates,
  planPolicy,
} from '#domain/cycle';
import { NotFoundError } from '#domain/errors';
import { defaultOpens, planMilestones } from '#domain/milestone-planning';
import { scheduleName } from '#domain/milestones';
import { IsoDate, Slug, type Cycle, type CycleDates, type Milestone, type Plan } from '#domain/model';
import { renderCycleCancelled, renderDatesChanged } from '#mail/templates/cycle-notices';
import type { ScheduledMilestone } from '#ports/scheduler';
import { Actor, recordDecision } from './audit.ts';
import { replyAddress, type Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

/** One use case behind three doors (CLI, HTTP API, schedule file): setting a cycle's dates. */

const Dates = z.object({ opens: IsoDate.optional(), draft: IsoDate, briefing: IsoDate, final: IsoDate, board: IsoDate });
const Name = z.string().trim().min(1, 'give the cycle a name, e.g. "Q1 2026/27"').max(120);

export const CreateCycleInput = z.object({
  planId: Slug,
  name: Name,
  dates: Dates,
  allowPast: z.boolean().default(false),
  /** Lets the cycle overlap a live cycle of the same plan (refused otherwise). */
  allowOverlap: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  actor: Actor,
});
export type CreateCycleInput = z.input<typeof CreateCycleInput>;

export const UpdateCycleInput = z.object({
  cycleId: z.string().min(1),
  name: Name.optional(),
  dates: Dates.partial().default({}),
  allowPast: z.boolean().default(false),
  allowOverlap: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  actor: Actor,
});
export type UpdateCycleInput = z.input<typeof UpdateCycleInput>;

/** Schedules for the milestones still ahead and not yet fired. Names are deterministic, so re-planning replaces. */
export function schedulesFor(cycle: Cycle, milestones: Milestone[], now: Date, fired: Set<string> = new Set()): ScheduledMilestone[] {
  return milestones
    .filter((m) => new Date(m.at).getTime() > now.getTime() && !fired.has(m.kind))
    .map((m) => ({ name: scheduleName(cycle.id, m.kind), at: m.at, event: { cycleId: cycle.id, milestone: m.kind, version: cycle.version } }));
}

export interface CycleResult {
  cycle: Cycle;
  milestones: Milestone[];
  /** Each milestone with its state (done, running, cancelled, past, scheduled) when the result was made. */
  timeline: Array<Milestone & { state: MilestoneState }>;
  /** Milestones already run (never run again). */
  fired: string[];
  /** Schedules created or replaced. */
  scheduled: string[];
  /** Schedules removed. */
  removed: string[];
  /** Owners told about a change. */
  notified: number;
  warnings: string[];
}

async function loadPlan(planId: string, store: Deps['store']): Promise<Plan> {
  const plan = await store.getPlan(planId);
  if (!plan) throw new NotFoundError(`plan "${planId}" does not exist: import it first (planpulse import).`, 'plan');
  return plan;
}

async function loadCycle(cycleId: string, store: Deps['store']): Promise<Cycle> {
  const cycle = await store.getCycle(cycleId);
  if (!cycle) throw new NotFoundError(`cycle "${cycleId}" does not exist.`, 'cycle');
  return cycle;
}

/** The milestones of a cycle that have run or are running (never run again). */
async function firedMilestones(cycle: Cycle, store: Deps['store']): Promise<Set<string>> {
  return new Set((await store.milestoneRuns(cycle.id)).keys());
}

/** A stored cycle as every view shows it: its milestones, each with its state (one rule, `milestoneStates`). */
async function viewOf(cycle: Cycle, plan: Plan, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<CycleResult> {
  const runs = await store.milestoneRuns(cycle.id);
  const milestones = planMilestones(cycle.dates, cyclePolicy(cycle, plan));
  return {
    cycle,
    milestones,
    timeline: milestoneStates(cycle, milestones, runs, clock.now()),
    fired: [...runs.keys()],
    scheduled: [],
    removed: [],
    notified: 0,
    warnings: [],
  };
}

/** The other cycles of the plan, to check overlaps against. */
const otherCycles = (cycle: Pick<Cycle, 'planId'>, store: Deps['store']) => store.listCycles(cycle.planId);

/**
 * Creates a cycle from a manager's dates.
 * 1. validate the order and (unless allowed) that nothing is in the past
 * 2. refuse an overlap with a live cycle of the plan (unless allowed: then a warning)  3. store the cycle  4. schedule every milestone still ahead (past ones are recorded, never fired)
 */
export async function createCycle(rawInput: CreateCycleInput, { store, scheduler, clock }: Pick<Deps, 'store' | 'scheduler' | 'clock'>): Promise<CycleResult> {
  const input = CreateCycleInput.parse(rawInput);
  const plan = await loadPlan(input.planId, store);
  const policy = planPolicy(plan);
  const dates: CycleDates = { ...input.dates, opens: input.dates.opens ?? defaultOpens(input.dates.draft, policy) };
  checkDateOrder(dates);
  const now = clock.now();
  checkNotPast(dates, londonDate(now), input.allowPast);
  // Usually plan + draft deadline; a second cycle with the same deadline gets a suffix.
  let id = cycleIdFor(plan.id, dates.draft);
  for (let n = 2; await store.getCycle(id); n++) id = `${cycleIdFor(plan.id, dates.draft)}-${n}`;
  const cycle: Cycle = {
    id,
    planId: plan.id,
    name: input.name,
    dates,
    version: 1,
    state: 'scheduled',
    createdAt: now.toISOString(),
    policy,
  };
  const milestones = planMilestones(dates, policy);
  const schedules = schedulesFor(cycle, milestones, now);
  const warnings = checkOverlap(cycle, await otherCycles(cycle, store), input.allowOverlap);
  const result: CycleResult = {
    cycle,
    milestones,
    timeline: milestoneStates(cycle, milestones, new Map(), now),
    fired: [],
    scheduled: schedules.map((s) => s.name),
    removed: [],
    notified: 0,
    warnings,
  };
  if (input.dryRun) return result;
  await store.createCycle(cycle);
  await recordDecision(
    {
      id: `cycle.create#${cycle.id}`,
      actor: input.actor,
      action: 'cycle.create',
      planId: plan.id,
      cycleId: cycle.id,
      summary: `Created cycle "${cycle.name}": ${describeDates(dates)}.`,
    },
    { store, clock },
  );
  await scheduler.upsert(schedules);
  return result;
}

/**
 * Changes a cycle's dates (or name). Only milestones that have not fired are re-planned;
 * fired ones never repeat. Owners already asked get one short "dates changed" email when
 * their reply-by date moves.
 * 1. validate  2. bump the version (events of the old version are then ignored)
 * 3. store the cycle  4. replace pending schedules, remove those no longer planned  5. tell owners
 */
export async function updateCycle(
  rawInput: UpdateCycleInput,
  deps: Pick<Deps, 'store' | 'scheduler' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<CycleResult> {
  const input = UpdateCycleInput.parse(rawInput);
  const { store, scheduler, clock } = deps;
  const cycle = await loadCycle(input.cycleId, store);
  checkRevisable(cycle);
  const plan = await loadPlan(cycle.planId, store);
  // A changed cycle is re-planned with the plan's calendar as it is now.
  const policy = planPolicy(plan);
  const fired = await firedMilestones(cycle, store);
  const changes = changedDates(cycle, input.dates, fired);
  const dates: CycleDates = { ...cycle.dates, ...changes };
  // The opening date follows a moved draft deadline when it was the default and has not happened.
  if (changes.draft && !changes.opens && !fired.has('requests-open') && cycle.dates.opens === defaultOpens(cycle.dates.draft, cyclePolicy(cycle, plan))) {
    dates.opens = defaultOpens(dates.draft, policy);
  }
  checkDateOrder(dates);
  const now = clock.now();
  checkNotPast(changes, londonDate(now), input.allowPast);
  const next: Cycle = { ...cycle, name: input.name ?? cycle.name, dates, version: cycle.version + 1, policy };
  const milestones = planMilestones(dates, policy);
  const schedules = schedulesFor(next, milestones, now, fired);
  const planned = new Set(schedules.map((s) => s.name));
  // Every old schedule not planned again goes (a fired one is normally gone already; removing is harmless).
  const removed = planMilestones(cycle.dates, cyclePolicy(cycle, plan))
    .map((m) => scheduleName(cycle.id, m.kind))
    .filter((name) => !planned.has(name));
  const warnings = checkOverlap(next, await otherCycles(next, store), input.allowOverlap, cycle);
  const runs = await store.milestoneRuns(cycle.id);
  const result: CycleResult = {
    cycle: next,
    milestones,
    timeline: milestoneStates(next, milestones, runs, now),
    fired: [...fired],
    scheduled: [...planned],
    removed,
    notified: 0,
    warnings,
  };
  if (input.dryRun) return result;
  await store.reviseCycle(cycle.id, cycle.version, { name: next.name, dates: next.dates, version: next.version, policy });
  await recordDecision(
    {
      id: `cycle.dates#${cycle.id}#v${next.version}`,
      actor: input.actor,
      action: 'cycle.dates',
      planId: cycle.planId,
      cycleId: cycle.id,
      summary: `Changed ${describeChanges(cycle, next)}.`,
    },
    deps,
  );
  await scheduler.remove(removed);
  await scheduler.upsert(schedules);
  if (changes.draft && fired.has('requests-open')) {
    result.notified = await notifyOwners(next, plan, `dates-changed-v${next.version}`, deps, (r) =>
      renderDatesChanged({
        ownerName: r.ownerName,
        planName: plan.name,
        cycleName: next.name,
        token: r.token,
        replyBy: dates.draft,
        board: dates.board,
        previousReplyBy: cycle.dates.draft,
      }),
    );
  }
  return result;
}

/**
 * Cancels a cycle: pending schedules are removed and owners already asked are told once.
 * Cancelling a cancelled cycle changes nothing.
 */
export async function cancelCycle(
  input: { cycleId: string; dryRun?: boolean; actor?: string },
  deps: Pick<Deps, 'store' | 'scheduler' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<CycleResult> {
  const { store, scheduler } = deps;
  const cycle = await loadCycle(input.cycleId, store);
  checkCancellable(cycle);
  const plan = await loadPlan(cycle.planId, store);
  const fired = await firedMilestones(cycle, store);
  const milestones = planMilestones(cycle.dates, cyclePolicy(cycle, plan));
  const removed = milestones.map((m) => scheduleName(cycle.id, m.kind));
  const next: Cycle = cycle.state === 'cancelled' ? cycle : { ...cycle, state: 'cancelled', version: cycle.version + 1 };
  const runs = await store.milestoneRuns(cycle.id);
  const result: CycleResult = {
    cycle: next,
    milestones,
    timeline: milestoneStates(next, milestones, runs, deps.clock.now()),
    fired: [...fired],
    scheduled: [],
    removed,
    notified: 0,
    warnings: [],
  };
  if (input.dryRun) return result;
  if (next !== cycle) {
    await store.reviseCycle(cycle.id, cycle.version, { state: 'cancelled', version: next.version });
    await recordDecision(
      {
        id: `cycle.cancel#${cycle.id}`,
        actor: Actor.parse(input.actor),
        action: 'cycle.cancel',
        planId: cycle.planId,
        cycleId: cycle.id,
        summary: `Cancelled cycle "${cycle.name}".`,
      },
      deps,
    );
  }
  await scheduler.remove(removed);
  result.notified = await notifyOwners(next, plan, 'cancelled', deps, (r) =>
    renderCycleCancelled({ ownerName: r.ownerName, planName: plan.name, cycleName: next.name, token: r.token }),
  );
  return result;
}

/** The dates of a cycle, in words for the audit log. */
function describeDates(dates: CycleDates): string {
  return CYCLE_DATES.map(([key, words]) => `${words} ${formatLongDate(dates[key])}`).join(', ');
}

/** What a revision changed, in words for the audit log. */
function describeChanges(before: Cycle, after: Cycle): string {
  const changed = CYCLE_DATES.filter(([key]) => before.dates[key] !== after.dates[key]).map(
    ([key, words]) => `the ${words} date from ${formatLongDate(before.dates[key])} to ${formatLongDate(after.dates[key])}`,
  );
  if (before.name !== after.name) changed.push(`the name from "${before.name}" to "${after.name}"`);
  return changed.length ? changed.join('; ') : 'nothing (the same dates were saved again)';
}

/** One email to each owner already asked in this cycle, once per `notice` (dispatch ledger). */
async function notifyOwners(
  cycle: Cycle,
  plan: Plan,
  notice: string,
  deps: Pick<Deps, 'store' | 'mailer' | 'logger' | 'mail'>,
  render: (r: { ownerName: string; token: string }) => { subject: string; text: string; html: string },
): Promise<number> {
  let sent = 0;
  for (const request of await deps.store.getRequests(cycle.id)) {
    const outcome = await sendOnce(
      { kind: 'owner-notice', cycleId: cycle.id, notice, ownerKey: request.ownerKey },
      {
        to: [request.email],
        // Replies to a notice reach the same request, like replies to the form.
        replyTo: replyAddress(deps.mail, request.token),
        messageId: `<${notice}.${request.requestId}@${deps.mail.messageIdDomain}>`,
        ...render(request),
      },
      deps,
    );
    if (outcome === 'sent') sent += 1;
  }
  deps.logger.info('owners notified', { cycleId: cycle.id, plan: plan.id, notice, sent });
  return sent;
}

export async function getCycle(cycleId: string, deps: Pick<Deps, 'store' | 'clock'>): Promise<CycleResult> {
  const cycle = await loadCycle(cycleId, deps.store);
  return viewOf(cycle, await loadPlan(cycle.planId, deps.store), deps);
}

/** Every cycle of a plan, each in the same view as `getCycle` gives (what ran is read for every cycle). */
export async function listCycles(planId: string, deps: Pick<Deps, 'store' | 'clock'>): Promise<CycleResult[]> {
  const plan = await loadPlan(planId, deps.store);
  return Promise.all((await deps.store.listCycles(planId)).map((cycle) => viewOf(cycle, plan, deps)));
}

/** The `--json` shape of cycles: `{cycles: [{id, name, dates, milestones: [{kind, at}]}], errors: [{row, message}]}`. */
export function cyclesJson(results: CycleResult[], errors: Array<{ row: number; message: string }> = []) {
  return {
    cycles: results.map(({ cycle, milestones }) => ({ id: cycle.id, name: cycle.name, dates: cycle.dates, milestones })),
    errors,
  };
}
