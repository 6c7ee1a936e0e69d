import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, givenTheAppInABrowser } from './harness.ts';
import { PAGES } from './pages.ts';
import { screenshot } from './screenshots.ts';

let world: BrowserWorld;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
});
afterAll(async () => {
  await world?.close();
});

describe('every page', () => {
  it.each(PAGES)('$name has its heading and no axe-core violations', async (visit) => {
    const page = visit.as ? await world.signedInAs(visit.as) : await world.signedOut();

    const res = await page.goto(visit.path(world));

    expect(res?.status()).toBe(visit.status ?? 200);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(visit.heading);
    await expectNoAxeViolations(page);
    await screenshot(page, visit.name);
  });
});

describe('the axe-core check', () => {
  it('fails on a page with a field that has no label', async () => {
    const page = await world.signedOut();
    await page.setContent('<!doctype html><html lang="en"><head><title>Unlabelled</title></head><body><main><input type="text"></main></body></html>');

    await expect(expectNoAxeViolations(page)).rejects.toThrow(/label \(critical\): Form elements must have labels/);
  });
});
