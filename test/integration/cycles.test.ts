import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails } from '#adapters/local/ses-local-inbox';
import { ConflictError, ValidationError } from '#domain/errors';
import { importCycles } from '#use-cases/import-cycles';
import { runMilestone } from '#use-cases/run-milestone';
import { cancelCycle, createCycle, getCycle, listCycles, updateCycle } from '#use-cases/set-cycle-dates';
import { fixture, givenALocalStack, givenThePlan, PLAN_ID, sent, type TestStack } from '#support/given';

// Today is Monday 2 November 2026 on the test clock.
let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack(new Date('2026-11-02T10:00:00Z'));
  await givenThePlan(stack);
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

const DATES = { draft: '2027-01-12', briefing: '2027-01-19', final: '2027-01-26', board: '2027-02-08' };
const pendingOf = async (cycleId: string) => (await stack.scheduler.pending()).filter((s) => s.event.cycleId === cycleId);

describe('creating a cycle', () => {
  it('schedules each of its eight milestones once, at UK local times around Christmas bank holidays', async () => {
    const { cycle, milestones } = await createCycle({ planId: PLAN_ID, name: 'Winter', dates: DATES }, stack.deps);

    const pending = await pendingOf(cycle.id);
    expect(pending.map((p) => p.name).sort()).toEqual(milestones.map((m) => `${cycle.id}.${m.kind}`).sort());
    // 15 working days before Tue 12 Jan 2027, skipping 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan: Thu 17 Dec 2026.
    expect(milestones).toEqual([
      { kind: 'requests-open', at: '2026-12-17T09:00:00.000+00:00' },
      { kind: 'reminder-5', at: '2027-01-05T09:00:00.000+00:00' },
      { kind: 'reminder-1', at: '2027-01-11T09:00:00.000+00:00' },
      { kind: 'draft', at: '2027-01-12T17:00:00.000+00:00' },
      { kind: 'escalation', at: '2027-01-13T09:00:00.000+00:00' },
      { kind: 'chairs-briefing', at: '2027-01-19T08:00:00.000+00:00' },
      { kind: 'final', at: '2027-01-26T17:00:00.000+00:00' },
      { kind: 'board', at: '2027-02-08T08:00:00.000+00:00' },
    ]);
  });

  it('gives milestones after the spring clock change their BST offset', async () => {
    const { milestones } = await createCycle(
      { planId: PLAN_ID, name: 'Spring', dates: { draft: '2027-04-06', briefing: '2027-04-13', final: '2027-04-20', board: '2027-05-04' }, dryRun: true },
      stack.deps,
    );

    // Clocks go forward on 28 March 2027; Good Friday 26 March and Easter Monday 29 March are bank holidays,
    // so 15 working days before Tue 6 April is Fri 12 March (GMT) and 5 before is Tue 30 March (BST).
    expect(milestones.find((m) => m.kind === 'requests-open')?.at).toBe('2027-03-12T09:00:00.000+00:00');
    expect(milestones.find((m) => m.kind === 'reminder-5')?.at).toBe('2027-03-30T09:00:00.000+01:00');
    expect(milestones.find((m) => m.kind === 'reminder-1')?.at).toBe('2027-04-05T09:00:00.000+01:00');
  });

  it('refuses dates out of order, naming the field', async () => {
    const attempt = createCycle({ planId: PLAN_ID, name: 'Bad', dates: { ...DATES, final: '2027-01-18' } }, stack.deps);

    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toMatchObject({ field: 'final' });
  });

  it('refuses a past date unless allowed, and then schedules only what is still ahead', async () => {
    const past = { draft: '2026-10-20', briefing: '2026-10-27', final: '2026-11-03', board: '2026-11-16' };

    await expect(createCycle({ planId: PLAN_ID, name: 'Past', dates: past }, stack.deps)).rejects.toMatchObject({ field: 'opens' });
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Past', dates: past, allowPast: true }, stack.deps);

    expect((await pendingOf(cycle.id)).map((p) => p.event.milestone).sort()).toEqual(['board', 'final']);
  });

  it('refuses a cycle overlapping a live one of the same plan, naming it', async () => {
    const attempt = createCycle({ planId: PLAN_ID, name: 'Overlap', dates: { ...DATES, draft: '2027-01-13' }, dryRun: true }, stack.deps);

    await expect(attempt).rejects.toThrow(ConflictError);
    await expect(attempt).rejects.toThrow(/overlap cycle nottingham-2011-2027-01-12 "Winter"/);
  });

  it('refuses the same dates twice, so owners are never asked twice', async () => {
    const again = createCycle({ planId: PLAN_ID, name: 'Winter again', dates: DATES }, stack.deps);

    await expect(again).rejects.toMatchObject({ status: 409, field: 'dates' });
    expect((await stack.deps.store.listCycles(PLAN_ID)).filter((c) => c.name === 'Winter again')).toEqual([]);
  });

  it('warns about an overlap that is explicitly allowed', async () => {
    const { warnings } = await createCycle(
      { planId: PLAN_ID, name: 'Overlap', dates: { ...DATES, draft: '2027-01-13' }, allowOverlap: true, dryRun: true },
      stack.deps,
    );

    expect(warnings.join(' ')).toMatch(/overlaps cycle nottingham-2011-2027-01-12/);
  });
});

