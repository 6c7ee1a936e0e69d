import { STATUS_LABELS, type UpdateStatus } from '#domain/model';
import { esc, escLines, FOOTER_STYLE, htmlPage, oneLine } from './layout.ts';
import { firstName, formHtml, formText, type FormAction } from './update-form.ts';

export interface RecordedUpdate {
  ref: string;
  title: string;
  status: UpdateStatus | null;
  evidence: string | null;
  summary: string | null;
  risks: string | null;
  mitigation: string | null;
}

export interface ConfirmationModel {
  ownerName: string;
  planName: string;
  cycleName: string;
  token: string;
  recorded: RecordedUpdate[];
  /** Problems, each already worded for the owner ("3.3.1: status "Partly" is not one of …"). */
  problems: string[];
  /** Actions still without an update from this owner. */
  outstanding: string[];
  /**
   * Form blocks to answer again (actions with a problem, then outstanding ones), so a reply
   * to this confirmation is read like a reply to the request.
   */
  form?: FormAction[];
}

const FIELDS: Array<[keyof Omit<RecordedUpdate, 'ref' | 'title'>, string]> = [
  ['status', 'Status'],
  ['evidence', 'Evidence update'],
  ['summary', 'Summary'],
  ['risks', 'Risks'],
  ['mitigation', 'Actions to address risks'],
];

function fieldText(u: RecordedUpdate, field: (typeof FIELDS)[number][0]): string {
  if (field === 'status') return u.status ? STATUS_LABELS[u.status] : '(not recorded)';
  return u[field] ?? '(blank)';
}

/** The read-back confirmation of a reply: exactly what was recorded, and any problem with how to fix it. */
export function renderConfirmation(m: ConfirmationModel): { subject: string; text: string; html: string } {
  const hasProblems = m.problems.length > 0;
  const subject = oneLine(
    `${hasProblems ? 'Update received - please check' : 'Update received'}: ${m.planName} - ${m.cycleName} [ref ${m.token}]`,
  );
  const lead =
    m.recorded.length > 0
      ? `Thank you. We recorded your update on ${m.recorded.length === 1 ? '1 action' : `${m.recorded.length} actions`}:`
      : 'Thank you for your reply. We could not find any answers in it, so nothing was recorded.';
  const form = m.form ?? [];
  const fix =
    form.length > 0
      ? 'To correct or add anything, reply to this email and type your answers after the labels in the blocks below (or in the original request); your latest answer for each field replaces the earlier one.'
      : 'To correct anything, reply to the original update request with the action block filled in again; your latest answer for each field replaces the earlier one.';
  const lines = [`Dear ${firstName(m.ownerName)},`, '', lead, ''];
  for (const u of m.recorded) {
    lines.push(`Action ${u.ref}: ${oneLine(u.title)}`);
    for (const [field, label] of FIELDS) lines.push(`  ${label}: ${fieldText(u, field).replace(/\n/g, '\n    ')}`);
    lines.push('');
  }
  if (hasProblems) lines.push('Please check:', ...m.problems.map((p) => `- ${p}`), '');
  if (m.outstanding.length > 0) lines.push(`Still waiting for: ${m.outstanding.join(', ')}.`, '');
  lines.push(fix, '');
  if (form.length > 0) lines.push(formText(form), '');

  const recordedHtml = m.recorded
    .map(
      (u) =>
        `<h2 style="font-size:16px;margin:16px 0 4px 0">Action ${esc(u.ref)}: ${esc(oneLine(u.title))}</h2>` +
        '<table role="presentation" cellpadding="4" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px">' +
        FIELDS.map(
          ([field, label]) =>
            `<tr><th align="left" valign="top" style="padding:4px 8px 4px 0;color:#1a1a1a">${esc(label)}</th>` +
            `<td valign="top" style="padding:4px 0">${escLines(fieldText(u, field))}</td></tr>`,
        ).join('') +
        '</table>',
    )
    .join('');
  const html = htmlPage(
    'Update received',
    `<h1 style="font-size:20px;margin:0 0 12px 0">Update received: ${esc(oneLine(m.cycleName))}</h1>` +
      `<p>Dear ${esc(firstName(m.ownerName))},</p><p>${esc(lead)}</p>${recordedHtml}` +
      (hasProblems
        ? `<h2 style="font-size:16px;margin:16px 0 4px 0;color:#8a1c00">Please check</h2><ul>${m.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`
        : '') +
      (m.outstanding.length > 0 ? `<p>Still waiting for: ${esc(m.outstanding.join(', '))}.</p>` : '') +
      `<p style="${FOOTER_STYLE}">${esc(fix)}</p>` +
      (form.length > 0 ? formHtml(form) : ''),
  );
  return { subject, text: lines.join('\n'), html };
}
