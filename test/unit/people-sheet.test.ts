import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvTable as csvOf } from '#support/tables';
import { ImportError } from '#domain/errors';
import { readPeopleSheet } from '#import/people-sheet';
import { readTable, type Table } from '#import/table';

const shared = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url));
const csvTable = (text: string, fileName = 'people.csv'): Promise<Table> => csvOf(text, fileName);

const PEOPLE_2011 = 'nottingham-promise-2011.people.csv';

describe('readPeopleSheet with the Nottingham 2011 people file', () => {
  it('reads one person per named row, keyed by initials', async () => {
    // Prepare: 24 lines = header + 23 people
    const lines = shared(PEOPLE_2011).toString('utf8').trimEnd().split('\n');

    // Act
    const { people, warnings } = readPeopleSheet(await readTable(PEOPLE_2011, shared(PEOPLE_2011)));

    // Assess
    expect(people).toHaveLength(lines.length - 1);
    expect(people).toHaveLength(23);
    expect(people[0]).toEqual({
      key: 'CG',
      name: 'Clare Gilbert',
      initials: 'CG',
      email: 'clare.gilbert@nottingham.example.org',
      role: 'Young Peoples Drug & Alcohol Strategic Lead',
    });
    expect(warnings).toEqual([]);
  });

  it('reads the person without initials or email with a key from the name and a null email', async () => {
    // Act
    const { people } = readPeopleSheet(await readTable(PEOPLE_2011, shared(PEOPLE_2011)));

    // Assess
    expect(people.find((p) => p.name.startsWith('To be appointed'))).toEqual({
      key: 'to-be-appointed-at-1-8-11',
      name: 'To be appointed (at 1/8/11)',
      initials: null,
      email: null,
      role: 'Service Manager CiC',
    });
  });
});

describe('readPeopleSheet: headers', () => {
  it.each(['Name', 'Lead Officer'])('reads the name from a "%s" column', async (header) => {
    // Prepare
    const table = await csvTable(`${header},Email\nJon Rea,jon.rea@nottingham.example.org\n`);

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people.map((p) => p.name)).toEqual(['Jon Rea']);
  });

  it('reads the initials from an "Initials" column and uses them as the key', async () => {
    // Prepare
    const table = await csvTable('Initials,Name\nJR,Jon Rea\n');

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people[0]).toMatchObject({ key: 'JR', initials: 'JR' });
  });

  it('keys a person without initials by a slug of the name', async () => {
    // Prepare
    const table = await csvTable('Name,Email\nSue Hollingworth-Shaw,sue.hs@notts.example.org\n');

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people[0]).toMatchObject({ key: 'sue-hollingworth-shaw', initials: null });
  });

  it.each(['Email', 'Contact details'])('reads the email from an "%s" column', async (header) => {
    // Prepare
    const table = await csvTable(`Name,${header}\nJon Rea,jon.rea@nottingham.example.org\n`);

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people[0]!.email).toBe('jon.rea@nottingham.example.org');
  });

  it('extracts the email from contact details with other text around it', async () => {
    // Prepare
    const table = await csvTable('Lead Officer,Contact details\nJoy Chambers,"Tel 0115 876 5432\nemail: Joy.Chambers@nottingham.example.org (Mon-Wed)"\n');

    // Act
    const { people, warnings } = readPeopleSheet(table);

    // Assess
    expect(people[0]!.email).toBe('joy.chambers@nottingham.example.org');
    expect(warnings).toEqual([]);
  });

  it.each(['Title/Post', 'Role', 'Responsible Area', 'Team'])('reads the role from a "%s" column', async (header) => {
    // Prepare
    const table = await csvTable(`Name,${header}\nJoy Chambers,Placement Service Manager\n`);

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people[0]!.role).toBe('Placement Service Manager');
  });

  it('reads an xlsx people file with the header under a title row', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet('People')
      .addRows([
        ['Corporate Parenting Board - contacts'],
        ['Lead Officer', 'Initials', 'Responsible Area', 'Contact details'],
        ['Gill Ellis', 'GE', 'Schools & Learning', 'gill.ellis@nottingham.example.org'],
      ]);
    const table = await readTable('people.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people).toEqual([{ key: 'GE', name: 'Gill Ellis', initials: 'GE', email: 'gill.ellis@nottingham.example.org', role: 'Schools & Learning' }]);
  });

  it('rejects a people file with no name column', async () => {
    // Prepare
    const table = await csvTable('Initials,Email\nJR,jon.rea@nottingham.example.org\n', 'contacts.csv');

    // Act
    const act = () => readPeopleSheet(table);

    // Assess
    expect(act).toThrow(ImportError);
    expect(act).toThrow(/contacts\.csv/);
  });
});

describe('readPeopleSheet: warnings', () => {
  it('warns about initials used twice and gives the second person a distinct key', async () => {
    // Prepare
    const table = await csvTable(
      'Initials,Name,Email\nMW,Morvette Williams,morvette.williams@nottingham.example.org\nMW,Michelle Wright,michelle.wright@futures.example.org\n',
    );

    // Act
    const { people, warnings } = readPeopleSheet(table);

    // Assess
    expect(people.map((p) => [p.name, p.initials])).toEqual([
      ['Morvette Williams', 'MW'],
      ['Michelle Wright', 'MW'],
    ]);
    expect(people[0]!.key).toBe('MW');
    expect(people[1]!.key).not.toBe('MW');
    expect(warnings).toEqual([{ row: 3, message: expect.stringContaining('initials MW appear twice') }]);
  });

  it('warns about a contact cell without an email and leaves the email empty', async () => {
    // Prepare
    const table = await csvTable('Name,Contact details\nSam Flint,Tel 0115 876 0000 (Central police station)\n');

    // Act
    const { people, warnings } = readPeopleSheet(table);

    // Assess
    expect(people[0]!.email).toBeNull();
    expect(warnings).toEqual([{ row: 2, message: expect.stringContaining('no email address') }]);
  });

  it('skips rows without a name', async () => {
    // Prepare
    const table = await csvTable('Name,Email\nJon Rea,jon.rea@nottingham.example.org\n,orphan@nottingham.example.org\n');

    // Act
    const { people } = readPeopleSheet(table);

    // Assess
    expect(people.map((p) => p.name)).toEqual(['Jon Rea']);
  });
});
