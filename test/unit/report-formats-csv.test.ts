import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRows, flatColumns } from '#reports/cells';
import { neutraliseFormula, renderCsv } from '#reports/csv';
import { aReportDocument, aReportRow, aSampleDocument, FORMULA, UNICODE } from '#support/report-document';

const read = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false });

describe('the CSV report', () => {
  it('has a header and one row per action, each cell as the flat table has it', () => {
    const doc = aSampleDocument('final');

    const [header, ...rows] = read(renderCsv(doc));
    const columns = flatColumns(doc);

    expect(header).toEqual(columns.map((c) => c.header));
    expect(rows).toEqual(allRows(doc).map((row) => columns.map((c) => neutraliseFormula(c.value(row)))));
  });

  it('starts with a byte-order mark and ends every record with CRLF', () => {
    const csv = renderCsv(aSampleDocument('draft'));

    expect(csv.startsWith('\ufeffTheme,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/"(?:[^"]|"")*"/g, '').match(/\n/g)?.length).toBe(csv.replace(/"(?:[^"]|"")*"/g, '').match(/\r\n/g)?.length);
  });

  it('prefixes with an apostrophe every cell a spreadsheet would run as a formula', () => {
    const doc = aSampleDocument('draft');

    const cells = read(renderCsv(doc)).flat();

    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).toContain("'+44 staff short; -10% budget; @head of service to decide");
    expect(cells).toContain("'-1 placement");
    expect(cells).toContain("'\tStarts with a tab");
    expect(cells).toContain("'\rStarts with a carriage return");
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(cells).toContain(UNICODE);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['a=1', 'a=1'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('neutralises %j as %j', (input, output) => {
    expect(neutraliseFormula(input)).toBe(output);
  });

  it('lists the exception of each action in the briefing', () => {
    const doc = aSampleDocument('chairs-briefing');

    const [header, ...rows] = read(renderCsv(doc));
    const at = header!.indexOf('Exception');

    expect(rows.map((r) => r[at]).filter(Boolean)).toHaveLength(doc.exceptions.length);
  });

  it('reads back any text as written, once neutralised', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (summary, title) => {
        const doc = aReportDocument('draft', [aReportRow('1.1', { summary, title })]);

        const [header, row] = read(renderCsv(doc));

        expect(row![header!.indexOf('Summary')]).toBe(neutraliseFormula(summary));
        expect(row![header!.indexOf('Action')]).toBe(neutraliseFormula(title));
      }),
      { numRuns: 500 },
    );
  });
});
