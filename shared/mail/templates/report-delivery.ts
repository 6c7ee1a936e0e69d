import type { ReportDocument } from '#reports/document';
import { type EmailBlock, emailBlocks, type ReportFileRef, renderReportEmailHtml } from '#reports/html';
import { oneLine } from './layout.ts';

/** One compiled file of the report, with where it can be downloaded when it is not attached. */
export interface ReportFile extends ReportFileRef {
  content: Buffer | string;
  contentType: string;
}

export interface ReportDeliveryModel {
  doc: ReportDocument;
  files: ReportFile[];
  /** Attach the files (the message stays under the attach limit), or list their links. */
  attach: boolean;
}

export interface ReportDelivery {
  subject: string;
  text: string;
  /** The short summary in HTML, the same content as `text`. */
  html: string;
  /** The files when attached; empty when linked. */
  attachments: Array<{ filename: string; content: Buffer | string; contentType: string }>;
}

function blockText(b: EmailBlock): string[] {
  return [
    ...(b.heading ? [b.heading] : []),
    ...b.lines.flatMap((l, i) => (i < b.lines.length - 1 ? [l, ''] : [l])),
    ...(b.figures ?? []).map((f) => `  ${f.label}: ${f.count}`),
    ...b.list.map((i) => `  - ${i}`),
    '',
  ];
}

/**
 * The email that delivers a compiled report: a short summary of the stage (headline,
 * response, the stage's own summary lines) and the files, attached or linked. Spread the
 * result into the outgoing email: `{ to, messageId, ...renderReportDelivery(model) }`.
 */
export function renderReportDelivery(m: ReportDeliveryModel): ReportDelivery {
  const blocks = emailBlocks(m.doc, m.files, m.attach);
  const text = [...blocks.flatMap(blockText), 'This is an automated message from PlanPulse.', ''].join('\n');
  return {
    subject: oneLine(m.doc.title),
    text,
    html: renderReportEmailHtml(m.doc, blocks),
    attachments: m.attach ? m.files.map((f) => ({ filename: f.filename, content: f.content, contentType: f.contentType })) : [],
  };
}
