import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addressOf, clearSentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import { DynamoStore } from '#adapters/dynamodb/store';
import { ASYNC_RETRY_DELAYS_MS, fanOutConcurrency } from '#domain/delivery-policy';
import { BusyError } from '#domain/errors';
import type { Cycle } from '#domain/model';
import { composeReply, gmailInlineReply } from '#local/scripted-replies';
import type { Store } from '#ports/store';
import type { Deps } from '#use-cases/deps';
import { EXPLANATIONS_PER_HOUR, ingestReply, MAX_FIELD_CHARS } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { actionsByOwner } from '#use-cases/send-update-requests';
import { emailsTo, givenACycle, givenAStackWithThePlan, sent, type TestStack } from '#support/given';

/** What a process that died looks like to the code still holding its objects: every call fails. */
class Crash extends Error {
  override name = 'Crash';
}

/**
 * A store of a Lambda instance that dies at a chosen moment: once `dieWhen` says so, this
 * call and every later one fail, and nothing it meant to write afterwards (a release, a
 * completion) reaches the table.
 */
function mortalStore(store: Store, dieWhen: (method: string, calls: Map<string, number>) => boolean): Store {
  const calls = new Map<string, number>();
  let dead = false;
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = String(prop);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        if (dead || dieWhen(name, calls)) {
          dead = true;
          return Promise.reject(new Crash(`the instance died at ${name}`));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let stack: TestStack;
let owners: number;
/** A new Lambda instance: the same table and services, new objects (no claim of the dead one). */
const freshDeps = (sendConcurrency = 1): Deps => ({
  ...stack.deps,
  // One owner at a time unless asked: then a run that dies has no other email on its way.
  mail: { ...stack.deps.mail, sendConcurrency },
  store: new DynamoStore((stack.deps.store as DynamoStore).client, (stack.deps.store as DynamoStore).tableName, stack.clock),
});
/** The platform's next retry of an asynchronous invocation: the virtual clock moves on by its delay. */
const retryAfter = (n: 0 | 1) => stack.clock.advanceTo(new Date(stack.clock.now().getTime() + ASYNC_RETRY_DELAYS_MS[n]));

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-05-04T08:00:00Z'));
  // The owners a requests-open asks: those with an email and at least one action.
  const [actions, people] = await Promise.all([stack.deps.store.getActions('nottingham-2011'), stack.deps.store.getPeople('nottingham-2011')]);
  owners = actionsByOwner(actions, people).length;
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

const recipients = (emails: StoredEmail[]) => emails.flatMap((e) => e.destination.to.map(addressOf));

describe('a milestone run that died', () => {
  it("is taken over by the platform's retries and asks everyone, resuming after the last owner emailed", async () => {
    // Prepare: a requests-open run whose instance dies after its 5th email is recorded.
    const cycle = await givenACycle(stack);
    const event = { cycleId: cycle.id, milestone: 'requests-open', version: 1 };
    const dying = { ...freshDeps(), store: mortalStore(freshDeps().store, (m, calls) => m === 'claimSend' && (calls.get('completeSend') ?? 0) >= 5) };
    await expect(runMilestone(event, dying)).rejects.toThrow(Crash);

    // Act: Lambda's two retries, each on a new instance.
    const attempts: string[] = [];
    for (const n of [0, 1] as const) {
      retryAfter(n);
      attempts.push(
        await runMilestone(event, freshDeps()).then(
          (o) => o.outcome,
          (e) => (e instanceof BusyError ? 'busy' : String(e)),
        ),
      );
    }

    // Assess: the first retry finds the dead run's claim still live (and fails, to be retried);
    // the second takes over. Every owner asked exactly once.
    expect(attempts).toEqual(['busy', 'done']);
    const to = recipients(await sent(stack));
    expect(to).toHaveLength(owners);
    expect(new Set(to).size).toBe(owners);
    expect(Object.fromEntries(await stack.deps.store.milestoneRuns(cycle.id))).toEqual({ 'requests-open': 'done' });
  });

  it('sending to several owners at once, asks everyone, and only the emails on their way when it died can go twice', async () => {
    // As many at once as at the default SES rate.
    const atOnce = fanOutConcurrency(14);
    const cycle = await givenACycle(stack);
    const event = { cycleId: cycle.id, milestone: 'requests-open', version: 1 };
    const dying = {
      ...freshDeps(atOnce),
      store: mortalStore(freshDeps(atOnce).store, (m, calls) => m === 'claimSend' && (calls.get('completeSend') ?? 0) >= 5),
    };
    await expect(runMilestone(event, dying)).rejects.toThrow(Crash);
    for (const n of [0, 1] as const) {
      retryAfter(n);
      await runMilestone(event, freshDeps(atOnce)).catch((e) => {
        if (!(e instanceof BusyError)) throw e;
      });
    }

    const to = recipients(await sent(stack));
    expect(new Set(to).size).toBe(owners);
    // only the other sends under way when the store died can have reached SES unrecorded
    expect(to.length - owners).toBeLessThanOrEqual(atOnce - 1);
    expect(Object.fromEntries(await stack.deps.store.milestoneRuns(cycle.id))).toEqual({ 'requests-open': 'done' });
  });
});

/** The cycle, and the form sent to Lorna Beedham in it. */
async function givenAnAskedOwner(): Promise<{ cycle: Cycle; request: StoredEmail }> {
  const cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
  const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
  await clearSentEmails(stack.endpoints.ses);
  return { cycle, request };
}

let seq = 0;
const messageId = () => `<reliability-${++seq}@mail.example.org>`;
/** A reply to `request` as if from `from` (its own answers, or a fixed text). */
const replyFrom = (request: StoredEmail, from: string, body: string, id = messageId()) =>
  composeReply({ ...request, destination: { ...request.destination, to: [from] } }, body, { messageId: id });

describe('an ingestion that died mid-write', () => {
  it('completes on the retry with each answer stored once, and one confirmation', async () => {
    const { cycle, request } = await givenAnAskedOwner();
    const raw = await composeReply(request, gmailInlineReply(request, { '3.1.1': { status: 'On track' }, '3.1.2': { status: 'At risk' } }), {
      messageId: messageId(),
    });
    const dying = { ...freshDeps(), store: mortalStore(freshDeps().store, (m, calls) => m === 'putUpdate' && calls.get('putUpdate') === 2) };
    await expect(ingestReply({ raw }, dying)).rejects.toThrow(Crash);

    retryAfter(0);
    const outcome = await ingestReply({ raw }, freshDeps());

    expect(outcome).toMatchObject({ outcome: 'recorded', actions: ['3.1.1', '3.1.2'] });
    const updates = (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.from === 'lorna.beedham@nottingham.example.org');
    expect(updates.map((u) => u.actionRef).sort()).toEqual(['3.1.1', '3.1.2']);
    expect((await sent(stack)).filter((e) => e.subject.startsWith('Update recorded'))).toHaveLength(1);
  });

  it('fails, to be retried, while another live run handles the same reply, then finds it done', async () => {
    const { request } = await givenAnAskedOwner();
    const raw = await composeReply(request, gmailInlineReply(request, { '3.1.1': { status: 'Complete' } }), { messageId: messageId() });

    const parallel = await Promise.allSettled(Array.from({ length: 5 }, () => ingestReply({ raw }, freshDeps())));
    const later = await ingestReply({ raw }, freshDeps());

    const outcomes = parallel.map((r) => (r.status === 'fulfilled' ? r.value.outcome : r.reason instanceof BusyError ? 'busy' : String(r.reason)));
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'recorded' && o !== 'busy' && o !== 'duplicate')).toEqual([]);
    expect(later.outcome).toBe('duplicate');
    expect((await sent(stack)).filter((e) => e.subject.startsWith('Update recorded'))).toHaveLength(1);
  });
});

