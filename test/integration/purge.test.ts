/**
 * `purge` against dynalite and the folder blob store: two cycles of real replies (an owner's
 * answers with one too long for its item, a deputy's held reply, an out-of-office, a forged
 * token) and their compiled reports; a purge before a day between them takes exactly the
 * older cycle's content, keeps the rest, records counts only, once, and finishes after a crash.
 */
import { utimes } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { composeReply } from '#local/scripted-replies';
import { compileReport } from '#use-cases/compile-report';
import type { Deps } from '#use-cases/deps';
import { ingestReply } from '#use-cases/ingest-reply';
import { purge, type PurgeCounts } from '#use-cases/purge';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { emailsTo, givenAStackWithThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';
import { atNth, Crash, Instance, withCrashPoints } from '../faults/crash.ts';

const LORNA = 'lorna.beedham@nottingham.example.org';
const DEPUTY = 'dawn.deputy@nottingham.example.org';
/** What the owners wrote: none of it may reach the audit log. */
const OLD_TEXT = 'Old cycle evidence: 12 carers approved';
const NEW_TEXT = 'New cycle evidence: 14 carers approved';
const QUARANTINED = 'inbound/2024-01-16/quarantined.eml';

interface Seeded {
  older: Cycle;
  newer: Cycle;
  /** Message-IDs of the replies to each cycle. */
  olderIds: string[];
  newerIds: string[];
}

const at = (stack: TestStack, iso: string) => stack.clock.advanceTo(new Date(iso));

/** The forms of a cycle go out and Lorna's request comes back. */
async function requestOf(stack: TestStack, cycle: Cycle): Promise<StoredEmail> {
  await clearSentEmails(stack.endpoints.ses);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);
  return emailsTo(await sent(stack), LORNA)[0]!;
}

/**
 * The older cycle (board 4 March 2024) gets four kinds of mail in January and its draft in
 * February; the newer one (board 10 June 2024) an answer in April and its draft in May.
 */
async function seed(stack: TestStack): Promise<Seeded> {
  const { cycle: older } = await createCycle(
    { planId: PLAN_ID, name: 'Q4 2023/24', dates: { draft: '2024-02-05', briefing: '2024-02-12', final: '2024-02-19', board: '2024-03-04' } },
    stack.deps,
  );
  const { cycle: newer } = await createCycle(
    { planId: PLAN_ID, name: 'Q1 2024/25', dates: { draft: '2024-05-13', briefing: '2024-05-20', final: '2024-05-28', board: '2024-06-10' } },
    stack.deps,
  );

  at(stack, '2024-01-16T09:30:00Z');
  const request = await requestOf(stack, older);
  const olderIds = ['<a1@mail.example.org>', '<a2@mail.example.org>', '<a3@mail.example.org>', '<a4@mail.example.org>'];
  // The owner's answers, one of them longer than an item keeps (its whole text goes to the blob store).
  await ingestReply(
    {
      raw: await replyTo(
        request,
        { '3.1.3': { status: 'At risk', evidence: `${OLD_TEXT}. ${'More detail. '.repeat(700)}` }, '3.2.1': { status: 'Complete', summary: OLD_TEXT } },
        olderIds[0]!,
      ),
    },
    stack.deps,
  );
  // A deputy's reply, held for a coordinator (and its sender told once).
  const deputy = { ...request, destination: { ...request.destination, to: [DEPUTY] } };
  await ingestReply({ raw: await replyTo(deputy, { '3.2.2': { status: 'On track', summary: OLD_TEXT } }, olderIds[1]!) }, stack.deps);
  // An out-of-office: a note.
  await ingestReply({ raw: await composeReply(request, `Out of the office. ${OLD_TEXT}`, { messageId: olderIds[2]!, autoReply: true }) }, stack.deps);
  // A forged token: a rejection record and an explanation.
  const forged = { ...request, replyTo: [request.replyTo[0]!.replace(/[A-Za-z0-9_-]{4}@/, 'AAAA@')], subject: 'Update request (no ref)' };
  await ingestReply({ raw: await replyTo(forged, { '3.2.4': { status: 'Green', summary: OLD_TEXT } }, olderIds[3]!) }, stack.deps);
  // Mail SES's verdicts said not to read: kept unread, with its record.
  await stack.deps.blobs.put(QUARANTINED, `Subject: ${OLD_TEXT}\r\n\r\nspam`, 'message/rfc822');
  await stack.deps.store.recordQuarantine({ rawKey: QUARANTINED, verdicts: { spam: 'FAIL' }, at: stack.clock.now().toISOString() });
  at(stack, '2024-02-05T17:00:00Z');
  await compileReport(older.id, 'draft', stack.deps);

  at(stack, '2024-04-23T09:30:00Z');
  const newRequest = await requestOf(stack, newer);
  const newerIds = ['<b1@mail.example.org>'];
  await ingestReply({ raw: await replyTo(newRequest, { '3.1.3': { status: 'On track', evidence: NEW_TEXT } }, newerIds[0]!) }, stack.deps);
  at(stack, '2024-05-13T17:00:00Z');
  await compileReport(newer.id, 'draft', stack.deps);
  // Later Lorna's address bounced: that stays known, or she would be mailed again.
  await stack.deps.store.markAddress({ email: LORNA, state: 'bounced', reason: 'mailbox full', at: stack.clock.now().toISOString() });

  at(stack, '2024-07-01T10:00:00Z');
  return { older, newer, olderIds, newerIds };
}

