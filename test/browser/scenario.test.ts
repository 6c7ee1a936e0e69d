import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailsTo, sent } from '#support/given';
import { expectNoAxeViolations } from './axe.ts';
import { type BrowserWorld, givenTheAppInABrowser, whenSomeoneElseReplies, whenTheClockReaches } from './harness.ts';
import { waitForFocusOn } from './in-page.ts';
import { CARE_LEAVERS } from './pages.ts';
import { screenshot } from './screenshots.ts';

// The scenario of issue 13, as a newcomer plays it in the browser: a manager imports a plan,
// saying who an owner is, creates a cycle (a date that does not exist refused first) and moves
// its board date; time passes and the requests go out; an owner replies from the mailbox and
// the tracker and the draft report show it; a reply from someone else is held and a
// coordinator accepts it; the audit log names who did what. Only "time passes" is done from
// the test (the stack's clock and scheduler); the rest goes through the pages.

const PLAN = { id: 'care-leavers-2026', name: 'Care Leavers Pledge' };
const PLAN_PATH = `/plans/${PLAN.id}`;
const BEN = 'ben.lewis@council.example.org';
const AMINA = 'amina.khan@council.example.org';
const DEPUTY = 'dawn.deputy@council.example.org';
const EVIDENCE = 'Every child in care in the city has a plan this term: 42 of 42.';

let world: BrowserWorld;
let manager: Page;
/** Where the cycle's page is, once created. */
let cyclePath: string;

beforeAll(async () => {
  world = await givenTheAppInABrowser();
  manager = await world.signedInAs('manager');
});
afterAll(async () => {
  await world?.close();
});

/** The cells of a table's body rows, as text, one array per row. */
const rowsOf = (page: Page, caption: string | RegExp) =>
  page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => Array.from((r as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells).map((c) => (c.textContent ?? '').trim())),
    );

/** Types answers into the quoted request, as an owner does in a mail program: on a new line under each quoted label of the action. */
function answered(quoted: string, ref: string, answers: Record<string, string>): string {
  let current: string | null = null;
  return quoted
    .split('\n')
    .flatMap((line) => {
      current = /^> ---- Action (\S+) ----$/.exec(line)?.[1] ?? current;
      const label = /^> ([A-Za-z ]+):$/.exec(line)?.[1];
      return current === ref && label && answers[label] ? [line, answers[label]] : [line];
    })
    .join('\n');
}

/** Reloads the page until `condition` holds: the page shows what arrived since (a hang detector's time at most). */
async function reloadUntil(page: Page, condition: () => Promise<boolean>): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        return condition();
      },
      { timeout: 2 * 60_000, interval: 500 },
    )
    .toBe(true);
}

