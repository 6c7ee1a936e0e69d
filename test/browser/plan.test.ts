import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_ID } from '#support/given';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, givenTheAppInABrowser } from './harness.ts';
import { tabTo } from './in-page.ts';
import { screenshot } from './screenshots.ts';

let world: BrowserWorld;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
});
afterAll(async () => {
  await world?.close();
});

describe('a plan page', () => {
  it('filters the actions by theme with the keyboard alone', async () => {
    const page = await world.signedInAs('coordinator');
    await page.goto(`/plans/${PLAN_ID}`);

    await tabTo(page, 'select#theme');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const theme = await page.locator('#theme').inputValue();
    await tabTo(page, 'button "Filter actions"', 3);
    await page.keyboard.press('Enter');

    await page.waitForURL((url) => url.searchParams.get('theme') === theme);
    const expected = (await world.stack.deps.store.getActions(PLAN_ID)).filter((a) => a.theme === theme).map((a) => a.ref);
    expect(theme).toBe('2. Staying Safe');
    expect(expected.length).toBeGreaterThan(1);
    const rows = page.locator('table tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(expected);
    expect(new Set(await rows.locator('td:nth-of-type(2)').allTextContents())).toEqual(new Set([theme]));
    expect(await page.getByText(`Showing ${expected.length} of 36 actions.`).count()).toBe(1);
    expect(await page.locator('#theme').inputValue()).toBe(theme);
    await expectNoAxeViolations(page);
    await screenshot(page, 'plan-filtered');
  });

  it('clears the filters with a link', async () => {
    const page = await world.signedInAs('coordinator');
    await page.goto(`/plans/${PLAN_ID}?theme=${encodeURIComponent('1. Be Healthy')}`);

    await page.getByRole('link', { name: 'Clear filters' }).click();

    await page.waitForURL(`${world.baseUrl}/plans/${PLAN_ID}`);
    expect(await page.locator('table tbody tr').count()).toBe(36);
    expect(await page.locator('#theme').inputValue()).toBe('');
  });
});
