/**
 * The report as a Word document (the `docx` package), laid out as `STAGE_LAYOUTS` says:
 * Word's own heading styles (so the navigation pane and a table of contents work), every
 * status cell shaded in its colour and saying its words, the chart as a PNG with alt text,
 * "Page N of M" in every footer, and the action tables in a landscape section, one table per
 * theme with its header row repeated on each page. The final report marks each change since
 * the draft in the changed cell, in words and a tracked-change colour. The board pack is a
 * committee report: a one-page summary, then title, meeting and date, numbered sections and
 * appendices.
 */
import type * as DocxLib from 'docx';
import type { FileChild, ISectionOptions } from 'docx';
import { loadDocx } from '../lazy/docx.ts';
import { chartHeight, rasterise, renderStatusChartSvg } from './chart.ts';
import {
  ACTION_COLUMNS,
  CHANGE_COLOUR,
  type ColumnKey,
  cellText,
  changeColumn,
  changeMark,
  checkMark,
  describeChange,
  EXCEPTION_LABELS,
  formatDue,
  formatInstant,
  londonWallClock,
  STATE_COLOURS,
  TREND_LABELS,
} from './cells.ts';
import { type ExceptionKind, type ReportDocument, type ReportRow, type RowState, type Section, STAGE_LAYOUTS } from './document.ts';
import * as ml from './wordml.ts';
import { readZip, writeZip } from './zip.ts';

/** The `docx` package, loaded by the first report that writes Word (`shared/lazy/`). */
let docx: typeof DocxLib;

// A4 in twentieths of a point, 2 cm margins (1.5 cm for the landscape tables).
const A4 = { short: 11906, long: 16838 };
const PORTRAIT_MARGIN = 1134;
const LANDSCAPE_MARGIN = 850;
const PORTRAIT_WIDTH = A4.short - 2 * PORTRAIT_MARGIN;
const LANDSCAPE_WIDTH = A4.long - 2 * LANDSCAPE_MARGIN;
const FONT = 'Arial';
const TEXT = '0B0C0C';
const MUTED = '505A5F';
const hex = (colour: string) => colour.slice(1).toUpperCase();

/** The words of an evidence check's mark: a dark orange, 7.4:1 on white. */
const CHECK_COLOUR = '8A4B00';
const TABLE_STYLE = 'TableText'; // 8 pt, no space after: eleven columns across a landscape page
const SMALL_STYLE = 'TableTextSmall'; // 9 pt, for the portrait tables and the exception list
const HEADER_FILL = 'DEE0E2';

/**
 * The parts written as WordprocessingML text (wordml.ts): each is held here, and a
 * placeholder paragraph stands in its place until the package has written the document.
 */
class RawParts {
  readonly xml: string[] = [];
  /** A paragraph to be replaced by `xml`. */
  placeholder(xml: string): DocxLib.Paragraph {
    this.xml.push(xml);
    return new docx.Paragraph({ children: [new docx.TextRun(placeholderText(this.xml.length - 1))] });
  }
}
const placeholderText = (n: number) => `PLANPULSE-RAW-PART-${n}-END`;
const placeholderXml = (n: number) => `<w:p><w:r><w:t xml:space="preserve">${placeholderText(n)}</w:t></w:r></w:p>`;

/** Text runs of a value, its line breaks kept (for the package's paragraphs). */
function runs(text: string, style: { bold?: boolean; color?: string; italics?: boolean; size?: number } = {}): DocxLib.TextRun[] {
  if (!/[\r\n]/.test(text)) return [new docx.TextRun({ text, ...style })];
  return text.split(/\r\n|\r|\n/).map((line, i) => new docx.TextRun({ text: line, break: i === 0 ? 0 : 1, ...style }));
}

const para = (text: string, options: { bold?: boolean; color?: string; italics?: boolean; size?: number; after?: number } = {}) =>
  new docx.Paragraph({ children: runs(text, options), spacing: { after: options.after ?? 120 } });

const heading = (text: string, level: 1 | 2 | 3) =>
  new docx.Paragraph({
    text,
    heading: level === 1 ? docx.HeadingLevel.HEADING_1 : level === 2 ? docx.HeadingLevel.HEADING_2 : docx.HeadingLevel.HEADING_3,
    keepNext: true,
  });

/** A plain cell: text in a paragraph style. */
const textCell = (width: number, text: string, style = SMALL_STYLE, run: ml.RunStyle = {}, fill?: string) =>
  ml.cell(width, ml.paragraph(ml.run(text, run), { style }), { fill });

