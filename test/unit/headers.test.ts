import { describe, expect, it } from 'vitest';
import { csvTable, importError, xlsxTable } from '#support/tables';
import type { Action } from '#domain/model';
import { normaliseHeader } from '#import/headers';
import { readPlanSheet, type PlanField, type PlanSheet } from '#import/plan-sheet';
import type { Table } from '#import/table';

const readPlan = (table: Table, map?: string[]): PlanSheet => readPlanSheet(table, { planId: 'test-plan', people: [], map });

/** A CSV line; cells with commas, quotes or line breaks are quoted. */
const line = (...cells: string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');

/** Where readPlanSheet puts each field on the action (the text as written). */
const FIELD_VALUE: Record<PlanField, (a: Action) => string | null> = {
  ref: (a) => a.ref,
  theme: (a) => a.theme,
  outcomeOwner: (a) => a.outcomeOwner,
  objective: (a) => a.objective,
  title: (a) => a.title,
  owners: (a) => a.ownerText,
  measure: (a) => a.measure,
  baseline: (a) => a.baseline,
  target: (a) => a.target,
  due: (a) => a.dueText,
  status: (a) => a.status,
  revisedDue: (a) => a.revisedDueText,
  comments: (a) => a.comments,
};

/** Issue 3's synonym table, copied from the issue text. */
const ISSUE_SYNONYMS: Array<[PlanField, string[]]> = [
  ['ref', ['Number', 'No', 'No.', 'Ref', 'Reference', 'Action No', 'ID']],
  ['theme', ['Theme', 'Priority', 'Strategic Priority', 'Outcome', 'Strategy Outcome', 'Area']],
  ['outcomeOwner', ['Outcome owner', 'Responsible Outcome Owner']],
  ['objective', ['Objective', 'What will we do?']],
  ['title', ['Action', 'Actions', 'How will we do it?', 'Action/Activity', 'Description']],
  [
    'owners',
    [
      'Owner',
      'Owner/s',
      'Owners',
      'Lead',
      'Lead Officer',
      'Responsible',
      'Responsible Area',
      'Who will do it?',
      'This work will be undertaken by',
      'Undertaken by',
    ],
  ],
  ['measure', ['Success Criteria', 'How will we measure success?', 'What difference will have been made?', 'Performance Indicator(s)', 'Evidence', 'Measure']],
  ['baseline', ['Baseline']],
  ['target', ['Target']],
  ['due', ['Target date', 'Date to complete', 'Target date for completion', 'Due', 'Deadline', 'Achievement date']],
  ['status', ['Achieved?', 'Status', 'RAG']],
  ['revisedDue', ['Amended target date', 'Revised date']],
  ['comments', ['Comment', 'Comments', 'Notes']],
];

const SYNONYM_CASES = ISSUE_SYNONYMS.flatMap(([field, headers]) => headers.map((header) => ({ header, field })));

describe('header synonyms', () => {
  it('covers every header of the issue table (13 fields, 54 headers)', () => {
    // Assess
    expect(ISSUE_SYNONYMS).toHaveLength(13);
    expect(SYNONYM_CASES).toHaveLength(54);
  });

  it.each(SYNONYM_CASES)('reads a column headed "$header" as $field', ({ header, field }) => {
    // Prepare: the synonym next to one other known column (an action title, or an owner for title synonyms)
    const other = field === 'title' ? 'Lead' : 'Action';
    const otherValue = field === 'title' ? 'AB' : 'Do the work';
    const table: Table = {
      fileName: 'plan.csv',
      sheet: null,
      rows: [
        [header, other],
        ['cell value', otherValue],
      ],
      merges: [],
    };

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions).toHaveLength(1);
    expect(FIELD_VALUE[field](sheet.actions[0]!)).toBe('cell value');
    expect(sheet.actions[0]!.extra).toEqual({});
  });
});

