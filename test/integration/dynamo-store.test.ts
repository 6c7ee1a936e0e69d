import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('keeps archived actions but leaves them out unless asked for', async () => {
    const { store } = stack.deps;
    const plan = (await store.getPlan(PLAN_ID))!;
    const people = await store.getPeople(PLAN_ID);
    const actions = await store.getActions(PLAN_ID);
    const archived: Action = { ...actions[0]!, ref: '9.9.9', order: 99, archived: true };

    await store.savePlan({ ...plan, id: 'copy' }, people, [...actions, archived].map((a) => ({ ...a, planId: 'copy' })));

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
});
