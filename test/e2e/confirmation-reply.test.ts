import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import { composeReply } from '#local/scripted-replies';
import { runMilestone } from '#use-cases/run-milestone';
import { deliverOverSmtp, emailsTo, givenACycle, givenAStackWithThePlan, replyTo, sent, type TestStack } from '#support/given';

const LORNA = 'lorna.beedham@nottingham.example.org';
let stack: TestStack;
beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-05-04T08:00:00Z'));
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

/**
 * One block typed again at the top, as owners do it: the marker, a status and a summary, and
 * no end marker (they copy the block, not the line after it). Then the client's quote of the
 * whole confirmation, its read-back of 3.1.1 (with evidence) included.
 */
const block = (ref: string, status: string) => [`---- Action ${ref} ----`, `Status: ${status}`, 'Summary: Corrected after the read-back.', ''];
const quoteStyles: Record<string, (confirmation: StoredEmail, top: string[]) => string> = {
  Outlook: (c, top) =>
    [...top, `From: ${c.from}`, `Sent: ${new Date(c.at * 1000).toUTCString()}`, `To: ${LORNA}`, `Subject: ${c.subject}`, '', c.body.text ?? ''].join('\n'),
  Gmail: (c, top) =>
    [...top, `On ${new Date(c.at * 1000).toUTCString()}, ${c.from} wrote:`, '', ...(c.body.text ?? '').split('\n').map((l) => (l ? `> ${l}` : '>'))].join('\n'),
  iPhone: (c, top) =>
    [
      ...top,
      'Sent from my iPhone',
      '',
      `On 4 May 2026, at 10:02, ${c.from} wrote:`,
      '',
      ...(c.body.text ?? '').split('\n').map((l) => (l ? `> ${l}` : '>')),
    ].join('\n'),
};

describe('a reply to a confirmation, one block typed again at the top (over real SMTP)', () => {
  it.each(Object.keys(quoteStyles))('records only the retyped block from %s: the quoted read-back is never read as answers', async (client) => {
    // Prepare: Lorna answered two actions and got her confirmation read back.
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const request = emailsTo(await sent(stack), LORNA)[0]!;
    await clearSentEmails(stack.endpoints.ses);
    const first = await replyTo(
      request,
      { '3.1.1': { status: 'On track', evidence: 'PEPs 92% on time.' }, '3.1.2': { status: 'At risk' } },
      `<first-${client}@mail.example.org>`,
    );
    await deliverOverSmtp(stack, first, request.replyTo[0]!, LORNA);
    const confirmation = emailsTo(await sent(stack), LORNA).find((e) => e.subject.startsWith('Update recorded'))!;
    await clearSentEmails(stack.endpoints.ses);

    // Act: she corrects 3.1.3 only, replying to the confirmation.
    const again = await composeReply(confirmation, quoteStyles[client]!(confirmation, ['Hi,', '', ...block('3.1.3', 'Off track')]), {
      messageId: `<again-${client}@mail.example.org>`,
    });
    await deliverOverSmtp(stack, again, confirmation.replyTo[0]!, LORNA);

    // Assess: 3.1.3 recorded from this reply, and nothing else of it (3.1.1's evidence in the
    // read-back is not 3.1.3's); the read-back says exactly that.
    const fromAgain = (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.messageId === `<again-${client}@mail.example.org>`);
    expect(fromAgain.map((u) => [u.actionRef, u.status, u.evidence, u.summary, u.risks, u.mitigation])).toEqual([
      ['3.1.3', 'off_track', null, 'Corrected after the read-back.', null, null],
    ]);
    const readBack = emailsTo(await sent(stack), LORNA)[0]!;
    expect(readBack.subject).toMatch(/^Update recorded/);
    expect(readBack.body.text).toContain('3.1.3');
    expect(readBack.body.text).not.toMatch(/Action 3\.1\.1[^\n]*\n(?:[^\n]*\n){0,2}Status: On track/);
  });
});

describe('answers typed outside any block (a deleted marker), over real SMTP', () => {
  it('records them for the action whose title was kept above them, and names the ones it cannot place', async () => {
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const request = emailsTo(await sent(stack), LORNA)[0]!;
    await clearSentEmails(stack.endpoints.ses);
    const body = ['Improve PEP process for CiC in out-of city placements.', 'Status: Green', 'Summary: Every PEP on time.', '', 'Status: Red', ''].join('\n');

    await deliverOverSmtp(stack, await composeReply(request, body, { messageId: '<deleted-marker@mail.example.org>' }), request.replyTo[0]!, LORNA);

    const updates = (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.messageId === '<deleted-marker@mail.example.org>');
    expect(updates.map((u) => [u.actionRef, u.status, u.summary])).toEqual([['3.1.1', 'on_track', 'Every PEP on time.']]);
    const readBack = emailsTo(await sent(stack), LORNA)[0]!;
    expect(readBack.subject).toMatch(/^Update recorded — 1 point to check/);
    expect(readBack.body.text).toContain('we could not tell which action "Status: Red" was for');
  });
});
