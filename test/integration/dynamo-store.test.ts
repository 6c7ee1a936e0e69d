import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbClient } from '#adapters/aws-clients';
import { DynamoStore } from '#adapters/dynamodb/store';
import type { Action } from '#domain/model';
import type { SendKey } from '#ports/store';
import { givenALocalStack, givenThePlan, PLAN_ID, type TestStack } from '#support/given';

let stack: TestStack;
/** A send key of its own for each test. */
const effect = (name: string): SendKey => ({ kind: 'report', cycleId: `test-${name}`, stage: 'draft' });
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
});
afterAll(() => stack.stop());

describe('DynamoStore on dynalite', () => {
  it('returns the actions of a plan in plan order', async () => {
    const actions = await stack.deps.store.getActions(PLAN_ID);

    expect(actions).toHaveLength(36);
    expect(actions.slice(0, 3).map((a) => a.ref)).toEqual(['1.1.1', '1.1.2', '1.2.1']);
    expect(actions.map((a) => a.order)).toEqual([...actions.keys()]);
  });

  it("reads one owner's actions by ref, in the order asked, leaving out refs not in the plan", async () => {
    const got = await stack.deps.store.getActionsByRef(PLAN_ID, ['1.2.1', 'no-such', '1.1.1']);
    expect(got.map((a) => a.ref)).toEqual(['1.2.1', '1.1.1']);
    // more than one BatchGetItem's 100 keys
    const all = (await stack.deps.store.getActions(PLAN_ID)).map((a) => a.ref);
    const many = [...all, ...Array.from({ length: 120 }, (_, i) => `missing-${i}`)];
    expect((await stack.deps.store.getActionsByRef(PLAN_ID, many)).map((a) => a.ref)).toEqual(all);
  });

  it('tells which actions have an update in a cycle, not mistaking 1.1 for 1.10', async () => {
    const { store } = stack.deps;
    const base = {
      status: 'on_track',
      summary: null,
      evidence: null,
      risks: null,
      mitigation: null,
      from: 'a@x.org',
      ownerKey: 'LB',
      receivedAt: '2026-04-20T08:00:00.000Z',
      rawKey: 'raw',
      late: false,
      onBehalfOf: null,
      replyKey: null,
      overflow: {},
    } as const;
    await store.putUpdate({ ...base, cycleId: 'answered-test', actionRef: '1.10', messageId: '<a@x>' });
    await store.putUpdate({ ...base, cycleId: 'answered-test', actionRef: '2.1', messageId: '<b@x>' });
    expect(await store.answeredActions('answered-test', ['1.1', '1.10', '2.1', '3.1'])).toEqual(new Set(['1.10', '2.1']));
  });

  it('keeps archived actions but leaves them out unless asked for', async () => {
    const { store } = stack.deps;
    const plan = (await store.getPlan(PLAN_ID))!;
    const people = await store.getPeople(PLAN_ID);
    const actions = await store.getActions(PLAN_ID);
    const archived: Action = { ...actions[0]!, ref: '9.9.9', order: 99, archived: true };

    await store.savePlan(
      { ...plan, id: 'copy' },
      people,
      [...actions, archived].map((a) => ({ ...a, planId: 'copy' })),
    );

    expect((await store.getActions('copy')).map((a) => a.ref)).not.toContain('9.9.9');
    expect((await store.getActions('copy', { includeArchived: true })).map((a) => a.ref)).toContain('9.9.9');
    expect((await store.listPlans()).map((p) => p.id).sort()).toEqual(['copy', PLAN_ID]);
  });

  it('removes people no longer listed when a plan is saved again', async () => {
    const { store } = stack.deps;
    const plan = (await store.getPlan(PLAN_ID))!;
    const people = await store.getPeople(PLAN_ID);
    await store.savePlan({ ...plan, id: 'fewer' }, people, []);

    await store.savePlan({ ...plan, id: 'fewer' }, people.slice(0, 2), []);

    expect(await store.getPeople('fewer')).toHaveLength(2);
  });

  it('lets exactly one of ten parallel claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => stack.deps.store.claimSend(effect('parallel'), 60_000)));

    expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.outcome === 'skip')).toHaveLength(9);
  });

  it('skips a completed effect for good', async () => {
    const { store } = stack.deps;
    await store.claimSend(effect('done'), 60_000);
    await store.completeSend(effect('done'), { providerId: 'ses-1', messageId: '<m@x>', to: ['a@example.org'] });

    const again = await store.claimSend(effect('done'), 60_000);

    expect(again).toEqual({ outcome: 'skip', state: 'done', attrs: expect.objectContaining({ providerId: 'ses-1' }) });
  });

  it('hands a claim whose lease ran out to the next worker as a retry', async () => {
    const { store } = stack.deps;
    await store.claimSend(effect('lease'), 1_000);
    const whileHeld = await store.claimSend(effect('lease'), 1_000);
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 2_000));

    const afterExpiry = await store.claimSend(effect('lease'), 1_000);

    expect(whileHeld.outcome).toBe('skip');
    expect(afterExpiry.outcome).toBe('retry');
  });

  it('makes a released claim available at once', async () => {
    const { store } = stack.deps;
    await store.claimSend(effect('release'), 60_000);
    await store.releaseSend(effect('release'));

    expect((await store.claimSend(effect('release'), 60_000)).outcome).toBe('claimed');
  });

  it('knows its own claim when the response to it was lost and the SDK sent it again', async () => {
    // Prepare: a client whose first PutItem reaches dynalite but whose response is lost.
    let lose = true;
    const client = dynamoDbClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        if (lose && context.commandName === 'PutItemCommand') {
          lose = false;
          throw Object.assign(new Error('socket hang up after the write'), { name: 'TimeoutError', $metadata: {} });
        }
        return out;
      },
      { step: 'deserialize', name: 'loseFirstPutResponse' },
    );
    const store = new DynamoStore(client, (stack.deps.store as DynamoStore).tableName, stack.clock);

    // Act
    const claim = await store.claimSend(effect('lost-response'), 60_000);

    // Assess: the retried put failed its condition on our own write, and that is still our claim.
    expect(lose).toBe(false);
    expect(claim.outcome).toBe('claimed');
    expect((await store.getSend(effect('lost-response')))?.state).toBe('claimed');
  });

  it('never releases a claim that another worker has taken over since', async () => {
    const first = new DynamoStore((stack.deps.store as DynamoStore).client, (stack.deps.store as DynamoStore).tableName, stack.clock);
    const second = new DynamoStore((stack.deps.store as DynamoStore).client, (stack.deps.store as DynamoStore).tableName, stack.clock);
    await first.claimSend(effect('taken-over'), 1_000);
    stack.clock.advanceTo(new Date(stack.clock.now().getTime() + 2_000));
    const takeOver = await second.claimSend(effect('taken-over'), 60_000);

    await first.releaseSend(effect('taken-over'));

    expect(takeOver.outcome).toBe('retry');
    expect((await stack.deps.store.claimSend(effect('taken-over'), 60_000)).outcome).toBe('skip');
  });

  it('lists the milestones of a cycle that ran or are running in one query', async () => {
    const { store } = stack.deps;
    await store.claimMilestone('runs-cycle', 'requests-open', 60_000);
    await store.completeMilestone('runs-cycle', 'requests-open', { sent: 3 });
    await store.claimMilestone('runs-cycle', 'reminder-5', 60_000);

    const runs = await store.milestoneRuns('runs-cycle');

    expect(Object.fromEntries(runs)).toEqual({ 'requests-open': 'done', 'reminder-5': 'claimed' });
    expect((await store.milestoneRuns('runs-cycle-2')).size).toBe(0);
  });

  it("keys a Message-ID of any length within DynamoDB's limits, once", async () => {
    const { store } = stack.deps;
    const long = `<${'x'.repeat(5_000)}@mail.example.org>`;

    const first = await store.claimInbound({ messageId: long, content: 'c1' }, 60_000);
    await store.completeInbound({ messageId: long, content: 'c1' }, { rawKey: 'inbound/long.eml', outcome: 'noted', from: null, attachments: [] });
    const again = await store.claimInbound({ messageId: long, content: 'c1' }, 60_000);

    expect(first.outcome).toBe('claimed');
    expect(again).toMatchObject({ outcome: 'skip', state: 'done' });
    expect((await store.findInbound(long)).map((e) => e.attrs.rawKey)).toEqual(['inbound/long.eml']);
    expect(await store.findInbound(`<${'x'.repeat(4_999)}y@mail.example.org>`)).toEqual([]);
  });

  it('keeps rejections and quarantined mail as records of their own, not ledger entries', async () => {
    const { store } = stack.deps;
    await store.recordRejection({ messageId: '<r1@x.example.org>', reason: 'expired', from: 'a@example.org', at: '2026-05-01T10:00:00.000Z' });
    await store.recordQuarantine({ rawKey: 'inbound/q1', verdicts: { spam: 'FAIL' }, at: '2026-05-01T10:00:00.000Z' });

    expect(await store.getRejection('<r1@x.example.org>')).toEqual({
      messageId: '<r1@x.example.org>',
      reason: 'expired',
      from: 'a@example.org',
      at: '2026-05-01T10:00:00.000Z',
    });
    expect(await store.getQuarantine('inbound/q1')).toEqual({ rawKey: 'inbound/q1', verdicts: { spam: 'FAIL' }, at: '2026-05-01T10:00:00.000Z' });
    expect(await store.getRejection('<r2@x.example.org>')).toBeNull();
  });
});
