import { FOOTER_STYLE, h1, htmlPage, oneLine, para } from './layout.ts';

export type RejectionReason = 'unknown-request' | 'expired' | 'cycle-closed' | 'unreadable';

const EXPLANATIONS: Record<RejectionReason, string> = {
  'unknown-request':
    'We could not match your email to an update request: the reference in its address or subject is missing or has been changed. Please reply to the original update request email (press Reply) without changing the subject.',
  expired: 'The update request you replied to has expired, so your reply was not recorded. Please contact the plan coordinator.',
  'cycle-closed': 'This update cycle is closed, so your reply was not recorded. If it is still needed, please send it to the plan coordinator.',
  unreadable:
    'We could not read your email: it is damaged, or too large or too complex for us to open. Nothing was recorded. Please reply to the original update request again with plain text answers (attachments are kept but never read as answers).',
};

const MAX_SUBJECT = 200;

/** At most `max` UTF-16 units, never half a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, cut).trimEnd();
}

/** One short explanation to the sender of a reply we could not accept (what was wrong, what to do). */
export function renderRejection(reason: RejectionReason, originalSubject: string | null) {
  const subject = clip(oneLine(`Your update was not recorded${originalSubject ? `: ${originalSubject}` : ''}`), MAX_SUBJECT);
  const heading = 'Your update was not recorded';
  const footer = 'This is an automated message.';
  const text = `Hello,\n\n${EXPLANATIONS[reason]}\n\n${footer}\n`;
  const html = htmlPage(heading, h1(heading) + para('Hello,') + para(EXPLANATIONS[reason]) + para(footer, FOOTER_STYLE));
  return { subject, text, html };
}
