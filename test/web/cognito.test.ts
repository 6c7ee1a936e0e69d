import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  NotAuthorizedException,
  PasswordResetRequiredException,
  TooManyRequestsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { givenACycle, givenAStackWithThePlan, PLAN_ID, type TestStack } from '#support/given';
import { CLIENT_ID, forgerKey, idToken, poolJwks, USER_POOL_ID } from '#support/cognito';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import { createWebApp } from '../../shared/web/app.ts';
import { cognitoAuthenticator } from '../../shared/web/auth-cognito.ts';
import { cookiesOf, csrfIn, postForm } from '#support/web-session';

// The web app signing people in against a Cognito user pool, as in AWS: Cognito (which cannot
// run here) is mocked with aws-sdk-client-mock; the ID tokens are real RS256 JWTs over a key
// made here, verified by aws-jwt-verify against its JWKS; the store is dynalite.

const cognito = mockClient(CognitoIdentityProviderClient);
const sessionClock = new VirtualClock(new Date(), 0);

let stack: TestStack;
let cycle: Cycle;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  cycle = await givenACycle(stack);
  const client = new CognitoIdentityProviderClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const authenticator = cognitoAuthenticator({ client, userPoolId: USER_POOL_ID, clientId: CLIENT_ID, logger: silentLogger, jwks: poolJwks });
  app = createWebApp(stack.deps, { authenticator, secret: 'test-secret-of-the-web-app-in-aws', sessionClock });
});
afterAll(async () => {
  cognito.restore();
  await stack?.stop();
});
beforeEach(() => cognito.reset());

const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('planpulse_session='));
const post = (path: string, form: Record<string, string>, cookie = '') => postForm(app, path, form, cookie);
const get = (path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });
const datesPath = () => `/plans/${PLAN_ID}/cycles/${cycle.id}/dates`;

/** Cognito answers a sign-in with these tokens. */
const cognitoIssues = (token: string) =>
  cognito.on(InitiateAuthCommand).resolves({ AuthenticationResult: { IdToken: token, AccessToken: 'unused', ExpiresIn: 3600 } });
const tokenFor = (username: string, groups?: string[]) => idToken({ 'cognito:username': username, ...(groups ? { 'cognito:groups': groups } : {}) });

/** Fills in and sends the sign-in form: the response (a redirect, or the form again with its message). */
async function submitSignIn(username: string, password: string): Promise<Response> {
  const form = await app.request('/sign-in');
  return post('/sign-in', { csrf: csrfIn(await form.text())!, username, password }, cookiesOf(form));
}

/** Signs in; the session cookie and the session's CSRF token. */
async function signIn(username: string, groups: string[]): Promise<{ cookie: string; csrf: string }> {
  cognitoIssues(tokenFor(username, groups));
  const res = await submitSignIn(username, 'Correct-horse-9!');
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res);
  const home = await get('/', cookie);
  expect(home.status).toBe(200);
  return { cookie, csrf: csrfIn(await home.text())! };
}

describe('signing in with Cognito', () => {
  it('sends the name and password to InitiateAuth with USER_PASSWORD_AUTH and our client', async () => {
    cognitoIssues(tokenFor('mary.manager', ['managers']));

    const res = await submitSignIn(' mary.manager ', 'Correct-horse-9!');

    expect(res.status).toBe(303);
    const calls = cognito.commandCalls(InitiateAuthCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'mary.manager', PASSWORD: 'Correct-horse-9!' } },
    ]);
  });

  it('gives a secure, HttpOnly session cookie on https', async () => {
    cognitoIssues(tokenFor('mary.manager', ['managers']));
    const form = await app.request('https://planpulse.example/sign-in');
    const res = await app.request('https://planpulse.example/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://planpulse.example', Cookie: cookiesOf(form) },
      body: new URLSearchParams({ csrf: csrfIn(await form.text())!, username: 'mary.manager', password: 'Correct-horse-9!' }).toString(),
    });

    expect(res.status).toBe(303);
    expect(sessionCookieOf(res)).toMatch(/; HttpOnly/);
    expect(sessionCookieOf(res)).toMatch(/; Secure/);
    expect(sessionCookieOf(res)).toMatch(/Max-Age=28800/);
  });

  it('lets a manager (group managers) change dates', async () => {
    const { cookie, csrf } = await signIn('mary.manager', ['managers']);
    const board = '2026-07-31';

    const res = await post(datesPath(), { csrf, ...cycle.dates, board: '31/7/2026' }, cookie);

    expect(res.status).toBe(303);
    const stored = (await stack.deps.store.getCycle(cycle.id))!;
    expect(stored.dates.board).toBe(board);
    // The audit log names the user pool's user name.
    const audit = await stack.deps.store.listAudit({ planId: PLAN_ID });
    expect(audit.some((e) => e.action === 'cycle.dates' && e.actor === 'mary.manager')).toBe(true);
  });

  it('lets a coordinator (group coordinators) in, but answers a date change with 403', async () => {
    const before = (await stack.deps.store.getCycle(cycle.id))!;
    const { cookie, csrf } = await signIn('colin.coordinator', ['coordinators']);

    const res = await post(datesPath(), { csrf, ...before.dates, board: '2030-01-01' }, cookie);

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Only a manager');
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(before.dates);
  });

  it('makes someone in both groups a manager', async () => {
    const { cookie } = await signIn('both', ['coordinators', 'managers']);

    const page = await (await get(`/plans/${PLAN_ID}/cycles/${cycle.id}`, cookie)).text();

    expect(page).toContain('Save dates');
  });

  it('refuses a user in neither group, with a plain message and no session', async () => {
    cognitoIssues(tokenFor('nobody', ['some-other-group']));

    const res = await submitSignIn('nobody', 'Correct-horse-9!');

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your account has no PlanPulse role. Ask your administrator.');
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('refuses a user with no groups at all', async () => {
    cognitoIssues(tokenFor('nogroups'));

    const res = await submitSignIn('nogroups', 'Correct-horse-9!');

    expect(res.status).toBe(403);
    expect(sessionCookieOf(res)).toBeUndefined();
  });
});

