import { ReportStage } from '#domain/model';
import { CONTENT_TYPES, REPORT_FORMATS, type ReportFormat } from '#reports/formats';
import { compileReport, reportKey } from '#use-cases/compile-report';
import { problem, refuseUnless, type Routes, type WebContext } from '../http.ts';
import { ReportsPage } from '../reports-page.tsx';
import { cycleOfPlan } from './held.ts';

/**
 * The stored report page is our own standalone HTML: inline styles, an inline SVG chart and
 * maybe `data:` images, nothing fetched, no script, no form. Its CSP allows exactly that.
 */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const stageOf = (c: WebContext) => ReportStage.safeParse(c.req.param('stage')).data ?? null;
const formatOf = (c: WebContext) => (REPORT_FORMATS as readonly string[]).find((f) => f === c.req.param('format')) as ReportFormat | undefined;

const notCompiled = (c: WebContext) =>
  problem(c, 404, 'Report not found', 'This report has not been compiled yet, or its file is missing. Go back to the reports of the cycle to compile it.');

/** A cycle's reports: each stage viewed in the browser, downloaded in every format, or compiled early (kept, not emailed). */
export const reportRoutes: Routes = (app, deps) => {
  app.get('/plans/:planId/cycles/:cycleId/reports', async (c) => {
    const { cycle, plan } = await cycleOfPlan(c, deps);
    const stages = await Promise.all(ReportStage.options.map(async (stage) => ({ stage, report: await deps.store.getReport(cycle.id, stage) })));
    const compiled = ReportStage.safeParse(c.req.query('compiled')).data ?? null;
    return c.html(ReportsPage({ session: c.get('session'), plan, cycle, stages, compiled }));
  });

  app.get('/plans/:planId/cycles/:cycleId/reports/:stage/view', async (c) => {
    const { cycle } = await cycleOfPlan(c, deps);
    const stage = stageOf(c);
    const body = stage && (await deps.store.getReport(cycle.id, stage)) ? await deps.blobs.get(reportKey(cycle.id, stage, 'html')) : null;
    if (!body) return notCompiled(c);
    c.header('Content-Security-Policy', REPORT_CSP);
    return c.body(new Uint8Array(body), 200, { 'Content-Type': CONTENT_TYPES.html });
  });

  app.get('/plans/:planId/cycles/:cycleId/reports/:stage/download/:format', async (c) => {
    const { cycle } = await cycleOfPlan(c, deps);
    const stage = stageOf(c);
    const format = formatOf(c);
    const body = stage && format && (await deps.store.getReport(cycle.id, stage)) ? await deps.blobs.get(reportKey(cycle.id, stage, format)) : null;
    if (!stage || !format || !body) return notCompiled(c);
    // The name compileReport gives the file when it attaches it to the email.
    const filename = `${cycle.id}-${stage}.${format}`.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Content-Length': String(body.length),
    });
  });

  app.post('/plans/:planId/cycles/:cycleId/reports/:stage/compile', async (c) => {
    const refused = refuseUnless(
      c,
      ['coordinator', 'manager'],
      'You cannot compile reports',
      'Only a coordinator or a manager of the plan can compile a report.',
    );
    if (refused) return refused;
    const { cycle } = await cycleOfPlan(c, deps);
    const stage = stageOf(c);
    if (!stage) return problem(c, 404, 'Page not found', 'There is no such report stage.');
    if (await deps.store.getReport(cycle.id, stage)) {
      // What was compiled, and maybe emailed, stays as it is: the page offers no second compile.
      return problem(
        c,
        409,
        'This report is compiled already',
        'This report was compiled already, so nothing was changed. Go back to the reports of the cycle to open it.',
      );
    }
    await compileReport(cycle.id, stage, deps);
    return c.redirect(`/plans/${encodeURIComponent(cycle.planId)}/cycles/${encodeURIComponent(cycle.id)}/reports?compiled=${stage}`, 303);
  });
};
