import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { COORDINATOR, fixture, givenACycle, givenAStackWithThePlan, PLAN_ID, type TestStack } from '#support/given';
import { importPlan } from '#use-cases/import-plan';
import { setEvidenceRules } from '#use-cases/evidence-rules';
import { createWebApp } from '../../shared/web/app.ts';
import { cookiesOf, csrfIn, ORIGIN } from '#support/web-session';

const USERS = [
  { username: 'manager', password: 'manager-pass', role: 'manager' as const },
  { username: 'coordinator', password: 'coordinator-pass', role: 'coordinator' as const },
];

let stack: TestStack;
let cycle: Cycle;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  cycle = await givenACycle(stack);
  app = createWebApp(stack.deps, { users: USERS, secret: 'test-secret-of-the-web-app' });
});
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, form: Record<string, string>, cookie = '', origin = ORIGIN) =>
  app.request(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: origin, Cookie: cookie },
    body: new URLSearchParams(form).toString(),
  });

/** Signs in as a user; the session cookie and the session's CSRF token. */
async function signIn(username: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const form = await app.request('/sign-in');
  const res = await post('/sign-in', { csrf: csrfIn(await form.text())!, username, password }, cookiesOf(form));
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res);
  const home = await app.request('/', { headers: { Cookie: cookie } });
  return { cookie, csrf: csrfIn(await home.text())! };
}

const get = (path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });
const datesPath = () => `/plans/${PLAN_ID}/cycles/${cycle.id}/dates`;

describe('signed out', () => {
  it('a GET is sent to sign in and gets no data', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sign-in');
    expect(await res.text()).not.toContain('Corporate Parenting');
    const plan = await app.request(`/plans/${PLAN_ID}`);
    expect(plan.status).toBe(302);
    expect(await plan.text()).not.toContain('Corporate Parenting');
  });

  it('a POST gets 401 and changes nothing', async () => {
    const res = await post(datesPath(), { ...cycle.dates, board: '2030-01-01' });
    expect(res.status).toBe(401);
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(cycle.dates);
  });

  it('a wrong password is refused with an error summary', async () => {
    const form = await app.request('/sign-in');
    const res = await post('/sign-in', { csrf: csrfIn(await form.text())!, username: 'manager', password: 'wrong' }, cookiesOf(form));
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('planpulse_session='))).toBe(false);
    expect(await res.text()).toContain('There is a problem');
  });
});

