/**
 * Every format a report is compiled to, by name: a renderer from the document and what the
 * file is served and attached as. HTML is ours (html.ts); Word, Excel and CSV are R2's.
 */
import { renderCsv } from '#reports/csv';
import { renderDocx } from '#reports/docx';
import { renderXlsx } from '#reports/xlsx';
import type { ReportDocument } from './document.ts';
import { renderReportPage } from './html.ts';

export const REPORT_FORMATS = ['html', 'docx', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Each format's renderer: the document in, the file's bytes (or text) out. */
export const RENDERERS: Record<ReportFormat, (doc: ReportDocument) => Promise<Buffer | string>> = {
  html: async (doc) => renderReportPage(doc),
  docx: (doc) => renderDocx(doc),
  xlsx: (doc) => renderXlsx(doc),
  csv: async (doc) => renderCsv(doc),
};

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};
