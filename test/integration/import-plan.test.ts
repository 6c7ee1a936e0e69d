import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The CLI has no import alias (it is an entry point); its summary is checked here beside the result it prints.
import { printImport } from '../../shared/cli/print.ts';
import { ImportError } from '#domain/errors';
import { importJson, importPlan } from '#use-cases/import-plan';
import { setMilestonePolicy } from '#use-cases/set-milestone-policy';
import { fixture, givenALocalStack, type TestStack } from '#support/given';

let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack();
});
afterAll(() => stack.stop());

const csv = (text: string) => ({ fileName: 'plan.csv', content: Buffer.from(text) });
const PEOPLE = {
  fileName: 'people.csv',
  content: Buffer.from('Initials,Name,Email\nLB,Lorna Beedham,lorna.beedham@nottingham.example.org\nJR,Jon Rea,jon.rea@nottingham.example.org\n'),
};
const V1 = 'Ref,Theme,Action,Lead,Due\n1.1,Health,Health checks,LB,1/3/12\n1.2,Health,Dental checks,JR,1/4/12\n2.1,Education,PEPs,LB,Ongoing\n';
const V2 = 'Ref,Theme,Action,Lead,Due\n1.1,Health,Health checks for all,LB,1/3/12\n2.1,Education,PEPs,LB,Ongoing\n3.1,Leaving care,Pathway plans,JR,1/9/12\n';
const base = { coordinators: ['cpb.support@nottingham.example.org'], people: PEOPLE };

describe('importing a plan into the store', () => {
  it('stores the plan, its people and actions', async () => {
    const result = await importPlan({ planId: 'p-store', plan: csv(V1), ...base }, stack.deps);

    expect(result.stored).toBe(true);
    expect((await stack.deps.store.getActions('p-store')).map((a) => [a.ref, a.due, a.dueText])).toEqual([
      ['1.1', '2012-03-01', '1/3/12'],
      ['1.2', '2012-04-01', '1/4/12'],
      ['2.1', null, 'Ongoing'],
    ]);
    expect(await stack.deps.store.getPeople('p-store')).toHaveLength(2);
  });

  it('re-imports an edited file as a diff: added, changed, archived (kept with its history)', async () => {
    await importPlan({ planId: 'p-diff', plan: csv(V1), ...base }, stack.deps);
    await stack.deps.store.putUpdate({
      cycleId: 'c-old',
      actionRef: '1.2',
      status: 'on_track',
      evidence: null,
      summary: 'Kept.',
      risks: null,
      mitigation: null,
      from: 'jon.rea@nottingham.example.org',
      ownerKey: 'JR',
      receivedAt: '2026-01-01T10:00:00.000Z',
      messageId: '<m@x>',
      rawKey: 'inbound/x',
      late: false,
      onBehalfOf: null,
      replyKey: null,
      overflow: {},
    });

    const result = await importPlan({ planId: 'p-diff', plan: csv(V2), ...base }, stack.deps);

    expect(result.changes).toEqual({ added: ['3.1'], changed: [{ ref: '1.1', fields: ['title'] }], archived: ['1.2'], restored: [] });
    expect((await stack.deps.store.getActions('p-diff')).map((a) => a.ref)).toEqual(['1.1', '2.1', '3.1']);
    const all = await stack.deps.store.getActions('p-diff', { includeArchived: true });
    expect(all.find((a) => a.ref === '1.2')).toMatchObject({ archived: true, title: 'Dental checks' });
    expect(await stack.deps.store.getUpdates('c-old')).toHaveLength(1);
  });

  it('restores an archived action that comes back in the file', async () => {
    await importPlan({ planId: 'p-back', plan: csv(V1), ...base }, stack.deps);
    await importPlan({ planId: 'p-back', plan: csv(V2), ...base }, stack.deps);

    const result = await importPlan({ planId: 'p-back', plan: csv(V1), ...base }, stack.deps);

    expect(result.changes.restored).toEqual(['1.2']);
    expect(result.changes.archived).toEqual(['3.1']);
    expect((await stack.deps.store.getActions('p-back')).map((a) => a.ref)).toEqual(['1.1', '1.2', '2.1']);
  });

  it('prints the diff on a dry run without writing anything', async () => {
    await importPlan({ planId: 'p-dry', plan: csv(V1), ...base }, stack.deps);

    const result = await importPlan({ planId: 'p-dry', plan: csv(V2), ...base, dryRun: true }, stack.deps);

    expect(result.stored).toBe(false);
    expect(result.changes.added).toEqual(['3.1']);
    expect((await stack.deps.store.getActions('p-dry')).map((a) => a.title)).toEqual(['Health checks', 'Dental checks', 'PEPs']);
  });

  it('changes nothing when the new file cannot be read', async () => {
    await importPlan({ planId: 'p-bad', plan: csv(V1), ...base }, stack.deps);

    const attempt = importPlan({ planId: 'p-bad', plan: csv('Ref,Theme,Lead\n1.1,Health,LB\n'), ...base }, stack.deps);

    await expect(attempt).rejects.toThrow(ImportError);
    await expect(attempt).rejects.toThrow(/plan\.csv row 1: no column for the title.*--map/);
    expect(await stack.deps.store.getActions('p-bad')).toHaveLength(3);
  });

  it('requires a coordinator for a new plan, except on a dry run', async () => {
    const real = importPlan({ planId: 'p-coord', plan: csv(V1), people: PEOPLE }, stack.deps);
    const dry = importPlan({ planId: 'p-coord', plan: csv(V1), people: PEOPLE, dryRun: true }, stack.deps);

    await expect(real).rejects.toThrow(/--coordinator/);
    await expect(dry).resolves.toMatchObject({ stored: false });
    expect(await stack.deps.store.getPlan('p-coord')).toBeNull();
  });
});