/** Everything of a cycle that holds what people wrote, as the store and blob store have it. */
async function contentOf(deps: Deps, cycle: Cycle, messageIds: string[]) {
  const [updates, notes, held, report, reportFiles] = await Promise.all([
    deps.store.getUpdates(cycle.id),
    deps.store.getNotes(cycle.id),
    deps.store.getHeld(cycle.id),
    deps.store.getReport(cycle.id, 'draft'),
    deps.blobs.list(`reports/${cycle.id}/`),
  ]);
  const rawKeys = [...updates.map((u) => u.rawKey), ...held.map((h) => h.rawKey), ...updates.flatMap((u) => Object.values(u.overflow))];
  const inbound = (await Promise.all(messageIds.map((id) => deps.store.findInbound(id)))).flat();
  const rejections = (await Promise.all(messageIds.map((id) => deps.store.getRejection(id)))).filter(Boolean);
  return { updates, notes, held, report, reportFiles, rawKeys, inbound, rejections };
}

const purges = async (deps: Deps) => (await deps.store.listAudit()).filter((e) => e.action === 'purge');
const nothing = (counts: PurgeCounts) => Object.values(counts).every((n) => n === 0);

describe('purge --before a day between two cycles', () => {
  let stack: TestStack;
  let seeded: Seeded;
  let before: Awaited<ReturnType<typeof contentOf>>;
  beforeAll(async () => {
    stack = await givenAStackWithThePlan(new Date('2024-01-08T09:00:00Z'));
    seeded = await seed(stack);
    before = await contentOf(stack.deps, seeded.older, seeded.olderIds);
  });
  afterAll(() => stack.stop());

  it('counts on a dry run what it would delete, and deletes and records nothing', async () => {
    // Act
    const dry = await purge({ before: '2024-04-01', dryRun: true, actor: 'cli:ops' }, stack.deps);

    // Assess
    expect(dry.counts).toEqual({
      updates: 2,
      // The out-of-office, and the owner's "my updates are inline below".
      notes: 2,
      heldReplies: 1,
      privacyReviews: 0,
      heldNotices: 1,
      rejections: 1,
      quarantined: 1,
      inboundRecords: 4,
      explanations: 1,
      reports: 1,
      reportFiles: 5,
      rawMail: 5,
      longTexts: 1,
    });
    expect(dry).toMatchObject({ before: '2024-04-01', rawMailBefore: '2024-04-01', dryRun: true, cycles: [seeded.older.id], auditId: null });
    expect(await contentOf(stack.deps, seeded.older, seeded.olderIds)).toEqual(before);
    expect(await stack.deps.store.getQuarantine(QUARANTINED)).not.toBeNull();
    expect(await purges(stack.deps)).toEqual([]);
  });

  it('deletes exactly the older cycle’s content, with the same counts as the dry run', async () => {
    // Prepare
    const dry = await purge({ before: '2024-04-01', dryRun: true }, stack.deps);
    const newerBefore = await contentOf(stack.deps, seeded.newer, seeded.newerIds);
    expect(before.rawKeys.length).toBeGreaterThan(0);

    // Act
    const done = await purge({ before: '2024-04-01', actor: 'cli:ops' }, stack.deps);

    // Assess
    expect(done.counts).toEqual(dry.counts);
    const older = await contentOf(stack.deps, seeded.older, seeded.olderIds);
    expect(older).toMatchObject({ updates: [], notes: [], held: [], report: null, reportFiles: [], inbound: [], rejections: [] });
    expect(await stack.deps.store.getQuarantine(QUARANTINED)).toBeNull();
    for (const key of [...before.rawKeys, QUARANTINED]) expect(await stack.deps.blobs.get(key), key).toBeNull();
    // The newer cycle keeps every update, its report and its raw mail.
    expect(await contentOf(stack.deps, seeded.newer, seeded.newerIds)).toEqual(newerBefore);
    expect(newerBefore.updates.map((u) => u.evidence)).toEqual([NEW_TEXT]);
    for (const key of newerBefore.rawKeys) expect(await stack.deps.blobs.get(key), key).not.toBeNull();
  });

  it('keeps the plan, its actions and people, both cycles, who was asked, and the earlier decisions', async () => {
    const { store } = stack.deps;

    expect(await store.getPlan(PLAN_ID)).not.toBeNull();
    expect(await store.getActions(PLAN_ID)).toHaveLength(36);
    expect((await store.getPeople(PLAN_ID)).length).toBeGreaterThan(0);
    expect((await store.listCycles(PLAN_ID)).map((c) => c.id).sort()).toEqual([seeded.older.id, seeded.newer.id].sort());
    expect((await store.getRequests(seeded.older.id)).map((r) => r.email)).toContain(LORNA);
    expect((await store.milestoneRuns(seeded.older.id)).get('requests-open')).toBe('done');
    expect((await store.getAddressStates([LORNA])).get(LORNA)?.state).toBe('bounced');
    expect((await store.listAudit()).map((e) => e.action).sort()).toEqual(['cycle.create', 'cycle.create', 'plan.import', 'purge']);
  });

  it('records the purge with its counts and none of what anyone wrote', async () => {
    const [entry] = await purges(stack.deps);

    expect(entry).toMatchObject({ id: 'purge#2024-04-01#2024-04-01', actor: 'cli:ops', planId: null, cycleId: null, at: '2024-07-01T10:00:00.000Z' });
    expect(entry!.summary).toBe(
      'Purged what was received before 1 April 2024, and the reports of cycles whose board met before then: 2 updates, 2 notes (out-of-office or text outside the form), 1 held reply, 1 notice to a held reply’s sender, 1 rejected mail record, 1 quarantined mail record, 4 inbound mail records, 1 explanation sent to a sender, 1 report record, 5 report files, 5 raw mail messages, 1 long answer text, from 1 cycle(s).',
    );
    for (const secret of [OLD_TEXT, '12 carers', LORNA, DEPUTY, '@']) expect(entry!.summary).not.toContain(secret);
  });

  it('finds nothing the second time and records the purge once', async () => {
    const again = await purge({ before: '2024-04-01', actor: 'cli:ops' }, stack.deps);

    expect(nothing(again.counts)).toBe(true);
    expect(again.auditId).toBeNull();
    expect(await purges(stack.deps)).toHaveLength(1);
  });

  it('without a day, purges what is past the update retention, and raw mail past its own', async () => {
    // Prepare: a raw mail no record names, last written before the raw mail retention (31 days).
    await stack.deps.blobs.put('inbound/2024-05-01/stray.eml', 'Subject: stray\r\n\r\nhello', 'message/rfc822');
    await utimes(stack.deps.blobs.locate('inbound/2024-05-01/stray.eml'), new Date('2024-05-01T12:00:00Z'), new Date('2024-05-01T12:00:00Z'));
    // 1 July 2024 less 91 days is 1 April 2024; less 31 days is 31 May 2024.
    const deps = { ...stack.deps, retention: { updateDays: 91, rawMailDays: 31 } };

    const dry = await purge({ dryRun: true }, deps);

    expect(dry).toMatchObject({ before: '2024-04-01', rawMailBefore: '2024-05-31' });
    expect(dry.counts).toMatchObject({ rawMail: 1, updates: 0, reportFiles: 0 });
    const done = await purge({}, deps);
    expect(done.auditId).toBe('purge#2024-04-01#2024-05-31');
    expect(await stack.deps.blobs.get('inbound/2024-05-01/stray.eml')).toBeNull();
    expect((await stack.deps.store.getUpdates(seeded.newer.id)).map((u) => u.evidence)).toEqual([NEW_TEXT]);
  });

  it('refuses a day after today, naming the option and a day it takes', async () => {
    await expect(purge({ before: '2024-07-02' }, stack.deps)).rejects.toThrow(
      '--before 2024-07-02 is after today (2024-07-01): only what is already past can be purged. Give today or an earlier day, e.g. --before 2023-07-02.',
    );
  });

  it('without a day, refuses where no retention is set, saying what to do', async () => {
    await expect(purge({}, { ...stack.deps, retention: null })).rejects.toThrow(/redeploy it .* or give the day yourself, e\.g\. purge --before 2019-04-01/);
  });
});

