import { describe, expect, it } from 'vitest';
import { renderReportDelivery, type ReportDeliveryModel } from '#mail/templates/report-delivery';

const REPORT_HTML = '<!DOCTYPE html><html lang="en-GB"><body><h1>Draft progress report</h1><p>3.1.1 …</p></body></html>';

function aDelivery(overrides: Partial<ReportDeliveryModel> = {}): ReportDeliveryModel {
  return {
    stageTitle: 'Draft progress report',
    planName: 'Corporate Parenting Promise Action Plan 2011-12',
    cycleName: 'Q1 2011/12',
    board: '2011-05-26',
    answered: 30,
    actions: 38,
    byStatus: { on_track: 20, at_risk: 5, off_track: 2, complete: 2, no_status: 1, none: 8 },
    location: 's3://planpulse-reports/reports/nottingham-2011-q1/draft.html',
    reportHtml: REPORT_HTML,
    ...overrides,
  };
}

describe('renderReportDelivery subject', () => {
  it('names the stage, the plan and the cycle', () => {
    // Act
    const { subject } = renderReportDelivery(aDelivery());

    // Assess
    expect(subject).toBe('Draft progress report: Corporate Parenting Promise Action Plan 2011-12 - Q1 2011/12');
  });

  it.each(['\r\nBcc: victim@attacker.example.org', '\u2028Bcc: x', '\u0085Bcc: x'])('stays on one line when a name holds %j', (injection) => {
    // Prepare
    const model = aDelivery({ stageTitle: `Board pack${injection}`, planName: `Plan${injection}`, cycleName: `Q1${injection}` });

    // Act
    const { subject } = renderReportDelivery(model);

    // Assess
    expect(subject).not.toMatch(/[\r\n\u0085\u2028\u2029]/);
  });
});

describe('renderReportDelivery text', () => {
  it('says which report is attached and for which board', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery());

    // Assess
    expect(text).toContain(
      'The report on the Corporate Parenting Promise Action Plan 2011-12 for Q1 2011/12, for the Corporate Parenting Board on 26 May 2011, ' +
        'is attached to this email (q1-2011-12-draft-progress-report.html).',
    );
  });

  it('says how many actions have an update, with the counts by status', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery());

    // Assess
    expect(text).toContain(
      '30 of 38 actions have an update.\n  On track: 20\n  At risk: 5\n  Off track: 2\n  Complete: 2\n  No status given: 1\n  No update received: 8\n',
    );
  });

  it('leaves out "No status given" when every answer has a status', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery({ answered: 29, byStatus: { on_track: 20, at_risk: 5, off_track: 2, complete: 2, none: 9 } }));

    // Assess
    expect(text).not.toContain('No status given');
    expect(text).toContain('  No update received: 9\n');
  });

  it("counts the actions whose owner's email bounced apart from those without an update", () => {
    // Act
    const { text } = renderReportDelivery(aDelivery({ byStatus: { on_track: 20, at_risk: 5, off_track: 2, complete: 2, no_status: 1, none: 6, bounced: 2 } }));

    // Assess
    expect(text).toContain('  No update received: 6\n  Email bounced: 2\n');
  });

  it('gives only the number with an update when no counts are given', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery({ byStatus: undefined }));

    // Assess
    expect(text).toContain('30 of 38 actions have an update.\n\n');
    expect(text).not.toContain('On track');
  });

  it('speaks of one action in the singular', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery({ answered: 1, actions: 1, byStatus: undefined }));

    // Assess
    expect(text).toContain('1 of 1 action has an update.');
  });

  it('says where the report is kept', () => {
    // Act
    const { text } = renderReportDelivery(aDelivery());

    // Assess
    expect(text).toContain('A copy is kept at s3://planpulse-reports/reports/nottingham-2011-q1/draft.html.');
  });
});

describe('renderReportDelivery html', () => {
  it('is a short cover, not the report again', () => {
    // Act
    const { html } = renderReportDelivery(aDelivery());

    // Assess
    expect(html).not.toContain(REPORT_HTML);
    expect(html).toContain('<li style="margin:0 0 4px 0">No update received: 8</li>');
  });

  it('links a report kept at an https address', () => {
    // Prepare
    const location = 'https://reports.nottingham.example.org/nottingham-2011/q1/draft.html?v=2&x=1';

    // Act
    const { html } = renderReportDelivery(aDelivery({ location }));

    // Assess
    expect(html).toContain('<a href="https://reports.nottingham.example.org/nottingham-2011/q1/draft.html?v=2&amp;x=1"');
  });

  it.each(['javascript:alert(1)', 's3://planpulse-reports/reports/draft.html', '/var/planpulse/reports/draft.html'])(
    'shows %s as text, never as a link',
    (location) => {
      // Act
      const { html } = renderReportDelivery(aDelivery({ location }));

      // Assess
      expect(html).not.toContain('<a ');
      expect(html).toContain(`A copy is kept at ${location}.`);
    },
  );

  it('escapes markup in the names', () => {
    // Act
    const { html } = renderReportDelivery(aDelivery({ planName: 'Plan <script>alert(1)</script> & "more"' }));

    // Assess
    expect(html).not.toContain('<script');
    expect(html).toContain('Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;');
  });
});

describe('renderReportDelivery attachment', () => {
  it('attaches the report as an HTML file named after the cycle and stage', () => {
    // Act
    const { attachments } = renderReportDelivery(aDelivery());

    // Assess
    expect(attachments).toEqual([{ filename: 'q1-2011-12-draft-progress-report.html', content: REPORT_HTML, contentType: 'text/html; charset=utf-8' }]);
  });

  it('uses the file name given', () => {
    // Act
    const { attachments } = renderReportDelivery(aDelivery({ fileName: 'nottingham-2011-q1-draft.html' }));

    // Assess
    expect(attachments[0]?.filename).toBe('nottingham-2011-q1-draft.html');
  });

  it('keeps the file name to safe characters whatever the cycle is called', () => {
    // Act
    const { attachments } = renderReportDelivery(aDelivery({ cycleName: 'Q1 "2011/12"\r\n<x>', stageTitle: "Chair's briefing" }));

    // Assess
    expect(attachments[0]?.filename).toBe('q1-2011-12-x-chair-s-briefing.html');
  });
});
