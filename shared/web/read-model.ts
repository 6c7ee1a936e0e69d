import { londonDate } from '#domain/calendar';
import type { Cycle, Plan } from '#domain/model';
import type { ReportDocument } from '#reports/document';
import { buildReportDocument } from '#reports/report-model';
import type { Deps } from '#use-cases/deps';

/**
 * What the web pages show of a cycle's answers: the draft report's document, built from the
 * same store reads as `compileReport` (nothing kept, nothing sent). Its rows give each
 * action's current state, its tracker each owner's asked, reminded, answered, bounced, away, held.
 */
export async function cycleDocument(cycle: Cycle, plan: Plan, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<ReportDocument> {
  const [actions, people, updates, notes, requests, sends, held, cycles] = await Promise.all([
    store.getActions(plan.id),
    store.getPeople(plan.id),
    store.getUpdates(cycle.id),
    store.getNotes(cycle.id),
    store.getRequests(cycle.id),
    store.getUpdateRequestSends(cycle.id),
    store.getHeld(cycle.id),
    store.listCycles(plan.id),
  ]);
  const previous =
    cycles
      .filter((c) => c.id !== cycle.id && c.state !== 'cancelled' && c.dates.draft < cycle.dates.draft)
      .sort((a, b) => b.dates.draft.localeCompare(a.dates.draft))[0] ?? null;
  const [addressStates, previousUpdates] = await Promise.all([
    store.getAddressStates(people.flatMap((p) => (p.email ? [p.email] : []))),
    previous ? store.getUpdates(previous.id) : Promise.resolve([]),
  ]);
  return buildReportDocument({
    stage: 'draft',
    plan,
    cycle,
    actions,
    people,
    updates,
    previous: previous ? { cycle: previous, updates: previousUpdates } : null,
    notes,
    addressStates,
    requests,
    sends,
    held,
    draft: null,
    now: clock.now(),
  });
}

/**
 * The plan's current cycle: the latest, not cancelled, whose requests have opened (by its
 * dates in Europe/London). Before any cycle has opened there is none, and the plan page
 * shows the status column of the plan file instead.
 */
export function currentCycle(cycles: readonly Cycle[], now: Date): Cycle | null {
  const today = londonDate(now);
  return cycles.filter((c) => c.state !== 'cancelled' && c.dates.opens <= today).sort((a, b) => b.dates.opens.localeCompare(a.dates.opens))[0] ?? null;
}
