import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runMilestone } from '#use-cases/run-milestone';
import { deliverOverSmtp, emailsTo, givenACycle, givenALocalStack, givenThePlan, replyTo, sent, sharedFixture, type TestStack } from '#support/given';

let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
});
afterAll(() => stack.stop());

describe('an owner replying over real SMTP', () => {
  it('sees the update stored and gets a read-back confirmation', async () => {
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const request = emailsTo(await sent(stack), 'morvette.williams@nottingham.example.org')[0]!;
    const raw = await replyTo(request, { '2.2.2': { status: 'Complete', evidence: 'IRO standards updated.' } }, '<smtp-1@mail.example.org>');

    // The SMTP server answers only once the reply is ingested and confirmed: nothing to wait for after.
    await deliverOverSmtp(stack, raw, request.replyTo[0]!);

    const confirmation = emailsTo(await sent(stack), 'morvette.williams@nottingham.example.org').find((e) => e.subject.startsWith('Update recorded:'));
    const updates = await stack.deps.store.getUpdates(cycle.id);
    expect(updates).toMatchObject([{ actionRef: '2.2.2', status: 'complete', evidence: 'IRO standards updated.' }]);
    expect(confirmation?.body.text).toContain('Status: Complete');
  });

  it('refuses mail for another domain at RCPT time', async () => {
    const raw = readFileSync(sharedFixture('replies/gmail-inline-lb.eml'));

    await expect(deliverOverSmtp(stack, raw, 'someone@elsewhere.example.org')).rejects.toThrow(/550|only accept/);
  });
});
