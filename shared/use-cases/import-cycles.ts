import * as z from 'zod';
import { formatLongDate } from '#domain/calendar';
import { overlappingCycles } from '#domain/cycle';
import { UserError } from '#domain/errors';
import type { CycleDates } from '#domain/model';
import { readScheduleSheet } from '#import/schedule-sheet';
import { readTable } from '#import/table';
import { Actor } from './audit.ts';
import type { Deps } from './deps.ts';
import { createCycle, type CycleResult } from './set-cycle-dates.ts';

export const ImportCyclesInput = z.object({
  planId: z.string().min(1),
  file: z.object({ fileName: z.string().min(1), content: z.instanceof(Buffer) }),
  sheet: z.string().optional(),
  allowPast: z.boolean().default(false),
  /** Lets rows overlap live cycles of the plan, or each other (refused otherwise). */
  allowOverlap: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  actor: Actor,
});
export type ImportCyclesInput = z.input<typeof ImportCyclesInput>;

export interface ImportCyclesResult {
  /** The cycles created (or, on a dry run or with errors, that would be). */
  cycles: CycleResult[];
  /** Rows already stored as cycles with the same dates (importing twice creates nothing twice). */
  unchanged: Array<{ row: number; cycleId: string }>;
  errors: Array<{ row: number; message: string }>;
  stored: boolean;
}

const sameDates = (a: CycleDates, b: Partial<CycleDates>) => a.draft === b.draft && a.briefing === b.briefing && a.final === b.final && a.board === b.board;

/**
 * Creates the cycles of a reporting schedule file, one per row. All-or-nothing: every row is
 * checked first, and a single bad row stores nothing; each bad row is reported with its
 * number and reason. Rows matching a stored cycle's dates are left as they are.
 */
export async function importCycles(rawInput: ImportCyclesInput, deps: Pick<Deps, 'store' | 'scheduler' | 'clock'>): Promise<ImportCyclesResult> {
  const input = ImportCyclesInput.parse(rawInput);
  const rows = readScheduleSheet(await readTable(input.file.fileName, input.file.content, { sheet: input.sheet }));
  const existing = await deps.store.listCycles(input.planId);
  const errors: ImportCyclesResult['errors'] = [];
  const unchanged: ImportCyclesResult['unchanged'] = [];
  const planned: Array<{ row: number; input: Parameters<typeof createCycle>[0] }> = [];
  for (const row of rows) {
    if (row.errors.length) {
      errors.push(...row.errors.map((message) => ({ row: row.row, message })));
      continue;
    }
    const dates = row.dates as CycleDates;
    const stored = existing.find((c) => c.state !== 'cancelled' && sameDates(c.dates, dates));
    if (stored) {
      unchanged.push({ row: row.row, cycleId: stored.id });
      continue;
    }
    const name = row.name ?? `Board ${formatLongDate(dates.board)}`;
    planned.push({
      row: row.row,
      input: { planId: input.planId, name, dates, allowPast: input.allowPast, allowOverlap: input.allowOverlap, actor: input.actor },
    });
  }
  const checked: CycleResult[] = [];
  for (const p of planned) {
    try {
      const result = await createCycle({ ...p.input, dryRun: true }, deps);
      // Rows of one file must not overlap each other either: the store does not hold them yet.
      const earlier = overlappingCycles(
        result.cycle,
        checked.map((c) => c.cycle),
      )[0];
      if (earlier && !input.allowOverlap) {
        errors.push({
          row: p.row,
          message: `these dates overlap an earlier row's cycle "${earlier.name}" (${earlier.dates.opens} to ${earlier.dates.board}): owners would be asked twice.`,
        });
      }
      checked.push(result);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      errors.push({ row: p.row, message: e.message });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  if (errors.length > 0 || input.dryRun) return { cycles: checked, unchanged, errors, stored: false };
  const created: CycleResult[] = [];
  for (const p of planned) created.push(await createCycle(p.input, deps));
  return { cycles: created, unchanged, errors, stored: true };
}
