/**
 * What the Word, Excel and CSV renderers write in each cell of an action's row, defined once
 * so the three files can never disagree: the columns a board reads across, the colours of
 * every row state (the RAG colours from the vocabulary, greys for the states without a
 * status) and the words of a change since the draft.
 */
import { formatLongDate, londonIso } from '#domain/calendar';
import { FIELD_LABELS, STATUS_DEFINITIONS, UPDATE_STATUSES } from '#domain/vocabulary';
import { type ExceptionKind, type FieldChange, type ReportDocument, type ReportRow, type RowState, STAGE_LAYOUTS, type Trend } from './document.ts';

/** A fill and the colour of the words on it (at least 4.5:1). */
export interface StateColours {
  background: string;
  text: string;
}

/**
 * Each state's fill. Statuses take their RAG colour; the states without one are greys, and
 * are never told apart by colour alone: every cell, bar and legend entry also says its words.
 */
export const STATE_COLOURS: Record<RowState, StateColours> = {
  ...(Object.fromEntries(UPDATE_STATUSES.map((s) => [s.key, { background: s.background, text: s.text }])) as Record<
    (typeof UPDATE_STATUSES)[number]['key'],
    StateColours
  >),
  no_status: { background: '#505a5f', text: '#ffffff' },
  out_of_office: { background: '#dbd5e9', text: '#0b0c0c' },
  bounced: { background: '#0b0c0c', text: '#ffffff' },
  no_update: { background: '#b1b4b6', text: '#0b0c0c' },
};

/** The colour of "Changed since draft" marks: a tracked-change purple, 7.4:1 on white. */
export const CHANGE_COLOUR = '#4c2c92';

/** One column of the action table. */
export interface Column {
  key: ColumnKey;
  header: string;
  /** Share of the table's width, in per cent (the columns add up to 100). */
  width: number;
}

export type ColumnKey = 'ref' | 'title' | 'owners' | 'due' | 'state' | 'lastCycle' | 'evidence' | 'summary' | 'risks' | 'mitigation' | 'answered';

/** The table a board reads across, in the order issue 12 gives. */
export const ACTION_COLUMNS: readonly Column[] = [
  { key: 'ref', header: 'Ref', width: 5 },
  { key: 'title', header: 'Action', width: 13 },
  { key: 'owners', header: 'Owners', width: 8 },
  { key: 'due', header: 'Due (revised)', width: 7 },
  { key: 'state', header: 'Status', width: 7 },
  { key: 'lastCycle', header: 'Last cycle', width: 6 },
  { key: 'evidence', header: FIELD_LABELS.evidence, width: 12 },
  { key: 'summary', header: FIELD_LABELS.summary, width: 12 },
  { key: 'risks', header: FIELD_LABELS.risks, width: 10 },
  { key: 'mitigation', header: FIELD_LABELS.mitigation, width: 11 },
  { key: 'answered', header: 'Answered by, when', width: 9 },
];

const longDates = new Map<string, string>();

/** `formatLongDate`, remembered: Intl's formatting is slow, and a report has few distinct days. */
function longDate(date: string): string {
  let text = longDates.get(date);
  if (text === undefined) {
    if (longDates.size > 50_000) longDates.clear();
    text = formatLongDate(date);
    longDates.set(date, text);
  }
  return text;
}

/** "1 June 2011" for an ISO date, the text as written otherwise ("Ongoing"). */
export function formatDue(due: string | null): string {
  if (!due) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? longDate(due) : due;
}

const HOUR = 3_600_000;
const offsets = new Map<number, number>();

/**
 * `londonIso` at a fraction of its cost: the time-zone library's offset look-up is the
 * slowest step of a 10,000-action report, and London's offset only changes on the hour, so
 * it is looked up once per hour (and the cache is bounded).
 */
function fastLondonIso(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return londonIso(new Date(iso));
  const hour = Math.floor(ms / HOUR);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    const hourIso = londonIso(new Date(hour * HOUR));
    const sign = hourIso.endsWith('Z') ? 0 : hourIso.at(-6) === '-' ? -1 : 1;
    offset = sign * (Number(hourIso.slice(-5, -3)) * 60 + Number(hourIso.slice(-2))) * 60_000;
    offsets.set(hour, offset);
  }
  return new Date(ms + offset).toISOString().slice(0, 23);
}

/** "1 June 2011 14:05" in London time. */
export function formatInstant(iso: string): string {
  const london = fastLondonIso(iso);
  return `${longDate(london.slice(0, 10))} ${london.slice(11, 16)}`;
}

/** A status key's label, "None" without one. */
export function statusLabel(status: string | null): string {
  return status ? (STATUS_DEFINITIONS[status as keyof typeof STATUS_DEFINITIONS]?.label ?? status) : 'None';
}

export const TREND_LABELS: Record<Trend, string> = {
  improved: 'Improved',
  worse: 'Worse',
  same: 'Same',
  new: 'New this cycle',
};

/** The text of a cell, without any change mark. */
export function cellText(row: ReportRow, key: ColumnKey): string {
  switch (key) {
    case 'ref':
      return row.ref;
    case 'title':
      return row.title;
    case 'owners':
      return row.owners;
    case 'due':
      return formatDue(row.due) + (row.revisedDue ? ` (revised: ${formatDue(row.revisedDue)})` : '');
    case 'state':
      return row.stateLabel + (row.late ? ' (late reply)' : '');
    case 'lastCycle':
      return statusLabel(row.lastCycle);
    case 'answered':
      return [row.answeredBy, row.answeredAt ? formatInstant(row.answeredAt) : null].filter(Boolean).join(', ');
    default:
      return row[key] ?? '';
  }
}

