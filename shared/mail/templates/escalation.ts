import { formatLongDate } from '#domain/calendar';
import { esc, FOOTER_STYLE, htmlPage, oneLine } from './layout.ts';

export interface MissingOwner {
  name: string;
  email: string | null;
  actions: Array<{ ref: string; title: string }>;
}

export interface EscalationModel {
  recipientName: string | null;
  planName: string;
  cycleName: string;
  draft: string;
  board: string;
  /** Owners with actions still lacking an update (no email: could not be asked). */
  missing: MissingOwner[];
  /** Actions nobody could be asked about (no owner with an email). */
  unowned: Array<{ ref: string; title: string }>;
}

/** To an outcome owner or the coordinators, the day after the draft deadline: who has not sent an update. */
export function renderEscalation(m: EscalationModel): { subject: string; text: string; html: string } {
  const count = m.missing.reduce((n, o) => n + o.actions.length, 0) + m.unowned.length;
  const subject = oneLine(`Updates missing: ${m.planName} - ${m.cycleName} (${count} action${count === 1 ? '' : 's'})`);
  const intro =
    `The draft deadline (${formatLongDate(m.draft)}) has passed and ${count} action${count === 1 ? ' still has' : 's still have'} no update ` +
    `for the Corporate Parenting Board on ${formatLongDate(m.board)}. Please follow up with the owners below.`;
  const greeting = m.recipientName ? `Dear ${oneLine(m.recipientName).split(' ')[0]},` : 'Hello,';
  const lines = [greeting, '', intro, ''];
  for (const o of m.missing) {
    lines.push(`${oneLine(o.name)}${o.email ? ` <${o.email}>` : ' (no email address)'}:`);
    for (const a of o.actions) lines.push(`  - ${a.ref} ${oneLine(a.title)}`);
    lines.push('');
  }
  if (m.unowned.length) {
    lines.push('No owner we could email (check the plan and its people file):');
    for (const a of m.unowned) lines.push(`  - ${a.ref} ${oneLine(a.title)}`);
    lines.push('');
  }
  lines.push('This is an automated message from PlanPulse.', '');
  const list = (items: Array<{ ref: string; title: string }>) =>
    `<ul>${items.map((a) => `<li><strong>${esc(a.ref)}</strong> ${esc(oneLine(a.title))}</li>`).join('')}</ul>`;
  const html = htmlPage(
    'Updates missing',
    `<h1 style="font-size:20px;margin:0 0 12px 0">Updates missing: ${esc(oneLine(m.cycleName))}</h1>` +
      `<p>${esc(greeting)}</p><p>${esc(intro)}</p>` +
      m.missing
        .map((o) => `<h2 style="font-size:16px;margin:16px 0 4px 0">${esc(oneLine(o.name))}${o.email ? ` &lt;${esc(o.email)}&gt;` : ' (no email address)'}</h2>${list(o.actions)}`)
        .join('') +
      (m.unowned.length ? `<h2 style="font-size:16px;margin:16px 0 4px 0">No owner we could email</h2>${list(m.unowned)}` : '') +
      `<p style="${FOOTER_STYLE}">This is an automated message from PlanPulse.</p>`,
  );
  return { subject, text: lines.join('\n'), html };
}
