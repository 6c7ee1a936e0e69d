/**
 * Each stage's report from stored data (dynalite): every action once, every figure adding up
 * against the stored updates (and the escalation's count), one email however often a
 * milestone runs, and the size rule: attached under 7 MB, linked above, never 10 MB.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails } from '#adapters/local/ses-local-inbox';
import { addDays } from '#domain/calendar';
import type { Action, Cycle, Person, ReportStage } from '#domain/model';
import type { ReportDocument } from '#reports/document';
import { UNANSWERED } from '#reports/report-model';
import { COORDINATOR, emailsTo, givenACycle, givenAStackWithThePlan, PLAN_ID, sent, type TestStack } from '#support/given';
import { anAutoReply, anUpdate } from '#support/reports';
import { compileReport, reportKey, SES_LIMIT_BYTES } from '#use-cases/compile-report';
import { runMilestone } from '#use-cases/run-milestone';

let stack: TestStack;
beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
});
afterAll(() => stack.stop());

let cycle: Cycle;
let actions: Action[];
let people: Person[];
beforeEach(async () => {
  await clearSentEmails(stack.endpoints.ses);
  stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 60 * 86_400_000));
  cycle = await givenACycle(stack);
  [actions, people] = await Promise.all([stack.deps.store.getActions(PLAN_ID), stack.deps.store.getPeople(PLAN_ID)]);
});

const event = (milestone: string) => ({ cycleId: cycle.id, milestone, version: cycle.version });
const rowsOf = (doc: ReportDocument) => doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows));
const STATUSES = ['on_track', 'at_risk', 'off_track', 'complete', null] as const;

/** The forms go out; the first 20 actions get an answer (statuses in turn); one owner is away, one bounced. */
async function givenStoredAnswers() {
  await runMilestone(event('requests-open'), stack.deps);
  const answered = actions.slice(0, 20);
  for (const [i, a] of answered.entries()) {
    const owner = people.find((p) => p.email && a.owners.includes(p.key)) ?? people.find((p) => p.email)!;
    await stack.deps.store.putUpdate(
      anUpdate({
        cycleId: cycle.id,
        actionRef: a.ref,
        ownerKey: owner.key,
        from: owner.email!,
        status: STATUSES[i % STATUSES.length]!,
        summary: `Summary ${a.ref}`,
      }),
    );
  }
  const unanswered = actions.slice(20);
  // Away: an owner of an unanswered action; bounced: another one's address.
  const away = people.find((p) => p.email && unanswered.some((a) => a.owners.includes(p.key)))!;
  const gone = people.find((p) => p.email && p.key !== away.key && unanswered.some((a) => a.owners.length === 1 && a.owners[0] === p.key))!;
  await stack.deps.store.putNote({ ...anAutoReply(away.key), cycleId: cycle.id });
  await stack.deps.store.markAddress({ email: gone.email!, state: 'bounced', reason: 'test', at: stack.clock.now().toISOString() });
  return { answered, unanswered, away, gone };
}

