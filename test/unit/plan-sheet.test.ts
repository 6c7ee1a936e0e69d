import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvTable, importError, xlsxTable } from '#support/tables';
import { person } from '#support/people';
import { ImportError } from '#domain/errors';
import type { Person } from '#domain/model';
import { readPeopleSheet } from '#import/people-sheet';
import { readPlanSheet, type PlanSheet } from '#import/plan-sheet';
import { readTable, type Table } from '#import/table';

const shared = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url));
const extra = (name: string) => readFileSync(new URL(`../fixtures/plans-extra/${name}`, import.meta.url));

const readPlan = (table: Table, options: { people?: Person[]; map?: string[] } = {}): PlanSheet =>
  readPlanSheet(table, { planId: 'test-plan', people: options.people ?? [], map: options.map });

const PEOPLE: Person[] = [
  person('PTO', 'Paulette Thompson-Omenka', 'Head of Children in Care', 'paulette.thompson-omenka@nottingham.example.org'),
  person('HB', 'Helen Blackman', 'Head of Childrens Social Care', 'helen.blackman@nottingham.example.org'),
  person('EP', 'Emma Pearce', 'CAMHS (CiC Co-ordinator)', 'emma.pearce@nottingham.example.org'),
  person(null, 'To be appointed', 'Service Manager CiC', null),
];

