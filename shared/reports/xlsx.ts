/**
 * The report as an Excel workbook (exceljs, streaming writer: rows go to the zip as they are
 * written, so 10,000 actions take well under a second): a Summary sheet (headline, response,
 * trends, status by theme), an Actions sheet one row per action with a frozen header and
 * filters, status cells filled in their colour with their words, and, as the stage's layout
 * has them, Exceptions, To check (the evidence checks' flags), Tracker and Notes sheets. Text stays text: a cell is never a formula.
 */
import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy/exceljs.ts';
import { allRows, checksText, EXCEPTION_LABELS, flatColumns, formatInstant, formatDue, londonWallClock, STATE_COLOURS, TREND_LABELS } from './cells.ts';
import { type ReportDocument, type RowState, STAGE_LAYOUTS } from './document.ts';
import { pinZipTimes } from './zip.ts';

const argb = (hex: string) => `FF${hex.slice(1).toUpperCase()}`;
/** A cell breaks lines at LF; a lone CR would be read back as LF anyway (XML line-end handling). */
const lineEnds = (text: string) => (text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text);

/** One shared style object per state, so the writer serialises each style once. */
const STATE_STYLES = Object.fromEntries(
  Object.entries(STATE_COLOURS).map(([state, c]) => [
    state,
    {
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(c.background) } },
      font: { name: 'Arial', size: 10, color: { argb: argb(c.text) }, bold: true },
      alignment: { vertical: 'top', wrapText: true },
    } satisfies Partial<ExcelJS.Style>,
  ]),
) as Record<RowState, Partial<ExcelJS.Style>>;

const ALL_WRAPPED = Array.from({ length: 10 }, () => true);

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { name: 'Arial', size: 10, bold: true, color: { argb: 'FFFFFFFF' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0B0C0C' } },
  alignment: { vertical: 'top', wrapText: true },
};
const WRAP: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
const FONT: Partial<ExcelJS.Font> = { name: 'Arial', size: 10 };
const BOLD: Partial<ExcelJS.Font> = { ...FONT, bold: true };
// Shared style objects: the writer remembers a style by its object, and serialises a new
// object's style to find its number, which for 200,000 cells is most of the time it takes.
const WRAPPED: Partial<ExcelJS.Style> = { font: FONT, alignment: WRAP };
const PLAIN: Partial<ExcelJS.Style> = { font: FONT };
const UNWRAPPED: Partial<ExcelJS.Style> = { font: FONT, alignment: { vertical: 'top' } };

const LINE_HEIGHT = 13; // points, for 10 pt Arial
const MAX_HEIGHT = 409; // Excel's tallest row

/**
 * A row's height for its wrapped text. Excel keeps the height a file gives and LibreOffice
 * does not fit rows of an .xlsx on opening, so without one a wrapped cell shows one line.
 * Estimated from the text: a column `width` wide holds about that many characters of 10 pt Arial.
 */
function heightFor(values: readonly string[], widths: readonly number[], wrapped: readonly boolean[]): number | undefined {
  let lines = 1;
  for (let i = 0; i < values.length; i++) {
    if (!wrapped[i] || !values[i]) continue;
    let n = 0;
    for (const paragraph of values[i]!.split('\n')) n += Math.max(1, Math.ceil(paragraph.length / Math.max(1, widths[i]! * 1.1 - 1)));
    if (n > lines) lines = n;
  }
  return lines > 1 ? Math.min(MAX_HEIGHT, lines * LINE_HEIGHT + 3) : undefined;
}

/** A sheet with a frozen, filtered header row. */
function tableSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Array<{ header: string; width: number }>,
  pagesAcross = 1,
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
    // Printed: landscape A4, the columns on `pagesAcross` pages, the header on each page.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: pagesAcross, fitToHeight: 0, printTitlesRow: '1:1' },
  });
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.getRow(1);
  header.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  header.commit();
  return sheet;
}

function summarySheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const layout = STAGE_LAYOUTS[doc.stage];
  const states = doc.headline.map((f) => f.state);
  const sheet = workbook.addWorksheet('Summary', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 34 }, { width: 14 }, ...states.map(() => ({ width: 13 })), { width: 10 }];
  const add = (values: Array<string | number | null>, style?: (cell: ExcelJS.Cell, n: number) => void) => {
    const row = sheet.addRow(values);
    row.eachCell((cell, n) => {
      cell.style = PLAIN;
      style?.(cell, n);
    });
    row.commit();
  };
  const heading = (text: string) =>
    add([text], (cell) => {
      cell.style = { ...PLAIN, font: { ...FONT, bold: true, size: 13 } };
    });
  add([doc.title], (cell) => {
    cell.style = { ...PLAIN, font: { ...FONT, bold: true, size: 16 } };
  });
  add([`${doc.meeting.name}, ${formatDue(doc.meeting.date)}`]);
  add([`Compiled ${formatInstant(doc.generatedAt)} (UK time)`]);
  add([]);
  heading('Headline');
  add(['Status', 'Actions'], (cell) => {
    cell.style = { ...PLAIN, font: BOLD };
  });
  for (const figure of doc.headline) {
    add([figure.label, figure.count], (cell, n) => {
      if (n === 1) cell.style = STATE_STYLES[figure.state];
    });
  }
  add(['Total', doc.headline.reduce((sum, f) => sum + f.count, 0)], (cell) => {
    cell.style = { ...PLAIN, font: BOLD };
  });
  add([]);
  if (layout.includes('response') || layout.includes('one-page-summary')) {
    const { actions, answered, ownersAsked, ownersAnswered } = doc.response;
    heading('Response');
    add(['Actions with an update', answered, `of ${actions}`, actions ? `${Math.round((answered / actions) * 100)}%` : '']);
    add(['Owners who answered', ownersAnswered, `of ${ownersAsked}`, ownersAsked ? `${Math.round((ownersAnswered / ownersAsked) * 100)}%` : '']);
    add(['Overdue actions', doc.overdue.length]);
    add(['Updates to check (evidence checks)', doc.toCheck.length]);
    add([]);
  }
  if (layout.includes('trends')) {
    heading('Status since the last cycle');
    for (const [trend, label] of Object.entries(TREND_LABELS)) add([label, doc.trends[trend as keyof typeof TREND_LABELS]]);
    add([]);
  }
  heading('Status by theme');
  add(['Theme', 'Actions', ...doc.headline.map((f) => f.label), 'Overdue'], (cell, n) => {
    const state = states[n - 3];
    cell.style = state ? { ...STATE_STYLES[state], alignment: WRAP } : { font: BOLD, alignment: WRAP };
  });
  for (const theme of doc.themeSummaries) {
    const counts = new Map(theme.byState.map((f) => [f.state, f.count]));
    add([theme.theme, theme.actions, ...states.map((s) => counts.get(s) ?? 0), theme.overdue], (cell, n) => {
      if (n === 1) cell.style = WRAPPED;
    });
  }
  sheet.commit();
}

function actionsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const columns = flatColumns(doc);
  const sheet = tableSheet(workbook, 'Actions', columns, 2);
  const statusAt = columns.findIndex((c) => c.header === 'Status') + 1;
  const wrapped = columns.map((c) => c.wrap === true);
  const widths = columns.map((c) => c.width);
  for (const row of allRows(doc)) {
    const values = columns.map((c) => lineEnds(c.value(row)));
    writeRow(sheet, values, widths, (n) => (n === statusAt ? STATE_STYLES[row.state] : wrapped[n - 1] ? WRAPPED : UNWRAPPED), wrapped);
  }
  sheet.commit();
}

/**
 * One data row of a table sheet: each cell styled by its 1-based column (`styleAt`), the row as
 * tall as its wrapped text needs in columns of these `widths`, committed to the stream.
 */
function writeRow(
  sheet: ExcelJS.Worksheet,
  values: ReadonlyArray<string | number>,
  widths: readonly number[],
  styleAt: (column: number) => Partial<ExcelJS.Style>,
  wrapped: readonly boolean[] = ALL_WRAPPED,
): void {
  const line = sheet.addRow([...values]);
  line.eachCell({ includeEmpty: true }, (cell, n) => {
    cell.style = styleAt(n);
  });
  const height = heightFor(
    values.map((v) => (typeof v === 'string' ? v : String(v))),
    widths,
    wrapped,
  );
  if (height) line.height = height;
  line.commit();
}

function exceptionsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const columns = [
    { header: 'Exception', width: 18 },
    { header: 'Theme', width: 22 },
    { header: 'Ref', width: 9 },
    { header: 'Action', width: 36 },
    { header: 'Status', width: 20 },
    { header: 'Summary', width: 45 },
    { header: 'Risks', width: 40 },
  ];
  const sheet = tableSheet(workbook, 'Exceptions', columns);
  const widths = columns.map((c) => c.width);
  for (const { kind, row } of doc.exceptions) {
    const values = [EXCEPTION_LABELS[kind], row.theme, row.ref, row.title, row.stateLabel, row.summary ?? '', row.risks ?? ''].map(lineEnds);
    writeRow(sheet, values, widths, (n) => (n === 5 ? STATE_STYLES[row.state] : WRAPPED));
  }
  sheet.commit();
}

/** The updates the evidence checks flagged, one row each with every reason (the chair's briefing). */
function checksSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const columns = [
    { header: 'Theme', width: 22 },
    { header: 'Ref', width: 9 },
    { header: 'Action', width: 36 },
    { header: 'Owners', width: 24 },
    { header: 'Status', width: 20 },
    { header: 'To check', width: 60 },
  ];
  const sheet = tableSheet(workbook, 'To check', columns);
  const widths = columns.map((c) => c.width);
  for (const row of doc.toCheck) {
    const values = [row.theme, row.ref, row.title, row.owners, row.stateLabel, checksText(row)].map(lineEnds);
    writeRow(sheet, values, widths, (n) => (n === 5 ? STATE_STYLES[row.state] : WRAPPED));
  }
  sheet.commit();
}

function trackerSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const columns = [
    { header: 'Owner', width: 24 },
    { header: 'Email', width: 34 },
    { header: 'Actions', width: 9 },
    { header: 'Asked', width: 20 },
    { header: 'Reminded', width: 22 },
    { header: 'Answered', width: 20 },
    { header: 'Bounced', width: 9 },
    { header: 'Out of office', width: 12 },
    { header: 'Held replies', width: 11 },
  ];
  const sheet = tableSheet(workbook, 'Tracker', columns);
  const widths = columns.map((c) => c.width);
  const when = (iso: string | null) => (iso ? formatInstant(iso) : '');
  for (const t of doc.tracker) {
    const values = [
      t.owner,
      t.email ?? '',
      t.actions,
      when(t.askedAt),
      t.remindedAt.map(formatInstant).join('\n'),
      t.answeredAt ? when(t.answeredAt) : 'Not answered',
      t.bounced ? 'Yes' : 'No',
      t.outOfOffice ? 'Yes' : 'No',
      t.held,
    ];
    writeRow(sheet, values, widths, () => WRAPPED);
  }
  sheet.commit();
}

function notesSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument): void {
  const columns = [
    { header: 'Owner', width: 24 },
    { header: 'Kind', width: 14 },
    { header: 'Received', width: 20 },
    { header: 'Text', width: 80 },
  ];
  const sheet = tableSheet(workbook, 'Notes', columns);
  const widths = columns.map((c) => c.width);
  for (const note of doc.notes) {
    const values = [note.owner, note.kind === 'auto-reply' ? 'Automatic reply' : 'Note', formatInstant(note.receivedAt), lineEnds(note.text)];
    writeRow(sheet, values, widths, () => WRAPPED);
  }
  sheet.commit();
}

/** The document as an .xlsx file; the same document gives the same bytes. */
export async function renderXlsx(doc: ReportDocument): Promise<Buffer> {
  const layout = STAGE_LAYOUTS[doc.stage];
  const { stream: excelStream } = await loadExcelJS();
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Inline strings: a shared-strings table would hold every cell's text in memory until the end.
  const workbook = new excelStream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'PlanPulse';
  workbook.title = doc.title;
  workbook.created = new Date(doc.generatedAt);
  workbook.modified = new Date(doc.generatedAt);
  summarySheet(workbook, doc);
  actionsSheet(workbook, doc);
  if (layout.includes('exceptions')) exceptionsSheet(workbook, doc);
  if (layout.includes('checks')) checksSheet(workbook, doc);
  if (layout.includes('tracker')) trackerSheet(workbook, doc);
  if (layout.includes('notes')) notesSheet(workbook, doc);
  await workbook.commit();
  await done;
  return pinZipTimes(Buffer.concat(chunks), londonWallClock(doc.generatedAt));
}