describe('header matching', () => {
  it.each([
    ['Baseline (2015/16 End of Year)', 'baseline'],
    ['No.', 'no'],
    ['Owner/s', 'owners'],
    ['Who will do it?', 'who will do it'],
    ['  TARGET   DATE ', 'target date'],
    ['Performance Indicator(s)', 'performance indicator'],
    ['Lead [initials]', 'lead'],
  ])('normalises "%s" to "%s"', (header, expected) => {
    // Act
    const normalised = normaliseHeader(header);

    // Assess
    expect(normalised).toBe(expected);
  });

  it('matches headers ignoring case, punctuation and bracketed text', async () => {
    // Prepare
    const table = await csvTable(
      [
        line('NO.', 'action:', 'Who will do it?', 'Baseline (2015/16 End of Year)', 'TARGET (%)', 'target date (by when?)'),
        line('1', 'Recruit carers', 'JA', '10', '20', '31/3/16'),
      ].join('\n'),
    );

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action).toMatchObject({ ref: '1', title: 'Recruit carers', ownerText: 'JA', baseline: '10', target: '20', dueText: '31/3/16' });
    expect(action!.extra).toEqual({});
  });

  it('matches "Owner/s" written in capitals as the owners column', async () => {
    // Prepare
    const table = await csvTable('Action,OWNER/S\nRecruit carers,Jayne Austin/ Shelagh Mitchell\n');

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action!.ownerText).toBe('Jayne Austin/ Shelagh Mitchell');
  });
});

describe('finding the header row', () => {
  it('finds the header under title rows', async () => {
    // Prepare: a title, a subtitle and a blank row above the header on row 4
    const table = await csvTable(
      [
        'Corporate Parenting Action Plan 2013,,',
        'Version 3 - agreed by the Board,,',
        ',,',
        'Ref,Action,Lead',
        '1.1,Review the pledge,JR',
        '1.2,Publish the pledge,JR',
      ].join('\n'),
    );

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.headerRows).toEqual([4]);
    expect(sheet.actions.map((a) => [a.ref, a.rows])).toEqual([
      ['1.1', [5]],
      ['1.2', [6]],
    ]);
  });

  it('finds a header on row 10', async () => {
    // Prepare: nine title rows, then the header
    const titles = Array.from({ length: 9 }, (_, i) => `Title line ${i + 1},,`);
    const table = await csvTable([...titles, 'Ref,Action,Lead', '1,Review the pledge,JR'].join('\n'));

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.headerRows).toEqual([10]);
    expect(sheet.actions.map((a) => a.title)).toEqual(['Review the pledge']);
  });

  it('rejects a file whose header is below row 10, naming the file', async () => {
    // Prepare: ten title rows, then the header on row 11
    const titles = Array.from({ length: 10 }, (_, i) => `Title line ${i + 1},,`);
    const table = await csvTable([...titles, 'Ref,Action,Lead', '1,Review the pledge,JR'].join('\n'), 'late-header.csv');

    // Act
    const error = importError(() => readPlan(table));

    // Assess
    expect(error.message).toContain('late-header.csv');
    expect(error.message).toMatch(/no header row found in the first 10 rows/i);
  });

  it('reads a two-row header with a merged group heading as one', async () => {
    // Prepare: "How will we measure success?" merged over E1:G1, the other headings merged down over two rows
    const table = await xlsxTable((ws) => {
      ws.addRow(['Theme', 'Number', 'Action', 'Owner/s', 'How will we measure success?', null, null, 'Achievement date']);
      ws.addRow([null, null, null, null, 'Success Criteria', 'Baseline', 'Target', null]);
      ws.addRow(['Health', 19, 'Improve access to leisure', 'Rachel Coombs', 'District Councils granting reduced cost access', '0', '7', 'Apr-13']);
      for (const range of ['A1:A2', 'B1:B2', 'C1:C2', 'D1:D2', 'E1:G1', 'H1:H2']) ws.mergeCells(range);
    });

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.headerRows).toEqual([1, 2]);
    expect(sheet.actions).toHaveLength(1);
    expect(sheet.actions[0]).toMatchObject({
      ref: '19',
      theme: 'Health',
      title: 'Improve access to leisure',
      ownerText: 'Rachel Coombs',
      measure: 'District Councils granting reduced cost access',
      baseline: '0',
      target: '7',
      dueText: 'Apr-13',
      rows: [3],
    });
    expect(sheet.actions[0]!.extra).toEqual({});
  });

  it('skips the header repeated further down after a page break', async () => {
    // Prepare
    const table = await csvTable(
      ['Ref,Action,Lead,Due', '1,Review the pledge,JR,Jul-12', ',,,', 'Ref,Action,Lead,Due', '2,Publish the pledge,JR,Sep-12'].join('\n'),
    );

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => [a.ref, a.title])).toEqual([
      ['1', 'Review the pledge'],
      ['2', 'Publish the pledge'],
    ]);
    expect(sheet.warnings).toEqual([]);
  });

  it('skips a repeated two-row merged header', async () => {
    // Prepare: the merged two-row header on rows 1-2 and again on rows 4-5
    const header1 = ['Number', 'Action', 'Owner/s', 'How will we measure success?', 'How will we measure success?'];
    const header2 = ['Number', 'Action', 'Owner/s', 'Success Criteria', 'Baseline'];
    const table = await xlsxTable((ws) => {
      ws.addRows([header1, header2, [1, 'Review the pledge', 'JR', 'Pledge reviewed', 'N/A'], header1, header2, [2, 'Publish it', 'JR', 'Published', 'N/A']]);
    });

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.headerRows).toEqual([1, 2]);
    expect(sheet.actions.map((a) => [a.ref, a.title, a.rows])).toEqual([
      ['1', 'Review the pledge', [3]],
      ['2', 'Publish it', [6]],
    ]);
  });
});