/** A status cell: shaded in the state's colour, and saying the state in words; `extra` paragraphs follow. */
function stateCell(width: number, state: RowState, text: string, style = SMALL_STYLE, extra = ''): string {
  const colours = STATE_COLOURS[state];
  return ml.cell(width, ml.paragraph(ml.run(text, { bold: true, color: hex(colours.text) }), { style }) + extra, { fill: hex(colours.background) });
}

const headerRow = (headers: readonly string[], widths: readonly number[], style = SMALL_STYLE) =>
  ml.row(headers.map((h, i) => textCell(widths[i]!, h, style, { bold: true }, HEADER_FILL)).join(''), { header: true });

function widthsOf(shares: readonly number[], total: number): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => Math.floor((s / sum) * total));
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '0%');
/** An empty paragraph: space after a table, and the paragraph a section's properties go in. */
const gap = () => para('', { after: 0 });

// --- Sections ---------------------------------------------------------------------------

/** The headline across the page in one row of figures: the briefing's, which has two pages for everything. */
function headlineAcross(doc: ReportDocument, raw: RawParts): FileChild[] {
  const figures = [
    ...doc.headline.map((f) => ({ state: f.state as RowState | null, label: f.label, count: f.count })),
    { state: null, label: 'Total', count: doc.headline.reduce((sum, f) => sum + f.count, 0) },
  ];
  const widths = widthsOf(
    figures.map(() => 1),
    PORTRAIT_WIDTH,
  );
  const labels = figures
    .map((f, i) => (f.state ? stateCell(widths[i]!, f.state, f.label, TABLE_STYLE) : textCell(widths[i]!, f.label, TABLE_STYLE, { bold: true }, HEADER_FILL)))
    .join('');
  const counts = figures.map((f, i) => textCell(widths[i]!, String(f.count), SMALL_STYLE, { bold: f.state === null })).join('');
  return [raw.placeholder(ml.table(widths, ml.row(labels, { header: true }) + ml.row(counts))), gap()];
}

function headline(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (doc.stage === 'chairs-briefing') return headlineAcross(doc, raw);
  const widths = widthsOf([3, 1], Math.floor(PORTRAIT_WIDTH * 0.6));
  const total = doc.headline.reduce((sum, f) => sum + f.count, 0);
  const rows =
    headerRow(['Status', 'Actions'], widths) +
    doc.headline.map((f) => ml.row(stateCell(widths[0]!, f.state, f.label) + textCell(widths[1]!, String(f.count)))).join('') +
    ml.row(textCell(widths[0]!, 'Total', SMALL_STYLE, { bold: true }) + textCell(widths[1]!, String(total), SMALL_STYLE, { bold: true }));
  return [raw.placeholder(ml.table(widths, rows)), gap()];
}

function response(doc: ReportDocument): FileChild[] {
  const { actions, answered, ownersAsked, ownersAnswered } = doc.response;
  return [
    para(
      `Updates were received for ${answered} of ${plural(actions, 'action')} (${percent(answered, actions)}). ` +
        `${ownersAnswered} of ${plural(ownersAsked, 'owner')} asked answered (${percent(ownersAnswered, ownersAsked)}).`,
    ),
  ];
}

function overdue(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (!doc.overdue.length) return [para('No action is overdue.')];
  const widths = widthsOf([1.2, 5, 2.4, 2.2, 2.6], PORTRAIT_WIDTH);
  const rows =
    headerRow(['Ref', 'Action', 'Due (revised)', 'Status', 'Owners'], widths) +
    doc.overdue
      .map((r) =>
        ml.row(
          textCell(widths[0]!, r.ref) +
            textCell(widths[1]!, r.title) +
            textCell(widths[2]!, cellText(r, 'due')) +
            stateCell(widths[3]!, r.state, r.stateLabel) +
            textCell(widths[4]!, r.owners),
        ),
      )
      .join('');
  return [
    para(`${plural(doc.overdue.length, 'action is', 'actions are')} past ${doc.overdue.length === 1 ? 'its' : 'their'} due date and not complete.`),
    raw.placeholder(ml.table(widths, rows)),
    gap(),
  ];
}

