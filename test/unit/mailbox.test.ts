import fc from 'fast-check';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { describe, expect, it } from 'vitest';
import { readReply } from '#mail/parse-reply';
import { senderKey, singleMailbox } from '#mail/mailbox';

/** What a mail library makes of an address handed to it as a recipient. */
function recipientsOf(address: string): string[] {
  return addressparser(address, { flatten: true }).map((entry) => entry.address);
}

describe('singleMailbox: one mailbox or none', () => {
  it.each([
    ['Lorna Beedham <Lorna.Beedham@Nottingham.example.org>', 'lorna.beedham@nottingham.example.org'],
    ['"Williams, Morvette" <Morvette.Williams@nottingham.example.org>', 'morvette.williams@nottingham.example.org'],
    ['lorna@nottingham.example.org', 'lorna@nottingham.example.org'],
    ['<lorna@nottingham.example.org>', 'lorna@nottingham.example.org'],
    ['lorna@nottingham.example.org (Lorna Beedham)', 'lorna@nottingham.example.org'],
    ['=?UTF-8?Q?Lorna_Beedham?= <lorna@nottingham.example.org>', 'lorna@nottingham.example.org'],
    ['\u00c5\u0081ucja (UTF-8 read as Latin-1) <lucja@x.example.org>', 'lucja@x.example.org'],
    ['"lorna"@nottingham.example.org', 'lorna@nottingham.example.org'],
    ['Lorna <lorna+cycle1@nottingham.example.org>', 'lorna+cycle1@nottingham.example.org'],
    ["o'brien@x.example.org", "o'brien@x.example.org"],
  ])('reads %s as %s', (value, address) => {
    expect(singleMailbox([value])).toBe(address);
  });

  it.each([
    ['a quoted local part holding commas', '"a@x.example,b@y.example,c@z.example"@evil.example'],
    ['the same inside angle brackets', 'Evil <"a@x.example,b@y.example"@evil.example>'],
    ['a quoted local part with a space', '"lorna beedham"@x.example.org'],
    ['group syntax', 'Board: a@x.example.org, b@y.example.org;'],
    ['an empty group', 'undisclosed-recipients:;'],
    ['two mailboxes', 'a@x.example.org, b@y.example.org'],
    ['two named mailboxes', 'A <a@x.example.org>, B <b@y.example.org>'],
    ['an address in the display name', 'a@x.example.org <b@y.example.org>'],
    ['an unquoted comma in the display name', 'Beedham, Lorna <lorna@x.example.org>'],
    ['text after the address', '<a@x.example.org> b@y.example.org'],
    ['no domain', 'lorna'],
    ['no domain in angle brackets', 'Lorna <lorna>'],
    ['an empty domain', 'lorna@'],
    ['a one-label domain', 'lorna@localhost'],
    ['a domain literal', 'lorna@[192.0.2.1]'],
    ['an IP address as domain', 'lorna@192.0.2.1'],
    ['an empty local part', '@x.example.org'],
    ['a source route', '<@relay.example.org:lorna@x.example.org>'],
    ['two @', 'a@b@x.example.org'],
    ['a control character', 'lorna@x.example.org\u0007'],
    ['a NUL in the display name', 'Lor\u0000na <lorna@x.example.org>'],
    ['a line break', 'lorna@x.example.org\r\nBcc: c@z.example.org'],
    ['a local part over 64 characters', `${'a'.repeat(65)}@x.example.org`],
    ['an address over 254 characters', `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(63)}.example`],
    ['a header longer than any real one', `${'A'.repeat(5000)} <a@x.example.org>`],
    ['an unclosed quote', '"Lorna <lorna@x.example.org>'],
    ['an unclosed comment', 'lorna@x.example.org (Lorna'],
    ['an unclosed angle bracket', 'Lorna <lorna@x.example.org'],
    ['a double dot', 'lorna..beedham@x.example.org'],
    ['a non-ASCII local part', 'l\u00f6rna@x.example.org'],
    ['nothing', ''],
  ])('refuses %s', (_what, value) => {
    expect(singleMailbox([value])).toBeNull();
  });

  it('refuses a message with two From headers', () => {
    expect(singleMailbox(['a@x.example.org', 'b@y.example.org'])).toBeNull();
  });

  it('refuses a message without a From header', () => {
    expect(singleMailbox(undefined)).toBeNull();
  });

  it('gives, for any header at all, nothing or one address a mail library reads as that one recipient', () => {
    const headerChars = fc.constantFrom(...'ab.@<>",;:()[]\\ \t+-_=?!~\u0000\u00e9'.split(''));
    const header = fc.oneof(
      fc.string({ unit: headerChars, maxLength: 60 }),
      fc.string({ maxLength: 60 }),
      fc
        .tuple(fc.string({ unit: headerChars, maxLength: 20 }), fc.emailAddress(), fc.string({ unit: headerChars, maxLength: 20 }))
        .map(([before, address, after]) => `${before}${address}${after}`),
    );

    fc.assert(
      fc.property(header, (value) => {
        const address = singleMailbox([value]);
        if (address === null) return;
        expect(address).toBe(address.toLowerCase());
        expect(address).toMatch(/^[^\s,;:<>"()[\]\\@]+@[a-z0-9.-]+$/);
        expect(recipientsOf(address)).toEqual([address]);
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads every valid address with a display name as that address', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,30}$/), (address, name) => {
        const expected = singleMailbox([address]);
        // fast-check's addresses include forms we refuse on purpose (one-label domains)
        fc.pre(expected !== null);
        expect(singleMailbox([`"${name}" <${address}>`])).toBe(address.toLowerCase());
      }),
      { numRuns: 500 },
    );
  });
});

describe('senderKey: one key per person for rate limits', () => {
  it.each([
    ['lorna+cycle1@x.example.org', 'lorna@x.example.org'],
    ['Lorna+a+b@X.Example.org', 'lorna@x.example.org'],
    ['lorna@x.example.org', 'lorna@x.example.org'],
    ['+tag@x.example.org', '+tag@x.example.org'],
  ])('counts %s as %s', (address, key) => {
    expect(senderKey(address)).toBe(key);
  });
});

describe('readReply: the sender of a reply', () => {
  const reply = (from: string) => `From: ${from}\r\nTo: update+tok.1@replies.example.org\r\nSubject: Re: update\r\n\r\nHello\r\n`;

  it('gives no sender for a From that a mail library turns into 3 recipients', async () => {
    // prepare: nodemailer drops the quotes, and what is left is a list
    const from = '"a@x.example,b@y.example,c@z.example"@evil.example';
    expect(recipientsOf(recipientsOf(from)[0] ?? '')).toHaveLength(3);

    // act
    const read = await readReply(reply(from));

    // assess
    expect([read.reply.from, read.fromKey]).toEqual([null, null]);
  });

  it('gives no sender for group syntax or several mailboxes', async () => {
    const group = await readReply(reply('Friends: a@x.example.org, b@y.example.org;'));
    const several = await readReply(reply('a@x.example.org, b@y.example.org'));

    expect([group.reply.from, several.reply.from]).toEqual([null, null]);
  });

  it('gives the sender lower-cased and its key without the +tag', async () => {
    const read = await readReply(reply('Lorna Beedham <Lorna.Beedham+Q1@Nottingham.example.org>'));

    expect([read.reply.from, read.fromKey]).toEqual(['lorna.beedham+q1@nottingham.example.org', 'lorna.beedham@nottingham.example.org']);
  });
});