describe('signed in', () => {
  it('the session cookie is HttpOnly, SameSite=Lax, on the whole site', async () => {
    const form = await app.request('/sign-in');
    const res = await post('/sign-in', { csrf: csrfIn(await form.text())!, username: 'coordinator', password: 'coordinator-pass' }, cookiesOf(form));
    const session = res.headers.getSetCookie().find((c) => c.startsWith('planpulse_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).toMatch(/Path=\//);
  });

  it('the plans page lists the sample plan with its actions and coordinator', async () => {
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    const res = await get('/', cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Corporate Parenting Promise Action Plan');
    expect(html).toContain('cpb.support@nottingham.example.org');
    const actions = (await stack.deps.store.getActions(PLAN_ID)).length;
    expect(html).toMatch(new RegExp(`<td>${actions}</td>`));
    // a user named after their role is not named twice
    expect(html).toMatch(/Signed in as coordinator\s*<\/span>/);
  });

  it('the plan page filters its actions by theme', async () => {
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    const actions = await stack.deps.store.getActions(PLAN_ID);
    const theme = actions[0]!.theme!;
    const inTheme = actions.filter((a) => a.theme === theme);
    expect(inTheme.length).toBeLessThan(actions.length);
    const all = await (await get(`/plans/${PLAN_ID}`, cookie)).text();
    expect(all).toContain(`Showing ${actions.length} of ${actions.length} actions`);
    const res = await get(`/plans/${PLAN_ID}?theme=${encodeURIComponent(theme)}`, cookie);
    const html = await res.text();
    expect(html).toContain(`Showing ${inTheme.length} of ${actions.length} actions`);
    const refs = [...html.matchAll(/<th scope="row">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(refs).toEqual(inTheme.map((a) => a.ref));
    expect(html).toContain('<caption>');
  });

  it("the plan page shows the plan's evidence checks, each on or off in words", async () => {
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    await setEvidenceRules({ planId: PLAN_ID, off: ['repeated'] }, stack.deps);
    const html = await (await get(`/plans/${PLAN_ID}`, cookie)).text();
    await setEvidenceRules({ planId: PLAN_ID, on: ['repeated'] }, stack.deps);
    expect(html).toContain('<h2>Evidence checks</h2>');
    expect(html).toContain('On track or Complete with no evidence (<code>no-evidence</code>): <strong>on</strong>');
    expect(html).toContain('(<code>repeated</code>): <strong>off</strong>');
  });

  it('the cycle page shows the milestones in UK time and the tracker', async () => {
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    const res = await get(`/plans/${PLAN_ID}/cycles/${cycle.id}`, cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Milestones (UK time)');
    expect(html).toMatch(/(BST|GMT)/);
    expect(html).toContain('Scheduled');
    expect(html).toContain('Response tracker');
    // A coordinator sees the dates, not a form to change them.
    expect(html).not.toContain('Save dates');
  });

  it('a coordinator posting new dates gets 403 and the dates stay as they were', async () => {
    const { cookie, csrf } = await signIn('coordinator', 'coordinator-pass');
    const res = await post(datesPath(), { csrf, ...cycle.dates, board: '2030-01-01' }, cookie);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Only a manager');
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(cycle.dates);
  });

  it('a POST without or with a wrong CSRF token gets 403', async () => {
    const { cookie } = await signIn('manager', 'manager-pass');
    expect((await post(datesPath(), { ...cycle.dates, board: '2030-01-01' }, cookie)).status).toBe(403);
    expect((await post(datesPath(), { csrf: 'not-the-token-of-this-session', ...cycle.dates, board: '2030-01-01' }, cookie)).status).toBe(403);
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(cycle.dates);
  });

  it('a cross-origin POST gets 403, even with the right token', async () => {
    const { cookie, csrf } = await signIn('manager', 'manager-pass');
    const res = await post(datesPath(), { csrf, ...cycle.dates, board: '2030-01-01' }, cookie, 'https://evil.example.com');
    expect(res.status).toBe(403);
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(cycle.dates);
  });

  it("a manager's refused date gets the use case's message next to the field and an error summary", async () => {
    const { cookie, csrf } = await signIn('manager', 'manager-pass');
    const res = await post(datesPath(), { csrf, ...cycle.dates, board: '2026-01-01' }, cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#board"');
    expect(html).toMatch(/id="board-error">[\s\S]{0,80}Board \(2026-01-01\) must be on or after final reports/);
    expect(html).toContain('value="2026-01-01"');
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(cycle.dates);
  });

  it("a manager's good change is stored", async () => {
    const { cookie, csrf } = await signIn('manager', 'manager-pass');
    const board = '2026-07-31';
    expect(board > cycle.dates.final).toBe(true);
    const res = await post(datesPath(), { csrf, ...cycle.dates, board: '31/7/2026' }, cookie);
    expect(res.status).toBe(303);
    const stored = (await stack.deps.store.getCycle(cycle.id))!;
    expect(stored.dates).toEqual({ ...cycle.dates, board });
    expect(stored.version).toBe(cycle.version + 1);
    const page = await (await get(res.headers.get('location')!, cookie)).text();
    expect(page).toContain('Dates saved');
    expect(page).toContain('value="31/7/2026"');
  });

  it('an unknown plan is a 404 page', async () => {
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    const res = await get('/plans/no-such-plan', cookie);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });

  it('signing out clears the session cookie', async () => {
    const { cookie, csrf } = await signIn('coordinator', 'coordinator-pass');
    const res = await post('/sign-out', { csrf }, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('planpulse_session='))).toMatch(/Max-Age=0/);
  });

  it('escapes a hostile plan name', async () => {
    const name = '<script>alert("x")</script>';
    await importPlan(
      {
        planId: 'hostile-plan',
        name,
        plan: { fileName: 'plan.csv', content: readFileSync(fixture('plans/nottingham-promise-2011.csv')) },
        people: { fileName: 'people.csv', content: readFileSync(fixture('plans/nottingham-promise-2011.people.csv')) },
        coordinators: [COORDINATOR],
      },
      stack.deps,
    );
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    for (const path of ['/', '/plans/hostile-plan']) {
      const html = await (await get(path, cookie)).text();
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;');
    }
  });

  it("once the cycle has opened, the plan page shows each action's state in it, and filters by it", async () => {
    stack.clock.advanceTo(new Date(`${cycle.dates.opens}T12:00:00Z`));
    const { cookie } = await signIn('coordinator', 'coordinator-pass');
    const actions = (await stack.deps.store.getActions(PLAN_ID)).length;
    const html = await (await get(`/plans/${PLAN_ID}`, cookie)).text();
    expect(html).toContain(`Status is from the current cycle, ${cycle.name}.`);
    expect(html).toContain('<option value="No update received">');
    const none = await (await get(`/plans/${PLAN_ID}?status=${encodeURIComponent('No update received')}`, cookie)).text();
    expect(none).toContain(`Showing ${actions} of ${actions} actions`);
    const onTrack = await (await get(`/plans/${PLAN_ID}?status=${encodeURIComponent('On track')}`, cookie)).text();
    expect(onTrack).toContain(`Showing 0 of ${actions} actions`);
  });
});
