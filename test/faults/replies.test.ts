import { afterAll, describe, it } from 'vitest';
import { replyTo } from '#support/given';
import { ingestReply } from '#use-cases/ingest-reply';
import { afterRawStored, afterSesAccepted, afterUpdateWritten, atNth, dying, never, type CrashPoint, type PortCall } from './crash.ts';
import { SEED, WIRE_CASES, pick, type WireCase } from './cases.ts';
import { expectWithinBounds, table, type Figures } from './figures.ts';
import {
  extras,
  givenAFaultStack,
  givenFortyOwners,
  givenTheFormsSent,
  isConfirmation,
  OWNERS,
  recipientOf,
  refsOf,
  resendWarnings,
  sent,
  stuckClaims,
  tally,
} from './harness.ts';
import { deliverAsync } from './redelivery.ts';

const rows: Array<Figures | undefined> = [];
afterAll(() => {
  console.log(`\n${OWNERS} replies, two actions each (seed ${SEED})\n${table(rows.filter((r) => r !== undefined))}\n`);
});

interface ReplyCase {
  name: string;
  wire?: WireCase;
  /** Where each new instance handling reply `reply` dies (called once per attempt). */
  crashAt?: (reply: number) => CrashPoint;
}

/** A text found in the reply's confirmation only (fixed width: no marker is inside another). */
const marker = (i: number) => `Reply marker ${String(i).padStart(3, '0')}.`;

/**
 * Sends each owner's form without faults, then delivers each owner's reply (one event per
 * reply, one after the other) under the case's faults, retried as Lambda's async invocation
 * does, and counts what was stored and confirmed.
 */
async function replies(c: ReplyCase): Promise<Figures> {
  const fs = await givenAFaultStack();
  try {
    const { cycle, event } = await givenFortyOwners(fs);
    const forms = await givenTheFormsSent(fs, event);
    const mail = await Promise.all(
      Array.from({ length: OWNERS }, async (_, i) => {
        const form = forms.find((f) => recipientOf(f) === fs.ownerEmail(i))!;
        const [first, second] = refsOf(i) as [string, string];
        const messageId = `<fault-reply-${i}@mail.example.org>`;
        const answers = { [first]: { status: 'On track', summary: marker(i) }, [second]: { status: 'At risk', risks: 'Staff shortage.' } };
        return { i, messageId, raw: await replyTo(form, answers, messageId) };
      }),
    );

    fs.inject(c.wire?.dynamodb ?? null, c.wire?.ses ?? null);
    let crashes = 0;
    let unrecorded = 0;
    let retries = 0;
    let deadLetters = 0;
    for (const reply of mail) {
      const delivery = await deliverAsync(fs.clock, async () => {
        const { deps, life } = fs.instance(c.crashAt?.(reply.i) ?? never);
        try {
          return await ingestReply({ raw: reply.raw }, deps);
        } finally {
          if (life.crashed) crashes += 1;
          unrecorded += life.unrecorded;
        }
      });
      retries += delivery.attempts.length - 1;
      if (delivery.final === 'dead-letter') deadLetters += 1;
    }
    const faults = fs.dynamodb.injected.length + fs.ses.injected.length;
    const sesAnswersLost = fs.ses.count('SendRawEmail', ['reset-after', '5xx-after']);
    fs.inject(null);

    const { store } = fs.stack.deps;
    const stored = tally((await store.getUpdates(cycle.id)).map((u) => `${u.messageId} ${u.actionRef}`));
    const confirmations = (await sent(fs)).filter(isConfirmation);
    const confirmed = new Map(mail.map((r) => [r.i, confirmations.filter((e) => e.body.text?.includes(marker(r.i))).length]));
    const completed = await Promise.all(
      mail.map(async (r) => {
        const entries = await store.findInbound(r.messageId);
        return entries.length > 0 && entries.every((e) => e.state === 'done');
      }),
    );
    const duplicates = [...confirmed.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    return {
      scenario: c.name,
      events: OWNERS,
      faults,
      crashes,
      retries,
      deadLetters,
      // Never confirmed, or its ingestion never recorded as done.
      omissions: mail.filter((r, k) => confirmed.get(r.i) === 0 || !completed[k]).length,
      lost: mail.filter((r) => refsOf(r.i).some((ref) => !stored.has(`${r.messageId} ${ref}`))).length,
      duplicates,
      allowedDuplicates: unrecorded + sesAnswersLost,
      unlogged: Math.max(0, duplicates - sesAnswersLost - resendWarnings(fs)),
      storedTwice: extras(stored),
      stuck: (await stuckClaims(fs.stack)).length,
    };
  } finally {
    await fs.stop();
  }
}

/**
 * A quarter of the replies (seeded per case) die at `point`, once each, or twice for the
 * first `twice` of them: the first instance to reach the point dies, and the next one too.
 */
function crashing(point: (call: PortCall) => boolean, salt: number, twice = 0): (reply: number) => CrashPoint {
  const chosen = pick(OWNERS / 4, OWNERS, salt);
  const plans = new Map(chosen.map((reply, k) => [reply, dying(k < twice ? 2 : 1, () => atNth(1, point))]));
  return (reply) => plans.get(reply)?.() ?? never;
}

const CASES: ReplyCase[] = [
  ...WIRE_CASES.map((wire) => ({ name: wire.name, wire })),
  // Once each: the first retry meets the dead run's live send lease (BusyError), the second takes over.
  { name: 'crash after SES accepted the confirmation, before the record', crashAt: crashing(afterSesAccepted, 11) },
  // No lease here outlives the first retry (the inbound lease is the function's 60 s timeout), so two replies die on it as well.
  { name: 'crash between the two update writes (2 of them twice)', crashAt: crashing(afterUpdateWritten, 12, 2) },
  { name: 'crash after the raw mail is stored (2 of them twice)', crashAt: crashing(afterRawStored, 13, 2) },
];

describe.concurrent(`${OWNERS} replies under faults, each redelivered as Lambda's async invocation does`, () => {
  for (const [k, c] of CASES.entries()) {
    it(`stores and confirms every reply, once (duplicates only where allowed): ${c.name}`, async ({ expect }) => {
      const figures = await replies(c);
      rows[k] = figures;
      expectWithinBounds(expect, figures);
    });
  }
});