function trends(doc: ReportDocument): FileChild[] {
  const parts = (Object.keys(TREND_LABELS) as Array<keyof typeof TREND_LABELS>).map((t) => `${TREND_LABELS[t]}: ${doc.trends[t]}`);
  return [para(`Status compared with the last cycle. ${parts.join('; ')}.`)];
}

function chart(doc: ReportDocument): FileChild[] {
  const svg = renderStatusChartSvg(doc);
  const widthPx = 640;
  const description =
    /<desc[^>]*>([^<]*)<\/desc>/
      .exec(svg)?.[1]
      ?.replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"') ?? '';
  return [
    new docx.Paragraph({
      children: [
        new docx.ImageRun({
          type: 'png',
          // Twice the displayed size, so it prints sharp.
          data: rasterise(svg, widthPx * 2),
          transformation: { width: widthPx, height: chartHeight(svg, widthPx) },
          altText: { id: '1', name: 'Status by theme', title: 'Status of actions by theme', description },
        }),
      ],
    }),
  ];
}

function tracker(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (!doc.tracker.length) return [para('No owner was asked this cycle.')];
  const when = (iso: string | null) => (iso ? formatInstant(iso) : '');
  const yes = (flag: boolean) => (flag ? 'Yes' : 'No');
  const widths = widthsOf([3, 1.4, 2.1, 2.1, 2.1, 1.3, 1.3, 0.9], PORTRAIT_WIDTH);
  const rows =
    headerRow(['Owner', 'Actions', 'Asked', 'Reminded', 'Answered', 'Bounced', 'Out of office', 'Held'], widths, TABLE_STYLE) +
    doc.tracker
      .map((t) =>
        ml.row(
          [
            t.email ? `${t.owner}\n${t.email}` : t.owner,
            String(t.actions),
            when(t.askedAt) || 'Not asked',
            t.remindedAt.length ? t.remindedAt.map(formatInstant).join('\n') : 'Not reminded',
            when(t.answeredAt) || 'Not answered',
            yes(t.bounced),
            yes(t.outOfOffice),
            String(t.held),
          ]
            .map((text, i) => textCell(widths[i]!, text, TABLE_STYLE))
            .join(''),
        ),
      )
      .join('');
  return [raw.placeholder(ml.table(widths, rows)), gap()];
}

function exceptions(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (!doc.exceptions.length) return [para('No action is off track, at risk, overdue or without an update.')];
  const out: FileChild[] = [];
  const kinds = [...new Set(doc.exceptions.map((e) => e.kind))] as ExceptionKind[];
  for (const kind of kinds) {
    const items = doc.exceptions.filter((e) => e.kind === kind);
    out.push(heading(`${EXCEPTION_LABELS[kind]} (${items.length})`, 2));
    let xml = '';
    for (const { row } of items) {
      const colours = STATE_COLOURS[row.state];
      xml += ml.paragraph(
        ml.run(`${row.ref} ${row.title} `, { bold: true }) +
          // The status in words on its colour, as in the tables.
          ml.run(` ${row.stateLabel} `, { bold: true, color: hex(colours.text), fill: hex(colours.background) }) +
          ml.run(`  ${row.owners}${row.due ? `; due ${cellText(row, 'due')}` : ''}`, { color: MUTED }),
        { style: SMALL_STYLE, keepNext: true, spacingBefore: 60 },
      );
      // summary and risks in one paragraph: a chair's briefing is two pages for a 40-action plan
      const said = [
        ...(row.summary ? [ml.run('Summary: ', { bold: true }) + ml.run(row.summary)] : []),
        ...(row.risks ? [ml.run(row.summary ? '  Risks: ' : 'Risks: ', { bold: true }) + ml.run(row.risks)] : []),
      ];
      if (said.length > 0) xml += ml.paragraph(said.join(''), { style: SMALL_STYLE });
      // an action without an update says so in its status: only an answer can lack a summary
      if (!row.summary && !row.risks && row.answeredAt) xml += ml.paragraph(ml.run('No summary or risks given.', { color: MUTED }), { style: SMALL_STYLE });
    }
    out.push(raw.placeholder(xml));
  }
  out.push(gap());
  return out;
}

