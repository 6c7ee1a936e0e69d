/**
 * Europe/London dates and times: pure, and free of the bank-holiday calendar (working days
 * are in working-days.ts), so functions that only read and send mail stay small.
 */
import { TZDate } from '@date-fns/tz';
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
