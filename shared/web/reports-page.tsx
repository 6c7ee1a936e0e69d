/** @jsxImportSource hono/jsx */
import type { Cycle, Plan, Report, ReportStage } from '#domain/model';
import { STAGE_TITLES } from '#reports/document';
import { REPORT_FORMATS, type ReportFormat } from '#reports/formats';
import { CsrfField, Layout, Breadcrumbs } from './layout.tsx';
import { ukTime } from './pages.tsx';
import type { Session } from './session.ts';

export const FORMAT_NAMES: Record<ReportFormat, string> = {
  html: 'Web page (HTML)',
  docx: 'Word (DOCX)',
  xlsx: 'Excel (XLSX)',
  csv: 'Spreadsheet data (CSV)',
};

export interface ReportsPageProps {
  session: Session;
  plan: Plan;
  cycle: Cycle;
  stages: Array<{ stage: ReportStage; report: Report | null }>;
  /** The stage just compiled, to say so. */
  compiled: ReportStage | null;
}

/** A cycle's four report stages: when each was compiled, view and download links, or "Compile now". */
export function ReportsPage(p: ReportsPageProps) {
  const planPath = `/plans/${encodeURIComponent(p.plan.id)}`;
  const cyclePath = `${planPath}/cycles/${encodeURIComponent(p.cycle.id)}`;
  return (
    <Layout title={`Reports: ${p.cycle.name}`} session={p.session}>
      <Breadcrumbs
        links={[
          ['/', 'Plans'],
          [planPath, p.plan.name],
          [cyclePath, p.cycle.name],
        ]}
      />
      {p.compiled ? (
        <div class="notice" role="status">
          <h2>{STAGE_TITLES[p.compiled]} compiled</h2>
          <p>It is kept with the cycle's reports below. Nobody was emailed.</p>
        </div>
      ) : null}
      <h1>Reports</h1>
      <p>Each report is compiled at its milestone and emailed then. You can compile one early here: it is kept, not emailed.</p>
      <table>
        <caption>Reports of {p.cycle.name}</caption>
        <thead>
          <tr>
            <th scope="col">Report</th>
            <th scope="col">Compiled (UK time)</th>
            <th scope="col">Open or download</th>
          </tr>
        </thead>
        <tbody>
          {p.stages.map(({ stage, report }) => {
            const base = `${cyclePath}/reports/${stage}`;
            const title = STAGE_TITLES[stage];
            return (
              <tr>
                <th scope="row">{title}</th>
                <td>
                  {report ? (
                    <>
                      <time datetime={report.generatedAt}>{ukTime(report.generatedAt)}</time>
                      <span class="hint">
                        {report.answered} of {report.actions} actions answered
                      </span>
                    </>
                  ) : (
                    'Not compiled yet'
                  )}
                </td>
                <td>
                  {report ? (
                    <ul style="margin:0;padding-left:20px">
                      <li>
                        <a href={`${base}/view`}>View the {title.toLowerCase()} in the browser</a>
                      </li>
                      {REPORT_FORMATS.map((f) => (
                        <li>
                          <a href={`${base}/download/${f}`} download>
                            Download {FORMAT_NAMES[f]}
                            <span class="skip"> of the {title.toLowerCase()}</span>
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <form method="post" action={`${base}/compile`}>
                      <CsrfField token={p.session.csrf} />
                      <button type="submit" class="secondary">
                        {/* Not ": draft…": the hidden span counts as a block, so a screen reader would say "Compile now : draft…". */}
                        Compile now<span class="skip"> ({title.toLowerCase()})</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Layout>
  );
}
