import { bullets, FOOTER_STYLE, h1, h2, htmlPage, oneLine, para } from './layout.ts';

export interface DeliveryProblemModel {
  planName: string;
  email: string;
  ownerName: string;
  kind: 'bounced' | 'complained';
  reason: string | null;
  /** Actions of this owner in the plan. */
  actions: Array<{ ref: string; title: string }>;
}

const FOOTER = 'This is an automated message from PlanPulse.';

/** To the coordinators, once per address: an owner's email bounced (or they marked us as spam). */
export function renderDeliveryProblem(m: DeliveryProblemModel): { subject: string; text: string; html: string } {
  const what = m.kind === 'bounced' ? 'cannot be delivered' : 'was reported as unwanted (spam) by its recipient';
  const owner = `${oneLine(m.ownerName)} <${oneLine(m.email)}>`;
  const subject = oneLine(`Email ${m.kind === 'bounced' ? 'bounced' : 'complaint'}: ${owner} (${m.planName})`);
  const intro =
    `Email to ${owner} ${what}, so PlanPulse will not email this address again. ` +
    `Their actions will show "Email bounced" in reports until the address is corrected in the plan's people file and the plan is imported again.`;
  const reason = m.reason ? `Reason given: ${oneLine(m.reason)}` : null;
  const actions = m.actions.map((a) => `${oneLine(a.ref)} ${oneLine(a.title)}`);
  const lines = ['Hello,', '', intro, ...(reason ? ['', reason] : []), '', 'Their actions:', ...actions.map((a) => `  - ${a}`), '', FOOTER, ''];
  const html = htmlPage(
    'Email problem',
    h1(subject) + para('Hello,') + para(intro) + (reason ? para(reason) : '') + h2('Their actions') + bullets(actions) + para(FOOTER, FOOTER_STYLE),
  );
  return { subject, text: lines.join('\n'), html };
}
