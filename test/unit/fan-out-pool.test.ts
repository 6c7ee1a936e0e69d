import { describe, expect, it } from 'vitest';
import { fanOutConcurrency } from '#domain/delivery-policy';
import { forEachAtOnce } from '#use-cases/send-update-requests';

/** A task that stays open until released, so the test decides when each one finishes. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { done, release };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('forEachAtOnce (the fan-out pool)', () => {
  it('never runs more than the limit at once, and starts items in order', async () => {
    const gates = Array.from({ length: 10 }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = forEachAtOnce(
      [...gates.keys()],
      3,
      () => false,
      async (i) => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await gates[i]!.done;
        running -= 1;
      },
    );
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.release();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.release();
    expect(await all).toBe(true);
    expect(started).toEqual([...gates.keys()]);
    expect(most).toBe(3);
  });

  it('starts nothing more once asked to stop, lets running items finish, and says it is not complete', async () => {
    const done: number[] = [];
    let stop = false;
    const result = await forEachAtOnce(
      [0, 1, 2, 3, 4, 5],
      2,
      () => stop,
      async (i) => {
        if (i === 2) stop = true;
        await settle();
        done.push(i);
      },
    );
    expect(result).toBe(false);
    // 0 and 1 run; 2 starts when 0 finishes and asks to stop; nothing starts after it
    expect(done.sort()).toEqual([0, 1, 2]);
  });

  it('throws the first failure after the running items finish, and starts no more', async () => {
    const done: number[] = [];
    const run = forEachAtOnce(
      [0, 1, 2, 3, 4, 5],
      2,
      () => false,
      async (i) => {
        await settle();
        if (i === 1) throw new Error('SES is down');
        done.push(i);
      },
    );
    await expect(run).rejects.toThrow('SES is down');
    // 2 had started when 1 failed: it finishes; 3 never starts
    expect(done).toEqual([0, 2]);
  });
});

describe('fanOutConcurrency (owners at once, for an SES rate)', () => {
  it('keeps the default rate busy with few in flight and grows with the rate up to its cap', () => {
    expect(fanOutConcurrency(1)).toBe(2);
    expect(fanOutConcurrency(14)).toBe(5);
    expect(fanOutConcurrency(100)).toBe(26);
    expect(fanOutConcurrency(200)).toBe(32);
    expect(fanOutConcurrency(1000)).toBe(32);
  });
});
