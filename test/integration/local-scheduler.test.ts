import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MilestoneEvent } from '#domain/model';
import { givenALocalStack, type TestStack } from '#support/given';

let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack(new Date('2026-06-01T08:00:00Z'));
});
afterAll(() => stack.stop());

const schedule = (name: string, at: string) => ({ name, at, event: { cycleId: 'c1', milestone: 'draft' as const, version: 1 } });

describe('the local scheduler', () => {
  it('fires a schedule when the clock reaches it, once, and then deletes it', async () => {
    const { scheduler, clock } = stack;
    const fired: MilestoneEvent[] = [];
    scheduler.fire = async (e) => void fired.push(e);
    await scheduler.upsert([schedule('c1.draft', '2026-06-01T17:00:00.000+01:00')]);

    await scheduler.tick();
    const beforeDue = fired.length;
    clock.advanceTo(new Date('2026-06-01T16:00:00Z'));
    await scheduler.tick();
    await scheduler.tick();

    expect(beforeDue).toBe(0);
    expect(fired).toEqual([{ cycleId: 'c1', milestone: 'draft', version: 1 }]);
    expect(await scheduler.pending()).toEqual([]);
  });

  it('fires at once a schedule that came due while it was stopped', async () => {
    const { scheduler } = stack;
    const fired: string[] = [];
    scheduler.fire = async (e) => void fired.push(e.milestone);
    await scheduler.upsert([schedule('c1.overdue', '2026-05-01T09:00:00.000+01:00')]);

    scheduler.start(60_000);
    await scheduler.stop();

    expect(fired).toEqual(['draft']);
  });

  it('replaces a schedule upserted again under the same name', async () => {
    const { scheduler } = stack;
    await scheduler.upsert([schedule('c2.final', '2027-01-01T17:00:00.000+00:00')]);
    await scheduler.upsert([schedule('c2.final', '2027-02-01T17:00:00.000+00:00')]);

    const pending = await scheduler.pending();

    expect(pending.filter((p) => p.name === 'c2.final').map((p) => p.at)).toEqual(['2027-02-01T17:00:00.000+00:00']);
  });

  it('keeps a failing schedule and retries it a minute later, as Lambda retries an asynchronous invocation', async () => {
    const { scheduler, clock } = stack;
    let calls = 0;
    scheduler.fire = async () => {
      calls += 1;
      if (calls === 1) throw new Error('SES is down');
    };
    await scheduler.upsert([schedule('c3.draft', clock.now().toISOString())]);

    await scheduler.tick();
    const afterFailure = (await scheduler.pending()).some((p) => p.name === 'c3.draft');
    await scheduler.tick();
    const beforeTheMinute = calls;
    clock.advanceTo(new Date(clock.now().getTime() + 60_000));
    await scheduler.tick();

    expect(afterFailure).toBe(true);
    expect(beforeTheMinute).toBe(1);
    expect(calls).toBe(2);
    expect((await scheduler.pending()).some((p) => p.name === 'c3.draft')).toBe(false);
  });
});
