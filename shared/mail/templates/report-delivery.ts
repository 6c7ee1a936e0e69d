import { formatLongDate } from '#domain/calendar';
import { headlineFigures } from '#reports/progress-report';
import { bullets, esc, FOOTER_STYLE, h1, htmlPage, oneLine, para } from './layout.ts';

export interface ReportDeliveryModel {
  /** The stage's title, e.g. "Draft progress report" (`STAGE_TITLES[stage]`). */
  stageTitle: string;
  planName: string;
  cycleName: string;
  /** The Corporate Parenting Board date, YYYY-MM-DD. */
  board: string;
  /** Actions with an update, of `actions` in the plan. */
  answered: number;
  actions: number;
  /**
   * Counts by status as the report keeps them (`ReportModel.counts.byStatus`): each status key
   * of the vocabulary, `no_status`, `none`, `bounced`; other keys are ignored. Optional.
   */
  byStatus?: Readonly<Record<string, number>> | undefined;
  /** Where the report is kept (`blobs.locate(key)`); an http(s) address becomes a link. */
  location: string;
  /** The report document; it is attached, not repeated in the body. */
  reportHtml: string;
  /** The attachment's file name; by default from the cycle and the stage ("q1-2011-12-draft-progress-report.html"). */
  fileName?: string | undefined;
}

export interface ReportDelivery {
  subject: string;
  text: string;
  /** A short cover in HTML, the same content as `text`. */
  html: string;
  /** The report as an HTML file, ready for `OutgoingEmail.attachments`. */
  attachments: Array<{ filename: string; content: string; contentType: string }>;
}

const FOOTER = 'This is an automated message from PlanPulse.';
const KEPT = 'A copy is kept at';
const LINK_COLOUR = '#0b4f9c';

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/** Lower-case words joined by dashes, for a file name. */
const slug = (text: string) =>
  oneLine(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** The report's headline figures, one per line ("On track: 20" …), when the counts are given. */
function statusLines(m: ReportDeliveryModel): string[] {
  if (!m.byStatus) return [];
  return headlineFigures({ actions: m.actions, answered: m.answered, byStatus: m.byStatus }).map((f) => `${f.label}: ${f.count}`);
}

/**
 * The email that delivers a compiled report to the coordinators: a short cover (how many
 * actions have an update, the counts by status when given, where the report is kept) with
 * the report attached as an HTML file. Spread the result into the outgoing email:
 * `{ to: plan.coordinators, messageId, ...renderReportDelivery(model) }`.
 */
export function renderReportDelivery(m: ReportDeliveryModel): ReportDelivery {
  const title = oneLine(`${m.stageTitle}: ${m.planName} - ${m.cycleName}`);
  const filename = m.fileName ? oneLine(m.fileName) : `${[slug(m.cycleName), slug(m.stageTitle)].filter(Boolean).join('-') || 'report'}.html`;
  const location = oneLine(m.location);
  const attached =
    `The report on the ${oneLine(m.planName)} for ${oneLine(m.cycleName)}, for the Corporate Parenting Board on ` +
    `${formatLongDate(m.board)}, is attached to this email (${filename}).`;
  const answered = `${m.answered} of ${m.actions} ${plural(m.actions, 'action', 'actions')} ${plural(m.answered, 'has', 'have')} an update.`;
  const statuses = statusLines(m);

  const text = ['Hello,', '', attached, '', answered, ...statuses.map((s) => `  ${s}`), '', `${KEPT} ${location}.`, '', FOOTER, ''].join('\n');
  const place = /^https?:\/\//i.test(location)
    ? `<a href="${esc(location)}" style="color:${LINK_COLOUR};text-decoration:underline">${esc(location)}</a>`
    : esc(location);
  const html = htmlPage(
    title,
    h1(title) +
      para('Hello,') +
      para(attached) +
      para(answered) +
      (statuses.length ? bullets(statuses) : '') +
      `<p style="margin:0 0 12px 0">${KEPT} ${place}.</p>` +
      para(FOOTER, FOOTER_STYLE),
  );
  return { subject: title, text, html, attachments: [{ filename, content: m.reportHtml, contentType: 'text/html; charset=utf-8' }] };
}
