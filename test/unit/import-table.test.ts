import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '#domain/errors';
import { readTable, type CellValue, type Table } from '#import/table';

const shared = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url));
const own = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));

const CLA_2012 = 'nottinghamshire-cla-2012.xlsx';
const PROMISE_2011 = 'nottingham-promise-2011.csv';

interface Expected2012 {
  sheet: string;
  header_rows: number;
  header_row_1: string[];
  header_row_2: string[];
  merged_header_cells: string[];
  first_data_row: number;
  data_rows: number;
  action_numbers: number[];
}
const expected2012 = JSON.parse(shared('nottinghamshire-cla-2012.expected.json').toString('utf8')) as Expected2012;

/** "E1:G1" → 0-based inclusive range, the shape of Table['merges']. */
function range(ref: string): Table['merges'][number] {
  const [, c1, r1, c2, r2] = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref)!;
  const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { top: Number(r1) - 1, left: col(c1!), bottom: Number(r2) - 1, right: col(c2!) };
}

/** Counts CSV records straight from the text: line breaks outside double quotes (a final newline ends the last one). */
function countCsvRecords(text: string): number {
  let inQuotes = false;
  let records = 0;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === '\n' && !inQuotes) records++;
  }
  return text.endsWith('\n') ? records : records + 1;
}

async function importError(fileName: string, content: Buffer, options?: { sheet?: string }): Promise<ImportError> {
  try {
    await readTable(fileName, content, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error(`expected ${fileName} to be rejected`);
}

describe('readTable with the Nottinghamshire 2012 workbook', () => {
  it('reads the first sheet by name', async () => {
    // Act
    const table = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(table.fileName).toBe(CLA_2012);
    expect(table.sheet).toBe(expected2012.sheet);
  });

  it('reads 2 header rows and 44 data rows', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows).toHaveLength(expected2012.header_rows + expected2012.data_rows);
    expect(rows).toHaveLength(46);
  });

  it('fills the merged group heading E1:G1 into E1, F1 and G1', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows[0]?.slice(4, 7)).toEqual(Array(3).fill('How will we measure success?'));
  });

  it('reads the first header row as the source has it, merged cells filled', async () => {
    // Prepare
    const filled = expected2012.header_row_1.map((h, i) => (h === '' && i >= 4 && i <= 6 ? 'How will we measure success?' : h));

    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows[0]).toEqual(filled);
  });

  it('reads the sub-headings of the second header row, with the vertically merged headings repeated', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows[1]?.slice(4, 7)).toEqual(expected2012.header_row_2.slice(4, 7));
    expect(rows[1]?.slice(0, 4)).toEqual(expected2012.header_row_1.slice(0, 4));
    expect(rows[1]?.slice(7)).toEqual(expected2012.header_row_1.slice(7));
  });

  it('lists every merged header range, E1:G1 included', async () => {
    // Act
    const { merges } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(merges).toEqual(expect.arrayContaining(expected2012.merged_header_cells.map(range)));
    expect(merges).toContainEqual({ top: 0, left: 4, bottom: 0, right: 6 });
  });

  it('keeps the Number column numeric', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    const numbers = rows.slice(expected2012.first_data_row - 1).map((row) => row[1]);
    expect(numbers.every((n) => typeof n === 'number')).toBe(true);
    expect([...new Set(numbers)]).toEqual(expected2012.action_numbers);
  });

  it('keeps month-year cells such as Jul-12 as text', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows[2]?.[7]).toBe('Jul-12');
    expect(rows.flat().some((cell) => cell instanceof Date)).toBe(false);
  });

  it('reads an empty cell as null', async () => {
    // Act
    const { rows } = await readTable(CLA_2012, shared(CLA_2012));

    // Assess
    expect(rows[2]?.[9]).toBeNull(); // row 3 has no amended target date
    expect(rows[3]?.[0]).toBeNull(); // the theme is written on the first row of its group only
  });
});