describe('showing cycles', () => {
  it('lists each cycle with the milestones that ran, exactly as showing one cycle does', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Shown', dates: { ...DATES, draft: '2027-01-06' }, allowOverlap: true }, stack.deps);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);

    const listed = (await listCycles(PLAN_ID, stack.deps)).find((r) => r.cycle.id === cycle.id)!;
    const shown = await getCycle(cycle.id, stack.deps);

    expect(listed.fired).toEqual(['requests-open']);
    expect(listed.timeline.find((m) => m.kind === 'requests-open')?.state).toBe('done');
    expect(listed.timeline).toEqual(shown.timeline);
  });
});

describe('changing a cycle', () => {
  it('re-plans pending milestones under a new version without duplicates or losses', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Move', dates: { ...DATES, draft: '2027-01-14' }, allowOverlap: true }, stack.deps);

    await updateCycle({ cycleId: cycle.id, dates: { board: '2027-02-15' } }, stack.deps);
    await updateCycle({ cycleId: cycle.id, dates: { final: '2027-01-28' } }, stack.deps);

    const pending = await pendingOf(cycle.id);
    expect(pending).toHaveLength(8);
    expect(new Set(pending.map((p) => p.event.version))).toEqual(new Set([3]));
    expect(pending.find((p) => p.event.milestone === 'board')?.at).toBe('2027-02-15T08:00:00.000+00:00');
  });

  it('never repeats a fired milestone, and tells owners already asked once about a new deadline', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Asked', dates: { ...DATES, draft: '2027-01-15' }, allowOverlap: true }, stack.deps);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const asked = (await stack.deps.store.getRequests(cycle.id)).length;
    await clearSentEmails(stack.endpoints.ses);

    const result = await updateCycle({ cycleId: cycle.id, dates: { draft: '2027-01-19', briefing: '2027-01-20' } }, stack.deps);
    const again = await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 2 }, stack.deps);

    expect(result.fired).toEqual(['requests-open']);
    expect((await pendingOf(cycle.id)).map((p) => p.event.milestone)).not.toContain('requests-open');
    expect(again).toMatchObject({ outcome: 'ignored' });
    const notices = (await sent(stack)).filter((e) => e.subject.startsWith('Dates changed'));
    expect(notices).toHaveLength(asked);
    expect(notices[0]!.body.text).toContain('from 15 January 2027 to 19 January 2027');
  });

  it('ignores an event of the version before a change', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Stale', dates: { ...DATES, draft: '2027-01-18' }, allowOverlap: true }, stack.deps);
    await updateCycle({ cycleId: cycle.id, dates: { board: '2027-02-10' } }, stack.deps);

    const outcome = await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'event for version 1, cycle is at 2' });
    expect(await sent(stack)).toHaveLength(0);
  });

  it('refuses to move the opening date after requests went out', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Opened', dates: { ...DATES, draft: '2027-01-11' }, allowOverlap: true }, stack.deps);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);

    await expect(updateCycle({ cycleId: cycle.id, dates: { opens: '2026-12-01' } }, stack.deps)).rejects.toMatchObject({ field: 'opens' });
  });
});

describe('cancelling a cycle', () => {
  it('removes pending schedules and tells the owners once', async () => {
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Cancel', dates: { ...DATES, draft: '2027-01-07' }, allowOverlap: true }, stack.deps);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const asked = (await stack.deps.store.getRequests(cycle.id)).length;
    await clearSentEmails(stack.endpoints.ses);

    await cancelCycle({ cycleId: cycle.id }, stack.deps);
    await cancelCycle({ cycleId: cycle.id }, stack.deps);

    expect(await pendingOf(cycle.id)).toEqual([]);
    expect((await sent(stack)).filter((e) => e.subject.startsWith('Cancelled'))).toHaveLength(asked);
    await expect(updateCycle({ cycleId: cycle.id, name: 'x' }, stack.deps)).rejects.toThrow(ConflictError);
    expect(await runMilestone({ cycleId: cycle.id, milestone: 'draft', version: 2 }, stack.deps)).toMatchObject({ outcome: 'ignored' });
  });
});

