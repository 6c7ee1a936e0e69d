import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import { UserError } from './errors.ts';
import type { IsoDate } from './model.ts';

export const LONDON = 'Europe/London';

function parts(date: IsoDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** The instant of a Europe/London wall-clock time on a day (a time in the missing spring hour moves forward). */
export function londonInstant(date: IsoDate, hour: number, minute = 0): TZDate {
  const [y, m, d] = parts(date);
  return new TZDate(y, m - 1, d, hour, minute, 0, LONDON);
}

/** ISO-8601 with the London offset, e.g. `2026-05-01T09:00:00.000+01:00`. */
export function londonIso(instant: Date): string {
  return new TZDate(instant.getTime(), LONDON).toISOString();
}

/** The London calendar day of an instant. */
export function londonDate(instant: Date): IsoDate {
  return londonIso(instant).slice(0, 10);
}

/** Adds calendar days to a date (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function isWeekend(date: IsoDate): boolean {
  const [y, m, d] = parts(date);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 || dow === 6;
}

/**
 * Years whose England & Wales bank holidays we trust. The holiday library computes regular
 * holidays for any year, but one-off ones (a jubilee, a coronation) are only known once
 * announced, so a far-off year is refused rather than guessed. Widen with the library.
 */
export const HOLIDAY_YEARS = { first: 2010, last: 2035 } as const;

export class UnsupportedYearError extends UserError {}

const englandAndWales = new Holidays('GB', 'ENG');
const holidayCache = new Map<number, Map<IsoDate, string>>();

/** England & Wales bank holidays of a year (date → name), substitute days included. */
export function bankHolidays(year: number): Map<IsoDate, string> {
  if (year < HOLIDAY_YEARS.first || year > HOLIDAY_YEARS.last) {
    throw new UnsupportedYearError(
      `bank holidays for ${year} are not known (supported: ${HOLIDAY_YEARS.first}-${HOLIDAY_YEARS.last}); choose dates in those years.`,
      'dates',
    );
  }
  let days = holidayCache.get(year);
  if (!days) {
    days = new Map(
      englandAndWales
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => [h.date.slice(0, 10), h.name] as [IsoDate, string]),
    );
    holidayCache.set(year, days);
  }
  return days;
}

/** A working day: not a weekend, not an England & Wales bank holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  return !isWeekend(date) && !bankHolidays(Number(date.slice(0, 4))).has(date);
}

/** Moves `n` working days from `date` (negative: backwards), skipping weekends and bank holidays. */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  let current = date;
  let left = Math.abs(n);
  const step = n < 0 ? -1 : 1;
  while (left > 0) {
    current = addDays(current, step);
    if (isWorkingDay(current)) left -= 1;
  }
  return current;
}

/** "1 June 2011" */
export function formatLongDate(date: IsoDate): string {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
