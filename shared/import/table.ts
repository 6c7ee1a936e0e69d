/**
 * Low-level reading of a plan/people spreadsheet into a grid of cells (issue 3).
 *
 * `readTable` knows nothing about headers or actions: it turns a `.xlsx`, `.csv` or `.tsv` file into
 * rows of cells, keeping the sheet's row numbering so later messages can say "row 12".
 *
 * Cell conventions (the importer relies on these):
 * - Strings are trimmed; inner line breaks are kept as `\n` (CRLF, CR and Word's vertical tab become `\n`);
 *   non-breaking spaces become spaces. An empty or whitespace-only cell is `null`.
 * - CSV/TSV cells are always strings (or null): nothing is converted to a number or a date.
 * - XLSX: numbers stay numbers; booleans become 'TRUE'/'FALSE'; error cells (#N/A …) are null; formulas give
 *   their cached result; rich text and hyperlinks give their plain text.
 * - XLSX dates are JS `Date`s as exceljs builds them: the sheet's date/time taken as if it were UTC
 *   (a plain date is UTC midnight). Read the calendar date with the UTC getters (`getUTCFullYear`,
 *   `getUTCMonth`, `getUTCDate`) or `toISOString().slice(0, 10)` — never the local-time getters.
 *   A number in a date-formatted cell (a serial) is a Date too. Text that looks like a date ('Jul-12') is text.
 * - Rows are ragged: each row's trailing nulls are trimmed, a blank row is `[]`; read cells as `row[c] ?? null`.
 *   Trailing blank rows are dropped; leading and inner blank rows are kept so `rows[i]` is sheet row i+1.
 * - Merged ranges: every cell of the range inside the data area holds the master (top-left) value, and the
 *   range (as stored in the sheet, 0-based inclusive) is listed in `merges`.
 */
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../lazy/exceljs.ts';
import { loadIconv } from '../lazy/iconv.ts';
import { ImportError } from '#domain/errors';

export type CellValue = string | number | Date | null;

export interface Table {
  fileName: string; // as given
  sheet: string | null; // worksheet name for xlsx, null for csv/tsv
  /** rows[i] is sheet row / CSV record i+1 — numbering is preserved: blank rows stay as [] (or all-null). */
  rows: CellValue[][];
  /** Merged ranges as 0-based inclusive {top,left,bottom,right}; empty for csv/tsv. */
  merges: Array<{ top: number; left: number; bottom: number; right: number }>;
}

type Merge = Table['merges'][number];

const SAVE_AS = 'save it as .xlsx (Excel Workbook) or "CSV UTF-8", then import that file';

/** Why a file with this extension can't be read, and what to do instead. */
const UNSUPPORTED: Record<string, string> = {
  '.xls': `old Excel 97-2003 files can't be read; open it in Excel and "Save As" .xlsx or CSV UTF-8`,
  '.xlsm': `macro-enabled workbooks aren't accepted; open it in Excel and "Save As" .xlsx (Excel Workbook)`,
  '.xlsb': `Excel binary workbooks can't be read; open it in Excel and "Save As" .xlsx (Excel Workbook)`,
  '.xltx': `Excel templates aren't accepted; open it in Excel and "Save As" .xlsx (Excel Workbook)`,
  '.ods': `OpenDocument spreadsheets can't be read; open it in LibreOffice/Excel and "Save As" .xlsx or CSV UTF-8`,
  '.numbers': `Apple Numbers files can't be read; in Numbers use File > Export To > Excel (.xlsx) or CSV`,
  '.doc': `Word documents can't be read; copy the action-plan table into Excel and ${SAVE_AS}`,
  '.docx': `Word documents can't be read; copy the action-plan table into Excel and ${SAVE_AS}`,
  '.odt': `text documents can't be read; copy the action-plan table into a spreadsheet and ${SAVE_AS}`,
  '.rtf': `text documents can't be read; copy the action-plan table into Excel and ${SAVE_AS}`,
  '.pdf': `PDF files can't be read; copy the action-plan table from the original document into Excel and ${SAVE_AS}`,
  '.txt': `.txt files aren't accepted; if it is Excel's "Unicode Text" (tab-separated) export, rename it to .tsv, otherwise open it in Excel and ${SAVE_AS}`,
};

