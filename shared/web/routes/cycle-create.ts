import { ZodError } from 'zod';
import { CYCLE_DATES } from '#domain/cycle';
import { NotFoundError, UserError } from '#domain/errors';
import type { CycleDates, Plan } from '#domain/model';
import { parseUkDate } from '#import/uk-dates';
import { cancelCycle, createCycle, getCycle } from '#use-cases/set-cycle-dates';
import { refuseUnless, type Routes, type WebContext } from '../http.ts';
import { CancelCyclePage, CreateCyclePage, type CreateForm } from '../cycle-create-pages.tsx';
import type { FieldError } from '../layout.tsx';
import { browserErrors, dateMessages } from './cycles.ts';

const CREATE_FIELDS = new Set<string>(['name', ...CYCLE_DATES.map(([k]) => k)]);

/** Creating a cycle of a plan and cancelling one: managers only. */
export const cycleCreateRoutes: Routes = (app, deps) => {
  const refuseCoordinators = (c: WebContext, what: string) =>
    refuseUnless(c, ['manager'], `You cannot ${what}`, `Only a manager can ${what}. Ask a manager of the plan to do it.`);

  async function planOf(c: WebContext): Promise<Plan> {
    const plan = await deps.store.getPlan(c.req.param('planId') ?? '');
    if (!plan) throw new NotFoundError('There is no such plan.');
    return plan;
  }

  app.get('/plans/:planId/cycles/new', async (c) => {
    const refused = refuseCoordinators(c, 'create a cycle');
    if (refused) return refused;
    return c.html(CreateCyclePage({ session: c.get('session'), plan: await planOf(c), form: { values: {}, errors: [] } }));
  });

  app.post('/plans/:planId/cycles/new', async (c) => {
    const refused = refuseCoordinators(c, 'create a cycle');
    if (refused) return refused;
    const plan = await planOf(c);
    const form = c.get('form');
    const values: CreateForm['values'] = { name: (form.name ?? '').trim(), allowOverlap: form.allowOverlap === 'yes' };
    const dates: Partial<CycleDates> = {};
    const errors: FieldError[] = [];
    if (!values.name) errors.push({ field: 'name', message: 'Enter a name for the cycle, for example Q1 2026/27' });
    for (const [key, words] of CYCLE_DATES) {
      const raw = (form[key] ?? '').trim();
      values[key] = raw;
      if (raw === '') {
        // The opening date may be left to the plan's calendar (working days before the draft).
        if (key !== 'opens') errors.push({ field: key, message: dateMessages(words).missing });
        continue;
      }
      const iso = parseUkDate(raw);
      if (iso) dates[key] = iso;
      else errors.push({ field: key, message: dateMessages(words).notADate });
    }
    const page = (errs: FieldError[], status: 400 | 409) =>
      c.html(CreateCyclePage({ session: c.get('session'), plan, form: { values, errors: errs } }), status);
    if (errors.length) return page(errors, 400);
    const { opens, draft, briefing, final, board } = dates as CycleDates;
    try {
      const { cycle } = await createCycle(
        {
          planId: plan.id,
          name: values.name ?? '',
          dates: { ...(opens ? { opens } : {}), draft, briefing, final, board },
          allowOverlap: values.allowOverlap,
          actor: c.get('session').username,
        },
        deps,
      );
      return c.redirect(`/plans/${encodeURIComponent(plan.id)}/cycles/${encodeURIComponent(cycle.id)}?created=1`, 303);
    } catch (e) {
      if (e instanceof NotFoundError) throw e;
      if (e instanceof UserError || e instanceof ZodError) return page(browserErrors(e, CREATE_FIELDS), e instanceof UserError && e.status === 409 ? 409 : 400);
      throw e;
    }
  });

  /** The cycle of the address, checked to belong to its plan. */
  async function cycleOf(c: WebContext) {
    const plan = await planOf(c);
    const { cycle, timeline } = await getCycle(c.req.param('cycleId') ?? '', deps);
    if (cycle.planId !== plan.id) throw new NotFoundError('There is no such cycle in this plan.');
    return { plan, cycle, timeline };
  }

  app.get('/plans/:planId/cycles/:cycleId/cancel', async (c) => {
    const refused = refuseCoordinators(c, 'cancel a cycle');
    if (refused) return refused;
    const { plan, cycle, timeline } = await cycleOf(c);
    const ownersAsked = (await deps.store.getRequests(cycle.id)).length;
    const pendingMilestones = timeline.filter((m) => m.state === 'scheduled').length;
    return c.html(CancelCyclePage({ session: c.get('session'), plan, cycle, pendingMilestones, ownersAsked }));
  });

  app.post('/plans/:planId/cycles/:cycleId/cancel', async (c) => {
    const refused = refuseCoordinators(c, 'cancel a cycle');
    if (refused) return refused;
    const { plan, cycle } = await cycleOf(c);
    await cancelCycle({ cycleId: cycle.id, actor: c.get('session').username }, deps);
    return c.redirect(`/plans/${encodeURIComponent(plan.id)}/cycles/${encodeURIComponent(cycle.id)}?cancelled=1`, 303);
  });
};
