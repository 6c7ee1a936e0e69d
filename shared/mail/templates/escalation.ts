import { formatLongDate } from '#domain/calendar';
import { bullets, FOOTER_STYLE, h1, h2, htmlPage, oneLine, para } from './layout.ts';
import { firstName } from './update-form.ts';

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
  /** Owners with actions still lacking an update (no email: could not be asked); an action with several owners is under each. */
  missing: MissingOwner[];
  /** Actions nobody could be asked about (no owner with an email). */
  unowned: Array<{ ref: string; title: string }>;
}

const FOOTER = 'This is an automated message from PlanPulse.';
const UNOWNED = 'No owner we could email (check the plan and its people file):';

/**
 * How many actions lack an update: each once, though an action with several owners is listed under
 * each of them, and one whose owners have no email is listed under them and as unowned.
 */
function distinctActions(m: EscalationModel): number {
  return new Set([...m.missing.flatMap((o) => o.actions), ...m.unowned].map((a) => a.ref)).size;
}

/** To an outcome owner or the coordinators, the day after the draft deadline: who has not sent an update. */
export function renderEscalation(m: EscalationModel): { subject: string; text: string; html: string } {
  const count = distinctActions(m);
  const subject = oneLine(`Updates missing: ${m.planName} - ${m.cycleName} (${count} action${count === 1 ? '' : 's'})`);
  const heading = `Updates missing: ${oneLine(m.cycleName)}`;
  const intro =
    `The draft deadline (${formatLongDate(m.draft)}) has passed and ${count} action${count === 1 ? ' still has' : 's still have'} no update ` +
    `for the Corporate Parenting Board on ${formatLongDate(m.board)}. Please follow up with the owners below.`;
  const greeting = m.recipientName ? `Dear ${firstName(m.recipientName)},` : 'Hello,';
  const owner = (o: MissingOwner) => `${oneLine(o.name)}${o.email ? ` <${oneLine(o.email)}>` : ' (no email address)'}`;
  const item = (a: { ref: string; title: string }) => `${oneLine(a.ref)} ${oneLine(a.title)}`;

  const lines = [greeting, '', intro, ''];
  for (const o of m.missing) lines.push(`${owner(o)}:`, ...o.actions.map((a) => `  - ${item(a)}`), '');
  if (m.unowned.length) lines.push(UNOWNED, ...m.unowned.map((a) => `  - ${item(a)}`), '');
  lines.push(FOOTER, '');

  const html = htmlPage(
    heading,
    h1(heading) +
      para(greeting) +
      para(intro) +
      m.missing.map((o) => h2(owner(o)) + bullets(o.actions.map(item))).join('') +
      (m.unowned.length ? h2(UNOWNED.slice(0, -1)) + bullets(m.unowned.map(item)) : '') +
      para(FOOTER, FOOTER_STYLE),
  );
  return { subject, text: lines.join('\n'), html };
}
