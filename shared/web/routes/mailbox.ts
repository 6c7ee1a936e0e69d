import { createTransport } from 'nodemailer';
import * as z from 'zod';
import { addressOf, sentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import { NotFoundError } from '#domain/errors';
import type { Routes, WebContext } from '../http.ts';
import { EmailPage, MailboxPage, type Recipient, type ReplyForm } from '../mailbox-pages.tsx';
import { ukTime } from '../pages.tsx';

/** Where the local mailbox reads the emails sent and sends replies (only `npm start` gives it; AWS never does). */
export interface MailboxOptions {
  /** aws-ses-v2-local, whose store holds every email "sent". */
  sesEndpoint: string;
  /** The local inbound SMTP server (`shared/local/smtp-inbound.ts`), on loopback. */
  smtpPort: number;
}

const ReplyFields = z.object({
  reply: z.string().trim().min(1, 'Type your reply').max(200_000, 'The reply is too long: keep it under 200,000 characters'),
});

/**
 * The Message-ID SES gives an email it sends is built from its message id, as here:
 * the local SES keeps no Message-ID header, and the reply's In-Reply-To names this one.
 */
const sesMessageIdOf = (email: StoredEmail) => `<${email.messageId}@email.amazonses.com>`;

/** The email quoted as a mail program quotes it when replying, with the attribution line first. */
export function quotedReply(email: StoredEmail): string {
  const quoted = (email.body.text ?? '').split(/\r?\n/).map((line) => (line === '' ? '>' : `> ${line}`));
  return ['', '', `On ${ukTime(new Date(email.at * 1000).toISOString())}, ${email.from} wrote:`, '', ...quoted].join('\n');
}

/**
 * The email page's frame (`srcdoc`) inherits the page's CSP, `frame-ancestors 'none'` included,
 * which would blank it: this page allows framing by itself (still by no other site).
 */
function allowOwnFrame(c: WebContext): void {
  const csp = c.res.headers.get('Content-Security-Policy');
  if (csp) c.header('Content-Security-Policy', csp.replace("frame-ancestors 'none'", "frame-ancestors 'self'"));
}

/** The mailbox of the local stack: every email the local SES "sent", and replies to them over the local SMTP server. */
export const mailboxRoutes =
  (options: MailboxOptions): Routes =>
  (app) => {
    async function emailOf(c: WebContext): Promise<StoredEmail> {
      const id = c.req.param('id');
      const email = (await sentEmails(options.sesEndpoint)).find((e) => e.messageId === id);
      if (!email) throw new NotFoundError('There is no such email in the mailbox. It may have been cleared: go back to the mailbox.');
      return email;
    }

    const replyFormOf = (email: StoredEmail): ReplyForm | null =>
      email.replyTo.length && email.destination.to.length ? { text: quotedReply(email), errors: [] } : null;

    app.get('/mailbox', async (c) => {
      const all = await sentEmails(options.sesEndpoint);
      // The store keeps them in the order sent, `at` to the second: newest first is the store reversed, then by time.
      const newest = all.reverse().sort((a, b) => b.at - a.at);
      const counts = new Map<string, number>();
      for (const e of newest) for (const to of e.destination.to) counts.set(addressOf(to), (counts.get(addressOf(to)) ?? 0) + 1);
      const recipients: Recipient[] = [...counts].map(([address, count]) => ({ address, count })).sort((a, b) => a.address.localeCompare(b.address));
      const to = addressOf(c.req.query('to') ?? '');
      const emails = to ? newest.filter((e) => e.destination.to.some((t) => addressOf(t) === to)) : newest;
      return c.html(MailboxPage({ session: c.get('session'), emails, recipients, to, replied: c.req.query('replied') === '1' }));
    });

    app.get('/mailbox/:id', async (c) => {
      const email = await emailOf(c);
      allowOwnFrame(c);
      return c.html(EmailPage({ session: c.get('session'), email, reply: replyFormOf(email) }));
    });

    app.post('/mailbox/:id/reply', async (c) => {
      const email = await emailOf(c);
      if (!replyFormOf(email)) throw new NotFoundError('This email has no reply address: it cannot be answered.');
      const form = c.get('form');
      allowOwnFrame(c);
      const page = (text: string, message: string, field: string | null, status: 400 | 502) =>
        c.html(EmailPage({ session: c.get('session'), email, reply: { text, errors: [{ field, message }] } }), status);
      const parsed = ReplyFields.safeParse(form);
      if (!parsed.success) return page(form.reply ?? '', parsed.error.issues[0]?.message ?? 'Type your reply', 'reply', 400);
      const from = email.destination.to[0]!;
      const transport = createTransport({ host: '127.0.0.1', port: options.smtpPort, secure: false, ignoreTLS: true });
      try {
        // The server answers once the reply is ingested and its confirmation sent.
        await transport.sendMail({
          from,
          to: email.replyTo[0],
          subject: /^re:/i.test(email.subject) ? email.subject : `Re: ${email.subject}`,
          text: parsed.data.reply,
          inReplyTo: sesMessageIdOf(email),
          references: [sesMessageIdOf(email)],
        });
      } catch (e) {
        const why = (e as { response?: string }).response ?? (e as Error).message;
        return page(
          form.reply ?? '',
          `The local mail server did not take the reply (${why}). Check that npm start is still running, then try again.`,
          null,
          502,
        );
      } finally {
        transport.close();
      }
      return c.redirect(`/mailbox?to=${encodeURIComponent(addressOf(from))}&replied=1`, 303);
    });
  };
