import { describe, expect, it } from 'vitest';
import { excelSerialToIso, formatUkDate, parseDue, parseUkDate } from '#import/uk-dates';

describe('parseDue: UK day-first dates', () => {
  it.each([
    // Nottingham 2011 "Date to complete" cells
    ['1/3/12', '2012-03-01'],
    ['30/5/11', '2011-05-30'],
    ['06/06/11', '2011-06-06'],
    ['1/4/2012', '2012-04-01'],
    ['31/3/2012', '2012-03-31'],
    ['1/9/2011', '2011-09-01'],
    ['1/12/11', '2011-12-01'],
    // other separators
    ['1.3.2012', '2012-03-01'],
    ['1.3.12', '2012-03-01'],
    ['1-3-2012', '2012-03-01'],
  ])('reads "%s" as the day %s and keeps the text', (cell, date) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date, text: cell, precision: 'day' });
  });

  it('reads a two-digit year as 20xx', () => {
    // Act
    const due = parseDue('31/12/99');

    // Assess
    expect(due?.date).toBe('2099-12-31');
  });

  it('does not read mixed separators as a date', () => {
    // Act
    const due = parseDue('1/3-12');

    // Assess
    expect(due).toEqual({ date: null, text: '1/3-12', precision: null });
  });
});

describe('parseDue: ISO and long dates', () => {
  it.each([
    ['2012-03-01', '2012-03-01'],
    ['31st March 2017', '2017-03-31'],
    ['1 June 2011', '2011-06-01'],
    ['2nd Feb 2012', '2012-02-02'],
    ['3rd sept 2011', '2011-09-03'],
    ['1 JUNE 2011', '2011-06-01'],
    ['1 Jun. 11', '2011-06-01'],
    ['01-Jul-12', '2012-07-01'],
    ['June 1st 2011', '2011-06-01'],
    ['June 1, 2011', '2011-06-01'],
  ])('reads "%s" as the day %s', (cell, date) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date, text: cell, precision: 'day' });
  });
});

describe('parseDue: month-only dates mean the last day of the month', () => {
  it.each([
    // Nottinghamshire 2012 "Achievement date" / "Amended target date" cells
    ['Jul-12', '2012-07-31'],
    ['Jun-12', '2012-06-30'],
    ['Nov-12', '2012-11-30'],
    ['Sep-12', '2012-09-30'],
    ['Dec-13', '2013-12-31'],
    ['Apr-13', '2013-04-30'],
    // long forms
    ['Sept 2011', '2011-09-30'],
    ['Sep 2011', '2011-09-30'],
    ['sept 2011', '2011-09-30'],
    ['March 2017', '2017-03-31'],
    ['Mar-2017', '2017-03-31'],
    ["March '17", '2017-03-31'],
    ['MAY 2013', '2013-05-31'],
    ['Feb-12', '2012-02-29'],
    ['Feb-13', '2013-02-28'],
  ])('reads "%s" as the month ending %s', (cell, date) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date, text: cell, precision: 'month' });
  });

  it('does not read "Jul 12" with a space: it could be 12 July', () => {
    // Act
    const due = parseDue('Jul 12');

    // Assess
    expect(due).toEqual({ date: null, text: 'Jul 12', precision: null });
  });
});

describe('parseDue: what a cell must look like', () => {
  it('trims the cell and keeps the trimmed text', () => {
    // Act
    const due = parseDue('  Jul-12 \n');

    // Assess
    expect(due).toEqual({ date: '2012-07-31', text: 'Jul-12', precision: 'month' });
  });

  it('ignores one trailing full stop but keeps it in the text', () => {
    // Act
    const due = parseDue('1/3/12.');

    // Assess
    expect(due).toEqual({ date: '2012-03-01', text: '1/3/12.', precision: 'day' });
  });

  it.each([null, '', '   ', '\n'])('gives null for the empty cell %j', (cell) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toBeNull();
  });
});

describe('parseDue: invalid calendar dates', () => {
  it.each(['31/2/12', '32/1/12', '1/13/12', '29/2/13', '0/1/12', '31 Sept 2011', '2012-02-30'])('keeps "%s" as text with no date', (cell) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date: null, text: cell, precision: null });
  });
});