describe('importing a reporting schedule', () => {
  const schedule = { fileName: 'schedule.csv', content: readFileSync(fixture('plans/nottingham-promise-2011.schedule.csv')) };

  it('reports exactly the two rows whose board date has the wrong year, and stores nothing', async () => {
    const result = await importCycles({ planId: PLAN_ID, file: schedule, allowPast: true }, stack.deps);

    expect(result.errors).toEqual([
      { row: 6, message: 'board (2011-01-16) must be on or after final reports (2012-01-04).' },
      { row: 7, message: 'board (2011-03-19) must be on or after final reports (2012-03-07).' },
    ]);
    expect(result.stored).toBe(false);
    expect((await stack.deps.store.listCycles(PLAN_ID)).some((c) => c.dates.draft.startsWith('2011'))).toBe(false);
  });

  it('imports the corrected schedule once, however often it is imported', async () => {
    const fixed = { fileName: 'fixed.csv', content: Buffer.from(schedule.content.toString().replace('16/01/11', '16/01/12').replace('19/03/11', '19/03/12')) };

    const first = await importCycles({ planId: PLAN_ID, file: fixed, allowPast: true }, stack.deps);
    const second = await importCycles({ planId: PLAN_ID, file: fixed, allowPast: true }, stack.deps);

    expect(first.cycles.map((c) => c.cycle.dates.draft)).toEqual(['2011-05-10', '2011-06-28', '2011-08-23', '2011-10-25', '2011-12-20', '2012-02-21']);
    expect(first.cycles[0]!.cycle.name).toBe('Board 6 June 2011');
    expect(second.cycles).toEqual([]);
    expect(second.unchanged).toHaveLength(6);
    // Recorded past cycles schedule nothing.
    expect(first.cycles.flatMap((c) => c.scheduled)).toEqual([]);
  });

  it('reports a date it cannot read with its row', async () => {
    const bad = {
      fileName: 'bad.csv',
      content: Buffer.from('Draft Reports,Chairs Briefing,Final Reports,Corporate Parenting Board\nsoon,18/5/27,25/5/27,07/06/27\n'),
    };

    const result = await importCycles({ planId: PLAN_ID, file: bad }, stack.deps);

    expect(result.errors).toEqual([{ row: 2, message: 'draft "soon" is not a date (use day/month/year, e.g. 10/5/2027)' }]);
  });
});

describe("a plan's milestone calendar", () => {
  it('applies to cycles created after it changes', async () => {
    const { setMilestonePolicy } = await import('#use-cases/set-milestone-policy');
    const { importPlan } = await import('#use-cases/import-plan');
    await importPlan(
      {
        planId: 'own-calendar',
        plan: { fileName: 'p.csv', content: Buffer.from('Ref,Action\n1,Do it\n') },
        coordinators: ['cpb.support@nottingham.example.org'],
      },
      stack.deps,
    );

    const before = await createCycle({ planId: 'own-calendar', name: 'Before', dates: DATES }, stack.deps);

    await setMilestonePolicy({ planId: 'own-calendar', reminderWorkingDaysBeforeDraft: [3], escalationWorkingDaysAfterDraft: null }, stack.deps);
    const { milestones } = await createCycle({ planId: 'own-calendar', name: 'Own', dates: DATES, allowOverlap: true, dryRun: true }, stack.deps);
    const { getCycle } = await import('#use-cases/set-cycle-dates');
    const existing = await getCycle(before.cycle.id, stack.deps);

    expect(milestones.map((m) => m.kind)).toEqual(['requests-open', 'reminder-3', 'draft', 'chairs-briefing', 'final', 'board']);
    // A cycle already scheduled keeps the calendar it was planned with.
    expect(existing.milestones.map((m) => m.kind)).toEqual(before.milestones.map((m) => m.kind));
    expect(existing.milestones.map((m) => m.kind)).toContain('reminder-5');
    expect((await stack.deps.store.getActions('own-calendar')).map((a) => a.ref)).toEqual(['1']);
  });

  it('refuses a year whose bank holidays are not known, rather than guessing', async () => {
    const far = { draft: '2040-06-12', briefing: '2040-06-19', final: '2040-06-26', board: '2040-07-10' };

    await expect(createCycle({ planId: PLAN_ID, name: 'Far', dates: far, dryRun: true }, stack.deps)).rejects.toThrow(
      'bank holidays for 2040 are not known (supported: 2010-2035)',
    );
  });
});
