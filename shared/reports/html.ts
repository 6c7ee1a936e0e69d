/**
 * The report in HTML: the standalone page (every section of the stage, the table a board reads
 * across) and the email body (a short summary and the files). Both follow `STAGE_LAYOUTS`;
 * both only lay out the document: every figure was counted in report-model.ts.
 */
import { formatLongDate } from '#domain/calendar';
import type { UpdateStatus } from '#domain/model';
import { STATUS_DEFINITIONS } from '#domain/vocabulary';
import { esc, escLines, FOOTER_STYLE, h1, h2, htmlPage, MUTED_COLOUR, oneLine, TEXT_COLOUR } from '#mail/templates/layout';
import { renderStatusChartSvg } from '#reports/chart';
import type { ExceptionKind, Figure, ReportDocument, ReportRow, RowState, Section, ThemeSummary, Trend } from './document.ts';
import { STAGE_LAYOUTS, STAGE_TITLES } from './document.ts';

const FONT = 'font-family:Arial,Helvetica,sans-serif';
const BORDER = '1px solid #b1b4b6';
const HEAD_BG = '#f3f2f1';
/** Behind a cell that changed since the draft: #1a1a1a on it is 16:1. */
const CHANGED_BG = '#fff2a8';
/** The rule beside an evidence check's words (the words say it; the rule only helps the eye find it). */
const CHECK_RULE = '3px solid #8a4b00';
const LINK_COLOUR = '#0b4f9c';

export const EXCEPTION_LABELS: Record<ExceptionKind, string> = {
  off_track: 'Off track',
  at_risk: 'At risk',
  overdue: 'Overdue',
  no_update: 'No update',
};

export const TREND_LABELS: Record<Trend, string> = { improved: 'Improved', worse: 'Worse', same: 'Same', new: 'No status last cycle' };

/** The board pack's headings: numbered like a council committee report, the back matter as appendices. */
const BOARD_HEADINGS: Partial<Record<string, string>> = {
  Purpose: '1. Purpose',
  'Headline figures': '2. Summary of progress',
  'Status changes since the last cycle': '3. Status changes since the last cycle',
  'Status by theme': '4. Status by theme',
  'Actions by theme and objective': '5. Progress by theme and objective',
  'Late replies, carried to the next cycle': 'Appendix A: Late replies, carried to the next cycle',
  'Response tracker': 'Appendix B: Response tracker',
  'Notes from owners': 'Appendix C: Notes from owners',
};

/** A section's heading: the board pack's own name for it when it has one, then what follows (a count). */
const heading = (d: ReportDocument, name: string, after = '') => h2(`${(d.stage === 'board' && BOARD_HEADINGS[name]) || name}${after}`);

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });

/** An instant in UK time, short: "1 Jun 2011, 10:00". */
export const when = (iso: string) => TIME.format(new Date(iso));
/** An ISO date short ("1 Jun 2011"); anything else as written ("Ongoing"). */
export const day = (value: string) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? DAY.format(new Date(`${value}T00:00:00Z`)) : value);

const isStatus = (state: RowState): state is UpdateStatus => state in STATUS_DEFINITIONS;

/** The colours of a state's cell: a status on its RAG fill, any other state plain (its words say why). */
function stateStyle(state: RowState): string {
  if (!isStatus(state)) return `color:${TEXT_COLOUR};font-style:italic`;
  const s = STATUS_DEFINITIONS[state];
  return `background-color:${s.background};color:${s.text};font-weight:bold`;
}

const th = (text: string, extra = '') =>
  `<th align="left" valign="bottom" style="${CELL};background-color:${HEAD_BG};color:${TEXT_COLOUR}${extra}">${esc(text)}</th>`;