describe('re-importing a plan', () => {
  it("keeps the plan's own milestone calendar, set with plan calendar", async () => {
    // Prepare
    await importPlan({ planId: 'p-policy', plan: csv(V1), ...base }, stack.deps);
    const policy = { opensWorkingDaysBeforeDraft: 10, reminderWorkingDaysBeforeDraft: [3], escalationWorkingDaysAfterDraft: 2 };
    await setMilestonePolicy({ planId: 'p-policy', ...policy }, stack.deps);
    const before = await stack.deps.store.getPlan('p-policy');

    // Act
    const result = await importPlan({ planId: 'p-policy', plan: csv(V2), ...base, name: 'Renamed plan' }, stack.deps);

    // Assess
    const stored = await stack.deps.store.getPlan('p-policy');
    expect(result.plan.milestonePolicy).toEqual(policy);
    expect(stored).toEqual({ ...before, name: 'Renamed plan' });
  });

  it('keeps the stored coordinators when the import names none', async () => {
    // Prepare
    await importPlan({ planId: 'p-keep', plan: csv(V1), ...base }, stack.deps);

    // Act
    await importPlan({ planId: 'p-keep', plan: csv(V2), people: PEOPLE }, stack.deps);

    // Assess
    expect((await stack.deps.store.getPlan('p-keep'))?.coordinators).toEqual(base.coordinators);
  });
});