describe('a whole cycle in the browser', () => {
  it('a manager imports a plan, choosing the person for an owner the importer cannot tell', async () => {
    await manager.getByRole('link', { name: 'Import a plan' }).click();
    await manager.getByLabel('Plan id').fill(PLAN.id);
    await manager.getByLabel('Plan name (optional)').fill(PLAN.name);
    await manager.getByLabel('Plan file').setInputFiles(CARE_LEAVERS.plan);
    await manager.getByLabel('People file (optional)').setInputFiles(CARE_LEAVERS.people);
    await manager.getByLabel('Coordinator emails').fill('leaving.care@council.example.org');
    await manager.getByRole('button', { name: 'Check the files' }).click();

    await manager.getByRole('heading', { level: 1, name: `Check the import of ${PLAN.name}` }).waitFor();
    expect(await rowsOf(manager, /actions in 2 themes/)).toEqual([
      ['1. Be Healthy', '2'],
      ['2. Enjoy and Achieve', '2'],
    ]);
    expect(await rowsOf(manager, 'Owners not resolved')).toEqual([['Fostering Lead', 'Owner, row 3', expect.any(String), expect.any(String)]]);
    const who = manager.getByLabel('Who is “Fostering Lead”?');
    await who.selectOption({ label: 'Chris Dale (CD)' });
    await screenshot(manager, 'scenario-import-owner-chosen');
    await Promise.all([manager.waitForURL(`${world.baseUrl}${PLAN_PATH}?imported=1`), manager.getByRole('button', { name: 'Commit import' }).click()]);

    expect(await manager.getByRole('heading', { level: 1 }).textContent()).toBe(PLAN.name);
    expect(await manager.getByRole('status').textContent()).toContain('Plan imported');
    const actions = await rowsOf(manager, `Actions of ${PLAN.name}`);
    expect(actions.map(([ref, , , owners]) => [ref, owners])).toEqual([
      ['1.1.1', 'Amina Khan'],
      ['1.1.2', 'Chris Dale'],
      ['2.1.1', 'Ben Lewis'],
      ['2.1.2', expect.stringMatching(/^(Ben Lewis, Amina Khan|Amina Khan, Ben Lewis)$/)],
    ]);
    await expectNoAxeViolations(manager);
  });

  it('creates a cycle: a date that does not exist is refused by its field, then the good dates are scheduled', async () => {
    await manager.getByRole('link', { name: 'Create a cycle' }).click();
    await manager.getByLabel('Name of the cycle').fill('Spring 2026');
    await manager.getByLabel('Requests open date').fill('22/4/2026');
    await manager.getByLabel('Draft reports date').fill('13/5/2026');
    await manager.getByLabel("Chair's briefing date").fill('20/5/2026');
    await manager.getByLabel('Final reports date').fill('27/5/2026');
    await manager.getByLabel('Board date').fill('31/6/2026');
    await manager.getByRole('button', { name: 'Create cycle' }).click();

    const summary = manager.locator('.error-summary');
    await summary.waitFor();
    expect(await manager.title()).toMatch(/^Error: /);
    expect(await summary.getByRole('link').allTextContents()).toEqual(['The board date must be a real date, for example 18/5/2026']);
    await waitForFocusOn(manager, '.error-summary');
    expect(await manager.locator('#board-error').textContent()).toBe('Error: The board date must be a real date, for example 18/5/2026');
    expect(await manager.getByLabel('Draft reports date').inputValue()).toBe('13/5/2026');
    await expectNoAxeViolations(manager);
    await screenshot(manager, 'scenario-cycle-date-refused');

    await manager.getByLabel('Board date').fill('3/6/2026');
    await manager.getByRole('button', { name: 'Create cycle' }).click();

    await manager.waitForURL((url) => url.searchParams.get('created') === '1');
    cyclePath = new URL(manager.url()).pathname;
    expect(await manager.getByRole('heading', { level: 1 }).textContent()).toBe('Spring 2026');
    expect(await manager.getByRole('status').textContent()).toContain('Cycle created');
    const milestones = await rowsOf(manager, 'Milestones');
    expect(milestones[0]).toEqual([expect.stringMatching(/request/i), expect.stringContaining('22 April 2026'), 'Scheduled']);
  });

  it('moves the board date a week later on the cycle page', async () => {
    await manager.getByLabel('Board', { exact: true }).fill('10/6/2026');
    await manager.getByRole('button', { name: 'Save dates' }).click();

    await manager.waitForURL((url) => url.searchParams.get('saved') === '1');
    expect(await manager.getByRole('status').textContent()).toContain('Dates saved');
    expect(await manager.getByLabel('Board', { exact: true }).inputValue()).toBe('10/6/2026');
  });

  it('when the day requests open comes, the requests go out and the mailbox lists them', async () => {
    const opens = (await world.stack.scheduler.pending()).find((s) => s.event.cycleId.startsWith(PLAN.id) && s.event.milestone === 'requests-open');
    expect(opens?.at).toMatch(/^2026-04-22T/);

    await whenTheClockReaches(world, opens!.at);

    await manager.getByRole('link', { name: 'Mailbox' }).click();
    await manager.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    const requests = (await rowsOf(manager, /emails?$/)).filter(([subject]) => subject!.startsWith(`Update request: ${PLAN.name} - Spring 2026`));
    expect(requests.map(([, to]) => to).sort()).toEqual([AMINA, BEN, 'chris.dale@council.example.org']);
    await manager.reload();
    await expectNoAxeViolations(manager);
  });

  it("an owner's reply sent from the mailbox is confirmed, and the tracker and the draft report show it", async () => {
    await manager.getByLabel('Recipient').selectOption(BEN);
    await manager.getByRole('button', { name: 'Show emails' }).click();
    await manager.waitForURL((url) => url.searchParams.get('to') === BEN);
    await manager.getByRole('link', { name: new RegExp(`^Update request: ${PLAN.name}`) }).click();
    const reply = manager.getByLabel(/^Your reply to /);
    await reply.waitFor();
    await reply.fill(answered(await reply.inputValue(), '2.1.1', { Status: 'On track', 'Evidence update': EVIDENCE }));
    await screenshot(manager, 'scenario-mailbox-reply');

    await manager.getByRole('button', { name: 'Send reply' }).click();

    await manager.waitForURL((url) => url.searchParams.get('replied') === '1');
    expect(await manager.getByRole('status').textContent()).toContain('Reply sent');
    await reloadUntil(manager, async () => (await rowsOf(manager, /emails?/)).some(([subject]) => subject!.startsWith('Update recorded')));

    await manager.goto(cyclePath);
    const ben = (await rowsOf(manager, 'Response tracker')).find(([owner]) => owner === 'Ben Lewis');
    expect(ben?.[4]).toMatch(/2026/);
    const amina = (await rowsOf(manager, 'Response tracker')).find(([owner]) => owner === 'Amina Khan');
    expect(amina?.[4]).toBe('Not yet');

    await manager.getByRole('link', { name: 'Reports' }).click();
    await manager.getByRole('button', { name: 'Compile now (draft progress report)', exact: true }).click();
    await manager.getByRole('link', { name: 'View the draft progress report in the browser' }).click();
    await manager.waitForURL((url) => url.pathname.endsWith('/reports/draft/view'));
    expect(await manager.locator('body').textContent()).toContain(EVIDENCE);
    await expectNoAxeViolations(manager);
    await screenshot(manager, 'scenario-draft-report');
  });

  it('a reply from someone else is held, a coordinator accepts it, and the audit log names who decided what', async () => {
    const request = emailsTo(await sent(world.stack), AMINA).find((e) => e.subject.startsWith('Update request:'))!;
    await whenSomeoneElseReplies(world, request, DEPUTY, { '1.1.1': { status: 'Amber', summary: 'Passports are printed; the first go out in May.' } });
    const coordinator = await world.signedInAs('coordinator');
    await coordinator.goto(cyclePath);

    await coordinator.getByRole('link', { name: 'Held replies' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Held replies' }).waitFor();
    expect(await coordinator.getByText('1 reply is waiting.').count()).toBe(1);
    expect(await coordinator.locator('main').textContent()).toContain('Passports are printed; the first go out in May.');
    await expectNoAxeViolations(coordinator);
    await screenshot(coordinator, 'scenario-held-reply');
    await coordinator.getByRole('button', { name: 'Accept', exact: true }).click();

    await coordinator.waitForURL((url) => url.searchParams.get('done') === 'accept');
    expect(await coordinator.getByRole('status').textContent()).toContain(`The answers from ${DEPUTY} were recorded for Amina Khan`);
    await coordinator.goto(cyclePath);
    const amina = (await rowsOf(coordinator, 'Response tracker')).find(([owner]) => owner === 'Amina Khan');
    expect(amina?.[4]).toMatch(/2026/);

    await coordinator.getByRole('link', { name: 'Audit log' }).click();
    await coordinator.getByLabel('Plan').selectOption({ label: PLAN.name });
    await coordinator.getByRole('button', { name: 'Show decisions' }).click();
    await coordinator.waitForURL((url) => url.searchParams.get('plan') === PLAN.id);
    const decisions = await rowsOf(coordinator, 'Decisions, newest first');
    // Newest first; the clock stood still from the import to the date change, so those three share their time.
    const [newest, ...before] = decisions.map(([, who, decision]) => `${who}: ${decision}`);
    expect(newest).toBe('coordinator: Held reply accepted');
    expect(before.sort()).toEqual(['manager: Cycle created', 'manager: Cycle dates changed', 'manager: Plan imported']);
    await expectNoAxeViolations(coordinator);
    await screenshot(coordinator, 'scenario-audit');
  });
});
