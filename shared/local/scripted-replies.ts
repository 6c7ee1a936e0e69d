import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { StoredEmail } from '#adapters/local/ses-local-inbox';

export interface ScriptedAnswer {
  status: string;
  evidence?: string;
  summary?: string;
  risks?: string;
  mitigation?: string;
}

const LABELS: Array<[keyof ScriptedAnswer, string]> = [
  ['status', 'Status'],
  ['evidence', 'Evidence update'],
  ['summary', 'Summary'],
  ['risks', 'Risks'],
  ['mitigation', 'Actions to address risks'],
];

/**
 * Answers a received update request the way Gmail users do: the original quoted with "> ",
 * answers typed on their own lines under the quoted labels of the chosen actions.
 */
export function gmailInlineReply(request: StoredEmail, answers: Record<string, ScriptedAnswer>): string {
  const out: string[] = ['Hi,', '', 'My updates are inline below.', '', 'Thanks', '', `On ${new Date(request.at * 1000).toUTCString()}, ${request.from} wrote:`, ''];
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
  const out: string[] = ['Hello,', '', 'Please see my updates below.', '', 'Kind regards', '', `From: ${request.from}`, `Sent: ${new Date(request.at * 1000).toUTCString()}`, `To: ${request.destination.to.join('; ')}`, `Subject: ${request.subject}`, ''];
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
export async function composeReply(
  request: StoredEmail,
  body: string,
  options: { messageId: string; autoReply?: boolean },
): Promise<Buffer> {
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

