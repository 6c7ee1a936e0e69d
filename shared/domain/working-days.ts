/**
 * Working days: weekends and England & Wales bank holidays. The holidays are a table generated
 * from the date-holidays library (bank-holidays.ts, scripts/generate-bank-holidays.ts): the
 * library with its time-zone data is about 1.3 MB, the table a few KB.
 */
import { BANK_HOLIDAYS } from './bank-holidays.ts';
import { addDays } from './calendar.ts';
import { UserError } from './errors.ts';
import type { IsoDate } from './model.ts';

function isWeekend(date: IsoDate): boolean {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6;
}

/**
 * Years whose England & Wales bank holidays we trust. The holiday library computes regular
 * holidays for any year, but one-off ones (a jubilee, a coronation) are only known once
 * announced, so a far-off year is refused rather than guessed. Widen it, then run
 * scripts/generate-bank-holidays.ts.
 */
export const HOLIDAY_YEARS = { first: 2010, last: 2035 } as const;

export class UnsupportedYearError extends UserError {}

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
    days = new Map(BANK_HOLIDAYS[year] ?? []);
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
