import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS } from '#mail/html-text';
import { senderKey, singleMailbox } from '#mail/mailbox';
import { MAX_MIME_PARTS } from '#mail/mime';
import { MAX_MESSAGE_BYTES, MAX_TEXT_CHARS, type ReadReply, readReply } from '#mail/parse-reply';

/** Other projects' malformed-mail test data (`../shared/fixtures/hostile-mail/README.md`). */
const HOSTILE = fileURLToPath(new URL('../../../shared/fixtures/hostile-mail/', import.meta.url));
const fixtures = ['cpython', 'mailparser'].flatMap((dir) =>
  readdirSync(`${HOSTILE}${dir}`)
    .sort()
    .map((file) => `${dir}/${file}`),
);

const REPLY_KEYS = ['messageId', 'from', 'replyToken', 'subjectRef', 'autoReply', 'updates', 'note', 'problems'];
const SENDER = 'lorna.beedham@nottingham.example.org';
const TOKEN = 'Q3x9Lk2mPa0.c0ffee12';
const ENVELOPE = [
  `From: Lorna Beedham <Lorna.Beedham@nottingham.example.org>`,
  `To: update+${TOKEN}@replies.example.org`,
  `Subject: Re: Q1 update [ref ${TOKEN}]`,
  'Message-ID: <hostile-1@mail.example.org>',
].join('\r\n');
const FORM = '---- Action 1.1.1 ----\r\nStatus: Green\r\nSummary: On plan.\r\n';

/**
 * A defined outcome: read (the contract's shape) or unreadable with a reason that its one
 * problem repeats; the text within its cap; a sender that is one plain mailbox, or none.
 */
