import { describe, expect, it } from 'vitest';
import { MAX_HEADER_SCAN_BYTES, scanHeaders, withCrlfIfBareCr } from '#mail/raw-message';

describe('scanHeaders: the raw header block, without MIME parsing', () => {
  it('reads fields by lower-cased name, unfolded, up to the first blank line', () => {
    // prepare
    const raw = Buffer.from('From: Lorna\r\n <lorna@x.example.org>\r\nTo: a@x.example.org\r\nto: b@x.example.org\r\n\r\nFrom: body@x.example.org\r\n');

    // act
    const headers = scanHeaders(raw);

    // assess
    expect(Object.fromEntries(headers)).toEqual({ from: ['Lorna <lorna@x.example.org>'], to: ['a@x.example.org', 'b@x.example.org'] });
  });

  it('passes over an mbox From line and junk lines, and reads any line ending', () => {
    const raw = Buffer.from('From MAILER-DAEMON Mon Jan  1 00:00:00 2001\nno colon here\rSubject: hi\nMessage-ID: <a@b>\r\n\r\n');

    expect(Object.fromEntries(scanHeaders(raw))).toEqual({ subject: ['hi'], 'message-id': ['<a@b>'] });
  });

  it('looks no further than MAX_HEADER_SCAN_BYTES', () => {
    const raw = Buffer.from(`X-Filler: ${'a'.repeat(MAX_HEADER_SCAN_BYTES)}\r\nFrom: late@x.example.org\r\n\r\n`);

    expect(scanHeaders(raw).has('from')).toBe(false);
  });
});

describe('withCrlfIfBareCr: classic Mac line endings', () => {
  it('makes every bare CR a CRLF when the first line ends in one', () => {
    const raw = Buffer.from('From: a@x.example.org\rSubject: hi\r\rBody\r\nline\r');

    expect(withCrlfIfBareCr(raw).toString()).toBe('From: a@x.example.org\r\nSubject: hi\r\n\r\nBody\r\nline\r\n');
  });

  it.each([
    ['CRLF', 'From: a@x.example.org\r\nSubject: hi\r\n\r\nstray\rCR\r\n'],
    ['LF', 'From: a@x.example.org\nSubject: hi\n\nstray\rCR\n'],
  ])('leaves a message with %s line endings as it is', (_what, text) => {
    const raw = Buffer.from(text);

    expect(withCrlfIfBareCr(raw)).toBe(raw);
  });
});
