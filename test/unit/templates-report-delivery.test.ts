import { describe, expect, it } from 'vitest';
import { type ReportFile, renderReportDelivery } from '#mail/templates/report-delivery';
import { aPlanAction, anUpdate, aReportDocument, REPORT_PLAN } from '#support/reports';

const ACTIONS = [
  aPlanAction('1.1', 'Health', 0),
  aPlanAction('1.2', 'Health', 1, { due: '2011-12-01' }),
  aPlanAction('1.3', 'Health', 2, { due: '2011-12-01' }),
];
const UPDATES = [anUpdate({ actionRef: '1.1', status: 'at_risk' }), anUpdate({ actionRef: '1.2', status: 'off_track' })];
const DOC = aReportDocument({ actions: ACTIONS, updates: UPDATES });

const aFile = (format: string, url: string | null = null): ReportFile => ({
  filename: `cyc-q1-draft.${format}`,
  bytes: 2048,
  url,
  content: Buffer.alloc(2048),
  contentType: 'application/octet-stream',
});
const FILES = [aFile('html'), aFile('docx')];

describe('renderReportDelivery', () => {
  it('names the stage, the plan and the cycle in the subject', () => {
    // Act
    const { subject } = renderReportDelivery({ doc: DOC, files: FILES, attach: true });

    // Assess
    expect(subject).toBe('Draft progress report: Nottingham Promise - Q1 2011/12');
  });

  it.each(['\r\nBcc: victim@attacker.example.org', '\u2028Bcc: x', '\u0085Bcc: x'])('keeps the subject on one line when a name holds %j', (injection) => {
    // Prepare
    const doc = aReportDocument({ plan: { ...REPORT_PLAN, name: `Plan${injection}` }, actions: ACTIONS });

    // Act
    const { subject } = renderReportDelivery({ doc, files: FILES, attach: true });

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  });

  it('gives the headline figures, adding up to the actions, and the response rate', () => {
    // Act
    const { text } = renderReportDelivery({ doc: DOC, files: FILES, attach: true });

    // Assess
    expect(text).toContain(
      '  On track: 0\n  At risk: 1\n  Off track: 1\n  Complete: 0\n  No update received: 1\n  No status given: 0\n  Email bounced: 0\n  Out of office: 0\n',
    );
    expect(text).toContain('2 of 3 actions (67%) have an update; 0 of 0 owners asked replied.');
    expect(text).toContain('1 action is overdue.');
  });

  it('attaches the files and lists them with their sizes', () => {
    // Act
    const { text, attachments } = renderReportDelivery({ doc: DOC, files: FILES, attach: true });

    // Assess
    expect(attachments.map((a) => a.filename)).toEqual(['cyc-q1-draft.html', 'cyc-q1-draft.docx']);
    expect(text).toContain('Attached to this email:\n  - cyc-q1-draft.html (2 KB)\n  - cyc-q1-draft.docx (2 KB)\n');
  });

  it('links the files instead when they are not attached, an https address as a link', () => {
    // Prepare
    const files = [
      aFile('html', 'https://planpulse-mail.s3.eu-west-2.amazonaws.com/reports/cyc-q1/draft.html?X-Amz-Expires=604800'),
      aFile('csv', 'file:///tmp/x.csv'),
    ];

    // Act
    const { html, text, attachments } = renderReportDelivery({ doc: DOC, files, attach: false });

    // Assess
    expect(attachments).toEqual([]);
    expect(text).toContain('  - cyc-q1-draft.html (2 KB): https://planpulse-mail.s3.eu-west-2.amazonaws.com/reports/cyc-q1/draft.html?X-Amz-Expires=604800\n');
    expect(html).toContain('<a href="https://planpulse-mail.s3.eu-west-2.amazonaws.com/reports/cyc-q1/draft.html?X-Amz-Expires=604800"');
    expect(html).not.toContain('<a href="file:');
  });

  it("counts the chair's briefing's exceptions by kind", () => {
    // Act
    const { text } = renderReportDelivery({
      doc: { ...DOC, ...aReportDocument({ stage: 'chairs-briefing', actions: ACTIONS, updates: UPDATES }) },
      files: FILES,
      attach: true,
    });

    // Assess
    expect(text).toContain('Exceptions\n  - Off track: 1\n  - At risk: 1\n  - Overdue: 0\n  - No update: 1\n');
  });

  it('says how many actions changed since the draft in the final report', () => {
    // Prepare
    const final = aReportDocument({ stage: 'final', actions: ACTIONS, updates: [...UPDATES, anUpdate({ actionRef: '1.3', status: 'on_track' })], draft: DOC });

    // Act
    const { text } = renderReportDelivery({ doc: final, files: FILES, attach: true });

    // Assess
    expect(text).toContain('1 action has changed since the draft report.');
  });
});