export async function readTable(fileName: string, content: Buffer, options?: { sheet?: string }): Promise<Table> {
  const ext = extname(fileName).toLowerCase();
  switch (ext) {
    case '.xlsx':
      return readXlsx(fileName, content, options?.sheet);
    case '.csv':
      return readDelimited(fileName, content, ',');
    case '.tsv':
      return readDelimited(fileName, content, '\t');
    case '':
      throw new ImportError(`${fileName}: the file name has no extension, so its format is unknown; name it .xlsx, .csv or .tsv to match its contents`, null);
    default:
      throw new ImportError(`${fileName}: ${UNSUPPORTED[ext] ?? `${ext} files can't be read; ${SAVE_AS} (.tsv is accepted too)`}`, null);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Cell text

/** Trim, normalise line breaks and odd spaces; blank → null. */
function cleanText(s: string): string | null {
  const t = s
    .replace(/\r\n?|\v/g, '\n')
    .replace(/[\u00A0\u2007\u202F]/g, ' ')
    .trim();
  return t === '' ? null : t;
}

/** Drop trailing nulls, so a blank row is []. */
function trimRow(row: CellValue[]): CellValue[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === null) end--;
  if (end < row.length) row.length = end;
  return row;
}

function dropTrailingBlankRows(rows: CellValue[][]): CellValue[][] {
  let end = rows.length;
  while (end > 0 && rows[end - 1]!.length === 0) end--;
  rows.length = end;
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// CSV / TSV

const startsWith = (buf: Buffer, ...bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/**
 * Decode bytes as text: BOM (UTF-8/UTF-16), else UTF-8 if valid, else Windows-1252 (by
 * iconv-lite, loaded then: Node 20's TextDecoder reads windows-1252 as Latin-1).
 */
async function decodeText(content: Buffer): Promise<string> {
  if (startsWith(content, 0xef, 0xbb, 0xbf)) return content.subarray(3).toString('utf8');
  if (startsWith(content, 0xff, 0xfe)) return content.subarray(2).toString('utf16le');
  if (startsWith(content, 0xfe, 0xff)) return (await loadIconv()).decode(content.subarray(2), 'utf16be');
  if (looksLikeUtf16le(content)) return content.toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return (await loadIconv()).decode(content, 'win1252');
  }
}

/** UTF-16LE without a BOM: mostly-ASCII text has a zero in every odd byte. */
function looksLikeUtf16le(content: Buffer): boolean {
  const n = Math.min(content.length, 512) & ~1;
  if (n < 4) return false;
  let oddZeros = 0;
  let evenZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (content[i] === 0) evenZeros++;
    if (content[i + 1] === 0) oddZeros++;
  }
  return oddZeros >= (n / 2) * 0.9 && evenZeros === 0;
}

function notTextMessage(fileName: string, content: Buffer): string | null {
  if (startsWith(content, 0x50, 0x4b, 0x03, 0x04)) {
    return `${fileName}: this looks like an Excel workbook (.xlsx) with a text-file name; rename it to .xlsx, or open it in Excel and "Save As" CSV UTF-8`;
  }
  if (startsWith(content, 0xd0, 0xcf, 0x11, 0xe0)) {
    return `${fileName}: this looks like an old Excel 97-2003 (.xls) or Word file with a text-file name; open it in Excel and "Save As" CSV UTF-8`;
  }
  if (startsWith(content, 0x25, 0x50, 0x44, 0x46)) {
    return `${fileName}: this is a PDF, not a CSV file; copy the action-plan table into Excel and ${SAVE_AS}`;
  }
  return null;
}

async function readDelimited(fileName: string, content: Buffer, defaultDelimiter: ',' | '\t'): Promise<Table> {
  const binary = notTextMessage(fileName, content);
  if (binary) throw new ImportError(binary, null);

  const text = (await decodeText(content)).replace(/\r\n?/g, '\n');
  // Control characters (other than tab, line breaks, vertical tab / form feed) mean this isn't text at all.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F]/g)?.length ?? 0;
  if (text.includes('\u0000') || controls > Math.max(2, text.length / 100)) {
    throw new ImportError(`${fileName}: this is not a text (CSV) file; open the plan in Excel and ${SAVE_AS}`, null);
  }

  const delimiter = defaultDelimiter === ',' ? sniffCsvDelimiter(text) : '\t';
  let lastLine = 0;
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      record_delimiter: '\n',
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (record: string[], context: { lines: number }) => {
        lastLine = context.lines;
        return record;
      },
    }) as string[][];
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportError(
        `${fileName}: line ${lastLine + 1} opens a quoted cell (") that is never closed, so the rest of the file can't be split into cells; ` +
          `fix the quotes in that row, or open the file in Excel and "Save As" CSV UTF-8 again`,
        null,
      );
    }
    throw new ImportError(
      `${fileName}: cannot be read as ${delimiter === '\t' ? 'tab-separated text' : 'CSV'} near line ${lastLine + 1} ` +
        `(${err.message ?? String(e)}); open it in Excel and "Save As" CSV UTF-8 again`,
      null,
    );
  }

  const rows = records.map((record) => trimRow(record.map(cleanText)));
  return { fileName, sheet: null, rows: dropTrailingBlankRows(rows), merges: [] };
}

