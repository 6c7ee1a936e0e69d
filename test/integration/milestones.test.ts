import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails } from '#adapters/local/ses-local-inbox';
import { addWorkingDays } from '#domain/working-days';
import { BusyError } from '#domain/errors';
import type { Cycle } from '#domain/model';
import { actionsByOwner } from '#use-cases/send-update-requests';
import { runMilestone } from '#use-cases/run-milestone';
import { importPlan } from '#use-cases/import-plan';
import { createCycle } from '#use-cases/set-cycle-dates';
import { COORDINATOR, emailsTo, givenACycle, givenALocalStack, givenThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';
import { ingestReply } from '#use-cases/ingest-reply';

let stack: TestStack;
let owners: number;
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
  const [actions, people] = await Promise.all([stack.deps.store.getActions(PLAN_ID), stack.deps.store.getPeople(PLAN_ID)]);
  owners = actionsByOwner(actions, people).length;
});
afterAll(() => stack.stop());

let cycle: Cycle;
beforeEach(async () => {
  await clearSentEmails(stack.endpoints.ses);
  stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 40 * 86_400_000));
  cycle = await givenACycle(stack);
});

const event = (milestone: string, version = 1) => ({ cycleId: cycle.id, milestone, version });

describe('the requests-open milestone', () => {
  it('sends each owner one email listing all their actions, with a signed Reply-To and [ref] subject', async () => {
    await runMilestone(event('requests-open'), stack.deps);

    const emails = await sent(stack);
    expect(emails).toHaveLength(owners);
    const lorna = emailsTo(emails, 'lorna.beedham@nottingham.example.org');
    expect(lorna).toHaveLength(1);
    // Tokens are case-sensitive: read the Reply-To as sent, not lower-cased.
    const token = /update\+([A-Za-z0-9._-]+)@replies\.example\.org/.exec(lorna[0]!.replyTo[0]!)?.[1];
    expect(token).toBeDefined();
    const request = (await stack.deps.store.getRequests(cycle.id)).find((r) => r.email === 'lorna.beedham@nottingham.example.org')!;
    expect(stack.deps.signer.verify(token!, request)).toBe(true);
    expect(lorna[0]!.subject).toMatch(new RegExp(`\\[ref ${token!.replace('.', '\\.')}\\]$`));
    expect(lorna[0]!.body.text).toContain('---- Action 3.1.1 ----');
    expect(lorna[0]!.body.text).toContain('---- End of form ----');
    expect(lorna[0]!.body.html).toContain('---- Action 3.1.1 ----');
  });

  it('has its effect once when delivered three times in a row', async () => {
    for (let i = 0; i < 3; i++) await runMilestone(event('requests-open'), stack.deps);

    expect(await sent(stack)).toHaveLength(owners);
  });

  it('has its effect once when delivered ten times in parallel', async () => {
    const outcomes = await settle(Array.from({ length: 10 }, () => runMilestone(event('requests-open'), stack.deps)));

    expect(outcomes.filter((o) => o === 'done')).toHaveLength(1);
    // The others found it running (and fail, to be retried) or already done: none did it again.
    expect(outcomes.filter((o) => o !== 'done' && o !== 'busy' && o !== 'ignored')).toEqual([]);
    expect(await sent(stack)).toHaveLength(owners);
  });

  it('ignores an event for an outdated version of the cycle', async () => {
    const outcome = await runMilestone(event('requests-open', 2), stack.deps);

    expect(outcome.outcome).toBe('ignored');
    expect(await sent(stack)).toHaveLength(0);
  });
});

/** What each of parallel runs came to: its outcome, 'busy' when it found the work held by another run, else the error. */
async function settle(runs: Array<Promise<{ outcome: string }>>): Promise<string[]> {
  return (await Promise.allSettled(runs)).map((r) => (r.status === 'fulfilled' ? r.value.outcome : r.reason instanceof BusyError ? 'busy' : String(r.reason)));
}

