import { describe, expect, it } from 'vitest';
import { csvTable, importError } from '#support/tables';
import { person } from '#support/people';
import type { Person } from '#domain/model';
import { resolveOwner } from '#import/owners';
import { readPlanSheet } from '#import/plan-sheet';

const PEOPLE: Person[] = [
  person('GG', 'Gabrielle Gibney', 'Team Manager, Fostering & Adoption', 'gabrielle.gibney@nottingham.example.org'),
  person('HB', 'Helen Blackman', 'Head of Childrens Social Care', 'helen.blackman@nottingham.example.org'),
  person(null, 'To be appointed', 'Service Manager CiC', null),
];

const PLAN = [
  'Ref,Theme,Action,Lead,Outcome owner',
  '1.1,Health,Check health plans,Head of Fostering / HB,Fostering Lead',
  '1.2,Health,Recruit carers,Head of Fostering,',
].join('\n');

const read = async (owners?: Record<string, string>, people = PEOPLE) => readPlanSheet(await csvTable(PLAN), { planId: 'test-plan', people, owners });

describe('chosen owners (owner text → person)', () => {
  it('leaves an owner text nobody matches unresolved when nothing is chosen', async () => {
    const sheet = await read();
    expect(sheet.unresolved.map((u) => [u.owner, u.field, u.reason, u.rows])).toEqual([
      ['Head of Fostering', 'owners', 'unknown', [2, 3]],
      ['Fostering Lead', 'outcomeOwner', 'unknown', [2, 3]], // filled down
    ]);
    expect(sheet.actions.map((a) => a.owners)).toEqual([['HB'], []]);
  });

  it('resolves a chosen owner text to that person on every row it is written, in order', async () => {
    const sheet = await read({ 'Head of Fostering': 'GG' });
    expect(sheet.actions.map((a) => a.owners)).toEqual([['GG', 'HB'], ['GG']]);
    expect(sheet.resolved).toContain('Gabrielle Gibney');
    expect(sheet.unresolved.map((u) => u.owner)).toEqual(['Fostering Lead']);
  });

  it('applies to outcome owners too, and takes initials in any case and extra spaces', async () => {
    const sheet = await read({ '  Fostering   Lead ': 'gg' });
    expect(sheet.actions.map((a) => a.outcomeOwners)).toEqual([['GG'], ['GG']]);
    expect(sheet.unresolved.map((u) => u.owner)).toEqual(['Head of Fostering']);
  });

  it('takes precedence over the automatic match', async () => {
    const sheet = await read({ HB: 'GG' });
    expect(sheet.actions[0]!.owners).toEqual(['GG']);
  });

  it('still lists a chosen person with no email as not reachable', async () => {
    const sheet = await read({ 'Head of Fostering': 'to-be-appointed' });
    expect(sheet.actions[1]!.owners).toEqual(['to-be-appointed']);
    expect(sheet.unresolved.find((u) => u.owner === 'Head of Fostering')?.reason).toBe('no-email');
  });

  it('refuses an owner text the file does not name, saying which', async () => {
    const sheet = csvTable(PLAN);
    const table = await sheet;
    const e = importError(() => readPlanSheet(table, { planId: 'test-plan', people: PEOPLE, owners: { 'Head of Fosterin': 'GG' } }));
    expect(e.field).toBe('owners');
    expect(e.message).toContain('"Head of Fosterin"');
    expect(e.message).toContain('plan.csv');
  });

  it('refuses a person key nobody in the people file has', async () => {
    const table = await csvTable(PLAN);
    const e = importError(() => readPlanSheet(table, { planId: 'test-plan', people: PEOPLE, owners: { 'Head of Fostering': 'ZZ' } }));
    expect(e.field).toBe('owners');
    expect(e.message).toMatch(/"Head of Fostering" is given as "ZZ", but nobody in the people file has that key or initials/);
  });

  it('resolveOwner names the chosen person, by the rule "chosen"', () => {
    expect(resolveOwner('Head of Fostering', PEOPLE, { 'Head of Fostering': 'GG' })).toMatchObject({ person: { key: 'GG' }, by: 'chosen' });
    expect(resolveOwner('Head of Fostering', PEOPLE)).toBeNull();
  });
});