describe('readTable with the Nottingham Promise 2011 CSV', () => {
  it('reads one row per record, not per physical line', async () => {
    // Prepare
    const content = shared(PROMISE_2011);
    const text = content.toString('utf8');
    const physicalLines = text.split('\n').length - 1;
    const records = countCsvRecords(text);

    // Act
    const { rows } = await readTable(PROMISE_2011, content);

    // Assess
    expect(physicalLines).toBe(90);
    expect(records).toBe(39);
    expect(rows).toHaveLength(records);
  });

  it('reads the header record as strings', async () => {
    // Act
    const { rows, sheet, merges } = await readTable(PROMISE_2011, shared(PROMISE_2011));

    // Assess
    expect(rows[0]).toEqual(['Theme', 'Objective', 'Ref', 'Action', 'Evidence', 'Lead', 'Date to complete']);
    expect(sheet).toBeNull();
    expect(merges).toEqual([]);
  });

  it('keeps the line breaks inside a multi-line cell as \\n', async () => {
    // Act
    const { rows } = await readTable(PROMISE_2011, shared(PROMISE_2011));

    // Assess
    const evidence = rows[1]?.[4];
    expect(evidence).toMatch(/^Reported rate of SDQ completion \(data quality report\)\.\nBaseline \(Feb 2011\) – 52\.8%\n/);
    expect(evidence).not.toMatch(/\r/);
  });

  it('keeps dates and numbers in CSV cells as text', async () => {
    // Act
    const { rows } = await readTable(PROMISE_2011, shared(PROMISE_2011));

    // Assess
    expect(rows[1]?.[2]).toBe('1.1.1');
    expect(rows[1]?.[6]).toBe('1/3/12');
    expect(rows.flat().every((cell) => cell === null || typeof cell === 'string')).toBe(true);
  });

  it('reads blank cells as null', async () => {
    // Act
    const { rows } = await readTable(PROMISE_2011, shared(PROMISE_2011));

    // Assess
    expect(rows[2]?.slice(0, 3)).toEqual([null, null, '1.1.2']);
  });
});

describe('readTable text decoding', () => {
  it('strips a UTF-8 byte order mark', async () => {
    // Act
    const { rows } = await readTable('utf8-bom.csv', own('utf8-bom.csv'));

    // Assess
    expect(rows[0]?.[0]).toBe('Ref');
    expect(rows[1]).toEqual(['1.1', 'Café “review” for £5', 'Zoë Brady']);
  });

  it('reads a file that is not valid UTF-8 as Windows-1252', async () => {
    // Prepare
    const content = own('windows-1252.csv');
    expect([...content].filter((b) => b === 0x93 || b === 0x94 || b === 0xa3)).toEqual([0x93, 0x94, 0xa3]);

    // Act
    const { rows } = await readTable('windows-1252.csv', content);

    // Assess
    expect(rows).toEqual([
      ['Ref', 'Action', 'Budget'],
      ['1', '“Listen to Me” booklet', '£250'],
    ]);
  });

  it('reads UTF-16LE tab-separated text with a byte order mark', async () => {
    // Act
    const { rows } = await readTable('utf16le.tsv', own('utf16le.tsv'));

    // Assess
    expect(rows).toEqual([
      ['Ref', 'Action', 'Lead'],
      ['1', 'Café “review”', 'Zoë'],
    ]);
  });
});