/** The updates the evidence checks flagged, after the exceptions: each action, its owners and status, then each reason. */
function checks(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (!doc.toCheck.length) return [para('None: every update passed the evidence checks.')];
  let xml = '';
  for (const row of doc.toCheck) {
    const colours = STATE_COLOURS[row.state];
    xml += ml.paragraph(
      ml.run(`${row.ref} ${row.title} `, { bold: true }) +
        ml.run(` ${row.stateLabel} `, { bold: true, color: hex(colours.text), fill: hex(colours.background) }) +
        ml.run(`  ${row.owners}`, { color: MUTED }),
      { style: SMALL_STYLE, keepNext: true, spacingBefore: 60 },
    );
    for (const flag of row.flags) xml += ml.paragraph(ml.run('To check: ', { bold: true, color: CHECK_COLOUR }) + ml.run(flag.reason), { style: SMALL_STYLE });
  }
  return [
    para(
      'The evidence checks found these updates thin, or out of line with their status or due date. Owners are asked a follow-up question about each when they reply.',
    ),
    raw.placeholder(xml),
    gap(),
  ];
}

function themeLine(theme: ReportDocument['themeSummaries'][number]): string {
  const counts = theme.byState.filter((f) => f.count > 0).map((f) => `${f.count} ${f.label.toLowerCase()}`);
  return `${plural(theme.actions, 'action')}: ${counts.join(', ')}${theme.overdue ? `; ${theme.overdue} overdue` : ''}.`;
}

function themeLines(doc: ReportDocument): FileChild[] {
  return doc.themeSummaries.map(
    (t) =>
      new docx.Paragraph({
        spacing: { after: 60 },
        children: [new docx.TextRun({ text: `${t.theme}: `, bold: true }), new docx.TextRun({ text: themeLine(t) })],
      }),
  );
}

function changes(doc: ReportDocument, raw: RawParts): FileChild[] {
  if (!doc.comparedWithDraft) return [para('There was no draft report to compare with, so no change is marked.')];
  const changed = doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows)).filter((r) => r.changes.length > 0);
  if (!changed.length) return [para('Nothing has changed since the draft report.')];
  const widths = widthsOf([1.2, 4, 6], PORTRAIT_WIDTH);
  const rows =
    headerRow(['Ref', 'Action', 'Change'], widths) +
    changed
      .map((r) =>
        ml.row(
          textCell(widths[0]!, r.ref) +
            textCell(widths[1]!, r.title) +
            textCell(widths[2]!, r.changes.map(describeChange).join('\n'), SMALL_STYLE, { color: hex(CHANGE_COLOUR) }),
        ),
      )
      .join('');
  return [
    para(`${plural(changed.length, 'action has', 'actions have')} changed since the draft report. Each change is also marked in its cell in the tables.`),
    raw.placeholder(ml.table(widths, rows)),
    gap(),
  ];
}

const ACTION_WIDTHS = widthsOf(
  ACTION_COLUMNS.map((c) => c.width),
  LANDSCAPE_WIDTH,
);
const ACTION_TABLE_WIDTH = ACTION_WIDTHS.reduce((a, b) => a + b, 0);
const ACTION_HEADER = headerRow(
  ACTION_COLUMNS.map((c) => c.header),
  ACTION_WIDTHS,
  TABLE_STYLE,
);

/**
 * A row of the action table; with `markChanges` each changed cell also says what it was
 * ("Changed since draft: was ..."), in italics: purple on white, the fill's own text colour
 * in the status cell. The evidence cell says what the evidence checks found ("To check: ...").
 */
function actionRow(row: ReportRow, markChanges: boolean): string {
  const marks = new Map<ColumnKey, string>();
  if (row.flags.length > 0) {
    // "To check:" in bold, then the reason, both in the mark's colour.
    const label = checkMark('');
    const mark = (reason: string) =>
      ml.run(label, { bold: true, color: CHECK_COLOUR }) + ml.run(checkMark(reason).slice(label.length), { color: CHECK_COLOUR });
    marks.set('evidence', row.flags.map((f) => ml.paragraph(mark(f.reason), { style: TABLE_STYLE })).join(''));
  }
  if (markChanges) {
    for (const change of row.changes) {
      const key = changeColumn(change);
      const colour = key === 'state' ? hex(STATE_COLOURS[row.state].text) : hex(CHANGE_COLOUR);
      marks.set(key, (marks.get(key) ?? '') + ml.paragraph(ml.run(changeMark(change), { italics: true, color: colour }), { style: TABLE_STYLE }));
    }
  }
  let cells = '';
  for (let i = 0; i < ACTION_COLUMNS.length; i++) {
    const key = ACTION_COLUMNS[i]!.key;
    const extra = marks.get(key) ?? '';
    if (key === 'state') cells += stateCell(ACTION_WIDTHS[i]!, row.state, cellText(row, 'state'), TABLE_STYLE, extra);
    else cells += ml.cell(ACTION_WIDTHS[i]!, ml.paragraph(ml.run(cellText(row, key), { bold: key === 'ref' }), { style: TABLE_STYLE }) + extra);
  }
  // A row kept whole, so its status words never sit on one page and its colour runs on to the next
  // (Word and LibreOffice still break a row taller than a page).
  return ml.row(cells);
}

