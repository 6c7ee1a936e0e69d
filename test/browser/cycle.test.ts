import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '#domain/working-days';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, cyclePath, givenTheAppInABrowser } from './harness.ts';
import { focused, waitForFocusOn } from './in-page.ts';
import { screenshot } from './screenshots.ts';

let world: BrowserWorld;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
});
afterAll(async () => {
  await world?.close();
});

/** "2026-06-10" as a manager types it: "10/6/2026". */
const typed = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};

describe("a cycle's dates", () => {
  it('a date that does not exist gets an error summary that has the focus and leads to the field', async () => {
    const page = await world.signedInAs('manager');
    await page.goto(cyclePath(world));
    await page.locator('#board').fill('31/2/2027');

    await page.locator('#board').press('Enter');

    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await page.title()).toMatch(/^Error: /);
    expect(await summary.textContent()).toContain('The board date must be a real date, for example 18/5/2026');
    await waitForFocusOn(page, '.error-summary');
    expect(await page.locator('#board').inputValue()).toBe('31/2/2027');
    expect(await page.locator('#board').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#board-error').textContent()).toContain('must be a real date');
    await expectNoAxeViolations(page);
    await screenshot(page, 'cycle-date-error');

    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatch(/^a "The board date must be a real date/);
    await page.keyboard.press('Enter');

    await waitForFocusOn(page, '#board');
    expect((await world.stack.deps.store.getCycle(world.cycle.id))!.dates).toEqual(world.cycle.dates);
  });

  it('a good date is saved and shown', async () => {
    const page = await world.signedInAs('manager');
    await page.goto(cyclePath(world));
    const board = addWorkingDays(world.cycle.dates.board, 5);
    await page.locator('#board').fill(typed(board));

    await page.getByRole('button', { name: 'Save dates' }).click();

    await page.waitForURL((url) => url.searchParams.get('saved') === '1');
    expect(await page.getByRole('status').textContent()).toContain('Dates saved');
    expect(await page.locator('#board').inputValue()).toBe(typed(board));
    expect((await world.stack.deps.store.getCycle(world.cycle.id))!.dates.board).toBe(board);
    const boardPack = page.getByRole('row', { name: /Board pack/ });
    expect(await boardPack.locator('time').getAttribute('datetime')).toMatch(new RegExp(`^${board}T`));
    await expectNoAxeViolations(page);
    await screenshot(page, 'cycle-dates-saved');
  });

  it('a coordinator sees the dates but no form to change them', async () => {
    const page = await world.signedInAs('coordinator');

    await page.goto(cyclePath(world));

    expect(await page.getByText('Only a manager can change the dates.').count()).toBe(1);
    expect(await page.locator('form[action$="/dates"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Save dates' }).count()).toBe(0);
    await expectNoAxeViolations(page);
  });
});