/** Words break only when a word alone is wider than its column (the page's own rule breaks anywhere). */
const CELL = `${FONT};padding:4px 6px;border:${BORDER};font-size:13px;line-height:17px;word-break:normal;overflow-wrap:break-word`;
const td = (html: string, extra = '') => `<td valign="top" style="${CELL}${extra}">${html}</td>`;
const table = (head: string[], rows: string[], caption?: string) =>
  `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;margin:0 0 12px 0">` +
  (caption ? `<caption style="${FONT};text-align:left;font-weight:bold;padding:0 0 4px 0;color:${TEXT_COLOUR}">${esc(caption)}</caption>` : '') +
  `<thead><tr>${head.map((h) => th(h)).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
const h3 = (text: string) => `<h3 style="${FONT};color:${TEXT_COLOUR};font-size:15px;line-height:20px;font-weight:bold;margin:14px 0 6px 0">${esc(text)}</h3>`;
const p = (html: string) => `<p style="margin:0 0 10px 0">${html}</p>`;
const none = (text = '-') => `<span style="color:${MUTED_COLOUR}">${esc(text)}</span>`;
const text = (value: string | null) => (value ? escLines(value) : none());
/** The ref cell: never broken inside "1.1.1". */
const ref = (r: Pick<ReportRow, 'ref'>) => td(`<strong>${esc(r.ref)}</strong>`, ';white-space:nowrap');
const state = (r: Pick<ReportRow, 'state' | 'stateLabel'>) => td(esc(r.stateLabel), `;${stateStyle(r.state)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

/** The due cell: the date, the revised date when there is one, and "Overdue" in words. */
function dueCell(r: ReportRow): string {
  const changed = r.changes.find((c) => c.field === 'revisedDue');
  const parts = [r.due ? esc(day(r.due)) : none()];
  if (r.revisedDue) parts.push(`Revised: ${esc(day(r.revisedDue))}`);
  if (changed) parts.push(`<em>Changed since the draft; was ${esc(changed.before ? day(changed.before) : 'not revised')}</em>`);
  if (r.overdue) parts.push('<strong>Overdue</strong>');
  return td(parts.join('<br>'), changed ? `;background-color:${CHANGED_BG}` : '');
}

/** The evidence checks' flags of a row, in words: "To check: On track with no evidence given." */
const checkMarks = (r: ReportRow) =>
  r.flags.map((f) => `<div style="margin:4px 0 0 0;padding:0 0 0 5px;border-left:${CHECK_RULE}"><strong>To check:</strong> ${esc(f.reason)}</div>`).join('');

/** A text cell of the answer, marked when it changed since the draft; the evidence cell also carries the evidence checks' flags. */
function answerCell(r: ReportRow, field: 'evidence' | 'summary' | 'risks' | 'mitigation'): string {
  const changed = r.changes.find((c) => c.field === field);
  const marks = field === 'evidence' ? checkMarks(r) : '';
  if (!changed) return td(text(r[field]) + marks);
  return td(
    `${text(r[field])}<br><em>Changed since the draft; was: ${changed.before ? escLines(changed.before) : 'empty'}</em>${marks}`,
    `;background-color:${CHANGED_BG}`,
  );
}

function stateCell(r: ReportRow): string {
  const changed = r.changes.find((c) => c.field === 'state');
  const mark = changed
    ? `<br><span style="font-weight:normal;font-style:italic">Changed since the draft; was ${esc(changed.before ?? 'not in the draft')}</span>`
    : '';
  const late = r.late ? '<br><span style="font-weight:normal">Received after the final deadline (carried to the next cycle)</span>' : '';
  return td(esc(r.stateLabel) + late + mark, `;${stateStyle(r.state)}`);
}

function lastCycleCell(r: ReportRow): string {
  if (!r.lastCycle) return td(none('None'));
  return td(`${esc(STATUS_DEFINITIONS[r.lastCycle].label)}${r.trend ? `<br>${esc(TREND_LABELS[r.trend])}` : ''}`);
}

/** The columns a board reads across, with their share of the width. */
const COLUMNS: Array<[string, number]> = [
  ['Ref', 5],
  ['Action', 13],
  ['Owners', 9],
  ['Due (revised)', 7],
  ['Status', 8],
  ['Last cycle', 7],
  ['Evidence', 11],
  ['Summary', 12],
  ['Risks', 9],
  ['Actions to address them', 10],
  ['Answered by, when', 9],
];

function actionRow(r: ReportRow): string {
  const answered = r.answeredBy && r.answeredAt ? `${esc(r.answeredBy)}<br>${esc(when(r.answeredAt))}` : none('No answer');
  return (
    `<tr>${ref(r)}${td(escLines(r.title))}${td(esc(r.owners))}${dueCell(r)}${stateCell(r)}${lastCycleCell(r)}` +
    `${answerCell(r, 'evidence')}${answerCell(r, 'summary')}${answerCell(r, 'risks')}${answerCell(r, 'mitigation')}${td(answered)}</tr>`
  );
}

/** The headline across the page: each state's label on its colour above its count, then the total. */
function figuresTable(figures: Figure[], total: number): string {
  const labels = figures.map((f) => td(esc(f.label), `;${stateStyle(f.state)}`)).join('') + td('<strong>All actions</strong>');
  const counts =
    figures.map((f) => td(`<strong>${f.count}</strong>`, ';text-align:center;font-size:16px')).join('') +
    td(`<strong>${total}</strong>`, ';text-align:center;font-size:16px');
  return `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 12px 0"><tbody><tr>${labels}</tr><tr>${counts}</tr></tbody></table>`;
}

const responseLine = (d: ReportDocument) =>
  `${d.response.answered} of ${d.response.actions} actions (${percent(d.response.answered, d.response.actions)}%) have an update; ` +
  `${d.response.ownersAnswered} of ${plural(d.response.ownersAsked, 'owner')} asked replied.`;

const trendsLine = (d: ReportDocument) =>
  `Compared with the last cycle: ${d.trends.improved} improved, ${d.trends.worse} worse, ${d.trends.same} the same, ${d.trends.new} with no status last cycle.`;

const themeLine = (t: ThemeSummary) =>
  `${t.theme}: ${plural(t.actions, 'action')}; ${t.byState
    .filter((f) => f.count > 0)
    .map((f) => `${f.count} ${f.label.toLowerCase()}`)
    .join(', ')}; ${t.overdue} overdue.`;

/** The chart of status by theme: R2's SVG, and the same counts as a table (readable without the picture). */
function chart(d: ReportDocument): string {
  const states = d.headline.map((f) => f.label);
  const rows = d.themeSummaries.map(
    (t) =>
      `<tr>${td(esc(t.theme))}${t.byState.map((f) => td(String(f.count), ';text-align:right')).join('')}${td(String(t.overdue), ';text-align:right')}${td(String(t.actions), ';text-align:right')}</tr>`,
  );
  return (
    heading(d, 'Status by theme') +
    `<div role="img" aria-label="Chart: status of actions by theme (the table below has the same counts)" style="margin:0 0 8px 0">${renderStatusChartSvg(d)}</div>` +
    table(['Theme', ...states, 'Overdue', 'Actions'], rows, 'Actions by theme and status')
  );
}

function tracker(d: ReportDocument): string {
  const yes = (b: boolean) => (b ? 'Yes' : 'No');
  const rows = d.tracker.map(
    (t) =>
      `<tr>${td(`${esc(t.owner)}${t.email ? `<br>${esc(t.email)}` : ''}`)}${td(String(t.actions), ';text-align:right')}` +
      `${td(t.askedAt ? esc(when(t.askedAt)) : none('Not asked'))}${td(t.remindedAt.length ? t.remindedAt.map((r) => esc(when(r))).join('<br>') : none('No'))}` +
      `${td(t.answeredAt ? esc(when(t.answeredAt)) : none('No answer'))}${td(yes(t.bounced))}${td(yes(t.outOfOffice))}${td(String(t.held), ';text-align:right')}</tr>`,
  );
  return heading(d, 'Response tracker') + table(['Owner', 'Actions', 'Asked', 'Reminded', 'Answered', 'Email bounced', 'Out of office', 'Replies held'], rows);
}

function exceptions(d: ReportDocument): string {
  const kinds: ExceptionKind[] = ['off_track', 'at_risk', 'overdue', 'no_update'];
  return (
    heading(d, 'Exceptions', ` (${d.exceptions.length})`) +
    kinds
      .map((kind) => {
        const items = d.exceptions.filter((e) => e.kind === kind);
        const rows = items.map(
          ({ row: r }) =>
            `<tr>${ref(r)}${td(escLines(r.title))}${td(esc(r.owners))}${state(r)}` +
            `${td(r.due ? esc(day(r.revisedDue ?? r.due)) : none())}${td(text(r.summary))}${td(text(r.risks))}</tr>`,
        );
        return (
          h3(`${EXCEPTION_LABELS[kind]} (${items.length})`) +
          (items.length ? table(['Ref', 'Action', 'Owners', 'Status', 'Due', 'Summary', 'Risks'], rows) : p(none('None.')))
        );
      })
      .join('')
  );
}

/** The updates the evidence checks flagged: each with its owners, status and every reason. */
function checks(d: ReportDocument): string {
  const rows = d.toCheck.map(
    (r) => `<tr>${ref(r)}${td(escLines(r.title))}${td(esc(r.owners))}${state(r)}${td(r.flags.map((f) => esc(f.reason)).join('<br>'))}</tr>`,
  );
  return (
    heading(d, 'Updates to check', ` (${d.toCheck.length})`) +
    (rows.length
      ? p(
          'The evidence checks found these updates thin, or out of line with their status or due date. Owners are asked a follow-up question about each when they reply.',
        ) + table(['Ref', 'Action', 'Owners', 'Status', 'To check'], rows)
      : p('None: every update passed the evidence checks.'))
  );
}

function changes(d: ReportDocument): string {
  if (!d.comparedWithDraft) return heading(d, 'Changes since the draft') + p('No draft report was compiled for this cycle, so nothing is marked.');
  const label = (f: string) =>
    ({ state: 'Status', revisedDue: 'Revised due date', evidence: 'Evidence', summary: 'Summary', risks: 'Risks', mitigation: 'Actions to address risks' })[
      f
    ] ?? f;
  const rows = d.themes.flatMap((t) =>
    t.objectives.flatMap((o) =>
      o.rows.flatMap((r) =>
        r.changes.map((c) => `<tr>${ref(r)}${td(esc(label(c.field)))}${td(text(c.before))}${td(text(c.after), `;background-color:${CHANGED_BG}`)}</tr>`),
      ),
    ),
  );
  const count = d.changedRows ?? 0;
  return (
    heading(d, 'Changes since the draft', ` (${plural(count, 'action')})`) +
    p('Cells that changed since the draft report are marked in the table with "Changed since the draft" and a yellow background.') +
    (rows.length ? table(['Ref', 'What changed', 'In the draft', 'Now'], rows) : p('Nothing changed since the draft.'))
  );
}

/** One table per theme, an objective's heading row before its actions; fixed column widths so every theme's table lines up. */
function actionTable(d: ReportDocument): string {
  const cols = `<colgroup>${COLUMNS.map(([, w]) => `<col style="width:${w}%">`).join('')}</colgroup>`;
  const head = `<thead><tr>${COLUMNS.map(([h]) => th(h)).join('')}</tr></thead>`;
  const objectiveRow = (o: string) =>
    `<tr><td colspan="${COLUMNS.length}" style="${CELL};background-color:${HEAD_BG};color:${TEXT_COLOUR};font-weight:bold">Objective: ${esc(o.replace(/\s+/g, ' '))}</td></tr>`;
  return (
    heading(d, 'Actions by theme and objective') +
    d.themes
      .map(
        (t) =>
          h3(t.theme) +
          `<table cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;width:100%;table-layout:fixed;margin:0 0 12px 0">${cols}${head}<tbody>` +
          t.objectives.map((o) => (o.objective ? objectiveRow(o.objective) : '') + o.rows.map(actionRow).join('')).join('') +
          '</tbody></table>',
      )
      .join('')
  );
}

function overdue(d: ReportDocument): string {
  const rows = d.overdue.map((r) => `<tr>${ref(r)}${td(escLines(r.title))}${td(esc(r.owners))}${dueCell(r)}${state(r)}</tr>`);
  return (
    heading(d, 'Overdue actions', ` (${d.overdue.length})`) +
    (rows.length ? table(['Ref', 'Action', 'Owners', 'Due (revised)', 'Status'], rows) : p('None: no action is past its due date.'))
  );
}

function onePageSummary(d: ReportDocument): string {
  const byKind = (['off_track', 'at_risk', 'overdue', 'no_update'] as const).map(
    (k) => `${EXCEPTION_LABELS[k]}: ${d.exceptions.filter((e) => e.kind === k).length}`,
  );
  return (
    `<div style="border:2px solid ${TEXT_COLOUR};padding:12px 16px;margin:0 0 16px 0;page-break-after:always;break-after:page">` +
    h2('Summary') +
    `<ul style="margin:0 0 10px 0;padding:0 0 0 22px">${(d.progressSummary ?? []).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>` +
    p(`Exceptions, each action once: ${esc(byKind.join('; '))}.`) +
    figuresTable(d.headline, d.response.actions) +
    '</div>'
  );
}

function lateReplies(d: ReportDocument): string {
  const rows = d.lateReplies.map(
    (r) => `<tr>${ref(r)}${td(escLines(r.title))}${state(r)}${td(`${esc(r.answeredBy ?? '')}<br>${esc(r.answeredAt ? when(r.answeredAt) : '')}`)}</tr>`,
  );
  return (
    heading(d, 'Late replies, carried to the next cycle', ` (${d.lateReplies.length})`) +
    (rows.length ? table(['Ref', 'Action', 'Status', 'Answered by, when'], rows) : p('None: every reply arrived by the final deadline.'))
  );
}

function notes(d: ReportDocument): string {
  if (d.notes.length === 0) return '';
  return (
    heading(d, 'Notes from owners') +
    `<ul style="margin:0 0 12px 0;padding:0 0 0 22px">${d.notes
      .map(
        (n) =>
          `<li style="margin:0 0 4px 0"><strong>${esc(n.owner)}</strong> (${n.kind === 'auto-reply' ? 'automatic reply' : 'note'}, ${esc(when(n.receivedAt))}): ${escLines(n.text)}</li>`,
      )
      .join('')}</ul>`
  );
}

const SECTIONS: Record<Section, (d: ReportDocument) => string> = {
  'one-page-summary': onePageSummary,
  purpose: (d) => heading(d, 'Purpose') + p(esc(d.purpose ?? '')),
  headline: (d) =>
    heading(d, 'Headline figures') +
    (d.stage === 'board'
      ? `<ul style="margin:0 0 10px 0;padding:0 0 0 22px">${(d.progressSummary ?? []).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`
      : '') +
    figuresTable(d.headline, d.response.actions),
  response: (d) => heading(d, 'Response') + p(esc(responseLine(d))),
  overdue,
  trends: (d) => heading(d, 'Status changes since the last cycle') + p(esc(trendsLine(d))),
  chart,
  tracker,
  exceptions,
  checks,
  'theme-lines': (d) =>
    heading(d, 'Themes') + `<ul style="margin:0 0 12px 0;padding:0 0 0 22px">${d.themeSummaries.map((t) => `<li>${esc(themeLine(t))}</li>`).join('')}</ul>`,
  changes,
  table: actionTable,
  'late-replies': lateReplies,
  notes,
};

const meetingLine = (d: ReportDocument) => `${d.meeting.name}, ${formatLongDate(d.meeting.date)}. Compiled ${when(d.generatedAt)} (UK time).`;

/** The report as a standalone page: every section of the stage, in its order. */
export function renderReportPage(d: ReportDocument): string {
  const body = STAGE_LAYOUTS[d.stage].map((s) => SECTIONS[s](d)).join('');
  // A report is read on a desktop or printed: full width, not capped like an email.
  const page = htmlPage(d.title, `${h1(d.title)}${p(esc(meetingLine(d)))}${body}`, { maxWidth: null });
  // Not an email: a print rule may go in the head. The table reads across, so it prints landscape.
  return page.replace('</head>', '<style>@page{size:A4 landscape;margin:12mm}thead{display:table-header-group}tr{break-inside:avoid}</style></head>');
}

/** A file of the report, as the delivery email lists it: attached, or at a link. */
export interface ReportFileRef {
  filename: string;
  bytes: number;
  /** Where to download it when it is not attached. */
  url: string | null;
}

/** The summary an email carries, as blocks both the HTML and the text part are written from. */
export interface EmailBlock {
  heading: string | null;
  lines: string[];
  list: string[];
  /** Headline figures (the HTML shows them as a table with the status colours). */
  figures?: Figure[];
}

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The email's summary: which report, the stage's summary sections in layout order, the files. */
export function emailBlocks(d: ReportDocument, files: ReportFileRef[], attached: boolean): EmailBlock[] {
  const blocks: EmailBlock[] = [
    {
      heading: null,
      lines: [
        'Hello,',
        `The ${STAGE_TITLES[d.stage].toLowerCase()} on the ${oneLine(d.planName)} for ${oneLine(d.cycleName)}, for the ${d.meeting.name} on ` +
          `${formatLongDate(d.meeting.date)}, compiled ${when(d.generatedAt)} (UK time).`,
      ],
      list: [],
    },
  ];
  // Every stage's email: the headline and the response rate, then the stage's own summary lines in its order.
  blocks.push({ heading: 'Headline figures', lines: [], list: [], figures: [...d.headline] }, { heading: null, lines: [responseLine(d)], list: [] });
  for (const section of STAGE_LAYOUTS[d.stage]) {
    if (section === 'overdue') blocks.push({ heading: null, lines: [`${plural(d.overdue.length, 'action is', 'actions are')} overdue.`], list: [] });
    if (section === 'trends') blocks.push({ heading: null, lines: [trendsLine(d)], list: [] });
    if (section === 'exceptions')
      blocks.push({
        heading: 'Exceptions',
        lines: [],
        list: (['off_track', 'at_risk', 'overdue', 'no_update'] as const).map(
          (k) => `${EXCEPTION_LABELS[k]}: ${d.exceptions.filter((e) => e.kind === k).length}`,
        ),
      });
    if (section === 'checks')
      blocks.push({ heading: null, lines: [`Updates to check (the evidence checks): ${d.toCheck.length}, listed after the exceptions.`], list: [] });
    if (section === 'changes')
      blocks.push({
        heading: null,
        lines: [
          d.comparedWithDraft
            ? `${plural(d.changedRows ?? 0, 'action has', 'actions have')} changed since the draft report.`
            : 'There was no draft report to compare with.',
        ],
        list: [],
      });
    if (section === 'late-replies')
      blocks.push({ heading: null, lines: [`${plural(d.lateReplies.length, 'late reply', 'late replies')} carried to the next cycle.`], list: [] });
  }
  const total = files.reduce((n, f) => n + f.bytes, 0);
  blocks.push(
    attached
      ? { heading: 'The report', lines: ['Attached to this email:'], list: files.map((f) => `${f.filename} (${size(f.bytes)})`) }
      : {
          heading: 'The report',
          lines: [`The files are too large to attach together (${size(total)}); download them here (the links expire after 7 days):`],
          list: files.map((f) => `${f.filename} (${size(f.bytes)}): ${f.url ?? 'kept with the cycle'}`),
        },
  );
  return blocks;
}

/** An item of the files list: its address as a link when it is http(s), as text otherwise. */
function fileItem(item: string): string {
  const m = /^(.*?): (https?:\/\/\S+)$/.exec(item);
  if (!m) return escLines(item);
  return `${esc(m[1]!)}: <a href="${esc(m[2]!)}" style="color:${LINK_COLOUR};text-decoration:underline">${esc(m[2]!)}</a>`;
}

/** The Outlook-safe email body (layout.ts rules): the summary blocks and the list of files. */
export function renderReportEmailHtml(d: ReportDocument, blocks: EmailBlock[]): string {
  const body = blocks
    .map(
      (b) =>
        (b.heading ? h2(b.heading) : '') +
        b.lines.map((l) => p(escLines(l))).join('') +
        (b.figures
          ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 12px 0"><tbody>${b.figures
              .map((f) => `<tr>${td(esc(f.label), `;${stateStyle(f.state)}`)}${td(String(f.count), ';text-align:right')}</tr>`)
              .join('')}</tbody></table>`
          : '') +
        (b.list.length
          ? `<ul style="margin:0 0 12px 0;padding:0 0 0 24px">${b.list.map((i) => `<li style="margin:0 0 4px 0">${fileItem(i)}</li>`).join('')}</ul>`
          : ''),
    )
    .join('');
  return htmlPage(d.title, h1(d.title) + body + `<p style="margin:0 0 12px 0;${FOOTER_STYLE}">This is an automated message from PlanPulse.</p>`);
}
