import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { givenAStackWithThePlan, type TestStack } from '#support/given';
import { signedIn, unescaped, WEB_USERS } from '#support/web-session';
import { createWebApp } from '../../shared/web/app.ts';

// What the web app says in words people see: the header's links, and the use cases' messages
// that name a CLI command (the CLI keeps them) said as what to do in the browser.

let stack: TestStack;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
});
afterAll(async () => {
  await stack?.stop();
});

const appWith = (mailbox: boolean) =>
  createWebApp(stack.deps, {
    users: WEB_USERS,
    secret: 'test-secret-of-the-web-app',
    ...(mailbox ? { mailbox: { sesEndpoint: stack.endpoints.ses, smtpPort: stack.endpoints.smtpPort! } } : {}),
  });

describe('the header', () => {
  it('links to the mailbox only when the app has one', async () => {
    const withMailbox = await signedIn(appWith(true), 'coordinator');
    const without = await signedIn(appWith(false), 'coordinator');

    const on = await (await withMailbox.get('/')).text();
    const off = await (await without.get('/')).text();

    expect(on).toMatch(/<nav aria-label="Main"[^>]*>.*<a href="\/mailbox"[^>]*>Mailbox<\/a>.*<\/nav>/s);
    expect(off).not.toContain('href="/mailbox"');
    expect(off).toContain('<a href="/audit"');
  });
});

describe('a not-found page', () => {
  it('an unknown plan says what to do in the web app, not which command to run', async () => {
    const browser = await signedIn(appWith(false), 'mandy.manager');

    const res = await browser.get('/plans/no-such-plan');

    expect(res.status).toBe(404);
    const html = unescaped(await res.text());
    expect(html).toContain(
      'There is no plan at this address. Check the address, or go back to the plans. A manager can add the plan there with "Import a plan".',
    );
    expect(html).not.toContain('planpulse');
  });
});