describe('--map', () => {
  it('reads an unknown header as the field it is mapped to', async () => {
    // Prepare
    const table = await csvTable('Action,Person accountable\nReview the pledge,JR\n');

    // Act
    const [action] = readPlan(table, ['Person accountable=owners']).actions;

    // Assess
    expect(action!.ownerText).toBe('JR');
    expect(action!.extra).toEqual({});
  });

  it('maps a header that lacks a title synonym to the title', async () => {
    // Prepare
    const table = await csvTable('Task,Lead\nReview the pledge,JR\n');

    // Act
    const [action] = readPlan(table, ['Task=title']).actions;

    // Assess
    expect(action).toMatchObject({ title: 'Review the pledge', ownerText: 'JR' });
  });

  it('maps an unknown header that contains " / "', async () => {
    // Prepare
    const table = await csvTable('Action,Officer / Team\nReview the pledge,JR\n');

    // Act
    const [action] = readPlan(table, ['Officer / Team=owners']).actions;

    // Assess
    expect(action!.ownerText).toBe('JR');
  });

  it('rejects an unknown field name, naming it', async () => {
    // Prepare
    const table = await csvTable('Action,Person accountable\nReview the pledge,JR\n');

    // Act
    const error = importError(() => readPlan(table, ['Person accountable=accountable']));

    // Assess
    expect(error.message).toContain('"accountable" is not a field');
    expect(error.message).toContain('Person accountable=accountable');
  });

  it('rejects a --map without "=", showing how to write it', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nReview the pledge,JR\n');

    // Act
    const error = importError(() => readPlan(table, ['Person accountable']));

    // Assess
    expect(error.message).toContain('"Header text=field"');
  });

  it('rejects a --map naming a header that is not in the file, naming it', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nReview the pledge,JR\n', 'pledge.csv');

    // Act
    const error = importError(() => readPlan(table, ['Who does it=owners']));

    // Assess
    expect(error.message).toContain('pledge.csv');
    expect(error.message.toLowerCase()).toContain('"who does it"');
    expect(error.message).toContain('not in the header');
  });
});

describe('columns that are not fields', () => {
  it('keeps a column that maps to nothing in action.extra under its header', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead,Budget (£),Funding source\n1,Review the pledge,JR,250,Council\n2,Publish it,JR,,\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions[0]!.extra).toEqual({ 'Budget (£)': '250', 'Funding source': 'Council' });
    expect(sheet.actions[1]!.extra).toEqual({});
  });

  it('uses the first of two columns that read as the same field and warns about the second', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead,Owner\n1,Review the pledge,JR,MW\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions[0]!.ownerText).toBe('JR');
    expect(sheet.actions[0]!.extra).toEqual({ Owner: 'MW' });
    expect(sheet.warnings).toEqual([{ row: 1, message: expect.stringContaining('"Owner" also reads as owners') }]);
  });
});

describe('files that cannot be placed', () => {
  it('rejects a file with no title column, naming the file and header row and suggesting --map', async () => {
    // Prepare: header on row 2, no column reads as the action title
    const table = await csvTable('Our plan,,\nRef,Task,Lead\n1,Review the pledge,JR\n', 'council-plan.csv');

    // Act
    const error = importError(() => readPlan(table));

    // Assess
    expect(error.message).toContain('council-plan.csv');
    expect(error.message).toContain('row 2');
    expect(error.message).toContain('"Task"');
    expect(error.message).toContain('--map "Your header=title"');
  });
});
