import { z } from 'zod';
import { londonDate } from '#domain/calendar';
import { ConflictError, NotFoundError, ValidationError } from '#domain/errors';
import { defaultOpens, planMilestones } from '#domain/milestones';
import { IsoDate, Slug, type Cycle, type CycleDates, type Milestone } from '#domain/model';
import type { ScheduledMilestone } from '#ports/scheduler';
import type { Deps } from './deps.ts';

export const CreateCycleInput = z.object({
  planId: Slug,
  name: z.string().trim().min(1, 'give the cycle a name, e.g. "Q1 2026/27"').max(120),
  dates: z.object({
    opens: IsoDate.optional(),
    draft: IsoDate,
    briefing: IsoDate,
    final: IsoDate,
    board: IsoDate,
  }),
  allowPast: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
export type CreateCycleInput = z.input<typeof CreateCycleInput>;

const ORDER: Array<[keyof CycleDates, string]> = [
  ['opens', 'requests open'],
  ['draft', 'draft reports'],
  ['briefing', "chair's briefing"],
  ['final', 'final reports'],
  ['board', 'board'],
];

/** requests open < draft ≤ chair's briefing ≤ final ≤ board. Throws naming the field. */
export function checkDateOrder(dates: CycleDates): void {
  for (let i = 1; i < ORDER.length; i++) {
    const [prevKey, prevName] = ORDER[i - 1]!;
    const [key, name] = ORDER[i]!;
    const bad = i === 1 ? dates[key] <= dates[prevKey] : dates[key] < dates[prevKey];
    if (bad) {
      throw new ValidationError(
        `${name} (${dates[key]}) must be ${i === 1 ? 'after' : 'on or after'} ${prevName} (${dates[prevKey]}).`,
        key,
      );
    }
  }
}

/** A readable, deterministic cycle id: plan + draft deadline. */
export const cycleIdFor = (planId: string, draft: string) => `${planId.slice(0, 28)}-${draft}`;

/** Schedule names are deterministic (cycle + milestone), so creating twice replaces. */
export function schedulesFor(cycle: Cycle, milestones: Milestone[], now: Date): ScheduledMilestone[] {
  return milestones
    .filter((m) => new Date(m.at).getTime() > now.getTime())
    .map((m) => ({
      name: `${cycle.id}.${m.kind}`,
      at: m.at,
      event: { cycleId: cycle.id, milestone: m.kind, version: cycle.version },
    }));
}

export interface CycleResult {
  cycle: Cycle;
  milestones: Milestone[];
  scheduled: string[];
}

/**
 * Creates a cycle from a manager's dates.
 * 1. validate order and (unless allowed) that nothing is in the past  2. store the cycle
 * 3. schedule every milestone still ahead (past ones are recorded, never fired)
 */
export async function createCycle(
  rawInput: CreateCycleInput,
  { store, scheduler, clock }: Pick<Deps, 'store' | 'scheduler' | 'clock'>,
): Promise<CycleResult> {
  const input = CreateCycleInput.parse(rawInput);
  const plan = await store.getPlan(input.planId);
  if (!plan) throw new NotFoundError(`plan "${input.planId}" does not exist: import it first (planpulse import).`, 'plan');
  const dates: CycleDates = { ...input.dates, opens: input.dates.opens ?? defaultOpens(input.dates.draft) };
  checkDateOrder(dates);
  const now = clock.now();
  const today = londonDate(now);
  if (!input.allowPast && dates.opens < today) {
    throw new ValidationError(
      `requests open on ${dates.opens}, which is in the past (today is ${today}). Choose later dates, or add --allow-past to record a past cycle.`,
      'opens',
    );
  }
  const cycle: Cycle = {
    id: cycleIdFor(plan.id, dates.draft),
    planId: plan.id,
    name: input.name,
    dates,
    version: 1,
    state: 'scheduled',
    createdAt: now.toISOString(),
  };
  const milestones = planMilestones(dates);
  const schedules = schedulesFor(cycle, milestones, now);
  if (input.dryRun) return { cycle, milestones, scheduled: schedules.map((s) => s.name) };
  if (await store.getCycle(cycle.id)) {
    throw new ConflictError(`a cycle with draft deadline ${dates.draft} already exists for plan ${plan.id} (${cycle.id}).`, 'draft');
  }
  await store.putCycle(cycle);
  await scheduler.upsert(schedules);
  return { cycle, milestones, scheduled: schedules.map((s) => s.name) };
}

export async function getCycle(cycleId: string, { store }: Pick<Deps, 'store'>): Promise<CycleResult> {
  const cycle = await store.getCycle(cycleId);
  if (!cycle) throw new NotFoundError(`cycle "${cycleId}" does not exist.`, 'cycle');
  return { cycle, milestones: planMilestones(cycle.dates), scheduled: [] };
}