describe('each stage from stored updates', () => {
  it.each(['draft', 'chairs-briefing', 'final', 'board'] as ReportStage[])('lists every action of the plan exactly once in the %s', async (stage) => {
    // Prepare
    await givenStoredAnswers();

    // Act
    const { doc, files } = await compileReport(cycle.id, stage, stack.deps);

    // Assess
    expect(
      rowsOf(doc)
        .map((r) => r.ref)
        .sort(),
    ).toEqual(actions.map((a) => a.ref).sort());
    const html = files.find((f) => f.format === 'html')!.content.toString();
    const table = html.slice(html.indexOf('by theme and objective'));
    if (stage !== 'chairs-briefing')
      for (const a of actions) expect({ ref: a.ref, rows: table.split(`<strong>${a.ref}</strong></td>`).length - 1 }).toEqual({ ref: a.ref, rows: 1 });
  });

  it('counts the headline and the tracker against the stored updates, and the escalation says the same', async () => {
    // Prepare
    const { answered, gone, away } = await givenStoredAnswers();
    const updates = await stack.deps.store.getUpdates(cycle.id);

    // Act
    const { doc } = await compileReport(cycle.id, 'draft', stack.deps);
    await runMilestone(event('escalation'), stack.deps);

    // Assess: each status as stored, the rest by why there is none, all adding up to the actions
    const count = (state: string) => doc.headline.find((f) => f.state === state)!.count;
    for (const status of ['on_track', 'at_risk', 'off_track', 'complete'] as const)
      expect(count(status)).toBe(updates.filter((u) => u.status === status).length);
    expect(count('no_status')).toBe(updates.filter((u) => u.status === null).length);
    expect(doc.headline.reduce((n, f) => n + f.count, 0)).toBe(actions.length);
    expect(doc.response.answered).toBe(new Set(updates.map((u) => u.actionRef)).size);
    expect(count('bounced')).toBeGreaterThan(0);
    expect(count('out_of_office')).toBeGreaterThan(0);
    const missing = doc.headline.filter((f) => UNANSWERED.has(f.state)).reduce((n, f) => n + f.count, 0);
    expect(missing).toBe(actions.length - answered.length);

    // the tracker: every owner asked, those who answered, the one bounced and the one away
    const requests = await stack.deps.store.getRequests(cycle.id);
    expect(doc.tracker.filter((t) => t.askedAt !== null)).toHaveLength(requests.length);
    expect(
      doc.tracker
        .filter((t) => t.answeredAt !== null)
        .map((t) => t.email)
        .sort(),
    ).toEqual([...new Set(updates.map((u) => u.from))].sort());
    expect(doc.response.ownersAnswered).toBe(new Set(updates.map((u) => u.ownerKey)).size);
    expect(doc.tracker.filter((t) => t.bounced).map((t) => t.email)).toEqual([gone.email]);
    expect(doc.tracker.find((t) => t.email === away.email)?.outOfOffice).toBe(!updates.some((u) => u.ownerKey === away.key));

    // the escalation's "N actions still have no update" is the report's unanswered count
    const escalation = emailsTo(await sent(stack), COORDINATOR).find((e) => e.subject.startsWith('Updates missing'))!;
    expect(escalation.body.text).toContain(`has passed and ${missing} actions still have no update`);
  });

  it("marks in the final report the chair's corrections since the draft", async () => {
    // Prepare
    const { answered } = await givenStoredAnswers();
    await compileReport(cycle.id, 'draft', stack.deps);
    const target = answered[1]!;
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 86_400_000));
    await stack.deps.store.putUpdate(
      anUpdate({
        cycleId: cycle.id,
        actionRef: target.ref,
        ownerKey: target.owners[0]!,
        status: 'off_track',
        summary: 'Corrected',
        receivedAt: stack.clock.now().toISOString(),
      }),
    );

    // Act
    const { doc, files } = await compileReport(cycle.id, 'final', stack.deps);

    // Assess
    expect(doc.comparedWithDraft).toBe(true);
    expect(
      rowsOf(doc)
        .filter((r) => r.changes.length > 0)
        .map((r) => [r.ref, r.changes]),
    ).toEqual([
      [
        target.ref,
        [
          { field: 'state', before: 'At risk', after: 'Off track' },
          { field: 'summary', before: `Summary ${target.ref}`, after: 'Corrected' },
        ],
      ],
    ]);
    expect(files.find((f) => f.format === 'html')!.content.toString()).toContain('Changed since the draft; was At risk');
  });

  it('gives the same files when the same stage is compiled again later', async () => {
    // Prepare
    await givenStoredAnswers();
    const first = await compileReport(cycle.id, 'draft', stack.deps);
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 3_600_000));

    // Act
    const again = await compileReport(cycle.id, 'draft', stack.deps);

    // Assess
    expect(again.doc).toEqual(first.doc);
    for (const format of ['html', 'csv'] as const) {
      expect(again.files.find((f) => f.format === format)!.content).toEqual(first.files.find((f) => f.format === format)!.content);
    }
    expect((await stack.deps.blobs.get(reportKey(cycle.id, 'draft', 'json')))!.toString()).toBe(JSON.stringify(first.doc));
  });
});

describe('a repeated report milestone', () => {
  it('sends one email when delivered twice', async () => {
    // Act
    await runMilestone(event('draft'), stack.deps);
    const second = await runMilestone(event('draft'), stack.deps);

    // Assess
    expect(second).toMatchObject({ outcome: 'ignored' });
    expect(emailsTo(await sent(stack), COORDINATOR).filter((e) => e.subject.startsWith('Draft progress report'))).toHaveLength(1);
  });

  it('sends one email when delivered in parallel', async () => {
    // Act
    const runs = await Promise.allSettled([
      runMilestone(event('final'), stack.deps),
      runMilestone(event('final'), stack.deps),
      runMilestone(event('final'), stack.deps),
    ]);

    // Assess: one run did it; the others stopped at the milestone's claim (busy, or already done)
    expect(runs.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'done')).toHaveLength(1);
    expect(emailsTo(await sent(stack), COORDINATOR).filter((e) => e.subject.startsWith('Final progress report'))).toHaveLength(1);
  });

  it("sends the chair's briefing to the coordinators and the chair", async () => {
    // Prepare
    const plan = (await stack.deps.store.getPlan(PLAN_ID))!;
    await stack.deps.store.savePlan({ ...plan, chairs: ['chair@nottingham.example.org'] }, people, actions);

    // Act
    await runMilestone(event('chairs-briefing'), stack.deps);

    // Assess
    const briefing = (await sent(stack)).filter((e) => e.subject.startsWith("Chair's briefing"));
    expect(briefing).toHaveLength(1);
    expect(briefing[0]!.destination.to.flatMap((t) => t.split(',').map((a) => a.trim().toLowerCase())).sort()).toEqual(
      [COORDINATOR, 'chair@nottingham.example.org'].sort(),
    );
    await stack.deps.store.savePlan(plan, people, actions);
  });
});