describe('parseDue: non-dates keep their text', () => {
  it.each([
    'Ongoing',
    'On-going',
    'TBC',
    'TBA',
    '?',
    'N/A - Ongoing',
    'N/A ongoing',
    'Within 2 years?',
    '3 per quarter starting Jan 2017',
    'End of Q2',
    'Annually',
    'Sept 2011 Dec 2011',
    'Sept 2011\nDec 2011',
    'by July 2012',
    '1st of March 2017',
    'June 12',
    '12 June',
    'Marc 2017',
  ])('keeps "%s" with no date', (cell) => {
    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date: null, text: cell, precision: null });
  });
});

describe('parseDue: Excel serial numbers', () => {
  it('reads a serial as its day and keeps the number as text', () => {
    // Prepare: 40909 is 1 Jan 2012; 31 days of January and 29 of February later is 1 March
    const serial = 40969;

    // Act
    const due = parseDue(serial);

    // Assess
    expect(due).toEqual({ date: '2012-03-01', text: '40969', precision: 'day' });
  });

  it('ignores the time of day in a fractional serial', () => {
    // Act
    const due = parseDue(40969.75);

    // Assess
    expect(due).toEqual({ date: '2012-03-01', text: '40969.75', precision: 'day' });
  });

  it.each([
    [32874, '1990-01-01'],
    [73415, '2100-12-31'],
  ])('reads %d at the edge of the plausible range as %s', (serial, date) => {
    // Act
    const due = parseDue(serial);

    // Assess
    expect(due?.date).toBe(date);
  });

  it.each([32873, 73416, 2012, 0, -5, 60, Number.NaN])('keeps %d as text with no date: outside 1990–2100', (serial) => {
    // Act
    const due = parseDue(serial);

    // Assess
    expect(due).toEqual({ date: null, text: String(serial), precision: null });
  });
});

describe('excelSerialToIso', () => {
  it.each([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [40909, '2012-01-01'],
  ])('reads serial %d as %s, allowing for the fake 29 Feb 1900', (serial, date) => {
    // Act
    const iso = excelSerialToIso(serial);

    // Assess
    expect(iso).toBe(date);
  });

  it.each([60, 0, -1, Number.POSITIVE_INFINITY])('gives null for serial %d', (serial) => {
    // Act
    const iso = excelSerialToIso(serial);

    // Assess
    expect(iso).toBeNull();
  });
});

describe('parseDue: Date cells', () => {
  it('reads the UTC calendar date and writes the text as "D Month YYYY"', () => {
    // Prepare
    const cell = new Date(Date.UTC(2012, 6, 31));

    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date: '2012-07-31', text: '31 July 2012', precision: 'day' });
  });

  it('takes the UTC day whatever the time', () => {
    // Prepare
    const cell = new Date('2012-03-01T23:30:00Z');

    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date: '2012-03-01', text: '1 March 2012', precision: 'day' });
  });

  it('does not read a time-only cell (30 Dec 1899) as a due date', () => {
    // Prepare
    const cell = new Date('1899-12-30T09:00:00Z');

    // Act
    const due = parseDue(cell);

    // Assess
    expect(due).toEqual({ date: null, text: '30 December 1899', precision: null });
  });

  it('keeps an invalid Date as text with no date', () => {
    // Act
    const due = parseDue(new Date(Number.NaN));

    // Assess
    expect(due).toEqual({ date: null, text: 'Invalid Date', precision: null });
  });
});

describe('formatUkDate', () => {
  it.each([
    ['2012-03-01', '1 March 2012'],
    ['2017-03-31', '31 March 2017'],
    ['2011-09-30', '30 September 2011'],
  ])('writes %s as "%s"', (iso, text) => {
    // Act
    const formatted = formatUkDate(iso);

    // Assess
    expect(formatted).toBe(text);
  });

  it.each(['not a date', '2012-02-30'])('returns "%s" unchanged', (text) => {
    // Act
    const formatted = formatUkDate(text);

    // Assess
    expect(formatted).toBe(text);
  });
});

describe('parseUkDate', () => {
  it.each([
    ['1/3/12', '2012-03-01'],
    ['06/06/11', '2011-06-06'],
    ['31st March 2017', '2017-03-31'],
    ['June 1st 2011', '2011-06-01'],
    ['2011-05-10', '2011-05-10'],
  ])('reads the day "%s" as %s', (text, iso) => {
    // Act
    const date = parseUkDate(text);

    // Assess
    expect(date).toBe(iso);
  });

  it.each(['Jul-12', 'March 2017', 'Ongoing', '31/2/12', ''])('gives null for "%s", which is no single day', (text) => {
    // Act
    const date = parseUkDate(text);

    // Assess
    expect(date).toBeNull();
  });
});
