import { formatLongDate } from '#domain/calendar';
import { STATUS_LABELS, type Action, type UpdateStatus } from '#domain/model';
import { readsAsFormStructure } from '../parse-reply.ts';
import { esc, escLines, FOOTER_STYLE, htmlPage, oneLine } from './layout.ts';

/** The labels of the form, in order (docs/update-form.md). */
export const FORM_LABELS = ['Status', 'Evidence update', 'Summary', 'Risks', 'Actions to address risks'] as const;

export const END_MARKER = '---- End of form ----';
export const blockMarker = (ref: string) => `---- Action ${ref} ----`;

export interface FormAction {
  action: Pick<Action, 'ref' | 'title' | 'measure' | 'baseline' | 'target' | 'due' | 'dueText'>;
  lastUpdate?: { cycleName: string; status: UpdateStatus | null; summary: string | null } | undefined;
}

/** The description lines of one action block (title, measure/baseline/target, due, last update). */
export function describe({ action, lastUpdate }: FormAction): string[] {
  const title = oneLine(action.title);
  // A description line must never read as a label, marker, signature or quote header.
  const lines = [readsAsFormStructure(title) ? `Action: ${title}` : title];
  const measure = [
    action.measure && `Measure: ${oneLine(action.measure)}`,
    action.baseline && `Baseline: ${oneLine(action.baseline)}.`,
    action.target && `Target: ${oneLine(action.target)}.`,
  ].filter(Boolean);
  if (measure.length) lines.push(measure.join(' '));
  const due = action.due ? formatLongDate(action.due) : action.dueText ? oneLine(action.dueText) : null;
  if (due) lines.push(`Due: ${due}`);
  if (lastUpdate) {
    const status = lastUpdate.status ? STATUS_LABELS[lastUpdate.status] : 'no status';
    const summary = lastUpdate.summary ? ` - ${oneLine(lastUpdate.summary)}` : '';
    lines.push(`Last update (${oneLine(lastUpdate.cycleName)}): ${status}${summary}`);
  }
  return lines;
}

/** The form blocks as plain text, ending with the end marker. */
export function formText(actions: FormAction[]): string {
  const blocks = actions.map((a) =>
    [blockMarker(a.action.ref), ...describe(a), '', ...FORM_LABELS.map((l) => `${l}:`), ''].join('\n'),
  );
  return `${blocks.join('\n')}${END_MARKER}`;
}

/** The same form as Outlook-safe HTML (monospace block, one paragraph per part). */
export function formHtml(actions: FormAction[]): string {
  const blocks = actions
    .map(
      (a) =>
        `<p style="margin:0 0 8px 0">${esc(blockMarker(a.action.ref))}<br>${describe(a).map(esc).join('<br>')}</p>` +
        `<p style="margin:0 0 16px 0">${FORM_LABELS.map((l) => esc(`${l}:`)).join('<br>')}</p>`,
    )
    .join('');
  return (
    `<div style="font-family:Consolas,'Courier New',monospace;font-size:14px;color:#1a1a1a">${blocks}` +
    `<p style="margin:0">${esc(END_MARKER)}</p></div>`
  );
}

export interface UpdateRequestModel {
  kind: 'request' | 'reminder';
  ownerName: string;
  planName: string;
  cycleName: string;
  board: string;
  replyBy: string;
  token: string;
  supportEmail: string | null;
  actions: FormAction[];
}

export const firstName = (name: string) => oneLine(name).split(' ')[0] ?? name;

const HOW_TO_REPLY =
  'How to reply: press Reply and type your answers after the labels in each action block below, ' +
  'on the same line or on the lines under the label. For the status use one of: On track, At risk, ' +
  'Off track, Complete. Leave a block blank if you have nothing new to report, and please keep the ' +
  'lines that start with "---- Action" as they are.';

/** The update request (and its reminder): subject, text and HTML from one model. */
export function renderUpdateRequest(m: UpdateRequestModel): { subject: string; text: string; html: string } {
  const replyBy = formatLongDate(m.replyBy);
  const prefix = m.kind === 'reminder' ? 'Reminder: update request' : 'Update request';
  const subject = oneLine(`${prefix}: ${m.planName} - ${m.cycleName} (reply by ${replyBy}) [ref ${m.token}]`);
  const intro =
    m.kind === 'reminder'
      ? `We have not yet received your update on ${m.actions.length === 1 ? 'this action' : `these ${m.actions.length} actions`} of the ${oneLine(m.planName)} for ${oneLine(m.cycleName)}.`
      : `Please send your update on the ${oneLine(m.planName)} for ${oneLine(m.cycleName)}.`;
  const board = `The updates will be reported to the Corporate Parenting Board on ${formatLongDate(m.board)}.`;
  const footer = `You are receiving this because you lead actions in the ${oneLine(m.planName)}.${m.supportEmail ? ` Questions: ${m.supportEmail}` : ''}`;
  const text = [
    `Dear ${firstName(m.ownerName)},`,
    '',
    `${intro} ${board}`,
    '',
    `Please reply by ${replyBy}.`,
    '',
    HOW_TO_REPLY,
    '',
    formText(m.actions),
    '',
    footer,
    '',
  ].join('\n');
  const html = htmlPage(
    prefix,
    `<h1 style="font-size:20px;margin:0 0 12px 0">${esc(prefix)}: ${esc(oneLine(m.cycleName))}</h1>` +
      `<p>Dear ${esc(firstName(m.ownerName))},</p><p>${esc(intro)} ${esc(board)}</p>` +
      `<p><strong>Please reply by ${esc(replyBy)}.</strong></p><p>${esc(HOW_TO_REPLY)}</p>` +
      formHtml(m.actions) +
      `<p style="${FOOTER_STYLE}">${escLines(footer)}</p>`,
  );
  return { subject, text, html };
}
