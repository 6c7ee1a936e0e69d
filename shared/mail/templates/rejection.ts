import { esc, htmlPage, oneLine } from './layout.ts';

export type RejectionReason = 'unknown-request' | 'expired' | 'cycle-closed';

const EXPLANATIONS: Record<RejectionReason, string> = {
  'unknown-request':
    'We could not match your email to an update request: the reference in its address or subject is missing or has been changed. Please reply to the original update request email (press Reply) without changing the subject.',
  expired: 'The update request you replied to has expired, so your reply was not recorded. Please contact the plan coordinator.',
  'cycle-closed':
    'This update cycle is closed, so your reply was not recorded. If it is still needed, please send it to the plan coordinator.',
};

/** One short explanation to the sender of a reply we could not accept. */
export function renderRejection(reason: RejectionReason, originalSubject: string | null) {
  const subject = oneLine(`Your update was not recorded${originalSubject ? `: ${originalSubject}` : ''}`).slice(0, 200);
  const text = `Hello,\n\n${EXPLANATIONS[reason]}\n\nThis is an automated message.\n`;
  const html = htmlPage(
    'Your update was not recorded',
    `<h1 style="font-size:20px;margin:0 0 12px 0">Your update was not recorded</h1><p>Hello,</p><p>${esc(EXPLANATIONS[reason])}</p><p>This is an automated message.</p>`,
  );
  return { subject, text, html };
}