describe('the size of a report email', () => {
  it('attaches the files of a 36-action report', async () => {
    // Act
    await runMilestone(event('draft'), stack.deps);

    // Assess
    const [email] = emailsTo(await sent(stack), COORDINATOR);
    expect(email!.attachments).toHaveLength(4);
  });

  it('links the files of a large report instead, and the email stays small; the link serves the file', async () => {
    // Prepare: a plan of 3,000 actions, each answered with long texts (about 13 MB of HTML)
    const planId = 'big-plan';
    const owners: Person[] = Array.from({ length: 300 }, (_, i) => ({
      key: `P${i}`,
      name: `Person ${i}`,
      initials: `P${i}`,
      email: `p${i}@big.example.org`,
      role: null,
    }));
    const big = Array.from(
      { length: 3000 },
      (_, i): Action => ({ ...actions[0]!, planId, ref: `${1 + Math.floor(i / 100)}.${i % 100}`, order: i, owners: [`P${i % 300}`], title: `Big action ${i}` }),
    );
    await stack.deps.store.savePlan({ id: planId, name: 'Big plan', coordinators: [COORDINATOR], createdAt: stack.clock.now().toISOString() }, owners, big);
    const today = stack.clock.now().toISOString().slice(0, 10);
    const bigCycle: Cycle = {
      ...cycle,
      id: `big-${cycle.id}`,
      planId,
      dates: { opens: today, draft: addDays(today, 1), briefing: addDays(today, 8), final: addDays(today, 15), board: addDays(today, 22) },
    };
    await stack.deps.store.createCycle(bigCycle);
    const text = 'Evidence gathered from the quarterly returns and checked with the data team. '.repeat(20);
    for (let i = 0; i < big.length; i += 50) {
      await Promise.all(
        big.slice(i, i + 50).map((a) =>
          stack.deps.store.putUpdate(
            anUpdate({
              cycleId: bigCycle.id,
              actionRef: a.ref,
              ownerKey: a.owners[0]!,
              from: `p${a.order % 300}@big.example.org`,
              status: 'on_track',
              evidence: text,
              summary: text,
            }),
          ),
        ),
      );
    }

    // Act
    await runMilestone({ cycleId: bigCycle.id, milestone: 'draft', version: bigCycle.version }, stack.deps);

    // Assess
    const [email] = emailsTo(await sent(stack), COORDINATOR);
    const html = (await stack.deps.blobs.get(reportKey(bigCycle.id, 'draft', 'html')))!;
    expect(html.length).toBeGreaterThan(7 * 1024 * 1024);
    expect(email!.attachments).toEqual([]);
    const links = [...(email!.body.text ?? '').matchAll(/: (http:\/\/localhost:\d+\/reports\/\S+)$/gm)].map((m) => m[1]!);
    expect(links.map((l) => l.slice(l.lastIndexOf('/') + 1))).toEqual(['draft.html', 'draft.docx', 'draft.xlsx', 'draft.csv']);
    const raw = await fetch(`${stack.endpoints.ses}/get-emlContent?messageId=${encodeURIComponent(email!.messageId)}`).then((r) => r.text());
    expect(raw.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(raw)).toBeLessThan(SES_LIMIT_BYTES / 100);
    const served = await fetch(links[0]!);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(html)).toBe(true);
  }, 120_000);

  it('serves only reports, never raw mail', async () => {
    // Prepare
    await stack.deps.blobs.put('inbound/2026-01-01/secret.eml', 'raw mail', 'message/rfc822');

    // Act
    const answers = await Promise.all(
      ['/reports/../inbound/2026-01-01/secret.eml', '/inbound/2026-01-01/secret.eml', '/reports/%2e%2e/inbound', '/reports/x/..%2Fsecret.eml'].map((p) =>
        fetch(`${stack.endpoints.ses}${p}`).then(async (r) => ({ status: r.status, body: await r.text() })),
      ),
    );

    // Assess
    for (const a of answers) expect(a.body).not.toContain('raw mail');
  });
});
