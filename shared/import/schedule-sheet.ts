import type { CycleDates } from '#domain/model';
import { cellText, findHeader, headerLookup, type Synonyms } from './headers.ts';
import type { Table } from './table.ts';
import { parseDue } from './uk-dates.ts';

type ScheduleField = 'name' | 'opens' | 'meeting' | 'draft' | 'briefing' | 'final' | 'board';

const SCHEDULE_HEADERS: Synonyms<ScheduleField> = {
  name: ['Name', 'Cycle', 'Quarter', 'Period', 'Cycle name'],
  opens: ['Requests open', 'Opens', 'Opening date', 'Open', 'Updates requested', 'Request date'],
  meeting: ['Meeting', 'Meeting date', 'CiC Outcomes Group', 'Outcomes Group', 'Officers group'],
  draft: ['Draft Reports', 'Draft report', 'Draft', 'Draft deadline', 'Draft reports due'],
  briefing: ['Chairs Briefing', "Chair's Briefing", 'Chair briefing', 'Briefing'],
  final: ['Final Reports', 'Final report', 'Final', 'Final deadline'],
  board: ['Corporate Parenting Board', 'Board', 'Board date', 'CPB', 'Board meeting'],
};

export interface ScheduleRow {
  row: number;
  name: string | null;
  /** Dates read so far; a missing or unreadable one is an error of the row. */
  dates: Partial<CycleDates>;
  meeting: string | null;
  errors: string[];
}

/**
 * Reads a reporting schedule: one cycle per row (Draft Reports, Chairs Briefing, Final
 * Reports, Corporate Parenting Board, optional name, opening and meeting dates), UK
 * day-first dates. Every row comes back with its own errors; the caller decides.
 */
export function readScheduleSheet(table: Table): ScheduleRow[] {
  const layout = findHeader(
    table,
    headerLookup(SCHEDULE_HEADERS),
    'draft',
    'Name the columns Draft Reports, Chairs Briefing, Final Reports and Corporate Parenting Board.',
  );
  const col = layout.fieldColumns;
  const missing = (['briefing', 'final', 'board'] as const).filter((f) => col[f] === undefined);
  const rows: ScheduleRow[] = [];
  for (let r = layout.headerRows[layout.headerRows.length - 1]!; r < table.rows.length; r++) {
    const cells = table.rows[r] ?? [];
    if (cells.every((c) => cellText(c) === null)) continue;
    const row: ScheduleRow = { row: r + 1, name: null, dates: {}, meeting: null, errors: [] };
    for (const f of missing) row.errors.push(`no ${f} column in the file`);
    row.name = col.name === undefined ? null : cellText(cells[col.name]);
    row.meeting = col.meeting === undefined ? null : cellText(cells[col.meeting]);
    for (const field of ['opens', 'draft', 'briefing', 'final', 'board'] as const) {
      const i = col[field];
      if (i === undefined) continue;
      const due = parseDue(cells[i] ?? null);
      if (!due) {
        if (field !== 'opens') row.errors.push(`${field} date is missing`);
      } else if (!due.date || due.precision !== 'day') {
        row.errors.push(`${field} "${due.text}" is not a date (use day/month/year, e.g. 10/5/2027)`);
      } else {
        row.dates[field] = due.date;
      }
    }
    rows.push(row);
  }
  return rows;
}
