import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { composeReply, gmailInlineReply } from '#local/scripted-replies';
import { compileReport } from '#use-cases/compile-report';
import { acceptHeld, addDelegate, listHeld, rejectHeld } from '#use-cases/held-replies';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { emailsTo, givenACycle, givenALocalStack, givenThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';

const LORNA = 'lorna.beedham@nottingham.example.org';
const MORVETTE = 'morvette.williams@nottingham.example.org';
const DEPUTY = 'dawn.godfrey@nottingham.example.org';

let stack: TestStack;
let cycle: Cycle;
let toLorna: StoredEmail;
let toMorvette: StoredEmail;
let n = 0;
const messageId = () => `<replies-${++n}@mail.example.org>`;
/** The request as if received by someone else, who answers it. */
const as = (request: StoredEmail, address: string): StoredEmail => ({ ...request, destination: { ...request.destination, to: [address] } });

beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
  cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  const emails = await sent(stack);
  toLorna = emailsTo(emails, LORNA)[0]!;
  toMorvette = emailsTo(emails, MORVETTE)[0]!;
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

const updatesOf = async (ref: string) => (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.actionRef === ref);

describe('replies that are not answers', () => {
  it('keeps the text of an out-of-office as a note for the coordinator, and never answers it', async () => {
    const raw = await composeReply(toLorna, 'I am out of the office until Monday 16 May with limited access to email.', {
      messageId: messageId(),
      autoReply: true,
    });

    await ingestReply({ raw }, stack.deps);

    const notes = await stack.deps.store.getNotes(cycle.id);
    expect(notes).toContainEqual(
      expect.objectContaining({ kind: 'auto-reply', ownerKey: 'LB', text: 'I am out of the office until Monday 16 May with limited access to email.' }),
    );
    expect(await sent(stack)).toHaveLength(0);
    const { doc, files } = await compileReport(cycle.id, 'draft', stack.deps);
    expect(files.find((f) => f.format === 'html')?.content.toString()).toContain('out of the office until Monday 16 May');
    expect(doc.tracker.find((t) => t.email === 'lorna.beedham@nottingham.example.org')).toMatchObject({ outOfOffice: true, answeredAt: null });
  });

  it('keeps a free-text reply as a note and explains, at most once a day, that nothing was recorded', async () => {
    const first = await composeReply(toLorna, "I'm on leave until 16 May, Dawn will send the update.", { messageId: messageId() });
    const second = await composeReply(toLorna, 'Sorry, see above.', { messageId: messageId() });

    const outcome = await ingestReply({ raw: first }, stack.deps);
    await ingestReply({ raw: second }, stack.deps);

    expect(outcome).toMatchObject({ outcome: 'noted' });
    expect((await stack.deps.store.getNotes(cycle.id)).map((x) => x.text)).toContain("I'm on leave until 16 May, Dawn will send the update.");
    const answers = emailsTo(await sent(stack), LORNA);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body.text).toContain('We could not find any answers in it');
  });

  it('never answers a reply from our own domain (no mail loops)', async () => {
    const loop = as(toLorna, 'updates@notify.example.org');

    const outcome = await ingestReply({ raw: await replyTo(loop, { '3.1.1': { status: 'Green' } }, messageId()) }, stack.deps);

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'from our own address' });
    expect(await sent(stack)).toHaveLength(0);
    expect(await updatesOf('3.1.1')).toEqual([]);
  });

  it('lists attachments with the inbound record and never reads them as answers', async () => {
    const id = messageId();
    const raw = await new MailComposer({
      from: LORNA,
      to: toLorna.replyTo[0],
      subject: `Re: ${toLorna.subject}`,
      messageId: id,
      text: 'Figures attached.',
      attachments: [{ filename: 'pep-figures.txt', content: '---- Action 3.1.2 ----\nStatus: Complete\n' }],
    })
      .compile()
      .build();

    await ingestReply({ raw }, stack.deps);

    expect((await stack.deps.store.findInbound(id)).map((e) => e.attrs.attachments)).toEqual([['pep-figures.txt']]);
    expect(await updatesOf('3.1.2')).toEqual([]);
  });
});