describe('readTable with CSV and TSV structure', () => {
  it('splits a .tsv on tabs, keeping commas and quoted line breaks inside cells', async () => {
    // Act
    const { rows, sheet } = await readTable('plan.tsv', own('plan.tsv'));

    // Assess
    expect(sheet).toBeNull();
    expect(rows).toEqual([['Ref', 'Action', 'Lead'], ['1', 'Two\nlines', 'AB, CD'], [], ['2', 'comma, inside', 'has "quotes"']]);
  });

  it('keeps blank records in the numbering and drops trailing ones', async () => {
    // Act
    const { rows } = await readTable('blank-rows.csv', own('blank-rows.csv'));

    // Assess
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([]);
    expect(rows[1]).toEqual(['Action plan 2013']);
    expect(rows[2]).toEqual([]);
    expect(rows[3]).toEqual(['Ref', 'Action', 'Due']);
    expect(rows[5]).toEqual([]);
    expect(rows[6]).toEqual([]);
  });

  it('normalises CRLF and CR inside a quoted cell to \\n', async () => {
    // Act
    const { rows } = await readTable('blank-rows.csv', own('blank-rows.csv'));

    // Assess
    expect(rows[4]).toEqual(['1', 'Line one\nLine two\nLine three', '01/03/2012']);
  });

  it('trims cells, turns non-breaking spaces into spaces and keeps leading zeros', async () => {
    // Act
    const { rows } = await readTable('blank-rows.csv', own('blank-rows.csv'));

    // Assess
    expect(rows[7]).toEqual(['2', 'Padded', '0042']);
  });

  it('reads a semicolon-separated .csv when its first line has no commas', async () => {
    // Act
    const { rows } = await readTable('semicolon.csv', own('semicolon.csv'));

    // Assess
    expect(rows).toEqual([
      ['Ref', 'Action', 'Lead'],
      ['1', 'Do it, carefully', 'AB'],
    ]);
  });

  it('picks the format from the extension regardless of case', async () => {
    // Act
    const { rows } = await readTable('PLAN.CSV', Buffer.from('A,B\n1,2\n'));

    // Assess
    expect(rows).toEqual([
      ['A', 'B'],
      ['1', '2'],
    ]);
  });

  it('rejects a CSV with an unclosed quote, naming the file and the line', async () => {
    // Act
    const error = await importError('unclosed-quote.csv', own('unclosed-quote.csv'));

    // Assess
    expect(error.message).toMatch(/^unclosed-quote\.csv: line 3 /);
    expect(error.message).toMatch(/never closed/);
  });

  it('rejects binary content in a .csv', async () => {
    // Act
    const error = await importError('garbage.csv', own('garbage.csv'));

    // Assess
    expect(error.message).toMatch(/^garbage\.csv: this is not a text \(CSV\) file/);
  });

  it('tells the user to rename a workbook saved with a .csv name', async () => {
    // Act
    const error = await importError('plan.csv', shared(CLA_2012));

    // Assess
    expect(error.message).toMatch(/^plan\.csv: .*Excel workbook.*rename it to \.xlsx/);
  });
});

describe('readTable cell values in a workbook', () => {
  async function values(): Promise<Map<string, CellValue>> {
    const { rows } = await readTable('values.xlsx', own('values.xlsx'));
    return new Map(rows.slice(1).map((row) => [String(row[0]), row[1] ?? null]));
  }

  it('reads a formula as its cached result', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('formula number')).toBe(3);
    expect(cells.get('formula text')).toBe('ab');
    expect(cells.get('formula date')).toEqual(new Date('2012-07-01T00:00:00Z'));
  });

  it('reads a formula without a cached result, or with an error result, as null', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('formula without cached result')).toBeNull();
    expect(cells.get('formula error')).toBeNull();
  });

  it('reads rich text as its plain text', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('rich text')).toBe('Bold and plain');
  });

  it('reads a hyperlink as its text', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('hyperlink')).toBe('Council site');
  });

  it('reads booleans as TRUE and FALSE', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('boolean true')).toBe('TRUE');
    expect(cells.get('boolean false')).toBe('FALSE');
  });

  it('reads an error cell as null', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('error')).toBeNull();
  });

  it('trims text, turns non-breaking spaces into spaces and normalises line breaks', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('padded')).toBe('Lead Officer');
    expect(cells.get('multi-line')).toBe('Line 1\nLine 2\nLine 3');
    expect(cells.get('whitespace only')).toBeNull();
  });

  it('keeps numbers as numbers', async () => {
    // Act
    const cells = await values();

    // Assess
    expect(cells.get('number')).toBe(42.5);
  });
});