describe('refused sign-ins', () => {
  it('answers a wrong password and an unknown name alike', async () => {
    cognito
      .on(InitiateAuthCommand)
      .rejectsOnce(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }))
      .rejectsOnce(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));

    const wrong = await submitSignIn('mary.manager', 'wrong');
    const unknown = await submitSignIn('no.such.person', 'wrong');

    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain('Enter a correct username and password');
    expect(a).not.toContain('Incorrect username');
    // The pages differ only in the name typed back into the form.
    expect(a.replace('mary.manager', 'X').replace(/value="[^"]{20,}"/g, '')).toBe(b.replace('no.such.person', 'X').replace(/value="[^"]{20,}"/g, ''));
    expect(sessionCookieOf(wrong)).toBeUndefined();
  });

  it('says what to do when Cognito wants a new password (first sign-in with a temporary one)', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'challenge-session' });

    const res = await submitSignIn('new.starter', 'Temporary-Pass-1!');

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your account needs a new password before you can sign in. Ask your PlanPulse administrator to set one for you.');
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('says what to do when the password was reset', async () => {
    cognito.on(InitiateAuthCommand).rejects(new PasswordResetRequiredException({ message: 'Password reset required for the user', $metadata: {} }));

    const res = await submitSignIn('mary.manager', 'Old-Pass-1!');

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Ask your PlanPulse administrator to set a new password');
  });

  it('asks to try again when Cognito is throttling', async () => {
    cognito.on(InitiateAuthCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));

    const res = await submitSignIn('mary.manager', 'Correct-horse-9!');

    expect(res.status).toBe(429);
    expect(await res.text()).toContain('PlanPulse is busy. Wait a minute and try again.');
  });

  it('refuses an expired ID token', async () => {
    cognitoIssues(idToken({ 'cognito:username': 'mary.manager', 'cognito:groups': ['managers'] }, { expiresIn: -60 }));

    const res = await submitSignIn('mary.manager', 'Correct-horse-9!');

    expect(res.status).toBe(503);
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('refuses an ID token signed by another key', async () => {
    cognitoIssues(idToken({ 'cognito:username': 'mary.manager', 'cognito:groups': ['managers'] }, { key: forgerKey }));

    const res = await submitSignIn('mary.manager', 'Correct-horse-9!');

    expect(res.status).toBe(503);
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  it('refuses an ID token issued to another app client, and an access token', async () => {
    cognitoIssues(idToken({ 'cognito:username': 'mary.manager', 'cognito:groups': ['managers'], aud: 'another-client' }));
    const otherClient = await submitSignIn('mary.manager', 'Correct-horse-9!');
    cognito.reset();
    cognitoIssues(idToken({ 'cognito:username': 'mary.manager', 'cognito:groups': ['managers'], token_use: 'access' }));
    const accessToken = await submitSignIn('mary.manager', 'Correct-horse-9!');

    expect(sessionCookieOf(otherClient)).toBeUndefined();
    expect(sessionCookieOf(accessToken)).toBeUndefined();
  });
});

describe('sessions', () => {
  it('signed out, a GET is sent to sign in and a POST gets 401, with nothing read or changed', async () => {
    const before = (await stack.deps.store.getCycle(cycle.id))!;

    const page = await app.request(`/plans/${PLAN_ID}`);
    const change = await post(datesPath(), { ...before.dates, board: '2030-01-01' });

    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/sign-in');
    expect(await page.text()).not.toContain('Corporate Parenting');
    expect(change.status).toBe(401);
    expect((await stack.deps.store.getCycle(cycle.id))!.dates).toEqual(before.dates);
    expect(cognito.commandCalls(InitiateAuthCommand)).toHaveLength(0);
  });

  it('keeps the role in the signed cookie: a cookie edited to claim manager is refused', async () => {
    const { cookie } = await signIn('colin.coordinator', ['coordinators']);
    const [name, value] = cookie
      .split('; ')
      .find((c) => c.startsWith('planpulse_session='))!
      .split(/=(.*)/s) as [string, string];
    const [payload, signature] = decodeURIComponent(value).split(/\.(?=[^.]*$)/) as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const forged = `${Buffer.from(JSON.stringify({ ...claims, role: 'manager' })).toString('base64url')}.${signature}`;

    const res = await get('/', `${name}=${encodeURIComponent(forged)}`);

    expect(claims.role).toBe('coordinator');
    expect(res.status).toBe(302);
  });

  it('ends 8 hours after sign-in, whatever the cookie says', async () => {
    const { cookie } = await signIn('mary.manager', ['managers']);
    expect((await get('/', cookie)).status).toBe(200);

    sessionClock.advanceTo(new Date(sessionClock.now().getTime() + 8 * 3600_000));

    expect((await get('/', cookie)).status).toBe(302);
  });
});
