import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Mailer, OutgoingEmail } from '#ports/mailer';

/** Headers on everything we send: we are a robot, do not auto-reply to us. */
export const AUTOMATED_HEADERS = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

/** Builds the MIME message with nodemailer's MailComposer (never by hand). */
export async function composeMime(from: string, email: OutgoingEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from,
    to: email.to,
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
