import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { SES_MAX_INBOUND_BYTES, startSmtpInbound } from '#local/smtp-inbound';
import { startLocalStack, type LocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';

const DOMAIN = 'reply.example.org';
const TO = `updates@${DOMAIN}`;
// Small, so the over-limit messages stay fast to build and send.
const LIMIT = 64 * 1024;

/** A plain message of about `bytes` bytes. */
function message(bytes: number, subject = 'Update'): Buffer {
  const head = `From: someone@example.org\r\nTo: ${TO}\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.org>\r\n\r\n`;
  const line = `${'x'.repeat(76)}\r\n`;
  return Buffer.from(head + line.repeat(Math.ceil(bytes / line.length)));
}

function send(port: number, raw: Buffer, envelope: { size?: number } = {}) {
  return createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({
    envelope: { from: 'someone@example.org', to: [TO], ...envelope },
    raw,
  });
}

/**
 * Speaks SMTP line by line, as a client that ignores the advertised SIZE would (nodemailer
 * refuses such a message itself before MAIL FROM); returns the server's reply to each line.
 */
function dialogue(port: number, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (data: string) => {
      buffered += data;
      // A reply is complete at its last line: three digits and a space.
      for (let end = buffered.search(/^\d{3} .*\r\n/m); end >= 0; end = buffered.search(/^\d{3} .*\r\n/m)) {
        const stop = buffered.indexOf('\r\n', end) + 2;
        replies.push(buffered.slice(0, stop));
        buffered = buffered.slice(stop);
        // The first reply is the greeting; each one after answers the line sent before it.
        const next = lines[replies.length - 1];
        if (next === undefined) {
          socket.end();
          resolve(replies.slice(1));
          return;
        }
        socket.write(`${next}\r\n`);
      }
    });
  });
}

describe('the inbound SMTP server', () => {
  const received: Buffer[] = [];
  let smtp: { port: number; close: () => Promise<void> };

  beforeAll(async () => {
    smtp = await startSmtpInbound({
      port: 0,
      inboundDomain: DOMAIN,
      maxMessageBytes: LIMIT,
      onMessage: async (raw) => {
        received.push(raw);
      },
    });
  });
  afterAll(() => smtp.close());

  it('accepts a message under its limit and hands it on whole', async () => {
    const raw = message(LIMIT / 2, 'normal');

    const info = await send(smtp.port, raw);

    expect(info.response).toMatch(/^250/);
    expect(received.some((r) => r.toString().includes('Subject: normal') && r.length >= raw.length - 2)).toBe(true);
  });

  it('answers 552 to a client that streams more than the limit without declaring its size', async () => {
    const before = received.length;

    const refused = send(smtp.port, message(LIMIT * 4, 'undeclared'));

    await expect(refused).rejects.toMatchObject({ responseCode: 552 });
    expect(received.length).toBe(before);
  });

  it('answers 552 to a MAIL FROM that declares a SIZE over the limit', async () => {
    const replies = await dialogue(smtp.port, ['EHLO client.example.org', `MAIL FROM:<someone@example.org> SIZE=${LIMIT + 1}`, 'QUIT']);

    expect(replies[0]).toContain(`SIZE ${LIMIT}`);
    expect(replies[1]).toMatch(/^552 /);
  });

  it('advertises its limit, so a client declaring a bigger message never sends it', async () => {
    const before = received.length;
    const raw = message(LIMIT * 2, 'declared');

    const refused = send(smtp.port, raw, { size: raw.length });

    await expect(refused).rejects.toThrow(/larger than allowed 65536/);
    expect(received.length).toBe(before);
  });

  it('takes up to what SES receiving takes (40 MB) when no limit is given', async () => {
    const plain = await startSmtpInbound({ port: 0, inboundDomain: DOMAIN, onMessage: async () => {} });
    try {
      const [ehlo] = await dialogue(plain.port, ['EHLO client.example.org', 'QUIT']);

      expect(ehlo).toContain(`SIZE ${SES_MAX_INBOUND_BYTES}`);
      expect(SES_MAX_INBOUND_BYTES).toBe(40 * 1024 * 1024);
    } finally {
      await plain.close();
    }
  });
});

describe('the local stack', () => {
  let stack: LocalStack;
  beforeAll(async () => {
    stack = await startLocalStack({
      dataDir: null,
      clock: new VirtualClock(new Date('2026-04-20T08:00:00Z'), 0),
      logger: silentLogger,
      smtpPort: 0,
      smtpMaxMessageBytes: LIMIT,
    });
  });
  afterAll(() => stack.stop());

  it('refuses a message over the limit set in its options with 552', async () => {
    const to = `${stack.deps.mail.replyLocalPart}@${stack.deps.mail.inboundDomain}`;

    const refused = createTransport({ host: '127.0.0.1', port: stack.endpoints.smtpPort!, secure: false, ignoreTLS: true }).sendMail({
      envelope: { from: 'someone@example.org', to: [to] },
      raw: message(LIMIT * 4, 'too-big'),
    });

    await expect(refused).rejects.toMatchObject({ responseCode: 552 });
  });
});