describe('duplicates', () => {
  it("does not let a stranger's mail reusing an owner's Message-ID shadow the owner's real reply", async () => {
    const { cycle, request } = await givenAnAskedOwner();
    const id = messageId();
    const stranger = await replyFrom(request, 'stranger@elsewhere.example.org', gmailInlineReply(request, { '3.1.1': { status: 'Off track' } }), id);
    const owner = await composeReply(request, gmailInlineReply(request, { '3.1.1': { status: 'On track' } }), { messageId: id });

    const first = await ingestReply({ raw: stranger }, stack.deps);
    const second = await ingestReply({ raw: owner }, stack.deps);

    expect(first.outcome).toBe('held');
    expect(second).toMatchObject({ outcome: 'recorded', actions: ['3.1.1'] });
    expect((await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.actionRef === '3.1.1').map((u) => u.status)).toEqual(['on_track']);
  });
});

describe('rate limits against tricks', () => {
  it('counts plus-addressed variants of one sender as one: a single explanation a day', async () => {
    const { request } = await givenAnAskedOwner();
    const forged = {
      ...request,
      replyTo: ['update+AAAAAAAAAAAAAAAAAAAAAAAAAAAA@replies.example.org'],
      subject: 'Re: an update [ref AAAAAAAAAAAAAAAAAAAAAAAAAAAA]',
    };

    for (let i = 1; i <= 12; i++) await ingestReply({ raw: await replyFrom(forged, `flood+${i}@elsewhere.example.org`, 'hello') }, stack.deps);

    expect(recipients(await sent(stack))).toEqual(['flood+1@elsewhere.example.org']);
  });

  it('sends no explanation to a sender the receiving service could not verify, unless a person of the plan', async () => {
    const { request } = await givenAnAskedOwner();
    const forged = { ...request, replyTo: ['update+BBBBBBBBBBBBBBBBBBBBBBBBBBBB@replies.example.org'], subject: 'Re: [ref BBBBBBBBBBBBBBBBBBBBBBBBBBBB]' };

    await ingestReply({ raw: await replyFrom(forged, 'victim@elsewhere.example.org', 'hello'), authenticated: false }, stack.deps);
    await ingestReply({ raw: await composeReply(request, 'Just a thank you, no answers.', { messageId: messageId() }), authenticated: false }, stack.deps);

    expect(recipients(await sent(stack))).toEqual(['lorna.beedham@nottingham.example.org']);
  });

  it(`caps explanations at ${EXPLANATIONS_PER_HOUR} an hour for mail that matches no cycle`, async () => {
    const { request } = await givenAnAskedOwner();
    const forged = { ...request, replyTo: ['update+CCCCCCCCCCCCCCCCCCCCCCCCCCCC@replies.example.org'], subject: 'Re: [ref CCCCCCCCCCCCCCCCCCCCCCCCCCCC]' };
    stack.clock.advanceTo(new Date('2026-05-04T15:00:00Z'));

    for (let i = 1; i <= EXPLANATIONS_PER_HOUR + 5; i++)
      await ingestReply({ raw: await replyFrom(forged, `sender${i}@elsewhere.example.org`, 'hello') }, stack.deps);

    expect(await sent(stack)).toHaveLength(EXPLANATIONS_PER_HOUR);
  });

  it("tells an owner at most once a day about other people's replies to their request", async () => {
    const { cycle, request } = await givenAnAskedOwner();

    for (const who of ['pa@nottingham.example.org', 'deputy@nottingham.example.org', 'team@nottingham.example.org']) {
      await ingestReply({ raw: await replyFrom(request, who, gmailInlineReply(request, { '3.1.1': { status: 'On track' } })) }, stack.deps);
    }

    expect((await stack.deps.store.getHeld(cycle.id)).filter((h) => h.state === 'held')).toHaveLength(3);
    expect(emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')).toHaveLength(1);
  });
});

describe('values past the limits', () => {
  it('keeps an answer too long for an item whole in the blob store, stores its start, and says so', async () => {
    const { cycle, request } = await givenAnAskedOwner();
    const evidence = `Figures: ${'the PEP completion rate rose again this quarter. '.repeat(12_000)}`;
    const raw = await composeReply(request, gmailInlineReply(request, { '3.1.1': { status: 'On track', evidence } }), { messageId: messageId() });

    const outcome = await ingestReply({ raw }, stack.deps);

    expect(outcome.outcome).toBe('recorded');
    const [update] = (await stack.deps.store.getUpdates(cycle.id)).filter((u) => u.actionRef === '3.1.1' && u.overflow.evidence);
    expect(update!.evidence!.length).toBeLessThanOrEqual(MAX_FIELD_CHARS + 10);
    expect((await stack.deps.blobs.get(update!.overflow.evidence!))?.toString('utf8').trim()).toBe(evidence.trim());
    const confirmation = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    expect(confirmation.body.text).toMatch(/evidence update for action 3\.1\.1 was [\d,]+ characters long/i);
  });
});