function expectDefinedOutcome(read: ReadReply): void {
  expect(Object.keys(read.reply)).toEqual(REPLY_KEYS);
  if (read.unreadable !== null) {
    expect(read.unreadable).toMatch(/\S/);
    expect(read.reply).toMatchObject({
      updates: [],
      note: null,
      problems: [{ action: null, field: null, message: `could not read the message: ${read.unreadable}` }],
    });
  }
  expect(read.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  if (read.reply.from !== null) expect(singleMailbox([read.reply.from])).toBe(read.reply.from);
  expect(read.fromKey).toBe(read.reply.from === null ? null : senderKey(read.reply.from));
  expect(read.limits.every((limit) => typeof limit === 'string' && limit !== '')).toBe(true);
}

describe('readReply on other projects’ malformed mail', () => {
  it('has the corpora to read', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('ends %s in a defined outcome', async (name) => {
    const read = await readReply(readFileSync(`${HOSTILE}${name}`));

    expectDefinedOutcome(read);
  });

  it.each(fixtures)('ends %s in a defined outcome with a reply token added', async (name) => {
    // prepare: as if sent in answer to a request, so the token would lead to one
    const raw = Buffer.concat([Buffer.from(`To: update+${TOKEN}@replies.example.org\r\n`), readFileSync(`${HOSTILE}${name}`)]);

    // act
    const read = await readReply(raw);

    // assess
    expectDefinedOutcome(read);
  });

  it('reads only the first MAX_HTML_CHARS of the HTML of outofmemory.eml, and says so', async () => {
    const read = await readReply(readFileSync(`${HOSTILE}mailparser/outofmemory.eml`));

    expect(read.limits).toEqual([`only the first ${MAX_HTML_CHARS.toLocaleString('en-GB')} characters of the HTML were read`]);
  });
});

describe('readReply on generated hostile mail', () => {
  /** A multipart nested `levels` deep with the form at the bottom. */
  function nestedMime(levels: number): string {
    const open = Array.from({ length: levels }, (_, level) => `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n`);
    const close = Array.from({ length: levels }, (_, level) => `--b${levels - 1 - level}--\r\n`);
    return `${ENVELOPE}\r\n${open.join('')}Content-Type: text/plain\r\n\r\n${FORM}${close.join('')}`;
  }

  it('marks mail nested 3,000 MIME levels deep unreadable, with the sender, token and id from its raw headers', async () => {
    const read = await readReply(nestedMime(3_000));

    expectDefinedOutcome(read);
    expect(read.unreadable).toBe(`it has more than ${MAX_MIME_PARTS.toLocaleString('en-GB')} MIME parts`);
    expect(read.reply).toMatchObject({ from: SENDER, replyToken: TOKEN, subjectRef: TOKEN, messageId: '<hostile-1@mail.example.org>', autoReply: false });
    expect(read.fromKey).toBe(SENDER);
  });

  it('marks mail of 20,000 parts unreadable, with its sender', async () => {
    const parts = Array.from({ length: 20_000 }, (_, index) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${index}\r\n`);
    const raw = `${ENVELOPE}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${parts.join('')}--b--\r\n`;

    const read = await readReply(raw);

    expectDefinedOutcome(read);
    expect(read.unreadable).toBe('it has more than 1,000 MIME parts');
    expect(read.reply.from).toBe(SENDER);
  });

  it('still reads mail nested as deep as the part limit allows', async () => {
    const read = await readReply(nestedMime(MAX_MIME_PARTS - 2));

    expect(read.unreadable).toBeNull();
    expect(read.reply.updates).toMatchObject([{ action: '1.1.1', status: 'on_track' }]);
  });

  it('marks an unreadable delivery report as an auto-reply, so nobody answers it', async () => {
    const parts = Array.from({ length: 1_200 }, () => '--b\r\nContent-Type: text/plain\r\n\r\nx\r\n');
    const raw = `From: MAILER-DAEMON@mx.example.org\r\nAuto-Submitted: auto-replied\r\nContent-Type: multipart/report; boundary="b"\r\n\r\n${parts.join('')}`;

    const read = await readReply(raw);

    expect(read.unreadable).not.toBeNull();
    expect(read.reply.autoReply).toBe(true);
  });

  it('marks mail with a 2 MB header line unreadable, with its sender', async () => {
    const raw = `${ENVELOPE}\r\nX-Filler: ${'a'.repeat(2 * 1024 * 1024)}\r\n\r\n${FORM}`;

    const read = await readReply(raw);

    expectDefinedOutcome(read);
    expect(read.unreadable).toBe('a header block in it is larger than 1 MB');
    expect(read.reply.from).toBe(SENDER);
  });

  it('reads mail with bare-CR line endings', async () => {
    // mailparser saw no header block in it at all: no sender, no token, no answers
    const raw = `${ENVELOPE}\r\nContent-Type: text/plain\r\n\r\n${FORM}`.replace(/\r\n/g, '\r');

    const read = await readReply(raw);

    expect(read.unreadable).toBeNull();
    expect(read.reply).toMatchObject({ from: SENDER, replyToken: TOKEN, updates: [{ action: '1.1.1', status: 'on_track', summary: 'On plan.' }] });
  });

  it('reads the top of a 25 MB body and says the rest was not read', async () => {
    const raw = `${ENVELOPE}\r\nContent-Type: text/plain\r\n\r\n${FORM}\r\n${'Lorem ipsum dolor sit amet\r\n'.repeat((25 * 1024 * 1024) / 28)}`;

    const read = await readReply(raw);

    expectDefinedOutcome(read);
    expect(read.unreadable).toBeNull();
    expect(read.text).toHaveLength(MAX_TEXT_CHARS);
    expect(read.limits).toEqual(['only the first 1,048,576 characters of the text were read']);
    expect(read.reply.updates).toMatchObject([{ action: '1.1.1', status: 'on_track' }]);
  });

  it('reads the first 40 MB of a larger message, and says so', async () => {
    // prepare: the form, then a 41 MB attachment in base64 lines of 76 characters
    const head = `${ENVELOPE}\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n${FORM}--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n`;
    const attachment = Buffer.alloc(MAX_MESSAGE_BYTES + 1024 * 1024, `${'QUFB'.repeat(19)}\r\n`);

    // act
    const read = await readReply(Buffer.concat([Buffer.from(head), attachment]));

    // assess
    expectDefinedOutcome(read);
    expect(read.limits).toEqual(['only the first 40 MB of the message were read']);
    expect(read.reply.updates).toMatchObject([{ action: '1.1.1', status: 'on_track' }]);
  });

  it.each([
    ['base64 that is not base64', 'Content-Transfer-Encoding: base64', '!!!!@@@@####====abc'],
    ['broken quoted-printable', 'Content-Transfer-Encoding: quoted-printable', '=ZZ=\r\n=0=G0 hi ='],
    ['an unknown transfer encoding', 'Content-Transfer-Encoding: x-unheard-of', 'hello'],
    ['an unknown charset', 'Content-Type: text/plain; charset="x-klingon-9"', 'hello'],
    ['UTF-7, which could smuggle markup', 'Content-Type: text/plain; charset=utf-7', '+ADw-script+AD4-'],
    ['8-bit bytes declared 7bit', 'Content-Transfer-Encoding: 7bit', '\u00ff\u00fe\u0000\u0001'],
  ])('reads a body with %s', async (_what, header, body) => {
    const read = await readReply(Buffer.from(`${ENVELOPE}\r\n${header}\r\n\r\n${body}\r\n`, 'latin1'));

    expectDefinedOutcome(read);
    expect(read.unreadable).toBeNull();
    expect(read.reply.from).toBe(SENDER);
  });

  it('reads a 33 KB email of nested HTML, which crashed the whole process before', async () => {
    // prepare: the conversion overflowed the stack inside mailparser's 'end' handler, where
    // no promise could catch it: `npm start` died
    const html = `<p>Status: Green</p>${'<div>'.repeat(3_000)}deep${'</div>'.repeat(3_000)}`;
    const raw = `${ENVELOPE}\r\nContent-Type: text/html\r\n\r\n${html}\r\n`;
    expect(raw.length).toBeGreaterThan(33_000);

    // act
    const read = await readReply(raw);

    // assess
    expectDefinedOutcome(read);
    expect(read.unreadable).toBeNull();
    expect(read.reply.note).toBe('Status: Green');
    expect(read.limits).toEqual(['the HTML nests more than 256 levels deep: the text from there on was not read']);
  });

  it('reads an HTML body of deep nesting then stray end tags without the quadratic parse', async () => {
    const raw = `${ENVELOPE}\r\nContent-Type: text/html\r\n\r\n<p>Hi</p>${'<b>'.repeat(50_000)}${'</i>'.repeat(50_000)}\r\n`;

    const read = await readReply(raw);

    expect(read.reply.note).toBe('Hi');
    expect(read.limits).toHaveLength(1);
  });
});

describe('readReply on generated MIME structures and garbage', () => {
  const headerValue = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom('"a@x.example,b@y.example"@evil.example', 'g: a@x.example, b@y.example;', '=?utf-8?B?!!!?=', '', '<>'),
  );
  const charset = fc.constantFrom('utf-8', 'iso-8859-1', 'windows-1252', 'x-klingon', 'utf-7', 'UTF-16', 'shift_jis', '"utf-8', '');
  const encoding = fc.constantFrom('7bit', '8bit', 'binary', 'base64', 'quoted-printable', 'x-uuencode', 'base64 junk', '');
  const contentType = fc.constantFrom('text/plain', 'text/html', 'text/enriched', 'message/rfc822', 'message/delivery-status', 'image/png', 'junk', '');
  const disposition = fc.constantFrom('', 'inline', 'attachment', 'inline; filename="a.txt"', 'attachment; filename*=junk');
  const body = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constant(FORM),
    fc.array(fc.constantFrom('<div>', '</div>', '<blockquote>', '<td><p>', 'text', '<', '&amp;'), { maxLength: 400 }).map((tokens) => tokens.join('')),
    fc.base64String({ maxLength: 200 }),
  );
  const boundary = fc.oneof(fc.constantFrom('b', 'bb', '=_x', ''), fc.string({ maxLength: 8 }));

  type Node =
    | { kind: 'leaf'; type: string; charset: string; encoding: string; disposition: string; body: string }
    | { kind: 'multipart'; subtype: string; boundary: string; closed: boolean; children: Node[] };
  const { node } = fc.letrec<{ node: Node }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ kind: fc.constant('leaf' as const), type: contentType, charset, encoding, disposition, body }),
      fc.record({
        kind: fc.constant('multipart' as const),
        subtype: fc.constantFrom('mixed', 'alternative', 'related', 'report', 'digest', 'junk'),
        boundary,
        closed: fc.boolean(),
        children: fc.array(tie('node'), { maxLength: 4 }),
      }),
    ),
  }));

  function render(part: Node): string {
    if (part.kind === 'leaf') {
      const headers = [`Content-Type: ${part.type}; charset=${part.charset}`, `Content-Transfer-Encoding: ${part.encoding}`];
      if (part.disposition) headers.push(`Content-Disposition: ${part.disposition}`);
      return `${headers.join('\r\n')}\r\n\r\n${part.body}`;
    }
    const children = part.children.map((child) => `--${part.boundary}\r\n${render(child)}\r\n`).join('');
    return `Content-Type: multipart/${part.subtype}; boundary="${part.boundary}"\r\n\r\n${children}${part.closed ? `--${part.boundary}--\r\n` : ''}`;
  }

  const lineEnds = fc.constantFrom('\r\n', '\n', '\r', 'mixed');
  const message = fc
    .record({
      from: fc.oneof(fc.constant('Lorna <lorna@x.example.org>'), headerValue),
      subject: headerValue,
      extra: fc.array(fc.tuple(fc.constantFrom('X-Junk', 'Received', 'Auto-Submitted', 'Precedence', '', ' ', 'From'), headerValue), { maxLength: 4 }),
      root: node,
      lineEnd: lineEnds,
      cut: fc.option(fc.nat(), { nil: undefined }),
      noise: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { nil: undefined }),
    })
    .map(({ from, subject, extra, root, lineEnd, cut, noise }) => {
      const head = [`From: ${from}`, `To: update+${TOKEN}@replies.example.org`, `Subject: ${subject}`, ...extra.map(([name, value]) => `${name}: ${value}`)];
      let text = `${head.join('\r\n')}\r\n${render(root)}`;
      if (lineEnd === 'mixed') text = text.replace(/\r\n/g, (_, offset: number) => ['\r\n', '\n', '\r'][offset % 3] ?? '\n');
      else text = text.replace(/\r\n/g, lineEnd);
      let raw = Buffer.from(text, 'latin1');
      if (cut !== undefined) raw = raw.subarray(0, cut % (raw.length + 1));
      if (noise) {
        const [at, bytes] = noise;
        const index = at % (raw.length + 1);
        raw = Buffer.concat([raw.subarray(0, index), Buffer.from(bytes), raw.subarray(index)]);
      }
      return raw;
    });

  it('ends every generated message in a defined outcome', async () => {
    await fc.assert(
      fc.asyncProperty(message, async (raw) => {
        expectDefinedOutcome(await readReply(raw));
      }),
      { numRuns: 250 },
    );
  });

  it('ends every string of random bytes in a defined outcome', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) => {
        expectDefinedOutcome(await readReply(Buffer.from(bytes)));
      }),
      { numRuns: 150 },
    );
  });

  it('ends wide and deep structures in a defined outcome', async () => {
    const shape = fc.record({ depth: fc.integer({ min: 0, max: 1_500 }), width: fc.integer({ min: 0, max: 1_500 }), closed: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(shape, async ({ depth, width, closed }) => {
        const open = Array.from({ length: depth }, (_, level) => `Content-Type: multipart/mixed; boundary="d${level}"\r\n\r\n--d${level}\r\n`).join('');
        const siblings = Array.from({ length: width }, () => '--w\r\nContent-Type: text/plain\r\n\r\nx\r\n').join('');
        const close = closed ? Array.from({ length: depth }, (_, level) => `--d${depth - 1 - level}--\r\n`).join('') : '';
        const raw = `${ENVELOPE}\r\n${open}Content-Type: multipart/mixed; boundary="w"\r\n\r\n${siblings}--w--\r\n${close}`;

        const read = await readReply(raw);

        expectDefinedOutcome(read);
        expect(read.reply.from).toBe(SENDER);
      }),
      { numRuns: 20 },
    );
  });
});
