import { esc, FOOTER_STYLE, htmlPage, oneLine } from './layout.ts';

export interface DeliveryProblemModel {
  planName: string;
  email: string;
  ownerName: string;
  kind: 'bounced' | 'complained';
  reason: string | null;
  /** Actions of this owner in the plan. */
  actions: Array<{ ref: string; title: string }>;
}

/** To the coordinators, once per address: an owner's email bounced (or they marked us as spam). */
export function renderDeliveryProblem(m: DeliveryProblemModel): { subject: string; text: string; html: string } {
  const what = m.kind === 'bounced' ? 'cannot be delivered' : 'was reported as unwanted (spam) by its recipient';
  const subject = oneLine(`Email ${m.kind === 'bounced' ? 'bounced' : 'complaint'}: ${m.ownerName} <${m.email}> (${m.planName})`);
  const intro =
    `Email to ${oneLine(m.ownerName)} <${m.email}> ${what}, so PlanPulse will not email this address again. ` +
    `Their actions will show "Email bounced" in reports until the address is corrected in the plan's people file and the plan is imported again.`;
  const reason = m.reason ? `Reason given: ${oneLine(m.reason)}` : null;
  const lines = ['Hello,', '', intro, ...(reason ? ['', reason] : []), '', 'Their actions:', ...m.actions.map((a) => `  - ${a.ref} ${oneLine(a.title)}`), '', 'This is an automated message from PlanPulse.', ''];
  const html = htmlPage(
    'Email problem',
    `<h1 style="font-size:20px;margin:0 0 12px 0">${esc(subject)}</h1><p>Hello,</p><p>${esc(intro)}</p>` +
      (reason ? `<p>${esc(reason)}</p>` : '') +
      `<h2 style="font-size:16px;margin:16px 0 4px 0">Their actions</h2><ul>${m.actions.map((a) => `<li><strong>${esc(a.ref)}</strong> ${esc(oneLine(a.title))}</li>`).join('')}</ul>` +
      `<p style="${FOOTER_STYLE}">This is an automated message from PlanPulse.</p>`,
  );
  return { subject, text: lines.join('\n'), html };
}
