import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSentEmails } from '#adapters/local/ses-local-inbox';
import type { Request } from '#domain/model';
import type { ParsedReply } from '#mail/parse-reply';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { fixture, givenACycle, givenALocalStack, givenThePlan, sent, type TestStack } from '#support/given';

// Every reply of the corpus (the shared fixtures and our own), sent in answer to real
// requests: the fixture's made-up token is swapped for the token of the request the
// sender really received, then the mail goes through the whole ingestion.
const dir = fixture('replies/');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => ({ name: f.replace('.expected.json', ''), expected: JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as ParsedReply }));

let stack: TestStack;
let requests: Map<string, Request>;
const outcomes: string[] = [];
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
  const cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  requests = new Map((await stack.deps.store.getRequests(cycle.id)).map((r) => [r.email, r]));
});
afterAll(() => stack.stop());

describe('the reply corpus through the whole ingestion', () => {
  it.each(cases)('$name', async ({ name, expected }) => {
    const original = readFileSync(new URL(`${name}.eml`, dir));
    const request = expected.from ? requests.get(expected.from) : undefined;
    const fake = expected.replyToken ?? expected.subjectRef;
    // The token appears in headers only (To/Cc, subject), as plain ASCII.
    const raw = request && fake ? Buffer.from(original.toString('latin1').split(fake).join(request.token), 'latin1') : original;
    await clearSentEmails(stack.endpoints.ses);

    const outcome = await ingestReply({ raw }, stack.deps);
    const again = await ingestReply({ raw }, stack.deps);
    outcomes.push(outcome.outcome);

    expect(again).toEqual({ outcome: 'duplicate' });
    if (expected.autoReply) {
      expect(outcome.outcome).toBe('auto-reply');
      expect(await sent(stack)).toHaveLength(0);
      return;
    }
    if (!request || !fake) {
      // No token we can honour: rejected or ignored, never stored.
      expect(['rejected', 'ignored']).toContain(outcome.outcome);
      return;
    }
    const mine = expected.updates.filter((u) => request.actionRefs.includes(u.action));
    if (mine.length === 0) {
      expect(outcome.outcome).toBe('noted');
      return;
    }
    expect(outcome).toMatchObject({ outcome: 'recorded', actions: mine.map((u) => u.action) });
    const stored = (await stack.deps.store.getUpdates(request.cycleId)).filter((u) => u.messageId === expected.messageId);
    expect(
      stored.map(({ actionRef, status, evidence, summary, risks, mitigation }) => ({ action: actionRef, status, evidence, summary, risks, mitigation })),
    ).toEqual(expect.arrayContaining(mine));
    const confirmations = (await sent(stack)).filter((e) => e.subject.startsWith('Update recorded'));
    expect(confirmations).toHaveLength(1);
  });

  it('recorded answers from most of the corpus (the cases above were not vacuous)', () => {
    const recorded = outcomes.filter((o) => o === 'recorded').length;

    expect(outcomes).toHaveLength(cases.length);
    expect(recorded).toBeGreaterThanOrEqual(Math.floor(cases.length / 2));
  });
});
