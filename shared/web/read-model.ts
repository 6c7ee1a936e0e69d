import { londonDate } from '#domain/calendar';
import type { Cycle, Plan } from '#domain/model';
import type { ReportDocument } from '#reports/document';
import { buildReportDocument } from '#reports/report-model';
import { reportSources } from '#use-cases/compile-report';
import type { Deps } from '#use-cases/deps';

/**
 * What the web pages show of a cycle's answers: the draft report's document, built from the
 * same store reads as `compileReport` (`reportSources`); nothing kept, nothing sent. Its rows give each
 * action's current state, its tracker each owner's asked, reminded, answered, bounced, away, held.
 */
export async function cycleDocument(cycle: Cycle, plan: Plan, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<ReportDocument> {
  return buildReportDocument({ ...(await reportSources(cycle, plan, store)), stage: 'draft', draft: null, now: clock.now() });
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
