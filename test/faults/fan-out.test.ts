import { afterAll, describe, it } from 'vitest';
import { runMilestone } from '#use-cases/run-milestone';
import { afterSendClaimed, afterSesAccepted, atNth, dying, never, type CrashPoint, type PortCall } from './crash.ts';
import { SEED, WIRE_CASES, pick, type WireCase } from './cases.ts';
import { expectWithinBounds, table, type Figures } from './figures.ts';
import { extras, givenAFaultStack, givenFortyOwners, isForm, OWNERS, recipientOf, resendWarnings, sent, stuckClaims, tally } from './harness.ts';
import { deliverAsync } from './redelivery.ts';

const rows: Array<Figures | undefined> = [];
afterAll(() => {
  console.log(`\nrequests-open fan-out to ${OWNERS} owners (seed ${SEED})\n${table(rows.filter((r) => r !== undefined))}\n`);
});

interface FanOutCase {
  name: string;
  wire?: WireCase;
  /** Where each new instance dies (called once per attempt). */
  crashAt?: () => CrashPoint;
}

/**
 * Delivers the requests-open event under the case's faults (retried as Lambda's async
 * invocation does, each attempt a new instance) and counts what reached the owners.
 */
async function fanOut(c: FanOutCase): Promise<Figures> {
  const fs = await givenAFaultStack();
  try {
    const { event } = await givenFortyOwners(fs);
    fs.inject(c.wire?.dynamodb ?? null, c.wire?.ses ?? null);
    let crashes = 0;
    let unrecorded = 0;
    const delivery = await deliverAsync(fs.clock, async () => {
      const { deps, life } = fs.instance(c.crashAt?.() ?? never);
      try {
        return await runMilestone(event, deps);
      } finally {
        if (life.crashed) crashes += 1;
        unrecorded += life.unrecorded;
      }
    });
    const faults = fs.dynamodb.injected.length + fs.ses.injected.length;
    const sesAnswersLost = fs.ses.count('SendRawEmail', ['reset-after', '5xx-after']);
    fs.inject(null);

    const asked = tally((await sent(fs)).filter(isForm).map(recipientOf));
    const duplicates = extras(asked);
    return {
      scenario: c.name,
      events: 1,
      faults,
      crashes,
      retries: delivery.attempts.length - 1,
      deadLetters: delivery.final === 'dead-letter' ? 1 : 0,
      omissions: OWNERS - asked.size,
      lost: 0,
      duplicates,
      allowedDuplicates: unrecorded + sesAnswersLost,
      unlogged: Math.max(0, duplicates - sesAnswersLost - resendWarnings(fs)),
      storedTwice: 0,
      stuck: (await stuckClaims(fs.stack)).length,
    };
  } finally {
    await fs.stop();
  }
}

/**
 * One death at a seeded point of the fan-out (after 5 to 34 owners). One per event is what
 * the retry policy absorbs: the first retry finds the dead run's lease live (BusyError), the
 * second takes over; a second death would leave the event to the dead-letter queue.
 */
function once(point: (call: PortCall) => boolean, salt: number): () => CrashPoint {
  const [n] = pick(1, 30, salt) as [number];
  return dying(1, () => atNth(5 + n, point));
}

const CASES: FanOutCase[] = [
  ...WIRE_CASES.map((wire) => ({ name: wire.name, wire })),
  { name: 'crash after SES accepted, before the record', crashAt: once(afterSesAccepted, 1) },
  { name: 'crash after the send is claimed, before SES', crashAt: once(afterSendClaimed, 2) },
];

describe.concurrent(`a requests-open fan-out to ${OWNERS} owners under faults, redelivered as Lambda's async invocation does`, () => {
  for (const [k, c] of CASES.entries()) {
    it(`asks every owner, once (duplicates only where allowed): ${c.name}`, async ({ expect }) => {
      const figures = await fanOut(c);
      rows[k] = figures;
      expectWithinBounds(expect, figures);
    });
  }
});