describe('readTable dates in a workbook', () => {
  async function dates(): Promise<Map<string, CellValue>> {
    const { rows } = await readTable('dates.xlsx', own('dates.xlsx'));
    return new Map(rows.slice(1).map((row) => [String(row[0]), row[1] ?? null]));
  }

  it('reads a date cell as a Date whose UTC fields are the calendar date', async () => {
    // Act
    const cell = (await dates()).get('date cell');

    // Assess
    expect(cell).toBeInstanceOf(Date);
    const date = cell as Date;
    expect([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours()]).toEqual([2012, 7, 31, 0]);
  });

  it('reads a numeric serial in a date-formatted cell as a Date', async () => {
    // Act
    const cells = await dates();

    // Assess
    expect(cells.get('serial in date format')).toEqual(new Date('2012-06-30T00:00:00Z'));
    expect(cells.get('serial in mmm-yy')).toEqual(new Date('2012-04-01T00:00:00Z'));
  });

  it('keeps the time of a date-time cell in its UTC fields', async () => {
    // Act
    const cells = await dates();

    // Assess
    expect(cells.get('date and time')).toEqual(new Date('2012-03-01T14:30:00Z'));
  });

  it('keeps a serial in a General cell as a number and date-like text as text', async () => {
    // Act
    const cells = await dates();

    // Assess
    expect(cells.get('serial in General')).toBe(41090);
    expect(cells.get('text like a date')).toBe('Jul-12');
  });
});

describe('readTable sheet choice', () => {
  it('reads the first visible sheet by default', async () => {
    // Act
    const table = await readTable('sheets.xlsx', own('sheets.xlsx'));

    // Assess
    expect(table.sheet).toBe('Cover');
    expect(table.rows).toEqual([['About this plan']]);
  });

  it('reads the sheet asked for, matching its name case-insensitively', async () => {
    // Act
    const table = await readTable('sheets.xlsx', own('sheets.xlsx'), { sheet: 'action plan' });

    // Assess
    expect(table.sheet).toBe('Action Plan');
    expect(table.rows).toEqual([
      ['Ref', 'Action'],
      [1, 'Review booklet'],
    ]);
  });

  it('rejects a missing sheet, listing the sheets there are', async () => {
    // Act
    const error = await importError('sheets.xlsx', own('sheets.xlsx'), { sheet: 'Plan 2014' });

    // Assess
    expect(error.message).toBe(
      'sheets.xlsx has no sheet named "Plan 2014"; its sheets are "Lookups", "Cover", "Action Plan", "Owners" — pass one of these with --sheet',
    );
  });
});

describe('readTable with merged cells and blank rows', () => {
  it('keeps an empty row 1 so rows[i] is sheet row i+1', async () => {
    // Act
    const { rows } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(rows[0]).toEqual([]);
    expect(rows[2]?.[0]).toBe('Theme'); // sheet row 3
  });

  it('fills a vertically merged cell into every row of its range', async () => {
    // Act
    const { rows } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(rows.slice(3, 6).map((row) => row[0])).toEqual(['Health', 'Health', 'Health']);
    expect(rows.slice(3, 6).map((row) => row[3])).toEqual(['AB', 'AB', 'CD']);
  });

  it('fills a horizontally merged title across its columns', async () => {
    // Act
    const { rows } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(rows[1]).toEqual(Array(4).fill('Action plan 2013'));
  });

  it('lists merged ranges 0-based, as stored in the sheet', async () => {
    // Act
    const { merges } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(merges).toEqual([range('A2:D2'), range('E3:H3'), range('A4:A6'), range('D4:D5')]);
  });

  it('does not fill a merged range past the last column holding data', async () => {
    // Act
    const { rows } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(rows[2]).toEqual(['Theme', 'Ref', 'Action', 'Lead', 'Notes']);
  });

  it('keeps a blank row inside the data and drops trailing empty rows and columns', async () => {
    // Act
    const { rows } = await readTable('merged.xlsx', own('merged.xlsx'));

    // Assess
    expect(rows).toHaveLength(8);
    expect(rows[6]).toEqual([]);
    expect(rows[7]).toEqual(['Education', 4, 'PEPs', 'EF']);
    expect(Math.max(...rows.map((row) => row.length))).toBe(5);
  });
});

