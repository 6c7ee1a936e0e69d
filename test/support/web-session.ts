import { expect } from 'vitest';
import type { WebApp } from '../../shared/web/http.ts';

/** What tests of the web app sign in with. */
export const WEB_USERS = [
  { username: 'mandy.manager', password: 'manager-pass', role: 'manager' as const },
  { username: 'coordinator', password: 'coordinator-pass', role: 'coordinator' as const },
];

export const ORIGIN = 'http://localhost';

/** The cookies a response sets, as a Cookie header (name=value; ...). */
export const cookiesOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');

/** The text of HTML-escaped characters. */
export const unescaped = (s: string) =>
  s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The CSRF token of the first form of a page. */
export const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1];

/** A signed-in browser of the app, as `app.request()` calls: GET and same-origin form POSTs with the session's token. */
export interface WebBrowser {
  get(path: string): Promise<Response>;
  post(path: string, form: Record<string, string>): Promise<Response>;
}

export async function postForm(app: WebApp, path: string, form: Record<string, string>, cookie: string): Promise<Response> {
  return app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN, Cookie: cookie },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in as one of WEB_USERS and returns a browser carrying the session. */
export async function signedIn(app: WebApp, username: string): Promise<WebBrowser> {
  const user = WEB_USERS.find((u) => u.username === username)!;
  const form = await app.request('/sign-in');
  const res = await postForm(app, '/sign-in', { csrf: csrfIn(await form.text())!, username, password: user.password }, cookiesOf(form));
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res);
  const csrf = csrfIn(await (await app.request('/', { headers: { Cookie: cookie } })).text())!;
  return {
    get: async (path) => app.request(path, { headers: { Cookie: cookie } }),
    post: (path, fields) => postForm(app, path, { csrf, ...fields }, cookie),
  };
}
