import type { IsoDate } from '#domain/model';
import type { CellValue } from './table.ts';

export type { CellValue };

/** A due date as read from a plan: the date when the cell is one, and always the text as written. */
export interface DueDate {
  /** The deadline; for a month-only cell ("Jul-12") the LAST day of that month. null when not a date. */
  date: IsoDate | null;
  /** The cell as written (trimmed); for a number its digits, for a Date cell "D Month YYYY". */
  text: string;
  /** 'day' for a full date, 'month' for a month-only one, null when `date` is null. */
  precision: 'day' | 'month' | null;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Month words accepted: full name, three letters, and "Sept". Nothing else ("Marc", "Junee" are not months). */
const MONTH_WORDS = new Map<string, number>();
MONTH_NAMES.forEach((name, i) => {
  MONTH_WORDS.set(name.toLowerCase(), i + 1);
  MONTH_WORDS.set(name.slice(0, 3).toLowerCase(), i + 1);
});
MONTH_WORDS.set('sept', 9);

/**
 * Excel serials read as dates only in this range (1 Jan 1990 … 31 Dec 2100): any other number
 * in a date column is a count, a year or a mistake, not a deadline. Date cells use the same range.
 */
export const EXCEL_SERIAL_MIN = 32874;
export const EXCEL_SERIAL_MAX = 73415;
const MIN_ISO = '1990-01-01';
const MAX_ISO = '2100-12-31';

function iso(y: number, m: number, d: number): IsoDate | null {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d); // unlike Date.UTC, keeps years 0–99 as written
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

function lastDayOfMonth(y: number, m: number): IsoDate {
  const date = new Date(0);
  date.setUTCFullYear(y, m, 0); // day 0 of the next month
  return date.toISOString().slice(0, 10);
}

/** Two-digit years are this century: "12" is 2012, "99" is 2099. */
function fullYear(digits: string): number {
  const y = Number(digits);
  return digits.length <= 2 ? 2000 + y : y;
}

const month = (word: string): number | null => MONTH_WORDS.get(word.toLowerCase()) ?? null;

type Parsed = { date: IsoDate | null; precision: 'day' | 'month' } | null;

/**
 * Reads a whole text as one date. null: not a date form at all. `{ date: null }`: a date form
 * naming no real day ("31/2/12"). Month-only forms mean the end of that month.
 */
function parseText(text: string): Parsed {
  const t = text.trim().replace(/\.$/, '').replace(/\s+/g, ' ').trim();
  const day = (y: number, m: number | null, d: number): Parsed => (m === null ? null : { date: iso(y, m, d), precision: 'day' });
  const monthOnly = (y: number, m: number | null): Parsed => (m === null ? null : { date: lastDayOfMonth(y, m), precision: 'month' });
  /** Each form PlanPulse reads, with how its parts make a date; the first that matches wins. */
  const forms: Array<[RegExp, (m: RegExpExecArray) => Parsed]> = [
    // 1/3/12, 30/5/11, 06/06/11, 1.3.2012, 1-3-2012 (one separator throughout)
    [/^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/, (m) => day(fullYear(m[4]!), Number(m[3]), Number(m[1]))],
    // 2012-03-01
    [/^(\d{4})-(\d{2})-(\d{2})$/, (m) => day(Number(m[1]), Number(m[2]), Number(m[3]))],
    // 31st March 2017, 1 June 2011, 1 Jun. 11, 31 March, 2017
    [/^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{2}|\d{4})$/i, (m) => day(fullYear(m[3]!), month(m[2]!), Number(m[1]))],
    // 01-Jul-12, 1-July-2012 (Excel's d-mmm-yy)
    [/^(\d{1,2})-([a-z]+)-(\d{2}|\d{4})$/i, (m) => day(fullYear(m[3]!), month(m[2]!), Number(m[1]))],
    // June 1st 2011, June 1, 2011 (four-digit year only: "June 12" could be a day or a year)
    [/^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i, (m) => day(Number(m[3]), month(m[1]!), Number(m[2]))],
    // March 2017, Sept 2011, Mar-2017, Sept. 2011
    [/^([a-z]+)\.?,?[ -](\d{4})$/i, (m) => monthOnly(Number(m[2]), month(m[1]!))],
    // Jul-12, Dec-13 (Excel's mmm-yy; with a space, "Jul 12", it could be 12 July, so it is not read)
    [/^([a-z]+)-(\d{2})$/i, (m) => monthOnly(fullYear(m[2]!), month(m[1]!))],
    // March '17
    [/^([a-z]+)\.? ?['’‘](\d{2})$/i, (m) => monthOnly(fullYear(m[2]!), month(m[1]!))],
  ];
  for (const [form, read] of forms) {
    const m = form.exec(t);
    if (m) return read(m);
  }
  return null;
}

/**
 * Reads a UK day-first date ("1/3/12", "30/5/2011", "06/06/11", "1.3.2012"), an ISO date, or a
 * long date ("1 June 2011", "31st March 2017", "June 1st 2011"). Month-only texts ("Jul-12") and
 * anything else give null: this is for a single day, never a guess. Use `parseDue` for plan cells.
 */
export function parseUkDate(text: string): IsoDate | null {
  const parsed = parseText(text);
  return parsed?.precision === 'day' ? parsed.date : null;
}

/** "2012-03-01" → "1 March 2012". A text that is not an ISO calendar date is returned unchanged. */
export function formatUkDate(date: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || iso(Number(m[1]), Number(m[2]), Number(m[3])) === null) return date;
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`;
}

/**
 * The calendar date of an Excel (1900 system) serial day number: 1 is 1 Jan 1900. Excel counts a
 * 29 Feb 1900 that never was (serial 60, so null here), so serials after 60 are one day ahead.
 * A fraction (time of day) is ignored. null below 1.
 */
export function excelSerialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial)) return null;
  const whole = Math.floor(serial);
  if (whole < 1 || whole === 60) return null;
  const epoch = whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + whole * 86_400_000).toISOString().slice(0, 10);
}

const inRange = (date: IsoDate): boolean => date >= MIN_ISO && date <= MAX_ISO;

/**
 * Reads a due-date cell. null for an empty cell. Never guesses: a value read as a date keeps its
 * original text, and a text that is not wholly a date keeps its text with `date: null`.
 *
 * - Text: UK day-first with / . or - ("1/3/12", "30/5/11", "1.3.2012"; two-digit years are 20xx),
 *   ISO ("2012-03-01"), long dates ("31st March 2017", "1 June 2011", "June 1st 2011", "01-Jul-12")
 *   → precision 'day'. Month-only ("Jul-12", "Sept 2011", "March 2017", "Mar-2017", "March '17")
 *   → precision 'month' and the LAST day of that month: "by July 2012" means by its end.
 *   The whole cell must be the date (after trimming and dropping one trailing full stop): "Sept 2011
 *   Dec 2011", "3 per quarter starting Jan 2017", "Ongoing" are not dates. A date form naming no
 *   real day ("31/2/12", "32/1/12", "1/13/12") is not a date either. "Jul 12" (space) is ambiguous.
 * - Number (an Excel serial, as in a date cell read without its format): a date only between
 *   1 Jan 1990 and 31 Dec 2100 (serials 32874–73415); the text is the number as written.
 * - Date (an xlsx date cell; its UTC fields are the calendar date): the text is "D Month YYYY";
 *   outside 1990–2100 (e.g. a time-only cell, 30 Dec 1899) it is not read as a due date.
 */
export function parseDue(cell: CellValue): DueDate | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') {
    const text = String(cell);
    const date = cell >= EXCEL_SERIAL_MIN && cell < EXCEL_SERIAL_MAX + 1 ? excelSerialToIso(cell) : null;
    return { date, text, precision: date ? 'day' : null };
  }
  if (cell instanceof Date) {
    const t = cell.getTime();
    if (Number.isNaN(t)) return { date: null, text: String(cell), precision: null };
    const day = cell.toISOString().slice(0, 10);
    const date = inRange(day) ? day : null;
    return { date, text: formatUkDate(day), precision: date ? 'day' : null };
  }
  const text = String(cell).trim();
  if (text === '') return null;
  const parsed = parseText(text);
  return parsed?.date ? { date: parsed.date, text, precision: parsed.precision } : { date: null, text, precision: null };
}