function actionTables(doc: ReportDocument, level: 1 | 2, raw: RawParts): FileChild[] {
  const markChanges = STAGE_LAYOUTS[doc.stage].includes('changes');
  const out: FileChild[] = [];
  for (const theme of doc.themes) {
    out.push(heading(theme.theme, level === 1 ? 2 : 3));
    const rows: string[] = [ACTION_HEADER];
    for (const objective of theme.objectives) {
      if (objective.objective) {
        rows.push(
          ml.row(
            ml.cell(ACTION_TABLE_WIDTH, ml.paragraph(ml.run(`Objective: ${objective.objective}`, { bold: true }), { style: TABLE_STYLE, keepNext: true }), {
              fill: 'F3F2F1',
              span: ACTION_COLUMNS.length,
            }),
          ),
        );
      }
      for (const row of objective.rows) rows.push(actionRow(row, markChanges));
    }
    out.push(raw.placeholder(ml.table(ACTION_WIDTHS, rows.join(''))), gap());
  }
  return out;
}

function lateReplies(doc: ReportDocument): FileChild[] {
  if (!doc.lateReplies.length) return [para('No reply arrived after the final deadline.')];
  return [
    para('These replies arrived after the final deadline. They are shown in the tables and carried to the next cycle.'),
    ...doc.lateReplies.map(
      (r) =>
        new docx.Paragraph({
          bullet: { level: 0 },
          children: [
            new docx.TextRun({ text: `${r.ref} ${r.title}: `, bold: true }),
            new docx.TextRun(`${r.stateLabel}, from ${cellText(r, 'answered') || r.owners}`),
          ],
        }),
    ),
  ];
}

function notes(doc: ReportDocument): FileChild[] {
  if (!doc.notes.length) return [para('No owner wrote a note or sent an automatic reply.')];
  return doc.notes.map(
    (n) =>
      new docx.Paragraph({
        bullet: { level: 0 },
        children: [
          new docx.TextRun({ text: `${n.owner} `, bold: true }),
          new docx.TextRun({ text: `(${n.kind === 'auto-reply' ? 'automatic reply' : 'note'}, ${formatInstant(n.receivedAt)}): `, color: MUTED }),
          ...runs(n.text),
        ],
      }),
  );
}

function exceptionCounts(doc: ReportDocument): string {
  const counts = (Object.keys(EXCEPTION_LABELS) as ExceptionKind[]).map((k) => [k, doc.exceptions.filter((e) => e.kind === k).length] as const);
  return counts.map(([k, n]) => `${EXCEPTION_LABELS[k].toLowerCase()}: ${n}`).join('; ');
}

/** The board pack's front page: the whole report on one page. */
function onePageSummary(doc: ReportDocument, raw: RawParts): FileChild[] {
  const { actions, answered } = doc.response;
  const figures = doc.headline.filter((f) => f.count > 0).map((f) => `${f.count} ${f.label.toLowerCase()}`);
  return [
    new docx.Paragraph({ text: 'Summary', heading: docx.HeadingLevel.HEADING_1 }),
    para(`${doc.planName}, ${doc.cycleName}. For the ${doc.meeting.name}, ${formatDue(doc.meeting.date)}.`, { bold: true }),
    para(`Of ${plural(actions, 'action')}: ${figures.join(', ')}. Updates were received for ${answered} (${percent(answered, actions)}).`),
    para(`Needing the board's attention (each action counted once) - ${exceptionCounts(doc)}.`),
    para(
      `Since the last cycle ${plural(doc.trends.improved, 'action')} improved, ${doc.trends.worse} got worse and ${doc.trends.same} stayed the same; ${doc.trends.new} had no earlier status.`,
    ),
    ...headline(doc, raw),
    heading('Progress by theme', 2),
    ...themeLines(doc),
    heading('Recommendation', 2),
    para('The board is asked to note the progress reported and to agree the actions to address the risks set out in the tables.'),
    new docx.Paragraph({ children: [new docx.PageBreak()] }),
  ];
}

