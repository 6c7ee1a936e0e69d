import { londonInstant } from './calendar.ts';
import { ConflictError, ValidationError } from './errors.ts';
import { DEFAULT_POLICY, MILESTONE_HOURS } from './milestones.ts';
import type { Cycle, CycleDates, IsoDate, Milestone, MilestoneKind, MilestonePolicy, Plan } from './model.ts';

/** The rules of a cycle's dates and life, shared by every door (CLI, HTTP API, schedule files, web). */

/** The dates in the order they must come, with the words a manager reads in messages. */
export const CYCLE_DATES: ReadonlyArray<readonly [keyof CycleDates, string]> = [
  ['opens', 'requests open'],
  ['draft', 'draft reports'],
  ['briefing', "chair's briefing"],
  ['final', 'final reports'],
  ['board', 'board'],
];

/** The plan's cycle before this one (by draft date, not cancelled), or null: "last cycle" in reports and evidence checks. */
export function previousCycleOf(cycle: Cycle, cycles: readonly Cycle[]): Cycle | null {
  const earlier = cycles.filter((c) => c.id !== cycle.id && c.planId === cycle.planId && c.state !== 'cancelled' && c.dates.draft < cycle.dates.draft);
  return earlier.sort((a, b) => b.dates.draft.localeCompare(a.dates.draft))[0] ?? null;
}

/** requests open < draft ≤ chair's briefing ≤ final ≤ board. Throws naming the field. */
export function checkDateOrder(dates: CycleDates): void {
  for (let i = 1; i < CYCLE_DATES.length; i++) {
    const [prevKey, prevName] = CYCLE_DATES[i - 1]!;
    const [key, name] = CYCLE_DATES[i]!;
    const bad = i === 1 ? dates[key] <= dates[prevKey] : dates[key] < dates[prevKey];
    if (bad) {
      throw new ValidationError(`${name} (${dates[key]}) must be ${i === 1 ? 'after' : 'on or after'} ${prevName} (${dates[prevKey]}).`, key);
    }
  }
}

/** Refuses dates before today unless past dates are allowed (recording a past cycle). */
export function checkNotPast(dates: Partial<CycleDates>, today: IsoDate, allowPast: boolean): void {
  if (allowPast) return;
  for (const [key, name] of CYCLE_DATES) {
    const value = dates[key];
    if (value && value < today) {
      throw new ValidationError(
        `${name} (${value}) is in the past (today is ${today}). Choose a later date, or use --allow-past to record a past cycle (nothing already past is scheduled).`,
        key,
      );
    }
  }
}

/** A readable, deterministic cycle id: plan + draft deadline. */
export const cycleIdFor = (planId: string, draft: string) => `${planId.slice(0, 28)}-${draft}`;

/** The calendar of the plan now (for new and changed cycles). */
export const planPolicy = (plan: Plan): MilestonePolicy => plan.milestonePolicy ?? DEFAULT_POLICY;

/** The calendar a cycle was planned with (the plan's may have changed since). */
export const cyclePolicy = (cycle: Cycle, plan: Plan): MilestonePolicy => cycle.policy ?? planPolicy(plan);

/** A cycle still under way: its milestones may yet run. */
export const isLive = (cycle: Cycle) => cycle.state === 'scheduled' || cycle.state === 'open';

/**
 * The live cycles of the same plan whose time (requests open to board) meets this one's.
 * Two such cycles would send every owner every email twice.
 */
export function overlappingCycles(cycle: Pick<Cycle, 'id' | 'planId' | 'dates'>, others: Cycle[]): Cycle[] {
  return others.filter(
    (c) => c.id !== cycle.id && c.planId === cycle.planId && isLive(c) && c.dates.opens <= cycle.dates.board && cycle.dates.opens <= c.dates.board,
  );
}

export const describeOverlap = (c: Cycle) => `overlaps cycle ${c.id} "${c.name}" (${c.dates.opens} to ${c.dates.board}).`;

/**
 * Refuses a cycle that overlaps a live one, unless the manager explicitly allows it (then
 * it is a warning). For a changed cycle (`before`), only overlaps the change creates count:
 * one already accepted is not refused again.
 */
export function checkOverlap(
  cycle: Pick<Cycle, 'id' | 'planId' | 'dates'>,
  others: Cycle[],
  allowOverlap: boolean,
  before?: Pick<Cycle, 'id' | 'planId' | 'dates'>,
): string[] {
  const overlaps = overlappingCycles(cycle, others);
  const accepted = new Set(before ? overlappingCycles(before, others).map((c) => c.id) : []);
  const fresh = overlaps.filter((c) => !accepted.has(c.id));
  if (fresh.length > 0 && !allowOverlap) {
    const first = fresh[0]!;
    throw new ConflictError(
      `these dates overlap cycle ${first.id} "${first.name}" (${first.dates.opens} to ${first.dates.board}), which is still running: owners would be asked twice. Change the dates, cancel that cycle, or use --allow-overlap if both are really wanted.`,
      'dates',
    );
  }
  return overlaps.map(describeOverlap);
}

/** Whether a cycle's dates or name may still change; throws saying why not. */
export function checkRevisable(cycle: Cycle): void {
  if (!isLive(cycle)) throw new ConflictError(`cycle ${cycle.id} is ${cycle.state}; its dates can no longer change.`, 'cycle');
}

/** The date changes asked for that differ from the stored ones; the opening date is fixed once requests went out. */
export function changedDates(cycle: Cycle, asked: Partial<CycleDates>, fired: ReadonlySet<string>): Partial<CycleDates> {
  const changes = Object.fromEntries(
    Object.entries(asked).filter(([k, v]) => v !== undefined && v !== cycle.dates[k as keyof CycleDates]),
  ) as Partial<CycleDates>;
  if (changes.opens && fired.has('requests-open')) {
    throw new ValidationError(`requests for ${cycle.id} have already gone out; the opening date can no longer change.`, 'opens');
  }
  return changes;
}

/** Whether a cycle may be cancelled; throws saying why not. */
export function checkCancellable(cycle: Cycle): void {
  if (cycle.state === 'closed') throw new ConflictError(`cycle ${cycle.id} is closed (its board has met); it cannot be cancelled.`, 'cycle');
}

/** The instant of the final deadline: the final milestone's hour on the final date (Europe/London). */
export const finalDeadline = (cycle: Cycle): Date => londonInstant(cycle.dates.final, MILESTONE_HOURS.final);

/** A reply is late when it arrives after the final deadline: kept, flagged, carried to the next cycle. */
export const isLate = (cycle: Cycle, receivedAt: string | Date): boolean => new Date(receivedAt).getTime() > finalDeadline(cycle).getTime();

export type MilestoneState = 'done' | 'running' | 'cancelled' | 'past' | 'scheduled';

/**
 * The state of each milestone, the one rule every view uses: done (it ran), running (a run
 * holds it now), cancelled (the cycle was), past (its time went by without a run, e.g. a
 * cycle recorded with past dates), scheduled (still ahead).
 */
export function milestoneStates(
  cycle: Pick<Cycle, 'state'>,
  milestones: Milestone[],
  runs: ReadonlyMap<MilestoneKind, 'claimed' | 'done'>,
  now: Date,
): Array<Milestone & { state: MilestoneState }> {
  return milestones.map((m) => {
    const run = runs.get(m.kind);
    const state: MilestoneState =
      run === 'done'
        ? 'done'
        : run === 'claimed'
          ? 'running'
          : cycle.state === 'cancelled'
            ? 'cancelled'
            : new Date(m.at).getTime() <= now.getTime()
              ? 'past'
              : 'scheduled';
    return { ...m, state };
  });
}
