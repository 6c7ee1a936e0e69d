import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCsv } from '#use-cases/audit';
import { cancelCycle, createCycle, updateCycle } from '#use-cases/set-cycle-dates';
import { givenALocalStack, givenThePlan, PLAN_ID, type TestStack } from '#support/given';

// The append-only audit log, against dynalite: each decision once, with who, what and when.
let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack(new Date('2026-11-02T10:00:00Z'));
  await givenThePlan(stack);
});
afterAll(() => stack.stop());

const DATES = { draft: '2027-03-09', briefing: '2027-03-16', final: '2027-03-23', board: '2027-04-05' };

describe('the audit log', () => {
  it('records the import, the cycle, each date change and the cancellation, with who and when, oldest first', async () => {
    const minuteLater = () => stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 60_000));
    minuteLater();
    const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Spring', dates: DATES, actor: 'mina.manager' }, stack.deps);
    minuteLater();
    await updateCycle({ cycleId: cycle.id, dates: { board: '2027-04-12' }, actor: 'mina.manager' }, stack.deps);
    minuteLater();
    await cancelCycle({ cycleId: cycle.id, actor: 'cli:ops' }, stack.deps);
    // Cancelling again changes nothing, so records nothing.
    await cancelCycle({ cycleId: cycle.id, actor: 'cli:ops' }, stack.deps);

    const entries = await stack.deps.store.listAudit({ planId: PLAN_ID });
    expect(entries.map((e) => [e.action, e.actor])).toEqual([
      ['plan.import', 'system'],
      ['cycle.create', 'mina.manager'],
      ['cycle.dates', 'mina.manager'],
      ['cycle.cancel', 'cli:ops'],
    ]);
    expect(entries[2]).toMatchObject({
      cycleId: cycle.id,
      at: '2026-11-02T10:02:00.000Z',
      summary: 'Changed the board date from 5 April 2027 to 12 April 2027.',
    });
    expect(entries[0]!.summary).toMatch(/^Imported .+: 36 actions \(36 added, 0 changed, 0 archived, 0 restored\), \d+ people\.$/);
  });

  it('adds an entry once however often it is written, and never changes it', async () => {
    const entry = { id: 'test#once', at: '2026-11-02T10:00:00.000Z', actor: 'a', action: 'purge' as const, planId: 'other', cycleId: null, summary: 'first' };
    await Promise.all([stack.deps.store.appendAudit(entry), stack.deps.store.appendAudit({ ...entry, summary: 'second' })]);
    await stack.deps.store.appendAudit({ ...entry, summary: 'third' });
    const entries = await stack.deps.store.listAudit({ planId: 'other' });
    expect(entries).toHaveLength(1);
    expect(['first', 'second']).toContain(entries[0]!.summary);
  });

  it('exports as CSV with a byte-order mark, quoted fields and formula-like cells neutralised', () => {
    const csv = auditCsv([
      { id: 'x', at: '2026-11-02T10:00:00.000Z', actor: '=cmd', action: 'held.reject', planId: 'p', cycleId: 'c', summary: 'Rejected, "twice"' },
    ]);
    expect(csv).toBe('\uFEFFWhen (UTC),Who,Decision,Plan,Cycle,What\r\n2026-11-02T10:00:00.000Z,\'=cmd,held.reject,p,c,"Rejected, ""twice"""\r\n');
  });
});