function purpose(doc: ReportDocument): FileChild[] {
  return [
    para(
      `To report to the ${doc.meeting.name} the progress made on the ${doc.planName} in ${doc.cycleName}, as reported by the owners of each action, ` +
        `and to set out the risks to achieving its outcomes and the actions to address them.`,
    ),
  ];
}

// --- Layout -----------------------------------------------------------------------------

/** Headings of the sections; the board pack numbers its sections and letters its appendices. */
const SECTION_TITLES: Record<Section, string> = {
  'one-page-summary': 'Summary',
  purpose: 'Purpose of the report',
  headline: 'Headline figures',
  response: 'Response',
  overdue: 'Overdue actions',
  trends: 'Status since the last cycle',
  chart: 'Status by theme',
  tracker: 'Response tracker',
  exceptions: 'Exceptions',
  checks: 'Updates to check',
  'theme-lines': 'Themes',
  changes: 'Changes since the draft report',
  table: 'Progress by theme',
  'late-replies': 'Late replies carried to the next cycle',
  notes: 'Notes from owners',
};

const BOARD_APPENDICES: readonly Section[] = ['late-replies', 'tracker', 'notes'];
/** In the board pack these three make up "Summary of progress". */
const BOARD_PROGRESS: readonly Section[] = ['headline', 'trends', 'chart'];

function render(doc: ReportDocument, section: Section, level: 1 | 2, raw: RawParts): FileChild[] {
  switch (section) {
    case 'one-page-summary':
      return onePageSummary(doc, raw);
    case 'purpose':
      return purpose(doc);
    case 'headline':
      return headline(doc, raw);
    case 'response':
      return response(doc);
    case 'overdue':
      return overdue(doc, raw);
    case 'trends':
      return trends(doc);
    case 'chart':
      return chart(doc);
    case 'tracker':
      return tracker(doc, raw);
    case 'exceptions':
      return exceptions(doc, raw);
    case 'checks':
      return checks(doc, raw);
    case 'theme-lines':
      return themeLines(doc);
    case 'changes':
      return changes(doc, raw);
    case 'table':
      return actionTables(doc, level, raw);
    case 'late-replies':
      return lateReplies(doc);
    case 'notes':
      return notes(doc);
  }
}

function titleBlock(doc: ReportDocument): FileChild[] {
  return [
    new docx.Paragraph({ text: doc.title, heading: docx.HeadingLevel.TITLE }),
    new docx.Paragraph({ children: [new docx.TextRun({ text: 'Meeting: ', bold: true }), new docx.TextRun(doc.meeting.name)] }),
    new docx.Paragraph({ children: [new docx.TextRun({ text: 'Date: ', bold: true }), new docx.TextRun(formatDue(doc.meeting.date))] }),
    new docx.Paragraph({
      spacing: { after: 240 },
      children: [new docx.TextRun({ text: `Compiled ${formatInstant(doc.generatedAt)} (UK time) from the owners' replies.`, color: MUTED })],
    }),
  ];
}

interface Part {
  landscape: boolean;
  children: FileChild[];
}

/** The stage's sections, in order, grouped into portrait and landscape parts. */
function parts(doc: ReportDocument, raw: RawParts): Part[] {
  const layout = STAGE_LAYOUTS[doc.stage];
  const board = doc.stage === 'board';
  const out: Part[] = [];
  const add = (landscape: boolean, children: FileChild[]) => {
    const last = out.at(-1);
    if (last && last.landscape === landscape) last.children.push(...children);
    else out.push({ landscape, children });
  };
  let number = 0;
  let appendix = 0;
  let progressStarted = false;
  if (!layout.includes('one-page-summary')) add(false, titleBlock(doc));
  for (const section of layout) {
    const landscape = section === 'table';
    if (section === 'one-page-summary') {
      add(false, [...render(doc, section, 1, raw), ...titleBlock(doc)]);
      continue;
    }
    if (board && BOARD_PROGRESS.includes(section)) {
      // "Summary of progress": one numbered section, its parts under it.
      if (!progressStarted) {
        progressStarted = true;
        number += 1;
        add(false, [heading(`${number}. Summary of progress`, 1)]);
      }
      add(false, [heading(SECTION_TITLES[section], 2), ...render(doc, section, 2, raw)]);
      continue;
    }
    const title = board
      ? BOARD_APPENDICES.includes(section)
        ? `Appendix ${String.fromCharCode(65 + appendix++)}: ${SECTION_TITLES[section]}`
        : `${++number}. ${SECTION_TITLES[section]}`
      : SECTION_TITLES[section];
    add(landscape, [heading(title, 1), ...render(doc, section, 1, raw)]);
  }
  return out;
}

