import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime, InvalidRecipientError } from '#adapters/ses/mailer';

const FROM = 'Corporate Parenting Board <updates@notify.example.org>';
const base = {
  to: ['lorna.beedham@nottingham.example.org'],
  subject: 'Update request: Plan - Q1 [ref Q3x9Lk2mPa0.abcdefghijklmnop]',
  text: 'Dear Lorna,\n\n---- Action 3.1.1 ----\nStatus:\n',
  html: '<!DOCTYPE html><html lang="en-GB"><body><p>Dear Lorna,</p></body></html>',
  replyTo: 'update+Q3x9Lk2mPa0.abcdefghijklmnop@replies.example.org',
  messageId: '<requests-open.Q3x9Lk2mPa0.1@notify.example.org>',
};

describe('the MIME message we send', () => {
  it('carries the automated-mail headers, our Message-ID and the signed Reply-To', async () => {
    const raw = await composeMime(FROM, base);

    const mail = await simpleParser(raw);

    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-auto-response-suppress')).toBe('All');
    expect(mail.messageId).toBe(base.messageId);
    expect(mail.replyTo?.value[0]?.address).toBe(base.replyTo);
    expect(mail.from?.value[0]?.address).toBe('updates@notify.example.org');
  });

  it('has a text part and an HTML part with the same message', async () => {
    const mail = await simpleParser(await composeMime(FROM, base));

    expect(mail.text).toContain('---- Action 3.1.1 ----');
    expect(mail.html).toContain('<p>Dear Lorna,</p>');
    expect(raw(await composeMime(FROM, base))).toMatch(/Content-Type: multipart\/alternative/i);
  });

  it('cannot be given an extra header through the subject', async () => {
    const attack = { ...base, subject: 'Hello\r\nBcc: victim@elsewhere.example.org' };

    const text = raw(await composeMime(FROM, attack));

    expect(text).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(text);
    expect(mail.bcc).toBeUndefined();
  });

  it('refuses a recipient carrying an extra header, so nothing is sent at all', async () => {
    const attack = { ...base, to: ['lorna.beedham@nottingham.example.org\r\nBcc: x@elsewhere.example.org'] };

    await expect(composeMime(FROM, attack)).rejects.toThrow(InvalidRecipientError);
  });

  it('keeps extra headers such as In-Reply-To for a confirmation', async () => {
    const mail = await simpleParser(await composeMime(FROM, { ...base, headers: { 'In-Reply-To': '<CAF=abc@mail.example.org>' } }));

    expect(mail.inReplyTo).toBe('<CAF=abc@mail.example.org>');
  });
});

function raw(buffer: Buffer): string {
  return buffer.toString('utf8');
}

describe('recipients', () => {
  const email = { to: ['lorna.beedham@nottingham.example.org'], subject: 'S', text: 'T', html: '<p>T</p>', messageId: '<m@notify.example.org>' };

  it.each([
    ['a quoted local part full of addresses', '"a@x.example.org,b@y.example.org,c@z.example.org"@evil.example.org'],
    ['two addresses in one string', 'a@x.example.org, b@y.example.org'],
    ['a name and an address', 'Someone <a@x.example.org>'],
    ['a group', 'friends: a@x.example.org, b@y.example.org;'],
    ['no domain', 'postmaster'],
  ])('refuses %s, so nothing reaches anyone', async (_case, to) => {
    await expect(composeMime('Board <updates@notify.example.org>', { ...email, to: [to] })).rejects.toThrow(InvalidRecipientError);
  });

  it('sends to a plain address as exactly that one recipient', async () => {
    const parsed = await simpleParser(await composeMime('Board <updates@notify.example.org>', email));

    expect((Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((t) => t?.value.map((v) => v.address))).toEqual([
      'lorna.beedham@nottingham.example.org',
    ]);
  });
});
