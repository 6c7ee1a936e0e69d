import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, sent } from '#support/given';
import { listHeld } from '#use-cases/held-replies';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, givenTheAppInABrowser, whenSomeoneElseReplies, whenTheClockReaches } from './harness.ts';
import { PAGES } from './pages.ts';
import { screenshot } from './screenshots.ts';

const OWNER = 'morvette.williams@nottingham.example.org';

let world: BrowserWorld;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
  // The cycle's requests go out and a deputy answers one of them: the mailbox, the tracker and
  // the held replies have something to show.
  const { store } = world.stack.deps;
  const opens = (await world.stack.scheduler.pending()).find((s) => s.event.cycleId === world.cycle.id && s.event.milestone === 'requests-open')!;
  await whenTheClockReaches(world, opens.at);
  const request = emailsTo(await sent(world.stack), OWNER)[0]!;
  const ref = (await store.getRequests(world.cycle.id)).find((r) => r.email === OWNER)!.actionRefs[0]!;
  await whenSomeoneElseReplies(world, request, 'dawn.deputy@nottingham.example.org', { [ref]: { status: 'Amber', summary: 'Waiting for the new standards.' } });
  expect((await listHeld(world.cycle.id, world.stack.deps)).map((h) => h.state)).toEqual(['held']);
});
afterAll(async () => {
  await world?.close();
});

describe('every page', () => {
  it.each(PAGES)('$name has its heading and no axe-core violations', async (visit) => {
    const page = visit.as ? await world.signedInAs(visit.as) : await world.signedOut();

    const res = visit.reach ? await visit.reach(page, world) : await page.goto(await visit.path!(world));

    expect(res?.status()).toBe(visit.status ?? 200);
    const heading = expect.poll(() => page.getByRole('heading', { level: 1 }).textContent());
    await (typeof visit.heading === 'string' ? heading.toBe(visit.heading) : heading.toMatch(visit.heading));
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