/**
 * A small RFC 4180 reader, independent of the importer: records of cells, quotes and "" escapes,
 * line breaks inside quotes kept. Good enough for the shared fixture CSVs.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || record.length > 0) records.push([...record, cell]);
  return records;
}

// ---------------------------------------------------------------------------------------------------------
// Shared fixture: Nottinghamshire 2012 (xlsx, two-row merged header)

const CLA_2012 = 'nottinghamshire-cla-2012.xlsx';

interface Expected2012 {
  header_rows: number;
  first_data_row: number;
  distinct_action_numbers: number;
  action_numbers: number[];
  themes: Array<{ theme: string; action_numbers: number[] }>;
}
const expected2012 = JSON.parse(shared('nottinghamshire-cla-2012.expected.json').toString('utf8')) as Expected2012;

const read2012 = async () => readPlan(await readTable(CLA_2012, shared(CLA_2012)));
const action2012 = (sheet: PlanSheet, ref: number) => sheet.actions.find((a) => a.ref === String(ref))!;

describe('readPlanSheet with the Nottinghamshire 2012 workbook', () => {
  it('reads the 43 distinct action numbers in order', async () => {
    // Act
    const sheet = await read2012();

    // Assess
    expect(expected2012.distinct_action_numbers).toBe(43);
    expect(sheet.actions).toHaveLength(expected2012.distinct_action_numbers);
    expect(sheet.actions.map((a) => a.ref)).toEqual(expected2012.action_numbers.map(String));
  });

  it('groups the actions into the 7 themes with exactly their action numbers', async () => {
    // Prepare
    const expected = expected2012.themes.map((t) => ({ theme: t.theme, refs: t.action_numbers.map(String) }));

    // Act
    const sheet = await read2012();

    // Assess
    const themes = [...new Set(sheet.actions.map((a) => a.theme))];
    const actual = themes.map((theme) => ({ theme, refs: sheet.actions.filter((a) => a.theme === theme).map((a) => a.ref) }));
    expect(actual).toHaveLength(7);
    expect(actual).toEqual(expected);
  });

  it('reads the header from rows 1 and 2', async () => {
    // Act
    const sheet = await read2012();

    // Assess
    expect(sheet.headerRows).toEqual([1, 2]);
    expect(sheet.actions[0]!.rows).toEqual([expected2012.first_data_row]);
  });

  it('reads action 2 as one action keeping both of its success criteria', async () => {
    // Act
    const sheet = await read2012();

    // Assess: sheet rows 4 and 5 (E, F, G)
    const action = action2012(sheet, 2);
    expect(sheet.actions.filter((a) => a.ref === '2')).toHaveLength(1);
    expect(action.rows).toEqual([4, 5]);
    expect(action.measure).toBe(
      "IROs informed of new practice to include utilising booklets -\nMonitoring system will be established to raise alert when review booklets aren't used",
    );
    expect(action.baseline).toBe('N/A\nN/A - New activity');
    expect(action.target).toBe('N/A\n100%');
    expect(sheet.warnings).toEqual([{ row: 5, message: expect.stringContaining('first on row 4') }]);
  });

  it('takes measure, baseline and target from the sub-headed columns E, F and G', async () => {
    // Act
    const sheet = await read2012();

    // Assess: sheet row 21, action 18
    expect(action2012(sheet, 18)).toMatchObject({
      measure: 'The proportion of NEETs who were previously LACs',
      baseline: '21%',
      target: '20%',
    });
  });

  it('reads "Jul-12" as the last day of July 2012 and keeps the text', async () => {
    // Act
    const sheet = await read2012();

    // Assess: action 1, Achievement date "Jul-12"
    expect(action2012(sheet, 1)).toMatchObject({ due: '2012-07-31', dueText: 'Jul-12' });
  });

  it('reads the status from "Achieved?"', async () => {
    // Act
    const sheet = await read2012();

    // Assess
    expect(action2012(sheet, 1).status).toBe('YES');
    expect(action2012(sheet, 2).status).toBeNull();
    expect(action2012(sheet, 5).status).toBe('Yes - Ongoing');
  });

  it('reads the revised due from "Amended target date"', async () => {
    // Act
    const sheet = await read2012();

    // Assess
    expect(action2012(sheet, 4)).toMatchObject({ revisedDue: '2013-03-31', revisedDueText: 'Mar-13' });
    expect(action2012(sheet, 3)).toMatchObject({ revisedDue: null, revisedDueText: 'TBA' });
  });

  it('reads the comments from "Comment"', async () => {
    // Act
    const sheet = await read2012();

    // Assess
    expect(action2012(sheet, 1).comments).toBe('This booklet has been completed and will be circulated to Social Work Teams.');
    expect(action2012(sheet, 8).comments).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Shared fixture: Nottingham 2011 (csv, with people file)

const PROMISE_2011 = 'nottingham-promise-2011.csv';
const PEOPLE_2011 = 'nottingham-promise-2011.people.csv';

/** The 2011 plan read independently: sheet row numbers, raw cells and theme/objective filled down by hand. */
function source2011() {
  const [header, ...records] = parseCsv(shared(PROMISE_2011).toString('utf8'));
  const at = (name: string) => header!.indexOf(name);
  let theme = '';
  let objective = '';
  return records.map((cells, i) => {
    if (cells[at('Theme')]) {
      theme = cells[at('Theme')]!;
      objective = '';
    }
    if (cells[at('Objective')]) objective = cells[at('Objective')]!;
    return { row: i + 2, ref: cells[at('Ref')]!, theme, objective, lead: cells[at('Lead')]! };
  });
}

async function read2011(): Promise<PlanSheet> {
  const { people } = readPeopleSheet(await readTable(PEOPLE_2011, shared(PEOPLE_2011)));
  return readPlan(await readTable(PROMISE_2011, shared(PROMISE_2011)), { people });
}

