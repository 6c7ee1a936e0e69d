/**
 * Every format marks the updates the evidence checks flagged, in words (never by colour
 * alone), the way it marks a change since the draft: the HTML and Word evidence cell says
 * "To check: <reason>", Excel and CSV have a "To check" column, and the chair's briefing lists
 * them under "Updates to check" after the exceptions. The sample document's 1.2.2 carries two flags.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ReportStage } from '#domain/model';
import { renderCsv } from '#reports/csv';
import { renderDocx } from '#reports/docx';
import { emailBlocks, renderReportPage } from '#reports/html';
import { renderXlsx } from '#reports/xlsx';
import { readZip } from '#reports/zip';
import { aReportDocument, aReportRow, aSampleDocument } from '#support/report-document';

const TARGET = 'Complete, but the update does not say whether the target (95%) was met.';
const REPEATED = 'The summary is the same as in the previous cycle (Q4 2025/26).';
const STAGES: ReportStage[] = ['draft', 'chairs-briefing', 'final', 'board'];

const docxText = async (stage: ReportStage) =>
  readZip(await renderDocx(aSampleDocument(stage)))
    .get('word/document.xml')!
    .toString('utf8')
    .replace(/<w:br\/>/g, '\n')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '');

describe('flagged updates in the reports', () => {
  it.each(['draft', 'final', 'board'] as const)('marks the flags in words in the evidence cell of the %s page', (stage) => {
    // Act
    const html = renderReportPage(aSampleDocument(stage));

    // Assess
    const table = html.slice(html.indexOf('by theme and objective'));
    const row = table.slice(table.indexOf('<strong>1.2.2</strong>'), table.indexOf('</tr>', table.indexOf('<strong>1.2.2</strong>')));
    expect(row).toContain(`<strong>To check:</strong> ${TARGET}`);
    expect(row).toContain(`<strong>To check:</strong> ${REPEATED}`);
    expect(table.match(/To check:/g)).toHaveLength(2);
  });

  it("lists the flagged updates after the exceptions in the chair's briefing, with owners and every reason", () => {
    // Act
    const html = renderReportPage(aSampleDocument('chairs-briefing'));

    // Assess
    const at = html.indexOf('Updates to check (1)');
    expect(at).toBeGreaterThan(html.indexOf('Exceptions ('));
    expect(at).toBeLessThan(html.indexOf('>Themes<'));
    expect(html.slice(at)).toContain(`Lorna Beedham</td>`);
    expect(html.slice(at)).toContain(`${TARGET}<br>${REPEATED}`);
  });

  it('says so when nothing needs checking', () => {
    // Act
    const html = renderReportPage(aReportDocument('chairs-briefing', [aReportRow('1.1')]));

    // Assess
    expect(html).toContain('Updates to check (0)');
    expect(html).toContain('None: every update passed the evidence checks.');
  });

  it("counts them in the briefing's email", () => {
    // Act
    const lines = emailBlocks(aSampleDocument('chairs-briefing'), [], true).flatMap((b) => b.lines);

    // Assess
    expect(lines).toContain('Updates to check (the evidence checks): 1, listed after the exceptions.');
  });

  it.each(STAGES)('says the flags in words in the Word %s (the evidence cell, or the briefing’s list)', async (stage) => {
    // Act
    const text = await docxText(stage);

    // Assess
    expect(text).toContain(`To check: ${TARGET}`);
    expect(text).toContain(`To check: ${REPEATED}`);
  });

  it("has the briefing's Word section after the exceptions", async () => {
    // Act
    const text = await docxText('chairs-briefing');

    // Assess
    const at = text.indexOf('Updates to check\n');
    expect(at).toBeGreaterThan(text.indexOf('Exceptions\n'));
    expect(text.slice(at)).toMatch(/1\.2\.2 Action 1\.2\.2 +Complete +Lorna Beedham/);
  });

  it('has a "To check" column in the CSV, one reason per line', () => {
    // Act
    const [header, ...rows] = parse(renderCsv(aSampleDocument('draft')), { bom: true }) as string[][];

    // Assess
    const at = header!.indexOf('To check');
    expect(at).toBeGreaterThan(-1);
    expect(rows.filter((r) => r[at])).toEqual([expect.arrayContaining(['1.2.2', `${TARGET}\n${REPEATED}`])]);
  });

  it('has a "To check" column in Excel\'s Actions sheet and a To check sheet in the briefing', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(aSampleDocument('chairs-briefing'))) as unknown as ArrayBuffer);

    // Act
    const actions = workbook.getWorksheet('Actions')!;
    const checks = workbook.getWorksheet('To check')!;

    // Assess
    const at = (actions.getRow(1).values as unknown[]).indexOf('To check');
    const flagged: string[] = [];
    actions.eachRow((row, n) => {
      if (n > 1 && row.getCell(at).value) flagged.push(String(row.getCell(3).value));
    });
    expect(flagged).toEqual(['1.2.2']);
    expect((checks.getRow(1).values as unknown[]).slice(1)).toEqual(['Theme', 'Ref', 'Action', 'Owners', 'Status', 'To check']);
    expect((checks.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Education and learning',
      '1.2.2',
      'Action 1.2.2',
      'Lorna Beedham',
      'Complete',
      `${TARGET}\n${REPEATED}`,
    ]);
  });
});