describe('the reminder milestone', () => {
  it('goes only to owners with actions still lacking an update, listing only those', async () => {
    await runMilestone(event('requests-open'), stack.deps);
    const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    const raw = await replyTo(request, { '3.1.1': { status: 'On track' } }, `<r-${cycle.id}@mail.example.org>`);
    await ingestReply({ raw }, stack.deps);
    await clearSentEmails(stack.endpoints.ses);

    await runMilestone(event('reminder-5'), stack.deps);

    const reminders = await sent(stack);
    const toLorna = emailsTo(reminders, 'lorna.beedham@nottingham.example.org');
    expect(toLorna).toHaveLength(1);
    expect(toLorna[0]!.subject).toMatch(/^Reminder: update request/);
    expect(toLorna[0]!.body.text).not.toContain('---- Action 3.1.1 ----');
    expect(toLorna[0]!.body.text).toContain('---- Action 3.1.2 ----');
  });

  it('skips an owner whose every action has an update', async () => {
    await runMilestone(event('requests-open'), stack.deps);
    const request = emailsTo(await sent(stack), 'jon.rea@nottingham.example.org')[0]!;
    const refs = [...request.body.text!.matchAll(/^---- Action (\S+) ----$/gm)].map((m) => m[1]!);
    const raw = await replyTo(request, Object.fromEntries(refs.map((r) => [r, { status: 'Green' }])), `<all-${cycle.id}@mail.example.org>`);
    await ingestReply({ raw }, stack.deps);
    await clearSentEmails(stack.endpoints.ses);

    await runMilestone(event('reminder-5'), stack.deps);

    expect(emailsTo(await sent(stack), 'jon.rea@nottingham.example.org')).toHaveLength(0);
  });
});

describe('the draft milestone', () => {
  it('compiles the draft report, keeps it and emails it to the coordinators', async () => {
    await runMilestone(event('draft'), stack.deps);

    const report = await stack.deps.store.getReport(cycle.id, 'draft');
    expect(report).toMatchObject({ stage: 'draft', actions: 36, answered: 0 });
    const html = (await stack.deps.blobs.get(report!.key))!.toString();
    expect(html.match(/No update received/g)?.length).toBeGreaterThanOrEqual(36);
    const toCoordinator = emailsTo(await sent(stack), COORDINATOR);
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]!.subject).toContain('Draft progress report');
    expect(toCoordinator[0]!.attachments?.map((a) => a.filename)).toEqual(['html', 'docx', 'xlsx', 'csv'].map((ext) => `${cycle.id}-draft.${ext}`));
  });
});

describe('every milestone', () => {
  it.each(['reminder-5', 'reminder-1', 'escalation', 'draft', 'chairs-briefing', 'final', 'board'])(
    'has its effect once when %s is delivered ten times in parallel and then three more times',
    async (kind) => {
      await runMilestone(event('requests-open'), stack.deps);
      await clearSentEmails(stack.endpoints.ses);

      const parallel = await settle(Array.from({ length: 10 }, () => runMilestone(event(kind), stack.deps)));
      const once = (await sent(stack)).length;
      const after = [];
      for (let i = 0; i < 3; i++) after.push(await runMilestone(event(kind), stack.deps));

      expect(parallel.filter((o) => o === 'done')).toHaveLength(1);
      expect(parallel.filter((o) => o !== 'done' && o !== 'busy' && o !== 'ignored')).toEqual([]);
      expect(after.map((o) => o.outcome)).toEqual(['ignored', 'ignored', 'ignored']);
      expect(once).toBeGreaterThan(0);
      expect(await sent(stack)).toHaveLength(once);
    },
  );
});

/** A small plan (CSV text) with its people imported, and a cycle of it whose requests have gone out. */
async function givenASentCycle(planId: string, plan: string, people: string) {
  const imported = await importPlan(
    {
      planId,
      plan: { fileName: 'plan.csv', content: Buffer.from(plan) },
      people: { fileName: 'people.csv', content: Buffer.from(people) },
      coordinators: [COORDINATOR],
    },
    stack.deps,
  );
  const draft = addWorkingDays(stack.clock.now().toISOString().slice(0, 10), 20);
  const { cycle: c } = await createCycle({ planId, name: 'Q2', dates: { draft, briefing: draft, final: draft, board: draft } }, stack.deps);
  await runMilestone({ cycleId: c.id, milestone: 'requests-open', version: 1 }, stack.deps);
  return { imported, cycle: c };
}