describe('readPlanSheet with the Nottingham 2011 CSV and its people file', () => {
  it('reads one action per distinct ref, in first-seen order', async () => {
    // Prepare
    const refs = [...new Set(source2011().map((r) => r.ref))];

    // Act
    const sheet = await read2011();

    // Assess
    expect(refs).toHaveLength(36);
    expect(sheet.actions.map((a) => a.ref)).toEqual(refs);
  });

  it('reads the 5 themes', async () => {
    // Prepare
    const themes = [...new Set(source2011().map((r) => r.theme))];

    // Act
    const sheet = await read2011();

    // Assess
    expect(themes).toHaveLength(5);
    expect([...new Set(sheet.actions.map((a) => a.theme))]).toEqual(themes);
  });

  it('fills the theme and objective down to the rows below them', async () => {
    // Prepare
    const byRow = new Map(source2011().map((r) => [r.row, r]));

    // Act
    const sheet = await read2011();

    // Assess: each action has the theme and (first) objective of its first row
    for (const action of sheet.actions) {
      const source = byRow.get(action.rows[0]!)!;
      expect(action.theme).toBe(source.theme);
      expect(action.objective?.split('\n')[0]).toBe(source.objective);
    }
    expect(sheet.actions.find((a) => a.ref === '1.2.7')!.objective).toMatch(/^1\.2\) Health Action Plans/);
  });

  it('resolves "PTO/HB/EP/EF/SR" to 5 people', async () => {
    // Act
    const sheet = await read2011();

    // Assess
    const action = sheet.actions.find((a) => a.ref === '1.1.1')!;
    expect(action.ownerText).toBe('PTO/HB/EP/EF/SR');
    expect(action.owners).toEqual(['PTO', 'HB', 'EP', 'EF', 'SR']);
  });

  it('warns about each repeated ref, naming both rows', async () => {
    // Prepare
    const first = new Map<string, number>();
    const repeats: Array<{ ref: string; first: number; again: number }> = [];
    for (const r of source2011()) {
      if (first.has(r.ref)) repeats.push({ ref: r.ref, first: first.get(r.ref)!, again: r.row });
      else first.set(r.ref, r.row);
    }

    // Act
    const sheet = await read2011();

    // Assess
    expect(repeats.map((r) => r.ref)).toEqual(['2.2.1', '1.2.4']);
    for (const r of repeats) {
      const warning = sheet.warnings.find((w) => w.row === r.again);
      expect(warning?.message).toContain(`ref ${r.ref}`);
      expect(warning?.message).toContain(`row ${r.first}`);
      expect(sheet.actions.find((a) => a.ref === r.ref)!.rows).toEqual([r.first, r.again]);
    }
  });

  it('lists the owner with no email ("To be appointed") as unresolved with its rows', async () => {
    // Prepare: the people row without an email, and the plan rows whose Lead names its role
    const [peopleHeader, ...peopleRows] = parseCsv(shared(PEOPLE_2011).toString('utf8'));
    const noEmail = peopleRows.filter((cells) => !cells[peopleHeader!.indexOf('Email')]);
    expect(noEmail).toHaveLength(1);
    expect(noEmail[0]![peopleHeader!.indexOf('Name')]).toMatch(/^To be appointed/);
    const role = noEmail[0]![peopleHeader!.indexOf('Title/Post')]!;
    const rows = source2011()
      .filter((r) => r.lead.toLowerCase().includes(role.toLowerCase()))
      .map((r) => r.row);

    // Act
    const sheet = await read2011();

    // Assess
    const listed = sheet.unresolved.filter((u) => u.reason === 'no-email');
    expect(rows).toEqual([3, 4, 24, 34, 35, 36, 38, 39]);
    expect(listed.length).toBeGreaterThan(0);
    for (const u of listed) expect(u.owner.startsWith(role)).toBe(true);
    expect([...new Set(listed.flatMap((u) => u.rows))].sort((a, b) => a - b)).toEqual(rows);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Files that cannot be read

describe('readPlanSheet: all or nothing', () => {
  it('rejects a Word document before reading any table', async () => {
    // Act
    const error = await readTable('action-plan.docx', extra('action-plan.docx')).then(
      () => null,
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toContain('action-plan.docx');
    expect((error as ImportError).message).toMatch(/Word documents can't be read/);
  });

  it('throws rather than returning the actions it could read when a --map names a missing column', async () => {
    // Prepare: two good actions
    const table = await csvTable('Ref,Action,Lead\n1,Review the pledge,JR\n2,Publish it,JR\n');

    // Act
    const act = () => readPlan(table, { map: ['Funding=comments'] });

    // Assess
    expect(act).toThrow(ImportError);
  });

  it('throws rather than returning partial actions when no column is the title', async () => {
    // Prepare
    const table = await csvTable('Ref,Task,Lead\n1,Review the pledge,JR\n2,Publish it,JR\n');

    // Act
    const act = () => readPlan(table);

    // Assess
    expect(act).toThrow(ImportError);
  });

  it('rejects a header with no action title under it', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead\n1,,JR\n', 'empty.csv');

    // Act
    const error = importError(() => readPlan(table));

    // Assess
    expect(error.message).toContain('empty.csv');
    expect(error.message).toContain('no actions found');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Grouped layouts

describe('readPlanSheet: grouped layouts', () => {
  it('fills blank theme, objective and outcome owner cells down', async () => {
    // Prepare
    const table = await csvTable(
      [
        'Theme,Outcome owner,Objective,Action,Lead',
        'Be Healthy,Helen Blackman,1.1) Health assessments,Manage SDQs,PTO',
        ',,,Improve data,HB',
        ',,1.2) Health action plans,Audit HAPs,MW',
      ].join('\n'),
    );

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions.map((a) => [a.theme, a.outcomeOwner, a.objective])).toEqual([
      ['Be Healthy', 'Helen Blackman', '1.1) Health assessments'],
      ['Be Healthy', 'Helen Blackman', '1.1) Health assessments'],
      ['Be Healthy', 'Helen Blackman', '1.2) Health action plans'],
    ]);
  });

  it('resets the objective when a new theme starts', async () => {
    // Prepare
    const table = await csvTable(
      ['Theme,Objective,Action,Lead', 'Be Healthy,1.1) Health assessments,Manage SDQs,PTO', 'Staying Safe,,Write the permanency policy,PTO'].join('\n'),
    );

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions[1]).toMatchObject({ theme: 'Staying Safe', objective: null });
  });

  it('reads a row with no title but indicator values as more indicators of the action above', async () => {
    // Prepare
    const table = await csvTable(
      [
        'Number,Action,Owner,Success Criteria,Baseline,Target',
        '2,Ensure booklets are used,Izzy Martin,IROs informed,N/A,N/A',
        ',,,Monitoring system established,N/A - New activity,100%',
        '3,Set up a Facebook page,Jo Down,Facebook page,N/A,N/A',
      ].join('\n'),
    );

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions).toHaveLength(2);
    expect(sheet.actions[0]).toMatchObject({
      ref: '2',
      measure: 'IROs informed\nMonitoring system established',
      baseline: 'N/A\nN/A - New activity',
      target: 'N/A\n100%',
      rows: [2, 3],
    });
    expect(sheet.warnings.filter((w) => w.row === 3)).toEqual([]);
  });

  it('reads an action title merged over several indicator rows as one action', async () => {
    // Prepare: Word-to-Excel layout, the action cell merged down over its two indicator rows; no ref column
    const table = await xlsxTable((ws) => {
      ws.addRows([
        ['Theme', 'Action', 'Owner', 'Success Criteria', 'Baseline', 'Target'],
        ['Participation', 'Ensure booklets are used', 'Izzy Martin', 'IROs informed', 'N/A', 'N/A'],
        [null, null, null, 'Monitoring system established', 'N/A - New activity', '100%'],
      ]);
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('C2:C3');
    });

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions).toHaveLength(1);
    expect(sheet.actions[0]).toMatchObject({ measure: 'IROs informed\nMonitoring system established', rows: [2, 3] });
  });

  it('warns about a row with only an owner and due date and no action above it', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead,Due\n,,PTO,Jul-12\n1,Review the pledge,JR,Sep-12\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => a.ref)).toEqual(['1']);
    expect(sheet.warnings).toEqual([{ row: 2, message: expect.stringContaining('no action title') }]);
  });

  it('takes a ref written at the start of the title when there is no ref column', async () => {
    // Prepare
    const table = await csvTable('Theme,Action,Lead\nBe Healthy,1.1. Ensure SDQs are used,PTO\nEnjoy & Achieve,3.2.1) Review the admission policy,LB\n');

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions.map((a) => [a.ref, a.title])).toEqual([
      ['1.1', 'Ensure SDQs are used'],
      ['3.2.1', 'Review the admission policy'],
    ]);
  });

  it('generates refs from the theme number and position', async () => {
    // Prepare
    const table = await csvTable(
      ['Theme,Action,Lead', 'Be Healthy,Manage SDQs,PTO', ',Improve data,HB', 'Staying Safe,Write the policy,PTO', ',Brief the staff,HB'].join('\n'),
    );

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions.map((a) => a.ref)).toEqual(['1.1', '1.2', '2.1', '2.2']);
  });

  it('generates the same refs on a second read of the same file', async () => {
    // Prepare
    const content = Buffer.from(['Theme,Action,Lead', 'Be Healthy,Manage SDQs,PTO', ',Improve data,HB', 'Staying Safe,Write the policy,PTO'].join('\n'));

    // Act
    const first = readPlan(await readTable('plan.csv', content));
    const second = readPlan(await readTable('plan.csv', content));

    // Assess
    expect(second.actions.map((a) => [a.ref, a.title])).toEqual(first.actions.map((a) => [a.ref, a.title]));
  });

  it('does not give a generated ref that a title already uses', async () => {
    // Prepare: the first action has its ref in its title, the second has none
    const table = await csvTable('Theme,Action,Lead\nBe Healthy,1.1. Ensure SDQs are used,PTO\n,Improve the data system,HB\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => a.title)).toEqual(['Ensure SDQs are used', 'Improve the data system']);
    expect(new Set(sheet.actions.map((a) => a.ref)).size).toBe(2);
  });

  it('warns about a blank cell in the ref column', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead\n1,Review the pledge,JR\n,Publish the pledge,JR\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => a.title)).toEqual(['Review the pledge', 'Publish the pledge']);
    expect(sheet.warnings).toEqual([{ row: 3, message: expect.stringContaining('has no ref') }]);
  });

  it('gives a blank ref a ref that no later action has', async () => {
    // Prepare: refs 1, 2, (blank), 3
    const table = await csvTable('Ref,Action,Lead\n1,Action A,JR\n2,Action B,JR\n,Action C,JR\n3,Action D,JR\n');

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => a.title)).toEqual(['Action A', 'Action B', 'Action C', 'Action D']);
    expect(sheet.actions.find((a) => a.title === 'Action D')!.ref).toBe('3');
    expect(sheet.warnings.map((w) => w.row)).toEqual([4]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Duplicates

describe('readPlanSheet: the same ref twice', () => {
  it('reads one action, keeps the second row’s differing text and warns naming both rows', async () => {
    // Prepare: 2.2.1 under objective 2.2, then cross-referenced under 4.1
    const table = await csvTable(
      [
        'Objective,Ref,Action,Lead,Evidence',
        '2.2) Evaluate reviews,2.2.1,Undertake a review of participation,JR/MW,Records of reviews',
        ',2.2.2,Embed the IRO Handbook,MW,Review reports',
        '4.1) Views are recorded,2.2.1,Undertake a review of participation of children in care,JR/MW,Participation in the monthly report',
      ].join('\n'),
    );

    // Act
    const sheet = readPlan(table);

    // Assess
    expect(sheet.actions.map((a) => a.ref)).toEqual(['2.2.1', '2.2.2']);
    expect(sheet.actions[0]).toMatchObject({
      objective: '2.2) Evaluate reviews\n4.1) Views are recorded',
      title: 'Undertake a review of participation\nUndertake a review of participation of children in care',
      measure: 'Records of reviews\nParticipation in the monthly report',
      ownerText: 'JR/MW',
      rows: [2, 4],
    });
    expect(sheet.warnings).toEqual([{ row: 4, message: expect.stringMatching(/ref 2\.2\.1 appears again \(first on row 2\)/) }]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Owners

describe('readPlanSheet: owners', () => {
  it('resolves several owners in one cell to several people', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nManage SDQs,PTO/HB & EP\n');

    // Act
    const { actions } = readPlan(table, { people: PEOPLE });

    // Assess
    expect(actions[0]!.owners).toEqual(['PTO', 'HB', 'EP']);
  });

  it('lists an unknown owner with all its rows', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nManage SDQs,PTO/SC\nImprove data,HB\nPromote activity,SC\n');

    // Act
    const sheet = readPlan(table, { people: PEOPLE });

    // Assess
    expect(sheet.unresolved).toEqual([{ owner: 'SC', rows: [2, 4], reason: 'unknown', field: 'owners', candidates: [] }]);
  });

  it('gives the reason no-email for an owner who is known but has no email', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nClarify pathway planning,Service Manager CiC\nMonitor plans,XY\n');

    // Act
    const sheet = readPlan(table, { people: PEOPLE });

    // Assess
    expect(sheet.unresolved).toEqual([
      { owner: 'Service Manager CiC', rows: [2], reason: 'no-email', field: 'owners', candidates: [] },
      { owner: 'XY', rows: [3], reason: 'unknown', field: 'owners', candidates: [] },
    ]);
    expect(sheet.resolved).toEqual([]);
  });

  it('warns about an action with no owner', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Lead\n1,Review the pledge,PTO\n2,Publish the pledge,\n');

    // Act
    const sheet = readPlan(table, { people: PEOPLE });

    // Assess
    expect(sheet.actions[1]!.owners).toEqual([]);
    expect(sheet.warnings).toEqual([{ row: 3, message: expect.stringContaining('action 2 has no owner') }]);
  });

  it('resolves outcome owners like owners and stores their keys on every action they cover', async () => {
    // Prepare
    const table = await csvTable(
      'Theme,Outcome owner,Action,Lead\nHealth,Helen Blackman / EP,Manage SDQs,PTO\n,,Improve data,HB\nEducation,Head of Children in Care,PEPs,EP\n',
    );

    // Act
    const { actions } = readPlan(table, { people: PEOPLE });

    // Assess
    expect(actions.map((a) => [a.outcomeOwner, a.outcomeOwners])).toEqual([
      ['Helen Blackman / EP', ['HB', 'EP']],
      ['Helen Blackman / EP', ['HB', 'EP']],
      ['Head of Children in Care', ['PTO']],
    ]);
  });

  it('lists an outcome owner that matches nobody with every row it covers', async () => {
    // Prepare
    const table = await csvTable('Theme,Outcome owner,Action,Lead\nHealth,Director of Public Health,Manage SDQs,PTO\n,,Improve data,HB\n');

    // Act
    const sheet = readPlan(table, { people: PEOPLE });

    // Assess
    expect(sheet.actions.map((a) => a.outcomeOwners)).toEqual([[], []]);
    expect(sheet.unresolved).toEqual([{ owner: 'Director of Public Health', rows: [2, 3], reason: 'unknown', field: 'outcomeOwner', candidates: [] }]);
  });

  it('lists an owner who could be two people as ambiguous, naming both, and assigns neither', async () => {
    // Prepare
    const people = [...PEOPLE, person('EF', 'Emma Fillmore', 'Designated Doctor, Looked After Children', 'emma.fillmore@nhs.example.org')];
    const table = await csvTable('Action,Lead\nHealth assessments,Emma/PTO\n');

    // Act
    const sheet = readPlan(table, { people });

    // Assess
    expect(sheet.actions[0]!.owners).toEqual(['PTO']);
    expect(sheet.unresolved).toEqual([{ owner: 'Emma', rows: [2], reason: 'ambiguous', field: 'owners', candidates: ['Emma Pearce', 'Emma Fillmore'] }]);
  });

  it("resolves an owner written as an acronym to the people file's name with the acronym in brackets", async () => {
    // Prepare
    const people = [...PEOPLE, person(null, 'Youth Justice Service (YJS) Team', null, 'yjs.team@council.example.org')];
    const table = await csvTable('Action,Lead\nReduce first-time entrants,YJS Team\n');

    // Act
    const sheet = readPlan(table, { people });

    // Assess
    expect(sheet.actions[0]!.owners).toEqual(['youth-justice-service-yjs-team']);
    expect(sheet.unresolved).toEqual([]);
  });

  it('lists resolved people by name in first-seen order', async () => {
    // Prepare
    const table = await csvTable('Action,Lead\nManage SDQs,HB\nImprove data,PTO/HB\nAudit plans,EP/PTO\n');

    // Act
    const sheet = readPlan(table, { people: PEOPLE });

    // Assess
    expect(sheet.resolved).toEqual(['Helen Blackman', 'Paulette Thompson-Omenka', 'Emma Pearce']);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Dates

describe('readPlanSheet: due dates', () => {
  it('reads "1/3/12" as 1 March 2012 and keeps the text', async () => {
    // Prepare
    const table = await csvTable('Action,Lead,Date to complete\nManage SDQs,PTO,1/3/12\n');

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action).toMatchObject({ due: '2012-03-01', dueText: '1/3/12' });
  });

  it('keeps "Ongoing" as text with no date', async () => {
    // Prepare
    const table = await csvTable('Action,Lead,Date to complete\nManage SDQs,PTO,Ongoing\n');

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action).toMatchObject({ due: null, dueText: 'Ongoing' });
  });

  it('reads an xlsx date cell as its date', async () => {
    // Prepare
    const table = await xlsxTable((ws) => {
      ws.addRows([
        ['Action', 'Lead', 'Target date'],
        ['Manage SDQs', 'PTO', new Date(Date.UTC(2012, 2, 1))],
      ]);
    });

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action).toMatchObject({ due: '2012-03-01', dueText: '1 March 2012' });
  });

  it('reads an Excel serial number as its date', async () => {
    // Prepare: 40969 is 1 March 2012 (40909 is 1 January 2012, plus 31 + 29 days)
    const table = await xlsxTable((ws) => {
      ws.addRows([
        ['Action', 'Lead', 'Target date'],
        ['Manage SDQs', 'PTO', 40969],
      ]);
    });

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect(action).toMatchObject({ due: '2012-03-01', dueText: '40969' });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Encodings

describe('readPlanSheet: text encodings', () => {
  const expected = {
    ref: '2.1.1',
    theme: '2. Staying Safe',
    title: 'Develop a clear “Permanency Policy” – through Tri.X Childcare contract (£250).',
    ownerText: 'PTO',
    due: '2011-05-30',
  };

  it('reads a Windows-1252 CSV with its curly quotes', async () => {
    // Prepare
    const table = await readTable('windows-1252.csv', extra('windows-1252.csv'));

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject(expected);
  });

  it('reads a UTF-8 CSV with a byte-order mark', async () => {
    // Prepare
    const table = await readTable('utf8-bom.csv', extra('utf8-bom.csv'));

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject(expected);
  });
});

describe('readPlanSheet: edge cases seen in review', () => {
  it('does not read a bare count at the start of a title as a ref', async () => {
    // Prepare
    const table = await csvTable('Theme,Action,Lead\nFostering,10 new foster carers recruited,PTO\n');

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions.map((a) => [a.ref, a.title])).toEqual([['1.1', '10 new foster carers recruited']]);
  });

  it('resets the outcome owner when a new theme starts', async () => {
    // Prepare
    const table = await csvTable('Theme,Outcome owner,Action,Lead\nHealth,Helen Blackman,A,PTO\nEducation,,B,PTO\n');

    // Act
    const { actions } = readPlan(table);

    // Assess
    expect(actions.map((a) => a.outcomeOwner)).toEqual(['Helen Blackman', null]);
  });

  it('keeps repeated indicator values so the lines of measure, baseline and target pair up', async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Success Criteria,Baseline,Target\n1,Do it,First,TBC,TBC\n,,Second,TBC,TBC\n');

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect([action!.measure, action!.baseline, action!.target]).toEqual(['First\nSecond', 'TBC\nTBC', 'TBC\nTBC']);
  });

  it("takes a repeated ref's due date when the first row had none", async () => {
    // Prepare
    const table = await csvTable('Ref,Action,Due\n1,Do it,\n1,Do it,1/3/12\n');

    // Act
    const [action] = readPlan(table).actions;

    // Assess
    expect([action!.due, action!.dueText]).toEqual(['2012-03-01', '1/3/12']);
  });

  it('names a missing --map column as the user wrote it', async () => {
    // Prepare
    const table = await csvTable('Ref,Action\n1,Do it\n');

    // Act
    const error = importError(() => readPlan(table, { map: ['Officer (lead)=owners'] }));

    // Assess
    expect(error.message).toContain('--map names a column "Officer (lead)"');
  });
});
