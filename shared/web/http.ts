import type { Context, Hono } from 'hono';
import type { FunctionDeps } from '#composition/functions';
import { ProblemPage } from './layout.tsx';
import type { Role, Session } from './session.ts';

/** What every route sees: the signed-in session, and a POST's form fields (CSRF already checked). */
export type WebEnv = { Variables: { session: Session; form: Record<string, string> } };
export type WebApp = Hono<WebEnv>;
export type WebContext = Context<WebEnv>;

/** The ports the web app's pages may use: the web Lambda builds exactly these (no token signer). */
export type WebDeps = FunctionDeps<'web'>;

/** A feature's routes: registered on the app after sign-in and CSRF checks. */
export type Routes = (app: WebApp, deps: WebDeps) => void;

/** The form fields of a POST as strings (files are not taken). */
export async function formOf(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
}

/** A page that says what went wrong and what to do, with its status. */
export function problem(c: Context<WebEnv>, status: 400 | 401 | 403 | 404 | 409 | 500 | 503, title: string, message: string) {
  return c.html(ProblemPage({ title, message, session: c.get('session') ?? null }), status);
}

/** A 403 page unless the signed-in user has one of these roles; null when they may go on. */
export function refuseUnless(c: WebContext, roles: readonly Role[], title: string, message: string) {
  return roles.includes(c.get('session').role) ? null : problem(c, 403, title, message);
}

export const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
