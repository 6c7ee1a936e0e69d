import { formatLongDate } from '#domain/calendar';
import { STATUS_LABELS, type Action, type UpdateStatus } from '#domain/model';
import { FORM_FIELDS, STATUS_CHOICES } from '#domain/vocabulary';
import { readsAsFormStructure } from '../parse-reply.ts';
import { esc, FOOTER_STYLE, h1, htmlPage, oneLine, para, TEXT_COLOUR } from './layout.ts';

/** The labels of the form, in order (`#domain/vocabulary`). */
const FORM_LABELS = FORM_FIELDS.map((f) => f.label);

export const END_MARKER = '---- End of form ----';
/** The line that opens an action's block; the ref is kept on one line so it cannot add lines to the form. */
export const blockMarker = (ref: string) => `---- Action ${oneLine(ref)} ----`;

export interface FormAction {
  action: Pick<Action, 'ref' | 'title' | 'measure' | 'baseline' | 'target' | 'due' | 'dueText'> & Partial<Pick<Action, 'revisedDue' | 'revisedDueText'>>;
  /** The owner's answer in the previous cycle, when there was one. */
  lastUpdate?: { cycleName: string; status: UpdateStatus | null; summary: string | null } | undefined;
}

/** A description line as it is, or after `prefix: ` when a reply parser would read it as a label, marker, signature or quote header. */
function unmistakable(line: string, prefix: string): string {
  return readsAsFormStructure(line) ? `${prefix}: ${line}` : line;
}

/** The non-empty lines of a multi-line plan cell, each on one line. */
function cellLines(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r\n|[\r\n\u2028\u2029\u0085\v\f]/)
    .map(oneLine)
    .filter((l) => l !== '');
}

/** Ends a part with a full stop unless it already ends with punctuation. */
const sentence = (text: string) => (/[.!?:;…]$/.test(text) ? text : `${text}.`);

/** A line that already says what it is ("Baseline (Feb 2011) – 52.8%", "Target: 95%"). */
const SELF_LABELLED = /^(?:measure|baseline|target)s?(?![\p{L}\p{N}])/iu;
const EMPTY_INDICATOR = /^((?:measure|baseline|target)s?)\s*:?$/i;

/**
 * Measure, baseline and target. Single-line cells make one line, as in the contract
 * ("Measure: …. Baseline: …. Target: …."). A cell with several indicators, one per line,
 * gives one line per indicator, each starting with what it is.
 */
function indicatorLines(action: FormAction['action']): string[] {
  const cells = (
    [
      ['Measure', cellLines(action.measure)],
      ['Baseline', cellLines(action.baseline)],
      ['Target', cellLines(action.target)],
    ] as const
  ).filter(([, lines]) => lines.length > 0);
  if (cells.every(([, lines]) => lines.length === 1)) {
    return cells.length ? [cells.map(([label, [line]]) => sentence(`${label}: ${line}`)).join(' ')] : [];
  }
  return cells.flatMap(([label, lines]) =>
    lines.map((line) => {
      const empty = EMPTY_INDICATOR.exec(line);
      if (empty) return `${empty[1]}: not set`;
      return unmistakable(SELF_LABELLED.test(line) ? line : `${label}: ${line}`, label);
    }),
  );
}

function longDate(iso: string | null | undefined, text: string | null | undefined): string | null {
  if (iso) return formatLongDate(iso);
  return (text && oneLine(text)) || null;
}

/** "Due: 1 June 2011", or with a revised date "Due: 1 June 2011 (revised to 1 September 2011)". */
function dueLine(action: FormAction['action']): string | null {
  const due = longDate(action.due, action.dueText);
  const revised = longDate(action.revisedDue, action.revisedDueText);
  if (due && revised && revised !== due) return `Due: ${due} (revised to ${revised})`;
  if (!due && revised) return `Due: ${revised} (revised)`;
  return due ? `Due: ${due}` : null;
}

/**
 * The description lines of one action block: title, measure/baseline/target, due date and the
 * last update. None of them reads as a label, marker, signature or quote header
 * (`readsAsFormStructure`), whatever the plan says.
 */