/**
 * A ".csv" is comma-separated, but Excel in some locales writes ';', and "Unicode Text" exports use tabs.
 * Look at the first non-blank line (outside quotes) and switch only when it has no commas at all.
 */
function sniffCsvDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let inQuotes = false;
  let seen = false;
  for (let i = 0; i < text.length && i < 65_536; i++) {
    const ch = text[i]!;
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') {
      if (seen) break;
    } else if (!inQuotes && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
    else if (ch.trim() !== '') seen = true;
  }
  if (counts[','] > 0) return ',';
  if (counts['\t'] > 0 && counts['\t'] >= counts[';']) return '\t';
  if (counts[';'] > 0) return ';';
  return ',';
}

// ---------------------------------------------------------------------------------------------------------
// XLSX

async function readXlsx(fileName: string, content: Buffer, sheetName: string | undefined): Promise<Table> {
  const invalid = (why: string) =>
    new ImportError(`${fileName} is not a valid .xlsx workbook (${why}); open it in Excel and "Save As" .xlsx (Excel Workbook) or CSV UTF-8`, null);

  if (startsWith(content, 0xd0, 0xcf, 0x11, 0xe0)) {
    throw new ImportError(
      `${fileName} is not a valid .xlsx workbook: it is either password-protected or an old Excel 97-2003 file renamed to .xlsx; ` +
        `remove the password (File > Info > Protect Workbook) or open it in Excel and "Save As" .xlsx`,
      null,
    );
  }
  if (!startsWith(content, 0x50, 0x4b, 0x03, 0x04)) {
    const head = content.subarray(0, 2048).toString('latin1');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const looksCsv = head.length > 0 && !/[\u0000-\u0008\u000E-\u001F]/.test(head) && /[,\t;]/.test(head);
    throw invalid(looksCsv ? 'it looks like CSV text — rename it to .csv' : 'the file is not a zip archive');
  }

  const { Workbook, ValueType } = await loadExcelJS();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (e) {
    throw invalid(`the workbook could not be opened: ${(e as Error)?.message ?? String(e)}`);
  }

  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw invalid('it contains no worksheets');

  let worksheet: ExcelJS.Worksheet | undefined;
  if (sheetName !== undefined) {
    const wanted = sheetName.trim().toLowerCase();
    worksheet = sheets.find((s) => s.name.trim().toLowerCase() === wanted);
    if (!worksheet) {
      throw new ImportError(
        `${fileName} has no sheet named "${sheetName}"; its sheets are ${sheets.map((s) => `"${s.name}"`).join(', ')} — pass one of these with --sheet`,
        null,
      );
    }
  } else {
    // The first sheet in tab order; a hidden first sheet (lookup lists and the like) is passed over.
    worksheet = sheets.find((s) => s.state === undefined || s.state === 'visible') ?? sheets[0]!;
  }

  const date1904 = Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);
  return readWorksheet(fileName, worksheet, date1904, ValueType.Merge);
}