describe('replies from someone other than the owner', () => {
  it('holds the reply, and tells the sender and the owner once each', async () => {
    const deputy = as(toMorvette, DEPUTY);

    const outcome = await ingestReply({ raw: await replyTo(deputy, { '1.2.1': { status: 'On track' } }, messageId()) }, stack.deps);
    await ingestReply({ raw: await replyTo(deputy, { '1.2.1': { status: 'On track', summary: 'again' } }, messageId()) }, stack.deps);

    expect(outcome).toMatchObject({ outcome: 'held', from: DEPUTY });
    expect(await updatesOf('1.2.1')).toEqual([]);
    expect((await listHeld(cycle.id, stack.deps)).filter((h) => h.from === DEPUTY)).toHaveLength(2);
    const emails = await sent(stack);
    expect(emailsTo(emails, DEPUTY).map((e) => e.subject)).toEqual([expect.stringMatching(/^Your update is waiting for approval/)]);
    expect(emailsTo(emails, MORVETTE).map((e) => e.subject)).toEqual([expect.stringMatching(/^Someone replied to your update request/)]);
  });

  it("records a held reply a coordinator accepts, on the owner's behalf, and reads it back to both", async () => {
    const [held] = (await listHeld(cycle.id, stack.deps)).filter((h) => h.from === DEPUTY && h.state === 'held');

    const outcome = await acceptHeld({ cycleId: cycle.id, heldId: held!.heldId }, stack.deps);

    expect(outcome).toMatchObject({ outcome: 'recorded', actions: ['1.2.1'] });
    expect(await updatesOf('1.2.1')).toMatchObject([{ status: 'on_track', from: DEPUTY, onBehalfOf: MORVETTE }]);
    const confirmation = (await sent(stack)).find((e) => e.subject.startsWith('Update recorded'))!;
    expect(confirmation.destination.to.join(', ')).toContain(DEPUTY);
    expect(confirmation.destination.to.join(', ')).toContain(MORVETTE);
    expect(confirmation.body.text).toContain(`This reply came from ${DEPUTY} on your behalf.`);
    await expect(acceptHeld({ cycleId: cycle.id, heldId: held!.heldId }, stack.deps)).rejects.toThrow(/already accepted/);
  });

  it('records nothing for a held reply a coordinator rejects', async () => {
    const [held] = (await listHeld(cycle.id, stack.deps)).filter((h) => h.state === 'held');
    const before = (await stack.deps.store.getUpdates(cycle.id)).length;

    await rejectHeld({ cycleId: cycle.id, heldId: held!.heldId }, stack.deps);

    expect((await stack.deps.store.getUpdates(cycle.id)).length).toBe(before);
    expect((await listHeld(cycle.id, stack.deps)).find((h) => h.heldId === held!.heldId)?.state).toBe('rejected');
  });

  it("records a registered delegate's reply directly", async () => {
    await addDelegate({ planId: PLAN_ID, ownerKey: 'MW', email: 'sam.deputy@nottingham.example.org' }, stack.deps);

    const outcome = await ingestReply(
      { raw: await replyTo(as(toMorvette, 'sam.deputy@nottingham.example.org'), { '2.2.2': { status: 'Complete' } }, messageId()) },
      stack.deps,
    );

    expect(outcome).toMatchObject({ outcome: 'recorded', actions: ['2.2.2'] });
    expect(await updatesOf('2.2.2')).toMatchObject([{ from: 'sam.deputy@nottingham.example.org', onBehalfOf: MORVETTE }]);
  });
});

describe('a reply after the final deadline', () => {
  it('is stored as late, said so in the read-back and flagged in the report', async () => {
    stack.clock.advanceTo(new Date(`${cycle.dates.final}T18:30:00Z`));

    const outcome = await ingestReply(
      { raw: await replyTo(toLorna, { '3.2.5': { status: 'At risk', summary: 'GCSE support late.' } }, messageId()) },
      stack.deps,
    );

    expect(outcome).toMatchObject({ outcome: 'recorded', late: true });
    expect(await updatesOf('3.2.5')).toMatchObject([{ late: true }]);
    expect(emailsTo(await sent(stack), LORNA)[0]!.body.text).toContain('arrived after the final deadline');
    const { doc, files } = await compileReport(cycle.id, 'board', stack.deps);
    expect(doc.lateReplies.map((r) => [r.ref, r.state, r.late])).toEqual([['3.2.5', 'at_risk', true]]);
    expect(files.find((f) => f.format === 'html')?.content.toString()).toContain(
      'At risk<br><span style="font-weight:normal">Received after the final deadline',
    );
  });
});

describe('the inbound text pipeline', () => {
  it('reads the Gmail reply helper and the real Gmail fixture the same way', async () => {
    // Guards the scripted replies used throughout these tests against drifting from real mail.
    const text = gmailInlineReply(toLorna, { '3.1.1': { status: 'On track' } });

    expect(text).toMatch(/^> ---- Action 3\.1\.1 ----$/m);
    expect(text).toMatch(/^> Status:\n\nOn track\n$/m);
  });
});