describe('the escalation milestone', () => {
  it('tells the outcome owner and the coordinators which owners and actions are still missing', async () => {
    const people =
      'Initials,Name,Email\nHB,Helen Blackman,helen.blackman@nottingham.example.org\nLB,Lorna Beedham,lorna.beedham@nottingham.example.org\nJR,Jon Rea,jon.rea@nottingham.example.org\n';
    const plan =
      'Ref,Theme,Outcome owner,Action,Lead\n1.1,Education,Helen Blackman,PEPs in time,LB\n1.2,Education,,Attendance,JR\n2.1,Participation,,Children in Care Council,JR\n';
    const { cycle: c } = await givenASentCycle('escalation-plan', plan, people);
    const request = emailsTo(await sent(stack), 'jon.rea@nottingham.example.org')[0]!;
    await ingestReply({ raw: await replyTo(request, { '1.2': { status: 'On track' } }, `<esc-${c.id}@mail.example.org>`) }, stack.deps);
    await clearSentEmails(stack.endpoints.ses);

    await runMilestone({ cycleId: c.id, milestone: 'escalation', version: 1 }, stack.deps);

    const emails = await sent(stack);
    const toHelen = emailsTo(emails, 'helen.blackman@nottingham.example.org');
    const toCoordinator = emailsTo(emails, COORDINATOR);
    expect(toHelen).toHaveLength(1);
    // Helen owns the Education outcome (1.1 and, filled down, 1.2); 1.2 was answered.
    expect(toHelen[0]!.body.text).toContain('Lorna Beedham <lorna.beedham@nottingham.example.org>:\n  - 1.1 PEPs in time');
    expect(toHelen[0]!.body.text).not.toContain('Attendance');
    expect(toHelen[0]!.body.text).not.toContain('Children in Care Council');
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]!.subject).toMatch(/^Updates missing: .* \(2 actions\)$/);
    expect(toCoordinator[0]!.body.text).toContain('Jon Rea <jon.rea@nottingham.example.org>:\n  - 2.1 Children in Care Council');
    expect(toCoordinator[0]!.body.text).not.toContain('Attendance');
  });

  it("counts each missing action once in the coordinators' email, however many owners share it", async () => {
    // Prepare: the 2011 plan shares actions between owners ("PTO/HB/EP/EF/SR")
    const actions = await stack.deps.store.getActions(PLAN_ID);
    expect(actions.some((a) => a.owners.length > 1)).toBe(true);
    await runMilestone(event('requests-open'), stack.deps);
    await clearSentEmails(stack.endpoints.ses);

    // Act
    await runMilestone(event('escalation'), stack.deps);

    // Assess: no update has come in, so every action of the plan is missing, each counted once
    const toCoordinator = emailsTo(await sent(stack), COORDINATOR);
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]!.subject).toMatch(new RegExp(`\\(${actions.length} actions\\)$`));
    expect(toCoordinator[0]!.body.text).toContain(`has passed and ${actions.length} actions still have no update`);
  });

  it('emails the outcome owners stored on the actions at import, not whoever their text would name now', async () => {
    // Prepare: Helen resolved at import; the text is later reworded to something no one in the people file matches
    const people = 'Initials,Name,Email\nHB,Helen Blackman,helen.blackman@nottingham.example.org\nLB,Lorna Beedham,lorna.beedham@nottingham.example.org\n';
    const plan = 'Ref,Theme,Outcome owner,Action,Lead\n1.1,Education,Helen Blackman,PEPs in time,LB\n';
    const { imported, cycle: c } = await givenASentCycle('stored-outcome-owners', plan, people);
    expect(imported.actions[0]!.outcomeOwners).toEqual(['HB']);
    await stack.deps.store.savePlan(
      imported.plan,
      imported.people,
      imported.actions.map((a) => ({ ...a, outcomeOwner: 'Education outcome lead' })),
    );
    await clearSentEmails(stack.endpoints.ses);

    // Act
    await runMilestone({ cycleId: c.id, milestone: 'escalation', version: 1 }, stack.deps);

    // Assess
    const toHelen = emailsTo(await sent(stack), 'helen.blackman@nottingham.example.org');
    expect(toHelen).toHaveLength(1);
    expect(toHelen[0]!.body.text).toContain('Lorna Beedham <lorna.beedham@nottingham.example.org>:\n  - 1.1 PEPs in time');
  });
});

describe('the update form', () => {
  it("shows each action's last update from the previous cycle", async () => {
    await runMilestone(event('requests-open'), stack.deps);
    const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    const raw = await replyTo(request, { '3.1.3': { status: 'At risk', summary: 'Schools slow to return PEPs.' } }, `<last-${cycle.id}@mail.example.org>`);
    await ingestReply({ raw }, stack.deps);
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 40 * 86_400_000));
    const next = await givenACycle(stack);
    await clearSentEmails(stack.endpoints.ses);

    await runMilestone({ cycleId: next.id, milestone: 'requests-open', version: 1 }, stack.deps);

    const text = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!.body.text!;
    const block = text.slice(text.indexOf('---- Action 3.1.3 ----'), text.indexOf('---- Action 3.2.1 ----'));
    expect(block).toContain('Last update (Q1 2026/27): At risk - Schools slow to return PEPs.');
  });
});
