/**
 * The evidence checks end to end over dynalite and the local SES: a thin-evidence reply gets
 * one follow-up question per flag in its confirmation, the compiled draft marks the flag and
 * the chair's briefing lists it under "Updates to check"; evidence repeated from the previous
 * cycle is asked about; a plan that switches the rules off gets neither (and the switch is in
 * the audit log).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { emailsTo, givenACycle, givenAStackWithThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';
import { compileReport } from '#use-cases/compile-report';
import { setEvidenceRules } from '#use-cases/evidence-rules';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';

const LORNA = 'lorna.beedham@nottingham.example.org';
/** 3.1.1's measure: "Target: 99% in city", "Target: 85% out of city"; due 1 June 2011. */
const PEP = '3.1.1';
const TARGETS_QUESTION = 'The targets are 99% in city and 85% out of city — what is the figure now, and where does it come from?';

let stack: TestStack;
let n = 0;
const messageId = () => `<evidence-${++n}@mail.example.org>`;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

/** A new cycle (each later than the last), its forms out, and Lorna's form. */
async function givenLornasForm(): Promise<{ cycle: Cycle; form: StoredEmail }> {
  stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 60 * 86_400_000));
  const cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);
  const form = emailsTo(await sent(stack), LORNA).find((e) => e.subject.startsWith('Update request'))!;
  await clearSentEmails(stack.endpoints.ses);
  return { cycle, form };
}

const confirmationTo = async (address: string) => emailsTo(await sent(stack), address).find((e) => e.subject.startsWith('Update recorded'))!;
const rowOf = (html: string, ref: string) => {
  const start = html.indexOf(`<strong>${ref}</strong></td>`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
};

describe('a thin-evidence reply', () => {
  let cycle: Cycle;
  let form: StoredEmail;
  let confirmation: StoredEmail;
  beforeAll(async () => {
    ({ cycle, form } = await givenLornasForm());
    const outcome = await ingestReply({ raw: await replyTo(form, { [PEP]: { status: 'On track', summary: 'Going well.' } }, messageId()) }, stack.deps);
    expect(outcome).toMatchObject({ outcome: 'recorded', actions: [PEP], flags: 2 });
    // the tests' beforeEach empties the inbox
    confirmation = await confirmationTo(LORNA);
  });

  it('gets one follow-up question per flag under its action, in the text and the HTML of the confirmation', () => {
    // Assess
    expect(confirmation.subject).toMatch(/^Update recorded — 2 follow-up questions: /);
    const text = confirmation.body.text ?? '';
    const block = text.slice(text.indexOf(`Action ${PEP}:`), text.indexOf('We have 2 follow-up questions'));
    expect(block).toContain(`  • Follow-up question: ${TARGETS_QUESTION}`);
    expect(block).toContain('  • Follow-up question: It was due by 1 June 2011: is it complete now, or by what date will it be finished?');
    expect(confirmation.body.html).toContain(`• <strong>Follow-up question:</strong> ${TARGETS_QUESTION}`);
    // the questioned action's block is there to answer in
    expect(text).toContain(`---- Action ${PEP} ----`);
  });

  it('is marked in the compiled draft and listed after the exceptions in the chair’s briefing', async () => {
    // Act
    const draft = await compileReport(cycle.id, 'draft', stack.deps);
    const briefing = await compileReport(cycle.id, 'chairs-briefing', stack.deps);

    // Assess
    const row = draft.doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows)).find((r) => r.ref === PEP)!;
    expect(row.flags.map((f) => f.rule)).toEqual(['no-evidence', 'overdue-on-track']);
    const draftHtml = draft.files.find((f) => f.format === 'html')!.content.toString();
    expect(rowOf(draftHtml.slice(draftHtml.indexOf('by theme and objective')), PEP)).toContain('<strong>To check:</strong> On track with no evidence given.');
    expect(draft.files.find((f) => f.format === 'csv')!.content.toString()).toContain('On track with no evidence given.');
    const html = briefing.files.find((f) => f.format === 'html')!.content.toString();
    const checks = html.slice(html.indexOf('Updates to check'), html.indexOf('Themes</h2>'));
    expect(html.indexOf('Updates to check')).toBeGreaterThan(html.indexOf('Exceptions'));
    expect(rowOf(checks, PEP)).toContain('On track with no evidence given.<br>On track, but its due date (1 June 2011) has passed and it is not complete.');
    expect(briefing.doc.toCheck.map((r) => r.ref)).toEqual([PEP]);
  });

  it('asks no more about the evidence once a later reply gives a figure', async () => {
    // Act: the owner answers the question; the status stays On track, so the due date is still asked about
    await ingestReply(
      { raw: await replyTo(form, { [PEP]: { status: 'On track', evidence: '93% in city, 81% out of city (May).' } }, messageId()) },
      stack.deps,
    );

    // Assess
    const text = (await confirmationTo(LORNA)).body.text ?? '';
    expect(text.match(/Follow-up question: .*/g)).toEqual([
      'Follow-up question: It was due by 1 June 2011: is it complete now, or by what date will it be finished?',
    ]);
    const { doc } = await compileReport(cycle.id, 'draft', stack.deps);
    expect(doc.toCheck.flatMap((r) => r.flags.map((f) => f.rule))).toEqual(['overdue-on-track']);
  });
});

