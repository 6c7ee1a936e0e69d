import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addressOf, clearSentEmails } from '#adapters/local/ses-local-inbox';
import { isPlainAddress } from '#domain/addresses';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { emailsTo, givenACycle, givenAStackWithThePlan, sent, type TestStack } from '#support/given';

const HOSTILE = fileURLToPath(new URL('../../../shared/fixtures/hostile-mail', import.meta.url));
const files = readdirSync(HOSTILE, { recursive: true, withFileTypes: true })
  .filter((f) => f.isFile() && !f.name.endsWith('.md'))
  .map((f) => join(f.parentPath, f.name));

const DEFINED = ['recorded', 'noted', 'duplicate', 'auto-reply', 'held', 'rejected', 'ignored'];

let stack: TestStack;
beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-05-04T08:00:00Z'));
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

describe('hostile and odd mail through the whole ingestion', () => {
  it.each(files.map((f) => [f.slice(HOSTILE.length + 1), f]))('%s ends in a defined outcome with the raw mail kept', async (_name, file) => {
    const raw = readFileSync(file);

    const outcome = await ingestReply({ raw }, stack.deps);
    const again = await ingestReply({ raw }, stack.deps);

    expect(DEFINED).toContain(outcome.outcome);
    expect(again.outcome).toBe('duplicate');
    const key = `inbound/${stack.clock.now().toISOString().slice(0, 10)}/${createHash('sha256').update(raw).digest('hex')}.eml`;
    expect((await stack.deps.blobs.get(key))?.equals(raw)).toBe(true);
    // Whatever it made us send went to single plain addresses, one email at most each.
    const to = (await sent(stack)).flatMap((e) => e.destination.to.map(addressOf));
    expect(to.filter((a) => !isPlainAddress(a))).toEqual([]);
    expect(new Set(to).size).toBe(to.length);
  });

  it('mails nobody but the one sender when From hides a list of addresses in a quoted local part', async () => {
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    await clearSentEmails(stack.endpoints.ses);
    const victims = Array.from({ length: 39 }, (_, i) => `victim${i}@elsewhere.example.org`);
    const raw = Buffer.from(
      [
        `From: "${victims.join(',')}"@attacker.example.org`,
        `To: ${request.replyTo[0]}`,
        `Subject: Re: ${request.subject}`,
        'Message-ID: <hidden-list@attacker.example.org>',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Status: Green',
        '',
      ].join('\r\n'),
    );

    const outcome = await ingestReply({ raw }, stack.deps);

    expect(outcome).toEqual({ outcome: 'ignored', reason: 'no single sender address' });
    expect(await sent(stack)).toEqual([]);
  });

  it('tells the sender of an unreadable reply once, with the sender read from the raw headers', async () => {
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const request = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org')[0]!;
    await clearSentEmails(stack.endpoints.ses);
    const parts = Array.from({ length: 1_500 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}\r\n`).join('');
    const raw = (n: number) =>
      Buffer.from(
        [
          'From: Lorna Beedham <lorna.beedham@nottingham.example.org>',
          `To: ${request.replyTo[0]}`,
          `Subject: Re: ${request.subject}`,
          `Message-ID: <too-many-parts-${n}@nottingham.example.org>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b"',
          '',
          `${parts}--b--`,
          '',
        ].join('\r\n'),
      );

    const first = await ingestReply({ raw: raw(1) }, stack.deps);
    const second = await ingestReply({ raw: raw(2) }, stack.deps);

    expect([first, second]).toEqual([
      { outcome: 'rejected', reason: 'unreadable' },
      { outcome: 'rejected', reason: 'unreadable' },
    ]);
    expect(await stack.deps.store.getRejection('<too-many-parts-1@nottingham.example.org>')).toMatchObject({
      reason: 'unreadable',
      from: 'lorna.beedham@nottingham.example.org',
    });
    const told = emailsTo(await sent(stack), 'lorna.beedham@nottingham.example.org');
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain('We could not read your email');
  });
});