/** The column a change since the draft shows in. */
export function changeColumn(change: FieldChange): ColumnKey {
  if (change.field === 'status' || change.field === 'state') return 'state';
  if (change.field === 'revisedDue') return 'due';
  return change.field;
}

const CHANGE_FIELD_NAMES: Record<FieldChange['field'], string> = { ...FIELD_LABELS, state: 'Status', revisedDue: 'Revised due date' };

/** A changed value as the cell shows it: a date in words, a status key as its label. */
function changedValue(change: FieldChange, value: string | null): string | null {
  if (!value) return null;
  if (change.field === 'revisedDue') return formatDue(value);
  if (change.field === 'status' || change.field === 'state') return STATUS_DEFINITIONS[value as keyof typeof STATUS_DEFINITIONS]?.label ?? value;
  return value;
}

/** What a value was before, in words: 'was "At risk"', 'was blank'. */
function before(change: FieldChange): string {
  const value = changedValue(change, change.before);
  return value ? `was "${value}"` : 'was blank';
}

/** The mark in a changed cell: 'Changed since draft: was "At risk"'. */
export function changeMark(change: FieldChange): string {
  return `Changed since draft: ${before(change)}`;
}

/** One change in a sentence, for lists and the Excel and CSV column: 'Status: was "At risk", now "On track"'. */
export function describeChange(change: FieldChange): string {
  const after = changedValue(change, change.after);
  return `${CHANGE_FIELD_NAMES[change.field]}: ${before(change)}, now ${after ? `"${after}"` : 'blank'}`;
}

/** A row's changes in one cell, one per line. */
export function changesText(row: ReportRow): string {
  return row.changes.map(describeChange).join('\n');
}

/** The mark of an evidence check's flag in a cell: "To check: On track with no evidence given." */
export const checkMark = (reason: string) => `To check: ${reason}`;

/** A row's evidence-check reasons in one cell, one per line (empty without a flag). */
export const checksText = (row: ReportRow) => row.flags.map((f) => f.reason).join('\n');

/** Every row of a document in reading order: theme, then objective, then plan order. */
export function allRows(doc: ReportDocument): ReportRow[] {
  return doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows));
}

export const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  off_track: 'Off track',
  at_risk: 'At risk',
  overdue: 'Overdue',
  no_update: 'No update received',
};

/** "2026-06-01 14:05", London time: sorts as text and reads as a date in a spreadsheet. */
function sortableInstant(iso: string | null): string {
  return iso ? fastLondonIso(iso).slice(0, 16).replace('T', ' ') : '';
}

/** One column of the flat table (CSV and the Actions sheet): a header, its value, its width in characters. */
export interface FlatColumn {
  header: string;
  value: (row: ReportRow) => string;
  width: number;
  /** Long text: wrapped in a spreadsheet. */
  wrap?: boolean;
}

/**
 * The flat table's columns, one row per action: the board's columns with dates kept as
 * ISO dates (they sort and filter), then the theme, objective, flags, the evidence checks'
 * reasons ("To check") and, where the stage marks them, the changes since the draft and the
 * exception an action is listed under.
 */
export function flatColumns(doc: ReportDocument): FlatColumn[] {
  const layout = STAGE_LAYOUTS[doc.stage];
  const exceptions = new Map(doc.exceptions.map((e) => [e.row.ref, EXCEPTION_LABELS[e.kind]]));
  const yesNo = (flag: boolean) => (flag ? 'Yes' : 'No');
  return [
    { header: 'Theme', value: (r) => r.theme, width: 22, wrap: true },
    { header: 'Objective', value: (r) => r.objective ?? '', width: 24, wrap: true },
    { header: 'Ref', value: (r) => r.ref, width: 9 },
    { header: 'Action', value: (r) => r.title, width: 36, wrap: true },
    { header: 'Owners', value: (r) => r.owners, width: 20, wrap: true },
    { header: 'Due', value: (r) => r.due ?? '', width: 12 },
    { header: 'Revised due', value: (r) => r.revisedDue ?? '', width: 12 },
    { header: 'Status', value: (r) => r.stateLabel, width: 20 },
    { header: 'Last cycle', value: (r) => statusLabel(r.lastCycle), width: 12 },
    { header: 'Trend', value: (r) => (r.trend ? TREND_LABELS[r.trend] : ''), width: 14 },
    { header: 'Overdue', value: (r) => yesNo(r.overdue), width: 9 },
    { header: 'Late reply', value: (r) => yesNo(r.late), width: 9 },
    ...(layout.includes('exceptions') ? [{ header: 'Exception', value: (r: ReportRow) => exceptions.get(r.ref) ?? '', width: 18 }] : []),
    { header: 'To check', value: checksText, width: 40, wrap: true },
    { header: FIELD_LABELS.evidence, value: (r) => r.evidence ?? '', width: 40, wrap: true },
    { header: FIELD_LABELS.summary, value: (r) => r.summary ?? '', width: 40, wrap: true },
    { header: FIELD_LABELS.risks, value: (r) => r.risks ?? '', width: 32, wrap: true },
    { header: FIELD_LABELS.mitigation, value: (r) => r.mitigation ?? '', width: 32, wrap: true },
    { header: 'Answered by', value: (r) => r.answeredBy ?? '', width: 20 },
    { header: 'Answered at', value: (r) => sortableInstant(r.answeredAt), width: 17 },
    ...(layout.includes('changes') ? [{ header: 'Changed since draft', value: changesText, width: 40, wrap: true }] : []),
  ];
}

/** The London wall-clock time of an instant, as a Date whose UTC fields read it (for zip time stamps). */
export function londonWallClock(iso: string): Date {
  return new Date(`${fastLondonIso(iso).slice(0, 19)}Z`);
}