describe('outcome owners at import', () => {
  const people = {
    fileName: 'people.csv',
    content: Buffer.from(
      'Initials,Name,Email\nHB,Helen Blackman,helen.blackman@nottingham.example.org\nLB,Lorna Beedham,lorna.beedham@nottingham.example.org\n' +
        ',Youth Justice Service (YJS) Team,yjs.team@nottingham.example.org\n,Leaving Care Team,leaving.care.team@nottingham.example.org\n' +
        ',Leaving Care Service,leaving.care.service@nottingham.example.org\n',
    ),
  };
  const plan = csv(
    'Ref,Theme,Outcome owner,Action,Lead\n1.1,Education,Helen Blackman,PEPs in time,LB\n1.2,Education,,Attendance,YJS Team\n' +
      '2.1,Leaving care,Director of Housing,Pathway plans,Leaving Care\n2.2,Leaving care,,Staying put,LB\n',
  );

  it('stores the people the outcome owner resolved to on each action, keeping the text', async () => {
    // Act
    await importPlan({ planId: 'p-outcome', plan, people, coordinators: base.coordinators }, stack.deps);

    // Assess
    const actions = await stack.deps.store.getActions('p-outcome');
    expect(actions.map((a) => [a.ref, a.outcomeOwner, a.outcomeOwners, a.owners])).toEqual([
      ['1.1', 'Helen Blackman', ['HB'], ['LB']],
      ['1.2', 'Helen Blackman', ['HB'], ['youth-justice-service-yjs-team']],
      ['2.1', 'Director of Housing', [], []],
      ['2.2', 'Director of Housing', [], ['LB']],
    ]);
  });

  it('reports each unresolved owner and outcome owner with its rows, in the result, the JSON and the summary', async () => {
    // Prepare
    const lines: string[] = [];
    const print = { out: (line: string) => void lines.push(line), err: (line: string) => void lines.push(line) };

    // Act
    const result = await importPlan({ planId: 'p-outcome-dry', plan, people, dryRun: true }, stack.deps);
    printImport(print, result);

    // Assess
    expect(result.unresolvedOwners).toEqual([
      { owner: 'Leaving Care', rows: [4], reason: 'ambiguous', field: 'owners', candidates: ['Leaving Care Team', 'Leaving Care Service'] },
      { owner: 'Director of Housing', rows: [4, 5], reason: 'unknown', field: 'outcomeOwner', candidates: [] },
    ]);
    expect(importJson(result).owners.unresolved).toEqual([
      { owner: 'Leaving Care', rows: [4], field: 'owners', reason: 'ambiguous', candidates: ['Leaving Care Team', 'Leaving Care Service'] },
      { owner: 'Director of Housing', rows: [4, 5], field: 'outcomeOwner', reason: 'unknown', candidates: [] },
    ]);
    expect(lines).toContain('  Outcome owner "Director of Housing" matches nobody in the people file (rows 4, 5).');
    expect(lines).toContain(
      '  Owner "Leaving Care" could be any of Leaving Care Team, Leaving Care Service in the people file; write it so it names one (row 4).',
    );
  });
});

describe('the import JSON', () => {
  it("has exactly the issue's shape for the 2012 workbook", async () => {
    const content = readFileSync(fixture('plans/nottinghamshire-cla-2012.xlsx'));
    const expected = JSON.parse(readFileSync(fixture('plans/nottinghamshire-cla-2012.expected.json'), 'utf8')) as {
      distinct_action_numbers: number;
      themes: Array<{ theme: string; action_numbers: number[] }>;
    };

    const json = importJson(await importPlan({ planId: 'notts-2012', plan: { fileName: 'notts.xlsx', content }, dryRun: true }, stack.deps));

    expect(Object.keys(json)).toEqual(['plan', 'actions', 'themes', 'owners', 'warnings', 'items']);
    expect(json.actions).toBe(expected.distinct_action_numbers);
    expect(json.themes).toEqual(expected.themes.map((t) => ({ name: t.theme, actions: t.action_numbers.length })));
    expect(Object.keys(json.items[0]!)).toEqual(['ref', 'theme', 'objective', 'title', 'owners', 'measure', 'baseline', 'target', 'due', 'status']);
    expect(json.items.find((i) => i.ref === '3')?.due).toEqual({ date: '2012-06-30', text: 'Jun-12' });
    expect(json.owners.unresolved.find((u) => u.owner === 'Izzy Martin')?.rows).toEqual([3, 4, 5, 8]);
    expect(await stack.deps.store.getPlan('notts-2012')).toBeNull();
  });
});
