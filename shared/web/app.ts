import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { NotFoundError, UserError } from '#domain/errors';
import { type Clock, systemClock } from '#ports/clock';
import { type Authenticator, localAuthenticator } from './auth.ts';
import { formOf, isHttps, problem, type WebApp, type WebDeps, type WebEnv } from './http.ts';
import { SignInPage } from './pages.tsx';
import { auditRoutes } from './routes/audit.ts';
import { cycleRoutes } from './routes/cycles.ts';
import { heldRoutes } from './routes/held.ts';
import { privacyRoutes } from './routes/privacy.ts';
import { importRoutes, uploadLimit } from './routes/import.ts';
import { peopleRoutes } from './routes/people.ts';
import { cycleCreateRoutes } from './routes/cycle-create.ts';
import { type MailboxOptions, mailboxRoutes } from './routes/mailbox.ts';
import { planRoutes } from './routes/plans.ts';
import { reportRoutes } from './routes/reports.ts';
import { checkSignInToken, endSession, readSession, sameSecret, signInToken, startSession, type WebUser } from './session.ts';

/**
 * Who may sign in: the users given (locally, from `npm start`; tests), or an authenticator
 * (in AWS, the Cognito user pool: functions/web/handler.ts).
 */
export type WebOptions = ({ users: readonly WebUser[] } | { authenticator: Authenticator }) & {
  /** Signs the session cookies. */
  secret: string;
  /** The local mailbox page (`/mailbox`): only `npm start` gives it; without it the routes do not exist. */
  mailbox?: MailboxOptions;
  /**
   * When sessions end (8 hours after sign-in). Real time by default, not `deps.clock`:
   * `npm start` runs its clock fast, and a session should not end in minutes.
   */
  sessionClock?: Clock;
};

/**
 * The use cases' not-found messages are the CLI's too and name its commands
 * ("import it first (planpulse import)"): the web says what to do in the browser instead.
 */
function notFoundInWebWords(e: NotFoundError): string {
  if (e.field === 'plan' && e.message.includes('(planpulse import)')) {
    return 'There is no plan at this address. Check the address, or go back to the plans. A manager can add the plan there with "Import a plan".';
  }
  return e.message;
}

/**
 * The web app for coordinators and managers, over the same use cases as the CLI and the
 * HTTP API. Server-rendered, no client JavaScript. Every page but sign-in needs a session;
 * every POST carries the session's CSRF token and must come from this origin.
 */
export function createWebApp(deps: WebDeps, options: WebOptions): WebApp {
  const app = new Hono<WebEnv>();
  const { secret } = options;
  const auth = 'authenticator' in options ? options.authenticator : localAuthenticator(options.users);
  const sessionClock = options.sessionClock ?? systemClock;
  const sessionOf = (c: Parameters<typeof readSession>[0]) => readSession(c, secret, sessionClock.now(), auth.roleOf);

  app.onError((e, c) => {
    if (e instanceof HTTPException && e.status === 403) {
      return problem(c, 403, 'This form could not be accepted', 'The form did not come from PlanPulse. Go back, reload the page and try again.');
    }
    if (e instanceof NotFoundError) return problem(c, 404, 'Page not found', notFoundInWebWords(e));
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
  // No body over 10 MB is read at all (the CSRF check below parses every POST's body).
  app.use(uploadLimit);

  app.get('/sign-in', async (c) => {
    if (await sessionOf(c)) return c.redirect('/', 302);
    return c.html(SignInPage({ csrf: await signInToken(c, secret, isHttps(c)) }));
  });
  app.post('/sign-in', async (c) => {
    const form = await formOf(c);
    if (!(await checkSignInToken(c, secret, form.csrf))) {
      return problem(c, 403, 'This form could not be accepted', 'The sign-in form has expired. Go back, reload the page and try again.');
    }
    const outcome = await auth.signIn(form.username ?? '', form.password ?? '');
    if (!outcome.ok) {
      const token = await signInToken(c, secret, isHttps(c));
      return c.html(SignInPage({ csrf: token, username: form.username, error: outcome.message }), outcome.status);
    }
    await startSession(c, secret, isHttps(c), outcome.user, sessionClock.now());
    return c.redirect('/', 303);
  });

  // Everything else: signed in, and every POST with the session's token.
  app.use(async (c, next) => {
    const signedIn = await sessionOf(c);
    if (!signedIn) return c.req.method === 'GET' || c.req.method === 'HEAD' ? c.redirect('/sign-in', 302) : c.text('Sign in first.', 401);
    c.set('session', options.mailbox ? { ...signedIn, mailbox: true } : signedIn);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const form = await formOf(c);
      if (!form.csrf || !sameSecret(form.csrf, signedIn.csrf)) {
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

  // cycleCreateRoutes before cycleRoutes: `/cycles/new` is not a cycle id.
  for (const routes of [importRoutes, planRoutes, cycleCreateRoutes, cycleRoutes, peopleRoutes, heldRoutes, privacyRoutes, reportRoutes, auditRoutes])
    routes(app, deps);
  if (options.mailbox) mailboxRoutes(options.mailbox)(app, deps);

  return app;
}
