import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeMime } from '#adapters/ses/mailer';

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

  it('cannot be given an extra header through the subject or a recipient', async () => {
    const attack = {
      ...base,
      subject: 'Hello\r\nBcc: victim@elsewhere.example.org',
      to: ['lorna.beedham@nottingham.example.org\r\nBcc: x@elsewhere.example.org'],
    };

    const text = raw(await composeMime(FROM, attack));

    expect(text).not.toMatch(/^Bcc:/im);
    const mail = await simpleParser(text);
    expect(mail.bcc).toBeUndefined();
  });

  it('keeps extra headers such as In-Reply-To for a confirmation', async () => {
    const mail = await simpleParser(await composeMime(FROM, { ...base, headers: { 'In-Reply-To': '<CAF=abc@mail.example.org>' } }));

    expect(mail.inReplyTo).toBe('<CAF=abc@mail.example.org>');
  });
});

function raw(buffer: Buffer): string {
  return buffer.toString('utf8');
}
