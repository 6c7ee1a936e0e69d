import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { CYCLE_DATES } from '#domain/cycle';
import { NotFoundError, UserError } from '#domain/errors';
import type { CycleDates } from '#domain/model';
import { parseUkDate } from '#import/uk-dates';
import type { Deps } from '#use-cases/deps';
import { getCycle, updateCycle } from '#use-cases/set-cycle-dates';
import { showPlan } from '#use-cases/show-plan';
import { type FieldError, ProblemPage } from './layout.tsx';
import { type ActionLine, CyclePage, type DatesForm, PlanPage, PlansPage, SignInPage } from './pages.tsx';
import { cycleDocument, currentCycle } from './read-model.ts';
import { authenticate, checkSignInToken, endSession, readSession, type Session, sameSecret, signInToken, startSession, type WebUser } from './session.ts';

export interface WebOptions {
  /** Who may sign in (locally from `npm start`; in AWS a Cognito user pool is still to come). */
  users: readonly WebUser[];
  /** Signs the session cookies. */
  secret: string;
}

type Env = { Variables: { session: Session; form: Record<string, string> } };

const DATE_KEYS = new Set<string>(CYCLE_DATES.map(([k]) => k));
const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';

/** The form fields of a POST as strings (files are not taken). */
async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/** A use case's refusal as the messages of a form: a date field's next to it, the others in the summary only. */
function fieldErrors(e: UserError | ZodError): FieldError[] {
  if (e instanceof ZodError) {
    return e.issues.map((i) => {
      const key = String(i.path[i.path.length - 1] ?? '');
      return { field: DATE_KEYS.has(key) ? key : null, message: i.message };
    });
  }
  return [{ field: e.field && DATE_KEYS.has(e.field) ? e.field : null, message: e.message }];
}

/**
 * The web app for coordinators and managers, over the same use cases as the CLI and the
 * HTTP API. Server-rendered, no client JavaScript. Every page but sign-in needs a session;
 * every POST carries the session's CSRF token and must come from this origin.
 */
export function createWebApp(deps: Deps, options: WebOptions): Hono<Env> {
  const app = new Hono<Env>();
  const { users, secret } = options;

  const problem = (c: Context<Env>, status: 400 | 401 | 403 | 404 | 409 | 500, title: string, message: string) =>
    c.html(ProblemPage({ title, message, session: c.get('session') ?? null }), status);

  app.onError((e, c) => {
    if (e instanceof HTTPException && e.status === 403) {
      return problem(c, 403, 'This form could not be accepted', 'The form did not come from PlanPulse. Go back, reload the page and try again.');
    }
    if (e instanceof NotFoundError) return problem(c, 404, 'Page not found', e.message);
    if (e instanceof UserError) return problem(c, 400, 'There is a problem', e.message);
    deps.logger.error('web request failed', { path: c.req.path, error: String(e) });
    return problem(c, 500, 'Sorry, there is a problem with PlanPulse', 'Try again later.');
  });
  app.notFound((c) => problem(c, 404, 'Page not found', 'There is no page at this address.'));

  // Cross-origin form posts are refused (Origin / Sec-Fetch-Site), before anything reads the body.
  app.use(csrf());
  app.use(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    await next();
  });

  app.get('/sign-in', async (c) => {
    if (await readSession(c, secret, users)) return c.redirect('/', 302);
    return c.html(SignInPage({ csrf: await signInToken(c, secret, isHttps(c)) }));
  });
  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    if (!(await checkSignInToken(c, secret, form.csrf))) {
      return problem(c, 403, 'This form could not be accepted', 'The sign-in form has expired. Go back, reload the page and try again.');
    }
    const user = authenticate(users, form.username ?? '', form.password ?? '');
    if (!user) {
      const token = await signInToken(c, secret, isHttps(c));
      return c.html(SignInPage({ csrf: token, username: form.username, error: 'Enter a correct username and password' }), 400);
    }
    await startSession(c, secret, isHttps(c), user);
    return c.redirect('/', 303);
  });

  // Everything else: signed in, and every POST with the session's token.
  app.use(async (c, next) => {
    const session = await readSession(c, secret, users);
    if (!session) return c.req.method === 'GET' || c.req.method === 'HEAD' ? c.redirect('/sign-in', 302) : c.text('Sign in first.', 401);
    c.set('session', session);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await formOf(c);
      if (!form.csrf || !sameSecret(form.csrf, session.csrf)) {
        return problem(
          c,
          403,
          'This form could not be accepted',
          'The form has expired or did not come from PlanPulse. Go back, reload the page and try again.',
        );
      }
      c.set('form', form);
    }
    await next();
  });

  app.post('/sign-out', (c) => {
    endSession(c);
    return c.redirect('/sign-in', 303);
  });

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
      }),
    );
  });

  /** The cycle page, with the dates form as given (after a refusal) or as stored. */
  async function cyclePage(c: Context<Env>, form: DatesForm, status: 200 | 400 | 409 = 200) {
    const result = await getCycle(c.req.param('cycleId') ?? '', deps);
    const plan = await deps.store.getPlan(result.cycle.planId);
    if (!plan || plan.id !== c.req.param('planId')) throw new NotFoundError('There is no such cycle in this plan.');
    const doc = await cycleDocument(result.cycle, plan, deps);
    return c.html(CyclePage({ session: c.get('session'), plan, result, tracker: doc.tracker, form, saved: c.req.query('saved') === '1' }), status);
  }

  app.get('/plans/:planId/cycles/:cycleId', (c) => cyclePage(c, { values: {}, errors: [] }));

  app.post('/plans/:planId/cycles/:cycleId/dates', async (c) => {
    const session = c.get('session');
    if (session.role !== 'manager') {
      return problem(c, 403, 'You cannot change dates', "Only a manager can change a cycle's dates. Ask a manager of the plan to change them.");
    }
    const cycleId = c.req.param('cycleId');
    const before = await getCycle(cycleId, deps);
    if (before.cycle.planId !== c.req.param('planId')) throw new NotFoundError('There is no such cycle in this plan.');
    const form = c.get('form');
    const values: DatesForm['values'] = {};
    const dates: Partial<CycleDates> = {};
    const errors: FieldError[] = [];
    for (const [key, words] of CYCLE_DATES) {
      const raw = (form[key] ?? '').trim();
      values[key] = raw;
      if (raw === '') {
        errors.push({ field: key, message: `Enter the date ${words}` });
        continue;
      }
      const iso = parseUkDate(raw);
      if (iso) dates[key] = iso;
      else errors.push({ field: key, message: `The date ${words} must be a real date, for example 18/5/2026 or 2026-05-18` });
    }
    if (errors.length) return cyclePage(c, { values, errors }, 400);
    try {
      await updateCycle({ cycleId, dates }, deps);
    } catch (e) {
      if (e instanceof UserError || e instanceof ZodError)
        return cyclePage(c, { values, errors: fieldErrors(e) }, e instanceof UserError && e.status === 409 ? 409 : 400);
      throw e;
    }
    return c.redirect(`/plans/${encodeURIComponent(before.cycle.planId)}/cycles/${encodeURIComponent(cycleId)}?saved=1`, 303);
  });

  return app;
}