describe('a purge that dies part-way', () => {
  let stack: TestStack;
  let seeded: Seeded;
  beforeAll(async () => {
    stack = await givenAStackWithThePlan(new Date('2024-01-08T09:00:00Z'));
    seeded = await seed(stack);
  });
  afterAll(() => stack.stop());

  it('finishes when run again, never failing on what is already gone, and is recorded once with the whole count', async () => {
    // Prepare: the first run dies after its first batch of records (the blobs are gone, the updates too, the rest not).
    const full = await purge({ before: '2024-04-01', dryRun: true }, stack.deps);
    const dying = withCrashPoints(stack.deps, new Instance(atNth(2, (c) => c.port === 'store' && c.method === 'deleteRecords' && c.phase === 'before')));

    // Act
    await expect(purge({ before: '2024-04-01', actor: 'cli:ops' }, dying)).rejects.toThrow(Crash);
    const left = await purge({ before: '2024-04-01', dryRun: true }, stack.deps);
    const rerun = await purge({ before: '2024-04-01', actor: 'cli:ops' }, stack.deps);

    // Assess
    expect(left.counts).toMatchObject({ updates: 0, rawMail: 0, longTexts: 0, reportFiles: 0 });
    expect(left.counts.notes + left.counts.heldReplies + left.counts.inboundRecords).toBeGreaterThan(0);
    expect(rerun.counts).toEqual(left.counts);
    expect(await contentOf(stack.deps, seeded.older, seeded.olderIds)).toMatchObject({
      updates: [],
      notes: [],
      held: [],
      report: null,
      reportFiles: [],
      inbound: [],
      rejections: [],
    });
    const entries = await purges(stack.deps);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.summary).toContain(`${full.counts.inboundRecords} inbound mail records`);
    expect(nothing((await purge({ before: '2024-04-01' }, stack.deps)).counts)).toBe(true);
  });

  it('finishes after dying once the blobs are deleted, before any record is', async () => {
    // Prepare: new content in the newer cycle's past, then a run that dies after its first blob delete.
    const dying = withCrashPoints(stack.deps, new Instance(atNth(1, (c) => c.port === 'blobs' && c.method === 'delete' && c.phase === 'after')));

    // Act
    await expect(purge({ before: '2024-07-01', actor: 'cli:ops' }, dying)).rejects.toThrow(Crash);
    const rerun = await purge({ before: '2024-07-01', actor: 'cli:ops' }, stack.deps);

    // Assess: the newer cycle's blobs went in the first run; its records in the second.
    expect(rerun.counts).toMatchObject({ rawMail: 0, reportFiles: 0, updates: 1, reports: 1 });
    expect(await contentOf(stack.deps, seeded.newer, seeded.newerIds)).toMatchObject({ updates: [], report: null, reportFiles: [], inbound: [] });
    expect((await purges(stack.deps)).map((e) => e.id)).toEqual(['purge#2024-04-01#2024-04-01', 'purge#2024-07-01#2024-07-01']);
  });
});
