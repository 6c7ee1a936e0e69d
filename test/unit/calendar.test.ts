import { describe, expect, it } from 'vitest';
import { addDays, formatLongDate, londonDate, londonInstant, londonIso } from '#domain/calendar';
import { addWorkingDays } from '#domain/working-days';

describe('londonInstant', () => {
  it('reads a summer wall-clock time as BST (UTC+1)', () => {
    // Prepare
    const day = '2026-05-01';

    // Act
    const instant = londonInstant(day, 9);

    // Assess
    expect(instant.getTime()).toBe(Date.UTC(2026, 4, 1, 8, 0));
  });

  it('reads a winter wall-clock time as GMT (UTC+0)', () => {
    // Prepare
    const day = '2026-01-15';

    // Act
    const instant = londonInstant(day, 9, 30);

    // Assess
    expect(instant.getTime()).toBe(Date.UTC(2026, 0, 15, 9, 30));
  });

  it('moves a time inside the spring-forward gap forward to BST', () => {
    // Prepare: on 2026-03-29 London clocks jump from 01:00 GMT to 02:00 BST, so 01:30 never happens
    const day = '2026-03-29';

    // Act
    const instant = londonInstant(day, 1, 30);

    // Assess
    expect(londonIso(instant)).toBe('2026-03-29T02:30:00.000+01:00');
    expect(instant.getTime()).toBe(Date.UTC(2026, 2, 29, 1, 30));
  });

  it('resolves a time in the repeated autumn hour to its second occurrence (GMT)', () => {
    // Prepare: on 2026-10-25 01:00-02:00 happens twice (BST, then GMT). Pinned so a change is deliberate.
    const day = '2026-10-25';

    // Act
    const instant = londonInstant(day, 1, 30);

    // Assess
    expect(londonIso(instant)).toBe('2026-10-25T01:30:00.000+00:00');
  });
});

describe('londonIso', () => {
  it('writes a summer instant with the +01:00 offset', () => {
    // Prepare
    const instant = new Date('2026-07-01T08:00:00Z');

    // Act
    const iso = londonIso(instant);

    // Assess
    expect(iso).toBe('2026-07-01T09:00:00.000+01:00');
  });

  it('writes a winter instant with the +00:00 offset', () => {
    // Prepare
    const instant = new Date('2026-12-01T17:00:00Z');

    // Act
    const iso = londonIso(instant);

    // Assess
    expect(iso).toBe('2026-12-01T17:00:00.000+00:00');
  });
});

describe('londonDate', () => {
  it('gives the next London day for 23:30 UTC in summer', () => {
    // Prepare: 23:30 UTC is 00:30 BST the next day
    const instant = new Date('2026-06-30T23:30:00Z');

    // Act
    const day = londonDate(instant);

    // Assess
    expect(day).toBe('2026-07-01');
  });

  it('gives the same day for 23:30 UTC in winter', () => {
    // Prepare
    const instant = new Date('2026-01-30T23:30:00Z');

    // Act
    const day = londonDate(instant);

    // Assess
    expect(day).toBe('2026-01-30');
  });
});

describe('addDays', () => {
  it('crosses the end of a month', () => {
    // Act
    const day = addDays('2026-01-31', 1);

    // Assess
    expect(day).toBe('2026-02-01');
  });

  it('crosses the end of a year', () => {
    // Act
    const day = addDays('2025-12-31', 1);

    // Assess
    expect(day).toBe('2026-01-01');
  });

  it('goes back across the start of a year', () => {
    // Act
    const day = addDays('2026-01-01', -1);

    // Assess
    expect(day).toBe('2025-12-31');
  });

  it('lands on 29 February in a leap year', () => {
    // Act
    const day = addDays('2028-02-28', 1);

    // Assess
    expect(day).toBe('2028-02-29');
  });
});

describe('addWorkingDays', () => {
  // Dates chosen away from England & Wales bank holidays, which are not implemented yet.
  it('skips the weekend going forward from a Friday', () => {
    // Prepare
    const friday = '2026-06-05';

    // Act
    const day = addWorkingDays(friday, 1);

    // Assess
    expect(day).toBe('2026-06-08');
  });

  it('skips the weekend going back from a Monday', () => {
    // Prepare
    const monday = '2026-06-08';

    // Act
    const day = addWorkingDays(monday, -1);

    // Assess
    expect(day).toBe('2026-06-05');
  });

  it('moves three weeks back for fifteen working days', () => {
    // Prepare
    const tuesday = '2026-07-14';

    // Act
    const day = addWorkingDays(tuesday, -15);

    // Assess
    expect(day).toBe('2026-06-23');
  });

  it('lands on the next Monday when starting on a Saturday', () => {
    // Prepare
    const saturday = '2026-06-13';

    // Act
    const day = addWorkingDays(saturday, 1);

    // Assess
    expect(day).toBe('2026-06-15');
  });
});

describe('formatLongDate', () => {
  it('writes a day without a leading zero, the month name and the year', () => {
    // Act
    const text = formatLongDate('2011-06-01');

    // Assess
    expect(text).toBe('1 June 2011');
  });
});
