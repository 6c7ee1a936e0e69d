import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '#domain/errors';
import { readPeopleCsv, readPlanCsv, splitOwners, type PlanImportResult } from '#import/csv-plan';
import { parseUkDate } from '#import/uk-dates';

const PLAN_FILE = 'nottingham-promise-2011.csv';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/plans/${name}`, import.meta.url));

function importNottingham(): PlanImportResult {
  const people = readPeopleCsv('nottingham-promise-2011.people.csv', fixture('nottingham-promise-2011.people.csv'));
  return readPlanCsv(PLAN_FILE, fixture(PLAN_FILE), 'nottingham-2011', people);
}

const actionOf = (result: PlanImportResult, ref: string) => result.actions.find((a) => a.ref === ref);

describe('readPlanCsv with the Nottingham Promise 2011', () => {
  it('reads 36 actions, keeping the first of each duplicated ref', () => {
    // Act
    const { actions } = importNottingham();

    // Assess
    expect(actions).toHaveLength(36);
    expect(new Set(actions.map((a) => a.ref)).size).toBe(36);
  });

  it('fills the theme down to the rows below it', () => {
    // Act
    const result = importNottingham();

    // Assess
    expect(actionOf(result, '1.1.2')?.theme).toBe('1. Be Healthy');
  });

  it('fills the objective down to the rows below it', () => {
    // Act
    const result = importNottingham();

    // Assess
    expect(actionOf(result, '2.1.3')?.objective).toMatch(/^2\.1\) Ensure the permanency policy/);
  });

  it('starts a new theme where the next one is written', () => {
    // Act
    const result = importNottingham();

    // Assess
    expect(actionOf(result, '2.1.1')?.theme).toBe('2. Staying Safe');
  });

  it('resolves "PTO/HB/EP/EF/SR" to five person keys', () => {
    // Act
    const action = actionOf(importNottingham(), '1.1.1');

    // Assess
    expect(action?.ownerText).toBe('PTO/HB/EP/EF/SR');
    expect(action?.owners).toEqual(['PTO', 'HB', 'EP', 'EF', 'SR']);
  });

  it('reads the due date as written and as an ISO date', () => {
    // Act
    const action = actionOf(importNottingham(), '1.1.1');

    // Assess
    expect([action?.dueText, action?.due]).toEqual(['1/3/12', '2012-03-01']);
  });

  it('keeps a due that is not a date as text only', () => {
    // Act
    const action = actionOf(importNottingham(), '4.1.1');

    // Assess
    expect([action?.dueText, action?.due]).toEqual(['Sept 2011 Dec 2011', null]);
  });

  it('warns about a duplicate ref, naming both rows', () => {
    // Act
    const { warnings } = importNottingham();

    // Assess
    expect(warnings).toContainEqual({ row: 29, message: 'ref 2.2.1 appears again (first on row 14); the first is kept.' });
  });

  it('warns about an owner missing from the people file', () => {
    // Act
    const { warnings } = importNottingham();

    // Assess
    expect(warnings).toContainEqual({ row: 27, message: 'owner "KS" of action 4.1.1 is not in the people file.' });
  });
});

describe('readPlanCsv errors', () => {
  it('throws an ImportError naming the file and suggesting --map when no column holds the title', () => {
    // Prepare
    const csv = Buffer.from('Ref,Lead,Date to complete\n1.1.1,LB,1/6/11\n');

    // Act
    const read = () => readPlanCsv('my-plan.csv', csv, 'my-plan', []);

    // Assess
    expect(read).toThrow(ImportError);
    expect(read).toThrow(/^my-plan\.csv row 1: no column for the action title.*--map "Your header=title"/);
  });

  it('throws an ImportError when no row has a title', () => {
    // Prepare
    const csv = Buffer.from('Ref,Action\n1.1.1,\n');

    // Act
    const read = () => readPlanCsv('empty.csv', csv, 'empty', []);

    // Assess
    expect(read).toThrow(/^empty\.csv: no actions found/);
  });
});

describe('parseUkDate', () => {
  it.each([
    ['1/3/12', '2012-03-01'],
    ['30/5/11', '2011-05-30'],
    ['06/06/11', '2011-06-06'],
    ['1/4/2012', '2012-04-01'],
    ['31st March 2017', '2017-03-31'],
    ['1 June 2011', '2011-06-01'],
    ['2011-05-10', '2011-05-10'],
  ])('reads "%s" as %s', (text, iso) => {
    // Act
    const date = parseUkDate(text);

    // Assess
    expect(date).toBe(iso);
  });

  it.each(['Ongoing', '31/2/12', 'Sept 2011 Dec 2011', '', '13/13/12'])('gives null for "%s"', (text) => {
    // Act
    const date = parseUkDate(text);

    // Assess
    expect(date).toBeNull();
  });
});

describe('splitOwners', () => {
  it.each([
    ['LB, MW & SP', ['LB', 'MW', 'SP']],
    ['Rachel Coombs/ Dawn Godfrey', ['Rachel Coombs', 'Dawn Godfrey']],
    ['(GG)', ['GG']],
    ['JR/(GG)/KS', ['JR', 'GG', 'KS']],
  ])('splits "%s"', (cell, owners) => {
    // Act
    const tokens = splitOwners(cell);

    // Assess
    expect(tokens).toEqual(owners);
  });
});