export function describe({ action, lastUpdate }: FormAction): string[] {
  const lines = [unmistakable(oneLine(action.title), 'Action'), ...indicatorLines(action)];
  const due = dueLine(action);
  if (due) lines.push(due);
  if (lastUpdate) {
    const status = lastUpdate.status ? STATUS_LABELS[lastUpdate.status] : 'no status given';
    const summary = lastUpdate.summary && oneLine(lastUpdate.summary);
    lines.push(`Last update (${oneLine(lastUpdate.cycleName)}): ${status}${summary ? ` - ${summary}` : ''}`);
  }
  return lines;
}

/** The form blocks as plain text, ending with the end marker. */
export function formText(actions: FormAction[]): string {
  const blocks = actions.map((a) => [blockMarker(a.action.ref), ...describe(a), '', ...FORM_LABELS.map((l) => `${l}:`), ''].join('\n'));
  return `${blocks.join('\n')}\n${END_MARKER}`;
}

const MONO = "font-family:Consolas,'Courier New',monospace";

/**
 * The same form as Outlook-safe HTML: each block marker is an <h2> (a screen reader can jump
 * from action to action), then the description and the labels as lines of one paragraph each.
 * Turned back into text (Outlook, Gmail, html-to-text) it gives the lines of `formText`.
 */
export function formHtml(actions: FormAction[]): string {
  const blocks = actions
    .map(
      (a) =>
        `<h2 style="${MONO};color:${TEXT_COLOUR};font-size:15px;line-height:22px;font-weight:bold;margin:20px 0 4px 0">${esc(blockMarker(a.action.ref))}</h2>` +
        `<p style="margin:0 0 8px 0">${describe(a).map(esc).join('<br>')}</p>` +
        `<p style="margin:0 0 8px 0">${FORM_LABELS.map((l) => esc(`${l}:`)).join('<br>')}</p>`,
    )
    .join('');
  return `<div style="${MONO};font-size:14px;line-height:21px;color:${TEXT_COLOUR}">${blocks}` + `<p style="margin:16px 0 12px 0">${esc(END_MARKER)}</p></div>`;
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

/** The first word of a name, on one line: "Dear Lorna,". */
export const firstName = (name: string) => oneLine(name).split(' ')[0] ?? name;

const HOW_TO_REPLY =
  'How to reply: press Reply and type your answers after the labels in each action block below, ' +
  `on the same line or on the lines under the label. For the status use one of: ${STATUS_CHOICES}. ` +
  'Leave a block blank if you have nothing new to report, and please keep the ' +
  'lines that start with "---- Action" as they are.';

/** The update request (and its reminder): subject, text and HTML from one model. */
export function renderUpdateRequest(m: UpdateRequestModel): { subject: string; text: string; html: string } {
  const replyBy = formatLongDate(m.replyBy);
  const prefix = m.kind === 'reminder' ? 'Reminder: update request' : 'Update request';
  const subject = oneLine(`${prefix}: ${m.planName} - ${m.cycleName} (reply by ${replyBy}) [ref ${m.token}]`);
  const plan = oneLine(m.planName);
  const cycle = oneLine(m.cycleName);
  const intro =
    m.kind === 'reminder'
      ? `We have not yet received your update on ${m.actions.length === 1 ? 'this action' : `these ${m.actions.length} actions`} of the ${plan} for ${cycle}.`
      : `Please send your update on the ${plan} for ${cycle}.`;
  const board = `The updates will be reported to the Corporate Parenting Board on ${formatLongDate(m.board)}.`;
  const greeting = `Dear ${firstName(m.ownerName)},`;
  const deadline = `Please reply by ${replyBy}.`;
  const support = m.supportEmail ? oneLine(m.supportEmail) : null;
  const footer = `You are receiving this because you lead actions in the ${plan}.${support ? ` Questions: ${support}` : ''}`;
  const text = [greeting, '', `${intro} ${board}`, '', deadline, '', HOW_TO_REPLY, '', formText(m.actions), '', footer, ''].join('\n');
  const html = htmlPage(
    `${prefix}: ${cycle}`,
    h1(`${prefix}: ${cycle}`) +
      para(greeting) +
      para(`${intro} ${board}`) +
      `<p style="margin:0 0 12px 0"><strong>${esc(deadline)}</strong></p>` +
      para(HOW_TO_REPLY) +
      formHtml(m.actions) +
      para(footer, FOOTER_STYLE),
  );
  return { subject, text, html };
}
