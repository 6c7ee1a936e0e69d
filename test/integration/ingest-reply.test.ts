import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { composeReply } from '#local/scripted-replies';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { emailsTo, givenACycle, givenALocalStack, givenThePlan, replyTo, sent, type TestStack } from '#support/given';

const LORNA = 'lorna.beedham@nottingham.example.org';

let stack: TestStack;
let cycle: Cycle;
let request: StoredEmail;
let n = 0;
const messageId = () => `<reply-${++n}@mail.example.org>`;

beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
  cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  request = emailsTo(await sent(stack), LORNA)[0]!;
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

const updatesOf = async (ref: string) => (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.actionRef === ref);

describe('ingesting a reply', () => {
  it('stores the raw mail, the updates, and reads them back to the owner', async () => {
    const id = messageId();
    const raw = await replyTo(request, { '3.1.3': { status: 'At risk', evidence: 'NI 99 at 31%.', risks: 'Late PEPs.' } }, id);

    const outcome = await ingestReply({ raw }, stack.deps);

    expect(outcome).toMatchObject({ outcome: 'recorded', actions: ['3.1.3'], problems: 0 });
    const [update] = await updatesOf('3.1.3');
    expect(update).toMatchObject({ status: 'at_risk', evidence: 'NI 99 at 31%.', risks: 'Late PEPs.', summary: null, from: LORNA, messageId: id });
    expect((await stack.deps.blobs.get(update!.rawKey))?.equals(raw)).toBe(true);
    const confirmations = emailsTo(await sent(stack), LORNA);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.subject).toMatch(/^Update recorded:/);
    expect(confirmations[0]!.body.text).toContain('Action 3.1.3');
    expect(confirmations[0]!.body.text).toContain('Status: At risk');
    expect(confirmations[0]!.body.text).toContain('Risks: Late PEPs.');
  });

  it('stores nothing twice and confirms once when the same email arrives twice', async () => {
    const raw = await replyTo(request, { '3.2.1': { status: 'Complete' } }, messageId());

    const first = await ingestReply({ raw }, stack.deps);
    const second = await ingestReply({ raw }, stack.deps);

    expect(first.outcome).toBe('recorded');
    expect(second.outcome).toBe('duplicate');
    expect(await updatesOf('3.2.1')).toHaveLength(1);
    expect(emailsTo(await sent(stack), LORNA)).toHaveLength(1);
  });

  it('keeps the history and lets the latest answer per field win', async () => {
    await ingestReply({ raw: await replyTo(request, { '3.2.2': { status: 'At risk', summary: 'First.' } }, messageId()) }, stack.deps);
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 60_000));
    await ingestReply({ raw: await replyTo(request, { '3.2.2': { status: 'On track' } }, messageId()) }, stack.deps);

    const { doc } = await import('#use-cases/compile-report').then((m) => m.compileReport(cycle.id, 'draft', stack.deps));

    expect(await updatesOf('3.2.2')).toHaveLength(2);
    const row = doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows)).find((r) => r.ref === '3.2.2');
    expect(row).toMatchObject({ state: 'on_track', summary: 'First.' });
  });

  it('names an invalid status in the confirmation and keeps the other fields', async () => {
    await ingestReply({ raw: await replyTo(request, { '3.2.3': { status: 'Partly', summary: 'Half done.' } }, messageId()) }, stack.deps);

    expect(await updatesOf('3.2.3')).toMatchObject([{ status: null, summary: 'Half done.' }]);
    const [confirmation] = emailsTo(await sent(stack), LORNA);
    expect(confirmation!.subject).toMatch(/^Update recorded — 1 point to check:/);
    expect(confirmation!.body.text).toContain('status "Partly" is not one of On track, At risk, Off track, Complete');
  });

  it('rejects a forged token: nothing stored but a rejection record, one short explanation', async () => {
    const forged = { ...request, replyTo: [request.replyTo[0]!.replace(/[A-Za-z0-9_-]{4}@/, 'AAAA@')], subject: 'Update request (no ref)' };
    const before = (await stack.deps.store.getUpdates(cycle.id)).length;

    const outcome = await ingestReply({ raw: await replyTo(forged, { '3.2.4': { status: 'Green' } }, messageId()) }, stack.deps);
    await ingestReply({ raw: await replyTo(forged, { '3.2.4': { status: 'Green' } }, messageId()) }, stack.deps);

    expect(outcome).toEqual({ outcome: 'rejected', reason: 'unknown-request' });
    expect((await stack.deps.store.getUpdates(cycle.id)).length).toBe(before);
    const explanations = emailsTo(await sent(stack), LORNA);
    expect(explanations).toHaveLength(1);
    expect(explanations[0]!.body.text).toContain('could not match your email');
  });

  it('records an auto-reply and never answers it', async () => {
    const raw = await composeReply(request, 'I am out of the office until 16 May.', { messageId: messageId(), autoReply: true });

    const outcome = await ingestReply({ raw }, stack.deps);

    expect(outcome).toEqual({ outcome: 'auto-reply', cycleId: cycle.id });
    expect(await sent(stack)).toHaveLength(0);
  });

  it('holds a reply from someone other than the owner instead of storing it', async () => {
    const deputy = { ...request, destination: { ...request.destination, to: ['dawn.deputy@nottingham.example.org'] } };
    const before = (await stack.deps.store.getUpdates(cycle.id)).length;

    const outcome = await ingestReply({ raw: await replyTo(deputy, { '3.3.1': { status: 'Green' } }, messageId()) }, stack.deps);

    expect(outcome).toMatchObject({ outcome: 'held', from: 'dawn.deputy@nottingham.example.org' });
    expect((await stack.deps.store.getUpdates(cycle.id)).length).toBe(before);
  });

  it('rejects a reply after its token expired (board date plus the grace period) and explains once', async () => {
    const expiresAt = (await stack.deps.store.getRequests(cycle.id)).find((r) => r.email === LORNA)!.expiresAt;
    stack.clock.advanceTo(new Date(new Date(expiresAt).getTime() + 60_000));

    const outcome = await ingestReply({ raw: await replyTo(request, { '3.3.1': { status: 'Green' } }, messageId()) }, stack.deps);

    expect(outcome).toEqual({ outcome: 'rejected', reason: 'expired' });
    expect(await updatesOf('3.3.1')).toEqual([]);
    expect(emailsTo(await sent(stack), LORNA).map((e) => e.body.text)).toEqual([expect.stringContaining('has expired')]);
  });
});
