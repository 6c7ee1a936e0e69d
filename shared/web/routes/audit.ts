import type { AuditEntry, Cycle } from '#domain/model';
import { auditCsv } from '#use-cases/audit';
import type { Deps } from '#use-cases/deps';
import { AuditPage } from '../audit-page.tsx';
import type { Routes, WebContext } from '../http.ts';

/** The page shows this many of the newest entries; the CSV has them all. */
const PAGE_ENTRIES = 500;

/** The plan filter of the address: a plan id, or '' for every plan. */
const planFilter = (c: WebContext) => (c.req.query('plan') ?? '').trim();

async function entriesFor(plan: string, { store }: Pick<Deps, 'store'>): Promise<AuditEntry[]> {
  return store.listAudit(plan ? { planId: plan } : {});
}

/** The append-only audit log, newest first, filtered by plan; and the same as CSV (oldest first, as a log reads). Every signed-in user may read it. */
export const auditRoutes: Routes = (app, deps) => {
  app.get('/audit', async (c) => {
    const plan = planFilter(c);
    const [entries, plans] = await Promise.all([entriesFor(plan, deps), deps.store.listPlans()]);
    plans.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    const newest = entries.slice(-PAGE_ENTRIES).reverse();
    const planIds = [...new Set(newest.flatMap((e) => (e.planId && e.cycleId ? [e.planId] : [])))];
    const cycles = new Map<string, Cycle>();
    for (const list of await Promise.all(planIds.map((id) => deps.store.listCycles(id)))) for (const cy of list) cycles.set(cy.id, cy);
    return c.html(AuditPage({ session: c.get('session'), entries: newest, total: entries.length, plans, cycles, plan }));
  });

  app.get('/audit.csv', async (c) => {
    const plan = planFilter(c);
    const entries = await entriesFor(plan, deps);
    const name = plan ? `audit-${plan.replace(/[^A-Za-z0-9._-]/g, '_')}.csv` : 'audit.csv';
    return c.body(auditCsv(entries), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
    });
  });
};
