import { performance } from 'node:perf_hooks';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { addWorkingDays } from '#domain/working-days';
import { givenALocalStack, replyTo, sent, type TestStack } from '#support/given';
import { importPlan } from '#use-cases/import-plan';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { extras, isConfirmation, isForm, recipientOf, stuckClaims, tally } from './harness.ts';

/**
 * Replies sent in the run. CI sends 500 (about a minute on a shared 2-core machine);
 * `PLANPULSE_LOAD_REPLIES=2000 npm run test:faults -- load` is the full run of docs/reliability.md.
 */
const REPLIES = Number(process.env.PLANPULSE_LOAD_REPLIES ?? 500);
/** Replies offered per second (open loop: each leaves at its time, whether or not earlier ones are done). */
const RATE = Number(process.env.PLANPULSE_LOAD_RATE ?? 50);
/** Owners per plan: a council's action plan has a few dozen (the sample plan has 36 actions). */
const OWNERS = 50;
/**
 * Plans, each with its cycle, the replies going round them: one deployment serving several
 * councils, each owner replying twice. `PLANPULSE_LOAD_PLANS=1` puts every reply into one
 * cycle instead (see docs/reliability.md for why that is slower).
 */
const PLANS = Number(process.env.PLANPULSE_LOAD_PLANS ?? Math.ceil(REPLIES / (2 * OWNERS)));
/** SMTP connections the sending side keeps open, as a mail server delivering a queue does. */
const CONNECTIONS = 20;
const DOMAIN = 'load.example.org';

const marker = (j: number) => `Load marker ${String(j).padStart(5, '0')}.`;
const MARKER = /Load marker (\d{5})\./;

let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack();
});
afterAll(() => stack.stop());

/** A plan of OWNERS owners with one action each, its cycle, and the forms sent (no faults: this is the setup). */
async function givenAPlanWithFormsSent(k: number, email: (plan: number, i: number) => string): Promise<Cycle> {
  const people = ['Initials,Name,Email', ...Array.from({ length: OWNERS }, (_, i) => `L${i},Load Owner ${i},${email(k, i)}`)];
  const actions = ['Ref,Action,Lead', ...Array.from({ length: OWNERS }, (_, i) => `${i + 1},Action ${i + 1},L${i}`)];
  await importPlan(
    {
      planId: `load-plan-${k}`,
      plan: { fileName: 'plan.csv', content: Buffer.from(actions.join('\n')) },
      people: { fileName: 'people.csv', content: Buffer.from(people.join('\n')) },
      coordinators: [`cpb.support@${DOMAIN}`],
    },
    stack.deps,
  );
  const draft = addWorkingDays(stack.clock.now().toISOString().slice(0, 10), 20);
  const dates = { draft, briefing: draft, final: draft, board: draft };
  const { cycle } = await createCycle({ planId: `load-plan-${k}`, name: `Load ${k}`, dates }, stack.deps);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: cycle.version }, stack.deps);
  return cycle;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

describe(`${REPLIES} replies over SMTP at ${RATE}/s`, () => {
  it('stores each reply once and confirms it once (throughput and latency printed, not asserted)', async () => {
    // Prepare: the plans, their forms sent, and the replies to send (each its own Message-ID).
    const email = (plan: number, i: number) => `owner${i}.p${plan}@${DOMAIN}`;
    const cycles = await Promise.all(Array.from({ length: PLANS }, (_, k) => givenAPlanWithFormsSent(k, email)));
    const forms = new Map((await sent(stack)).filter(isForm).map((f) => [recipientOf(f), f]));
    const replies = await Promise.all(
      Array.from({ length: REPLIES }, async (_, j) => {
        const [plan, owner] = [j % PLANS, Math.floor(j / PLANS) % OWNERS];
        const form = forms.get(email(plan, owner))!;
        const messageId = `<load-${j}@mail.example.org>`;
        const raw = await replyTo(form, { [String(owner + 1)]: { status: j % 2 ? 'On track' : 'At risk', summary: marker(j) } }, messageId);
        return { messageId, raw, from: email(plan, owner), to: form.replyTo[0]! };
      }),
    );

    // Act: offer the replies at RATE per second over CONNECTIONS pooled SMTP connections.
    const transport = createTransport({
      host: '127.0.0.1',
      port: stack.endpoints.smtpPort!,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: CONNECTIONS,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    const start = performance.now();
    const latencies: number[] = [];
    const refused: string[] = [];
    await Promise.all(
      replies.map(async (r, j) => {
        // Pacing: the arrival schedule of the load, not a wait for a condition.
        await new Promise((resolve) => setTimeout(resolve, start + (j * 1000) / RATE - performance.now()));
        const handedOver = performance.now();
        try {
          await transport.sendMail({ envelope: { from: r.from, to: [r.to] }, raw: r.raw });
          latencies.push(performance.now() - handedOver);
        } catch (e) {
          refused.push(`${r.messageId}: ${String(e)}`);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    transport.close();

    // Assess: once stored, once confirmed, nothing claimed and left.
    const stored = tally((await Promise.all(cycles.map((c) => stack.deps.store.getUpdates(c.id)))).flat().map((u) => u.messageId));
    const confirmations = (await sent(stack)).filter(isConfirmation);
    const confirmed = tally(confirmations.map((e) => MARKER.exec(e.body.text ?? '')?.[1] ?? 'none'));
    const sorted = [...latencies].sort((a, b) => a - b);
    const ms = (v: number) => `${Math.round(v)} ms`;
    console.log(
      [
        '',
        `load: ${REPLIES} replies over SMTP to ${PLANS} ${PLANS === 1 ? 'cycle' : 'cycles'} of ${OWNERS} owners, ${CONNECTIONS} connections, offered at ${RATE}/s`,
        `| replies | offered/s | achieved/s | p50 | p95 | max | refused |`,
        `|--------:|----------:|-----------:|----:|----:|----:|--------:|`,
        `| ${REPLIES} | ${RATE} | ${(latencies.length / seconds).toFixed(1)} | ${ms(percentile(sorted, 0.5))} | ${ms(percentile(sorted, 0.95))} | ${ms(sorted.at(-1) ?? 0)} | ${refused.length} |`,
        'latency: from handing the message to SMTP to the 250 reply, which the local server sends once the reply is stored and confirmed',
        '',
      ].join('\n'),
    );
    expect(refused).toEqual([]);
    expect(stored.size).toBe(REPLIES);
    expect(extras(stored)).toBe(0);
    expect(confirmed.size).toBe(REPLIES);
    expect(confirmed.has('none')).toBe(false);
    expect(extras(confirmed)).toBe(0);
    expect(await stuckClaims(stack)).toEqual([]);
  });
});
