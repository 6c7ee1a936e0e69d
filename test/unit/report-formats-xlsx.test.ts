import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { allRows, flatColumns, STATE_COLOURS } from '#reports/cells';
import type { ReportDocument } from '#reports/document';
import { renderXlsx } from '#reports/xlsx';
import { aReportDocument, aSampleDocument, FORMULA, syntheticRows, UNICODE } from '#support/report-document';

async function readXlsx(doc: ReportDocument): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await renderXlsx(doc)) as unknown as ArrayBuffer);
  return workbook;
}

const argb = (colour: string) => `FF${colour.slice(1).toUpperCase()}`;
const fillOf = (cell: ExcelJS.Cell) => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);

/** A sheet's rows after the first as arrays of cell text, as wide as the widest row ('' for an empty cell). */
function bodyRows(sheet: ExcelJS.Worksheet, width?: number): string[][] {
  const rows: string[][] = [];
  const columns = width ?? sheet.getRow(1).cellCount;
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Array.from({ length: Math.max(columns, row.cellCount) }, (_, i) => String(row.getCell(i + 1).value ?? '')));
  });
  return rows;
}

describe('the Excel report', () => {
  it.each([
    ['draft', ['Summary', 'Actions', 'Tracker', 'Notes']],
    ['chairs-briefing', ['Summary', 'Actions', 'Exceptions', 'To check']],
    ['final', ['Summary', 'Actions', 'Tracker', 'Notes']],
    ['board', ['Summary', 'Actions', 'Tracker', 'Notes']],
  ] as const)('has the sheets of the %s stage', async (stage, sheets) => {
    const workbook = await readXlsx(aSampleDocument(stage));

    expect(workbook.worksheets.map((s) => s.name)).toEqual(sheets);
  });

  it('has one row per action, with the flat columns, in reading order', async () => {
    const doc = aSampleDocument('final');
    const sheet = (await readXlsx(doc)).getWorksheet('Actions')!;

    const columns = flatColumns(doc);

    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(columns.map((c) => c.header));
    // Line ends as a cell has them: LF.
    expect(bodyRows(sheet)).toEqual(allRows(doc).map((row) => columns.map((c) => c.value(row).replace(/\r\n?/g, '\n'))));
  });

  it('freezes and filters the header row of the Actions sheet', async () => {
    const sheet = (await readXlsx(aSampleDocument('draft'))).getWorksheet('Actions')!;

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(JSON.stringify(sheet.autoFilter)).toMatch(/A1/);
  });

  it('fills each status cell in its colour, with its words in the colour that reads on it', async () => {
    const doc = aSampleDocument('draft');
    const sheet = (await readXlsx(doc)).getWorksheet('Actions')!;

    const statusAt = flatColumns(doc).findIndex((c) => c.header === 'Status') + 1;
    const rows = allRows(doc);

    rows.forEach((row, i) => {
      const cell = sheet.getRow(i + 2).getCell(statusAt);
      expect(cell.value).toBe(row.stateLabel);
      expect(fillOf(cell)).toBe(argb(STATE_COLOURS[row.state].background));
      expect(cell.font?.color?.argb).toBe(argb(STATE_COLOURS[row.state].text));
    });
  });

  it('keeps text that looks like a formula as text, and unicode as written', async () => {
    const sheet = (await readXlsx(aSampleDocument('draft'))).getWorksheet('Actions')!;

    const cells: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell)));

    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(cells.map((c) => c.value)).toContain(FORMULA);
    expect(cells.map((c) => c.value)).toContain(UNICODE);
  });

  it('wraps long text and gives columns room', async () => {
    const doc = aSampleDocument('draft');
    const sheet = (await readXlsx(doc)).getWorksheet('Actions')!;

    const summaryAt = flatColumns(doc).findIndex((c) => c.header === 'Summary') + 1;

    expect(sheet.getColumn(summaryAt).width).toBeGreaterThanOrEqual(30);
    expect(sheet.getRow(2).getCell(summaryAt).alignment?.wrapText).toBe(true);
    // The long summary of 1.1.1 needs its lines: a spreadsheet opened in LibreOffice keeps the height it is given.
    expect(sheet.getRow(2).height).toBeGreaterThan(60);
    expect(sheet.getRow(7).height ?? 15).toBeLessThanOrEqual(16);
  });

  it('sums up the headline, the response and the status by theme on the Summary sheet', async () => {
    const doc = aSampleDocument('draft');
    const sheet = (await readXlsx(doc)).getWorksheet('Summary')!;

    const rows = bodyRows(sheet).map((r) => r.filter((cell, i) => cell !== '' || i === 0));
    const find = (label: string) => rows.find((r) => r[0] === label);
    const themeHeader = rows.findIndex((r) => r[0] === 'Theme');

    expect(rows[0]).toEqual(['Corporate Parenting Board, 22 June 2026']);
    for (const figure of doc.headline) expect(find(figure.label)?.[1]).toBe(String(figure.count));
    expect(find('Total')?.[1]).toBe('10');
    expect(find('Actions with an update')?.slice(0, 4)).toEqual(['Actions with an update', '7', 'of 10', '70%']);
    expect(find('Improved')?.[1]).toBe('2');
    expect(rows.slice(themeHeader + 1)).toEqual(
      doc.themeSummaries.map((t) => [t.theme, String(t.actions), ...t.byState.map((f) => String(f.count)), String(t.overdue)]),
    );
  });

  it("lists the chair's exceptions in order on their own sheet", async () => {
    const doc = aSampleDocument('chairs-briefing');
    const sheet = (await readXlsx(doc)).getWorksheet('Exceptions')!;

    expect(bodyRows(sheet).map((r) => [r[0], r[2]])).toEqual(
      doc.exceptions.map((e) => [{ off_track: 'Off track', at_risk: 'At risk', overdue: 'Overdue', no_update: 'No update received' }[e.kind], e.row.ref]),
    );
  });

  it('has one tracker row per owner', async () => {
    const doc = aSampleDocument('draft');
    const sheet = (await readXlsx(doc)).getWorksheet('Tracker')!;

    expect(bodyRows(sheet).map((r) => [r[0], r[2]])).toEqual(doc.tracker.map((t) => [t.owner, String(t.actions)]));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('marks the changes since the draft in the final report', async () => {
    const doc = aSampleDocument('final');
    const sheet = (await readXlsx(doc)).getWorksheet('Actions')!;

    const changedAt = flatColumns(doc).findIndex((c) => c.header === 'Changed since draft') + 1;

    expect(changedAt).toBeGreaterThan(0);
    expect(sheet.getRow(2).getCell(changedAt).value).toBe('Status: was "At risk", now "On track"');
    expect(flatColumns(aSampleDocument('draft')).some((c) => c.header === 'Changed since draft')).toBe(false);
  });

  it('dates the workbook when the report was compiled, and gives the same bytes for the same document', async () => {
    const doc = aSampleDocument('board');

    const workbook = await readXlsx(doc);
    const first = await renderXlsx(doc);
    const second = await renderXlsx(doc);

    expect(workbook.created.toISOString()).toBe(doc.generatedAt);
    expect(workbook.modified.toISOString()).toBe(doc.generatedAt);
    expect(second.equals(first)).toBe(true);
  });

  it('holds every one of 2,000 actions once', async () => {
    const doc = aReportDocument('final', syntheticRows(2_000, true));
    const sheet = (await readXlsx(doc)).getWorksheet('Actions')!;

    const refAt = flatColumns(doc).findIndex((c) => c.header === 'Ref');

    expect(bodyRows(sheet).map((r) => r[refAt])).toEqual(allRows(doc).map((r) => r.ref));
  });
});
