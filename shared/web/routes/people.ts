import { ZodError } from 'zod';
import * as z from 'zod';
import { UserError } from '#domain/errors';
import { removeDelegate } from '#use-cases/delegates';
import { addDelegate } from '#use-cases/held-replies';
import { showPlan } from '#use-cases/show-plan';
import { refuseUnless, type Routes, type WebContext } from '../http.ts';
import type { FieldError } from '../layout.tsx';
import { type DelegateForm, PeoplePage } from '../people-pages.tsx';

const DelegateFields = z.object({
  owner: z.string().trim().min(1, 'Choose the owner the delegate answers for'),
  email: z.string().trim().min(1, 'Enter the delegate’s email address').email('Enter the delegate’s email address in the right form, like name@council.gov.uk'),
});

const NOTICES: Record<string, string> = {
  added: 'Delegate added: replies from them are now taken as the owner’s.',
  removed: 'Delegate removed: replies from them will be held for a coordinator to check.',
};

/** A use case's refusal as the delegate form's messages, by its field when it names one. */
const errorsOf = (e: UserError | ZodError): FieldError[] =>
  e instanceof ZodError
    ? e.issues.map((i) => ({ field: ['owner', 'email'].includes(String(i.path[0])) ? String(i.path[0]) : null, message: i.message }))
    : [{ field: e.field === 'owner' || e.field === 'email' ? e.field : null, message: e.message }];

/** A plan's people, what each owns, and their delegates; coordinators and managers add and remove delegates. */
export const peopleRoutes: Routes = (app, deps) => {
  async function peoplePage(c: WebContext, form: DelegateForm, status: 200 | 400 | 404 = 200) {
    const view = await showPlan(c.req.param('planId') ?? '', deps);
    const delegates = await deps.store.getDelegates(view.plan.id);
    const people = [...view.people]
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
      .map((person) => ({
        person,
        actions: view.actions.filter((a) => a.owners.includes(person.key)).length,
        delegates: delegates.filter((d) => d.ownerKey === person.key).sort((a, b) => a.email.localeCompare(b.email)),
      }));
    const notice = status === 200 ? (NOTICES[c.req.query('done') ?? ''] ?? null) : null;
    return c.html(PeoplePage({ session: c.get('session'), plan: view.plan, people, form, notice }), status);
  }

  const mayChange = (c: WebContext) =>
    refuseUnless(c, ['manager', 'coordinator'], 'You cannot change delegates', 'Only a coordinator or a manager can change delegates.');

  app.get('/plans/:planId/people', (c) => peoplePage(c, { values: { owner: '', email: '' }, errors: [] }));

  for (const [path, done] of [
    ['/plans/:planId/delegates', 'added'],
    ['/plans/:planId/delegates/remove', 'removed'],
  ] as const) {
    app.post(path, async (c) => {
      const refused = mayChange(c);
      if (refused) return refused;
      const planId = c.req.param('planId');
      const plan = await showPlan(planId, deps);
      const form = c.get('form');
      const values = { owner: form.owner ?? '', email: form.email ?? '' };
      try {
        const fields = DelegateFields.parse(values);
        const input = { planId: plan.plan.id, ownerKey: fields.owner, email: fields.email, actor: c.get('session').username };
        await (done === 'added' ? addDelegate(input, deps) : removeDelegate(input, deps));
      } catch (e) {
        if (e instanceof UserError || e instanceof ZodError) {
          // A failed removal came from a row's button: the add form starts empty again.
          const errors = errorsOf(e).map((x) => (done === 'added' ? x : { ...x, field: null }));
          return peoplePage(c, { values: done === 'added' ? values : { owner: '', email: '' }, errors }, 400);
        }
        throw e;
      }
      return c.redirect(`/plans/${encodeURIComponent(plan.plan.id)}/people?done=${done}`, 303);
    });
  }
};