describe('a reply with enough evidence', () => {
  it('gets the same confirmation as before: no question, no flag', async () => {
    // Prepare
    const { cycle, form } = await givenLornasForm();

    // Act
    const outcome = await ingestReply(
      { raw: await replyTo(form, { [PEP]: { status: 'At risk', evidence: 'PEP completion 91% in city and 79% out of city (April 2011).' } }, messageId()) },
      stack.deps,
    );

    // Assess
    expect(outcome).toMatchObject({ outcome: 'recorded', flags: 0 });
    const confirmation = await confirmationTo(LORNA);
    expect(confirmation.subject).toMatch(/^Update recorded: /);
    expect(confirmation.body.text).not.toContain('Follow-up question');
    expect((await compileReport(cycle.id, 'chairs-briefing', stack.deps)).doc.toCheck).toEqual([]);
  });
});

describe('evidence repeated from the previous cycle', () => {
  it("asks what has changed since the plan's previous cycle", async () => {
    // Prepare: the same evidence in two cycles in a row
    const evidence = 'PEP completion 93% in city and 80% out of city, from the virtual school tracker.';
    const first = await givenLornasForm();
    await ingestReply({ raw: await replyTo(first.form, { [PEP]: { status: 'At risk', evidence } }, messageId()) }, stack.deps);
    const second = await givenLornasForm();

    // Act
    await ingestReply({ raw: await replyTo(second.form, { [PEP]: { status: 'At risk', evidence } }, messageId()) }, stack.deps);

    // Assess
    const text = (await confirmationTo(LORNA)).body.text ?? '';
    expect(text).toContain(`  • Follow-up question: Your evidence is word for word the same as in ${first.cycle.name} — what has changed since then?`);
    const { doc } = await compileReport(second.cycle.id, 'draft', stack.deps);
    expect(doc.toCheck.flatMap((r) => r.flags.map((f) => `${r.ref} ${f.rule}`))).toEqual([`${PEP} repeated`]);
  });
});

describe("a plan's switches", () => {
  it('asks nothing and flags nothing for the rules a plan switched off, and records the switch in the audit log', async () => {
    // Prepare
    const { cycle, form } = await givenLornasForm();
    const result = await setEvidenceRules({ planId: PLAN_ID, off: ['no-evidence', 'overdue-on-track'], actor: 'cli:tester' }, stack.deps);

    // Act
    await ingestReply({ raw: await replyTo(form, { [PEP]: { status: 'On track', summary: 'Going well.' } }, messageId()) }, stack.deps);

    // Assess: no-figure, covered by no-evidence before, now asks
    expect(result.switchedOff).toEqual(['no-evidence', 'overdue-on-track']);
    const text = (await confirmationTo(LORNA)).body.text ?? '';
    expect(text.match(/Follow-up question: .*/g)).toEqual(['Follow-up question: The targets are 99% in city and 85% out of city — what are the figures now?']);
    const { doc } = await compileReport(cycle.id, 'draft', stack.deps);
    expect(doc.toCheck.flatMap((r) => r.flags.map((f) => f.rule))).toEqual(['no-figure']);
    const audit = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action === 'plan.evidence-rules');
    expect(audit).toMatchObject([
      { actor: 'cli:tester', summary: 'Evidence checks of Corporate Parenting Promise Action Plan: switched off no-evidence, overdue-on-track.' },
    ]);

    // a plan with the rules on again asks again
    await setEvidenceRules({ planId: PLAN_ID, on: ['no-evidence', 'overdue-on-track'] }, stack.deps);
    expect((await stack.deps.store.getPlan(PLAN_ID))?.evidenceRules).toEqual({ off: [] });
  });
});
