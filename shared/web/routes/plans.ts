import { showPlan } from '#use-cases/show-plan';
import type { Routes } from '../http.ts';
import { type ActionLine, PlanPage, PlansPage } from '../pages.tsx';
import { cycleDocument, currentCycle } from '../read-model.ts';

/** The plans list, and a plan's actions with their current status, filtered by theme, owner and status. */
export const planRoutes: Routes = (app, deps) => {
  app.get('/', async (c) => {
    const plans = await deps.store.listPlans();
    const summaries = await Promise.all(plans.map(async (plan) => ({ plan, actions: (await deps.store.getActions(plan.id)).length })));
    summaries.sort((a, b) => a.plan.name.localeCompare(b.plan.name, 'en-GB'));
    return c.html(PlansPage({ session: c.get('session'), plans: summaries }));
  });

  app.get('/plans/:planId', async (c) => {
    const view = await showPlan(c.req.param('planId'), deps);
    const cycles = (await deps.store.listCycles(view.plan.id)).sort((a, b) => a.dates.draft.localeCompare(b.dates.draft));
    const current = currentCycle(cycles, deps.clock.now());
    const states = new Map<string, string>();
    if (current) {
      const doc = await cycleDocument(current, view.plan, deps);
      for (const t of doc.themes) for (const o of t.objectives) for (const r of o.rows) states.set(r.ref, r.stateLabel);
    }
    const lines: Array<ActionLine & { ownerKeys: string[] }> = view.actions.map((a) => ({
      ref: a.ref,
      title: a.title,
      theme: a.theme ?? 'No theme',
      owners: a.ownerNames.join(', ') || a.ownerText || 'No owner',
      ownerKeys: a.owners,
      due: a.dueText ?? a.due ?? '',
      status: (current ? states.get(a.ref) : a.status) ?? 'Not given',
    }));
    const filter = { theme: c.req.query('theme') ?? '', owner: c.req.query('owner') ?? '', status: c.req.query('status') ?? '' };
    const shown = lines.filter(
      (a) =>
        (!filter.theme || a.theme === filter.theme) && (!filter.owner || a.ownerKeys.includes(filter.owner)) && (!filter.status || a.status === filter.status),
    );
    const owned = new Set(view.actions.flatMap((a) => a.owners));
    const owners = view.people.filter((p) => owned.has(p.key)).map((p) => ({ key: p.key, name: p.name }));
    owners.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    return c.html(
      PlanPage({
        session: c.get('session'),
        plan: view.plan,
        actions: shown,
        total: lines.length,
        statusFrom: current,
        themes: [...new Set(lines.map((a) => a.theme))],
        owners,
        statuses: [...new Set(lines.map((a) => a.status))].sort(),
        filter,
        cycles,
        imported: c.req.query('imported') === '1',
      }),
    );
  });
};
