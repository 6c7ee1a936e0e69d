import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';
import type { UpdateField } from '#domain/model';
import { FORM_FIELDS, UPDATE_STATUSES } from '#domain/vocabulary';

/** One action's answers as an owner types them: a status in their own words, the other fields when they have something to say. */
export type ScriptedAnswer = { status: string } & { [F in Exclude<UpdateField, 'status'>]?: string };

const LABELS = FORM_FIELDS.map((f): [UpdateField, string] => [f.key, f.label]);

/**
 * Status answers as owners write them, for the demo to cycle through: for each status its
 * label, then its first synonym that is a word, followed by a remark as owners add one
 * ("Amber - see summary"). Every status of the vocabulary is among them.
 */
export const SCRIPTED_STATUSES: readonly string[] = UPDATE_STATUSES.flatMap((s) => {
  const synonym = s.synonyms.find((w) => w.length > 1);
  return synonym ? [s.label, `${synonym} - see summary`] : [s.label];
});

/**
 * Answers a received update request the way Gmail users do: the original quoted with "> ",
 * answers typed on their own lines under the quoted labels of the chosen actions.
 */
export function gmailInlineReply(request: StoredEmail, answers: Record<string, ScriptedAnswer>): string {
  const out: string[] = [
    'Hi,',
    '',
    'My updates are inline below.',
    '',
    'Thanks',
    '',
    `On ${new Date(request.at * 1000).toUTCString()}, ${request.from} wrote:`,
    '',
  ];
  let current: string | null = null;
  for (const line of (request.body.text ?? '').split(/\r?\n/)) {
    out.push(line === '' ? '>' : `> ${line}`);
    const marker = /^---- Action (\S+) ----$/.exec(line);
    if (marker) current = marker[1]!;
    const answer = current ? answers[current] : undefined;
    const label = LABELS.find(([, l]) => line === `${l}:`);
    if (answer && label && answer[label[0]]) out.push('', answer[label[0]]!, '');
  }
  return out.join('\n');
}

/** Answers the way Outlook users do: answers on the label lines of the unquoted original below a From/Sent header. */
export function outlookReply(request: StoredEmail, answers: Record<string, ScriptedAnswer>): string {
  const out: string[] = [
    'Hello,',
    '',
    'Please see my updates below.',
    '',
    'Kind regards',
    '',
    `From: ${request.from}`,
    `Sent: ${new Date(request.at * 1000).toUTCString()}`,
    `To: ${request.destination.to.join('; ')}`,
    `Subject: ${request.subject}`,
    '',
  ];
  let current: string | null = null;
  for (const line of (request.body.text ?? '').split(/\r?\n/)) {
    const marker = /^---- Action (\S+) ----$/.exec(line);
    if (marker) current = marker[1]!;
    const answer = current ? answers[current] : undefined;
    const label = LABELS.find(([, l]) => line === `${l}:`);
    out.push(answer && label && answer[label[0]] ? `${line} ${answer[label[0]]}` : line);
  }
  return out.join('\n');
}

/** A raw reply message to a received request, from its recipient to its Reply-To. */
export async function composeReply(request: StoredEmail, body: string, options: { messageId: string; autoReply?: boolean }): Promise<Buffer> {
  const to = request.replyTo[0] ?? '';
  const composer = new MailComposer({
    from: request.destination.to[0] ?? '',
    to,
    subject: options.autoReply ? `Automatic reply: ${request.subject}` : `Re: ${request.subject}`,
    text: body,
    messageId: options.messageId,
    headers: options.autoReply ? { 'Auto-Submitted': 'auto-replied' } : {},
  });
  return composer.compile().build();
}