describe('readTable with files it cannot read', () => {
  it.each([
    ['plan.xls', /^plan\.xls: old Excel 97-2003 files can't be read; open it in Excel and "Save As" \.xlsx or CSV UTF-8$/],
    ['plan.XLSM', /^plan\.XLSM: macro-enabled workbooks .*"Save As" \.xlsx/],
    ['plan.docx', /^plan\.docx: Word documents can't be read; copy the action-plan table into Excel and save it as \.xlsx/],
    ['plan.doc', /^plan\.doc: Word documents can't be read/],
    ['plan.pdf', /^plan\.pdf: PDF files can't be read; copy the action-plan table .* into Excel/],
    ['plan.numbers', /^plan\.numbers: Apple Numbers files can't be read; in Numbers use File > Export To/],
    ['plan.ods', /^plan\.ods: OpenDocument spreadsheets can't be read/],
    ['plan.txt', /^plan\.txt: .*rename it to \.tsv/],
    ['plan.json', /^plan\.json: \.json files can't be read; save it as \.xlsx .* or "CSV UTF-8"/],
    ['plan', /^plan: the file name has no extension, so its format is unknown; name it \.xlsx, \.csv or \.tsv/],
  ])('rejects %s with a message saying how to fix it', async (fileName, message) => {
    // Act
    const error = await importError(fileName, Buffer.from('Ref,Action\n1,Do it\n'));

    // Assess
    expect(error.message).toMatch(message);
  });

  it('rejects garbage named .xlsx as not a valid workbook', async () => {
    // Act
    const error = await importError('garbage.xlsx', own('garbage.xlsx'));

    // Assess
    expect(error.message).toMatch(/^garbage\.xlsx is not a valid \.xlsx workbook/);
  });

  it('rejects a renamed CSV as not a valid workbook and suggests .csv', async () => {
    // Act
    const error = await importError('renamed-csv.xlsx', own('renamed-csv.xlsx'));

    // Assess
    expect(error.message).toMatch(/^renamed-csv\.xlsx is not a valid \.xlsx workbook \(it looks like CSV text — rename it to \.csv\)/);
  });

  it('rejects a zip that holds no workbook', async () => {
    // Act
    const error = await importError('not-a-workbook.xlsx', own('not-a-workbook.xlsx'));

    // Assess
    expect(error.message).toMatch(/^not-a-workbook\.xlsx is not a valid \.xlsx workbook/);
  });

  it('rejects a truncated workbook', async () => {
    // Act
    const error = await importError('truncated.xlsx', own('truncated.xlsx'));

    // Assess
    expect(error.message).toMatch(/^truncated\.xlsx is not a valid \.xlsx workbook/);
  });

  it('rejects an old binary Excel file renamed to .xlsx', async () => {
    // Prepare
    const ole2 = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

    // Act
    const error = await importError('plan.xlsx', ole2);

    // Assess
    expect(error.message).toMatch(/^plan\.xlsx is not a valid \.xlsx workbook: it is either password-protected or an old Excel 97-2003 file/);
  });

  it('rejects an empty .xlsx', async () => {
    // Act
    const error = await importError('empty.xlsx', Buffer.alloc(0));

    // Assess
    expect(error.message).toMatch(/^empty\.xlsx is not a valid \.xlsx workbook/);
  });

  it('reads an empty .csv as no rows', async () => {
    // Act
    const table = await readTable('empty.csv', Buffer.alloc(0));

    // Assess
    expect(table.rows).toEqual([]);
  });
});

describe('readTable performance', () => {
  it('reads every row of a 5,000-row sheet with merged cells (its speed is in the import benchmark)', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Big');
    for (let r = 0; r < 5000; r++) {
      sheet.addRow([`Theme ${r % 7}`, r + 1, `Action ${r}`, 'AB/CD', 'Measure', 'N/A', '100%', 'Jul-12', 'YES', null, 'Comment']);
    }
    sheet.mergeCells('A1:A100');
    const content = Buffer.from(await workbook.xlsx.writeBuffer());

    // Act
    const table = await readTable('big.xlsx', content);

    // Assess
    expect(table.rows).toHaveLength(5000);
    expect(table.rows[4999]?.[1]).toBe(5000);
  });
});