function footer(doc: ReportDocument): DocxLib.Footer {
  return new docx.Footer({
    children: [
      new docx.Paragraph({
        alignment: docx.AlignmentType.CENTER,
        children: [
          new docx.TextRun({ text: `${doc.title}    `, color: MUTED, size: 16 }),
          new docx.TextRun({ children: ['Page ', docx.PageNumber.CURRENT, ' of ', docx.PageNumber.TOTAL_PAGES], color: MUTED, size: 16 }),
        ],
      }),
    ],
  });
}

/** The document as a .docx file; the same document gives the same bytes. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  docx = await loadDocx();
  const raw = new RawParts();
  const sections: ISectionOptions[] = parts(doc, raw).map((part) => ({
    properties: {
      page: {
        // docx writes the long side as the width when told landscape.
        size: { width: A4.short, height: A4.long, orientation: part.landscape ? docx.PageOrientation.LANDSCAPE : docx.PageOrientation.PORTRAIT },
        margin: part.landscape
          ? { top: LANDSCAPE_MARGIN, bottom: LANDSCAPE_MARGIN, left: LANDSCAPE_MARGIN, right: LANDSCAPE_MARGIN }
          : { top: PORTRAIT_MARGIN, bottom: PORTRAIT_MARGIN, left: PORTRAIT_MARGIN, right: PORTRAIT_MARGIN },
      },
    },
    footers: { default: footer(doc) },
    // The package puts a section's properties in its last paragraph: never a placeholder.
    children: [...part.children, gap()],
  }));
  const document = new docx.Document({
    creator: 'PlanPulse',
    title: doc.title,
    description: `${doc.planName}, ${doc.cycleName}`,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, color: TEXT }, paragraph: { spacing: { after: 80 } } },
        title: { run: { font: FONT, size: 36, bold: true, color: TEXT }, paragraph: { spacing: { after: 200 } } },
        heading1: { run: { font: FONT, size: 30, bold: true, color: TEXT }, paragraph: { spacing: { before: 240, after: 120 } } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: TEXT }, paragraph: { spacing: { before: 200, after: 100 } } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: TEXT }, paragraph: { spacing: { before: 160, after: 80 } } },
      },
      paragraphStyles: [
        { id: TABLE_STYLE, name: 'Table text', basedOn: 'Normal', quickFormat: true, run: { size: 16 }, paragraph: { spacing: { before: 0, after: 0 } } },
        { id: SMALL_STYLE, name: 'Table text 9 pt', basedOn: 'Normal', quickFormat: true, run: { size: 18 }, paragraph: { spacing: { before: 0, after: 0 } } },
      ],
    },
    sections,
  });
  const at = new Date(doc.generatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // docx stamps the core properties with the time of packing; the report's own time instead.
  const core =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${xmlText(doc.title)}</dc:title><dc:description>${xmlText(`${doc.planName}, ${doc.cycleName}`)}</dc:description><dc:creator>PlanPulse</dc:creator>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${at}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${at}</dcterms:modified>` +
    '</cp:coreProperties>';
  const packed = await docx.Packer.toBuffer(document, false, [{ path: 'docProps/core.xml', data: core }]);
  const files = readZip(packed);
  files.set('word/document.xml', Buffer.from(splice(files.get('word/document.xml')!.toString('utf8'), raw.xml), 'utf8'));
  return writeZip(files, londonWallClock(doc.generatedAt));
}

/** The document's XML with each placeholder paragraph replaced by its part (each found exactly once, or it throws). */
function splice(xml: string, parts: readonly string[]): string {
  const pieces: string[] = [];
  let from = 0;
  parts.forEach((part, n) => {
    const marker = placeholderXml(n);
    const at = xml.indexOf(marker, from);
    if (at < 0) throw new Error(`docx: placeholder ${n} not found as a paragraph of its own`);
    pieces.push(xml.slice(from, at), part);
    from = at + marker.length;
  });
  pieces.push(xml.slice(from));
  return pieces.join('');
}

const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