function readWorksheet(fileName: string, worksheet: ExcelJS.Worksheet, date1904: boolean, mergeType: ExcelJS.ValueType): Table {
  const grid: CellValue[][] = [];
  let lastRow = 0; // 1-based extent of real (non-null) values
  let lastCol = 0;

  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let out: CellValue[] | undefined;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      if (cell.type === mergeType) return; // filled from its master below
      let value = cellValue(cell.value);
      if (typeof value === 'number' && isDateFormat(cell.numFmt)) value = serialToDate(value, date1904);
      if (value === null) return;
      if (!out) out = grid[rowNumber - 1] = [];
      while (out.length < colNumber - 1) out.push(null);
      out[colNumber - 1] = value;
      if (rowNumber > lastRow) lastRow = rowNumber;
      if (colNumber > lastCol) lastCol = colNumber;
    });
  });

  const rows: CellValue[][] = new Array(lastRow);
  for (let r = 0; r < lastRow; r++) rows[r] = grid[r] ?? [];

  const merges = readMerges(worksheet);
  for (const m of merges) {
    const master = rows[m.top]?.[m.left] ?? null;
    if (master === null) continue;
    const bottom = Math.min(m.bottom, lastRow - 1);
    const right = Math.min(m.right, lastCol - 1);
    for (let r = m.top; r <= bottom; r++) {
      const row = rows[r]!;
      while (row.length <= right) row.push(null);
      for (let c = m.left; c <= right; c++) row[c] = master;
    }
  }
  for (const row of rows) trimRow(row);

  return { fileName, sheet: worksheet.name, rows: dropTrailingBlankRows(rows), merges };
}

/** Merged ranges, 0-based, sorted top-to-bottom then left-to-right. */
function readMerges(worksheet: ExcelJS.Worksheet): Merge[] {
  // exceljs keeps merges in `_merges` (master address → Range with 1-based top/left/bottom/right); the public
  // `model.merges` ("A1:B2" strings) re-serialises the whole sheet, so it is only the fallback.
  const internal = (worksheet as unknown as { _merges?: Record<string, Partial<Merge> | undefined> })._merges;
  const ranges: Merge[] = [];
  if (internal && typeof internal === 'object') {
    for (const range of Object.values(internal)) {
      if (!range) continue;
      const { top, left, bottom, right } = range;
      if ([top, left, bottom, right].every((n) => typeof n === 'number' && n >= 1)) {
        ranges.push({ top: top! - 1, left: left! - 1, bottom: bottom! - 1, right: right! - 1 });
      }
    }
  } else {
    for (const ref of worksheet.model.merges ?? []) {
      const parsed = parseRange(ref);
      if (parsed) ranges.push(parsed);
    }
  }
  return ranges.sort((a, b) => a.top - b.top || a.left - b.left);
}

function parseRange(ref: string): Merge | null {
  const m = /^\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)$/i.exec(ref.trim());
  if (!m) return null;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { top: Number(m[2]) - 1, left: col(m[1]!), bottom: Number(m[4]) - 1, right: col(m[3]!) };
}

/** An exceljs cell value → our CellValue (see the conventions at the top of this file). */
function cellValue(v: ExcelJS.CellValue | undefined): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return cleanText(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v !== 'object') return null;
  if ('richText' in v && Array.isArray(v.richText)) return cleanText(v.richText.map((run) => run?.text ?? '').join(''));
  if ('hyperlink' in v || ('text' in v && !('formula' in v) && !('sharedFormula' in v))) {
    const text = (v as { text?: unknown }).text;
    if (typeof text === 'string') return cleanText(text);
    if (text && typeof text === 'object') return cellValue(text as ExcelJS.CellValue);
    const link = (v as { hyperlink?: unknown }).hyperlink;
    return typeof link === 'string' ? cleanText(link) : null;
  }
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result !== null && typeof result === 'object' && !(result instanceof Date) && 'error' in result) return null;
    return cellValue(result as ExcelJS.CellValue);
  }
  return null; // { error: '#N/A' } and anything unknown
}

/** The same test exceljs uses when loading (y/m/d/h/s outside quotes and [..] sections), less its false positives. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  const bare = fmt
    .replace(/\[[^\]]*]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '');
  return /[ymdhs]/i.test(bare);
}

/** Excel serial (days since 1899-12-30, or 1904-01-01) → Date whose UTC fields are the sheet's date/time. */
function serialToDate(serial: number, date1904: boolean): Date | number {
  const ms = Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? serial : date;
}
