import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { isPlainAddress } from '#domain/addresses';
import type { Mailer, OutgoingEmail } from '#ports/mailer';

/** A recipient that is not one plain mailbox: nothing is sent. */
export class InvalidRecipientError extends Error {
  override name = 'InvalidRecipientError';
}

/** Headers on everything we send: we are a robot, do not auto-reply to us. */
export const AUTOMATED_HEADERS = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

/** Builds the MIME message with nodemailer's MailComposer (never by hand). */
export async function composeMime(from: string, email: OutgoingEmail): Promise<Buffer> {
  // Each recipient is one plain address, handed over as an address, never as header text
  // that the library would split (`"a@x,b@y"@z` is not three recipients, it is refused).
  const bad = email.to.filter((a) => !isPlainAddress(a));
  if (bad.length > 0 || email.to.length === 0) throw new InvalidRecipientError(`not a single plain address: ${JSON.stringify(bad).slice(0, 200)}`);
  const composer = new MailComposer({
    from,
    to: email.to.map((address) => ({ name: '', address })),
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    headers: { ...AUTOMATED_HEADERS, ...email.headers },
    attachments: email.attachments,
  });
  return composer.compile().build();
}

/** Sends through SES SendRawEmail (aws-ses-v2-local when the client has a local endpoint). */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESClient,
    private readonly from: string,
    /** Its event destination tells us about bounces and complaints. */
    private readonly configurationSet?: string,
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerId: string }> {
    const raw = await composeMime(this.from, email);
    const out = await this.ses.send(
      new SendRawEmailCommand({ RawMessage: { Data: raw }, ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}) }),
    );
    return { providerId: out.MessageId ?? '' };
  }
}
