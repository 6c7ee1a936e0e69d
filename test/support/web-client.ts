import { expect } from 'vitest';
import type { Deps } from '#use-cases/deps';
import { createWebApp } from '../../shared/web/app.ts';
import { cookiesOf, csrfIn, postForm } from './web-session.ts';

export const WEB_USERS = [
  { username: 'manager', password: 'manager-pass', role: 'manager' as const },
  { username: 'coordinator', password: 'coordinator-pass', role: 'coordinator' as const },
];

/** The web app over a stack's deps, driven through `app.request()` as a browser would, with a signed-in session. */
export function webClient(deps: Deps) {
  const app = createWebApp(deps, { users: WEB_USERS, secret: 'test-secret-of-the-web-app' });
  const post = (path: string, form: Record<string, string>, cookie = '') => postForm(app, path, form, cookie);
  const get = (path: string, cookie = '') => app.request(path, { headers: { Cookie: cookie } });
  /** Signs in as one of {@link WEB_USERS}; the session cookie and the session's CSRF token. */
  async function signIn(username: 'manager' | 'coordinator'): Promise<{ cookie: string; csrf: string }> {
    const user = WEB_USERS.find((u) => u.username === username)!;
    const form = await app.request('/sign-in');
    const res = await post('/sign-in', { csrf: csrfIn(await form.text())!, username, password: user.password }, cookiesOf(form));
    expect(res.status).toBe(303);
    const cookie = cookiesOf(res);
    const home = await get('/', cookie);
    return { cookie, csrf: csrfIn(await home.text())! };
  }
  return { app, get, post, signIn };
}
