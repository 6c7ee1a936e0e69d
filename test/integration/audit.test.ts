import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '#domain/errors';
import { auditCsv } from '#use-cases/audit';
import { removeDelegate } from '#use-cases/delegates';
import { acceptHeld, addDelegate, rejectHeld } from '#use-cases/held-replies';
import { importCycles } from '#use-cases/import-cycles';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { cancelCycle, createCycle, updateCycle } from '#use-cases/set-cycle-dates';
import { emailsTo, fixture, givenACycle, givenALocalStack, givenThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';

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

  it('records a coordinator accepting and rejecting held replies, once each, with who did it', async () => {
    // Prepare: two replies from a deputy, held for a coordinator.
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);
    const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    const deputy = { ...request, destination: { ...request.destination, to: ['dawn.deputy@nottingham.example.org'] } };
    const held = async (id: string) => {
      const outcome = await ingestReply({ raw: await replyTo(deputy, { '3.1.3': { status: 'On track' } }, id) }, stack.deps);
      return outcome.outcome === 'held' ? outcome.heldId : '';
    };
    const [first, second] = [await held('<held-1@mail.example.org>'), await held('<held-2@mail.example.org>')];

    // Act: as the CLI does them; a second accept of the same reply is refused.
    await acceptHeld({ cycleId: cycle.id, heldId: first, actor: 'cli:ops' }, stack.deps);
    await expect(acceptHeld({ cycleId: cycle.id, heldId: first, actor: 'cli:ops' }, stack.deps)).rejects.toThrow(ConflictError);
    await rejectHeld({ cycleId: cycle.id, heldId: second, actor: 'cli:ops' }, stack.deps);

    // Assess
    const entries = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.cycleId === cycle.id && e.action.startsWith('held.'));
    expect(entries.map((e) => [e.action, e.actor, e.id])).toEqual([
      ['held.accept', 'cli:ops', `held.accept#${cycle.id}#${first}`],
      ['held.reject', 'cli:ops', `held.reject#${cycle.id}#${second}`],
    ]);
    expect(entries[0]!.summary).toBe('Accepted the reply from dawn.deputy@nottingham.example.org for Lorna Beedham.');
    expect(entries.map((e) => e.summary).join(' ')).not.toContain('On track');
  });

  it('records a delegate added and removed, with who did it', async () => {
    await addDelegate({ planId: PLAN_ID, ownerKey: 'LB', email: 'Dawn.Godfrey@nottingham.example.org', actor: 'cli:ops' }, stack.deps);
    await removeDelegate({ planId: PLAN_ID, ownerKey: 'LB', email: 'dawn.godfrey@nottingham.example.org', actor: 'cli:ops' }, stack.deps);

    const entries = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action.startsWith('delegate.'));
    expect(entries.map((e) => [e.action, e.actor, e.summary])).toEqual([
      ['delegate.add', 'cli:ops', 'Registered dawn.godfrey@nottingham.example.org to answer for Lorna Beedham.'],
      ['delegate.remove', 'cli:ops', 'Stopped dawn.godfrey@nottingham.example.org answering for Lorna Beedham.'],
    ]);
  });

  it('records each cycle a schedule import creates, and nothing when the same file comes again', async () => {
    // The first four rows of the 2011 schedule (its later rows carry the council's own typos).
    const rows = readFileSync(fixture('plans/nottingham-promise-2011.schedule.csv'), 'utf8').split('\n').slice(0, 5).join('\n');
    const file = { fileName: 'schedule.csv', content: Buffer.from(rows) };
    const creates = async () => (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action === 'cycle.create' && e.actor === 'cli:ops');

    const imported = await importCycles({ planId: PLAN_ID, file, allowPast: true, allowOverlap: true, actor: 'cli:ops' }, stack.deps);
    const once = await creates();
    await importCycles({ planId: PLAN_ID, file, allowPast: true, allowOverlap: true, actor: 'cli:ops' }, stack.deps);

    expect(imported.cycles.length).toBeGreaterThan(0);
    expect(once.map((e) => e.cycleId).sort()).toEqual(imported.cycles.map((c) => c.cycle.id).sort());
    expect(await creates()).toHaveLength(once.length);
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
