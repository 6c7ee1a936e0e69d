import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_ID } from '#support/given';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, cyclePath, givenTheAppInABrowser, USERS } from './harness.ts';
import { focused, waitForFocusOn } from './in-page.ts';
import { screenshot } from './screenshots.ts';

let world: BrowserWorld;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
});
afterAll(async () => {
  await world?.close();
});

describe('signing in', () => {
  it('goes through the page with Tab: skip link, home link, username, password, button', async () => {
    const page = await world.signedOut();
    await page.goto('/sign-in');

    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }

    expect(order).toEqual(['a "Skip to main content"', 'a "PlanPulse"', 'input#username', 'input#password', 'button "Sign in"']);
  });

  it('the skip link moves the focus to the main content', async () => {
    const page = await world.signedOut();
    await page.goto('/sign-in');
    await page.keyboard.press('Tab');

    await page.keyboard.press('Enter');

    await page.waitForURL('**/sign-in#main');
    expect(await focused(page)).toBe('main#main');
  });

  it('a manager signs in with the keyboard and lands on the plans', async () => {
    const page = await world.signedOut();
    await page.goto('/sign-in');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('manager');
    await page.keyboard.press('Tab');
    await page.keyboard.type(USERS[0]!.password);
    await page.keyboard.press('Enter');

    await page.waitForURL(`${world.baseUrl}/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Plans');
    expect(await page.locator('header').textContent()).toContain('Signed in as manager');
    await page.getByRole('link', { name: 'Corporate Parenting Promise Action Plan' }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('a wrong password gets an error summary whose link goes to the username', async () => {
    const page = await world.signedOut();
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('manager');
    await page.getByLabel('Password').fill('not-the-password');

    await page.getByRole('button', { name: 'Sign in' }).click();

    const summary = page.getByRole('alert');
    await summary.waitFor();
    await waitForFocusOn(page, '.error-summary');
    expect(await page.title()).toBe('Error: Sign in - PlanPulse');
    expect(await summary.textContent()).toContain('Enter a correct username and password');
    await expectNoAxeViolations(page);
    await screenshot(page, 'sign-in-error');
    await summary.getByRole('link').click();
    await waitForFocusOn(page, '#username');
  });

  it('a signed-out visit to a cycle is sent to sign in and shows nothing of the plan', async () => {
    const page = await world.signedOut();

    await page.goto(cyclePath(world));

    expect(page.url()).toBe(`${world.baseUrl}/sign-in`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.content()).not.toContain('Corporate Parenting');
    expect(await page.content()).not.toContain(PLAN_ID);
  });
});
