import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultOpens } from '#domain/milestone-planning';
import { addressOf } from '#adapters/local/ses-local-inbox';
import { givenACycle, givenAStackWithThePlan, PLAN_ID, sent, type TestStack } from '#support/given';
import { runMilestone } from '#use-cases/run-milestone';
import { signedIn, unescaped, WEB_USERS } from '#support/web-session';
import { createWebApp } from '../../shared/web/app.ts';

let stack: TestStack;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  app = createWebApp(stack.deps, { users: WEB_USERS, secret: 'test-secret-of-the-web-app' });
});
afterAll(async () => {
  await stack?.stop();
});

const NEW = `/plans/${PLAN_ID}/cycles/new`;
const cycles = () => stack.deps.store.listCycles(PLAN_ID);
/** The error message shown next to a field (the span tied to it by aria-describedby), as text. */
const errorBy = (html: string, field: string) => {
  const found = new RegExp(`<span class="error-message" id="${field}-error"><span class="skip">Error: </span>([^<]*)</span>`).exec(html)?.[1];
  return found === undefined ? undefined : unescaped(found);
};
/** A cycle's dates as a manager types them, day first. */
const typed = (draft: string, briefing: string, final: string, board: string) => ({ name: 'Summer 2026', draft, briefing, final, board });

describe('creating a cycle', () => {
  it('stores the cycle a manager typed, records who created it, and shows it with a notice', async () => {
    const manager = await signedIn(app, 'mandy.manager');

    const res = await manager.post(NEW, { ...typed('1/6/2026', '8/6/2026', '15/6/2026', '22/6/2026'), name: 'Q1 2026/27', opens: '' });

    expect(res.status).toBe(303);
    const id = `${PLAN_ID}-2026-06-01`;
    expect(res.headers.get('location')).toBe(`/plans/${PLAN_ID}/cycles/${id}?created=1`);
    const stored = await stack.deps.store.getCycle(id);
    expect(stored).toMatchObject({
      name: 'Q1 2026/27',
      state: 'scheduled',
      dates: { opens: defaultOpens('2026-06-01'), draft: '2026-06-01', briefing: '2026-06-08', final: '2026-06-15', board: '2026-06-22' },
    });
    const audit = await stack.deps.store.listAudit({ planId: PLAN_ID });
    expect(audit.filter((a) => a.action === 'cycle.create' && a.cycleId === id)).toMatchObject([{ actor: 'mandy.manager' }]);
    const page = await (await manager.get(res.headers.get('location')!)).text();
    expect(page).toContain('Cycle created');
    expect(page).toContain('<h1>Q1 2026/27</h1>');
  });

  it('takes an opening date in ISO form', async () => {
    const manager = await signedIn(app, 'mandy.manager');

    const res = await manager.post(NEW, { ...typed('2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22'), opens: '2027-02-01' });

    expect(res.status).toBe(303);
    expect((await stack.deps.store.getCycle(`${PLAN_ID}-2027-03-01`))?.dates.opens).toBe('2027-02-01');
  });

  it('puts a date that does not exist next to its field, with an error summary, and stores nothing', async () => {
    const manager = await signedIn(app, 'mandy.manager');
    const before = (await cycles()).length;

    const res = await manager.post(NEW, typed('31/2/2027', '8/3/2027', '15/3/2027', '22/3/2027'));

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorBy(html, 'draft')).toBe('The draft reports date must be a real date, for example 18/5/2026');
    expect(html).toContain('There is a problem');
    expect(html).toContain('<a href="#draft">');
    expect(html).toMatch(/id="draft" name="draft" value="31\/2\/2027"[^>]*aria-describedby="draft-hint draft-error" aria-invalid="true"/);
    expect(html).toContain('<title>Error: Create a cycle - PlanPulse</title>');
    expect((await cycles()).length).toBe(before);
  });

  it("puts the use case's message about dates out of order next to the later date", async () => {
    const manager = await signedIn(app, 'mandy.manager');
    const before = (await cycles()).length;

    const res = await manager.post(NEW, typed('1/10/2026', '20/9/2026', '15/10/2026', '22/10/2026'));

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorBy(html, 'briefing')).toBe("Chair's briefing (2026-09-20) must be on or after draft reports (2026-10-01).");
    expect(errorBy(html, 'draft')).toBeUndefined();
    expect(html).toContain('<a href="#briefing">');
    expect((await cycles()).length).toBe(before);
  });

  it('asks for a name and the dates it needs, each by its field', async () => {
    const manager = await signedIn(app, 'mandy.manager');

    const res = await manager.post(NEW, { name: ' ', draft: '', briefing: '8/3/2027', final: '15/3/2027', board: '22/3/2027' });

    expect(res.status).toBe(400);
    const html = await res.text();
    expect(errorBy(html, 'name')).toBe('Enter a name for the cycle, for example Q1 2026/27');
    expect(errorBy(html, 'draft')).toBe('Enter the draft reports date');
    expect(errorBy(html, 'opens')).toBeUndefined();
  });

  it('refuses a cycle overlapping a running one, in plain words by the checkbox, and creates it once allowed', async () => {
    const manager = await signedIn(app, 'mandy.manager');
    const dates = typed('1/12/2026', '8/12/2026', '15/12/2026', '22/12/2026');
    expect((await manager.post(NEW, dates)).status).toBe(303);
    const before = (await cycles()).length;

    const refused = await manager.post(NEW, dates);

    expect(refused.status).toBe(409);
    const html = await refused.text();
    const message = errorBy(html, 'allowOverlap');
    expect(message).toContain(`These dates overlap cycle ${PLAN_ID}-2026-12-01 "Summer 2026"`);
    expect(message).toContain('tick "Allow this cycle to overlap another cycle" if both are really wanted');
    expect(message).not.toContain('--allow-overlap');
    expect(html).toContain('<a href="#allowOverlap">');
    expect((await cycles()).length).toBe(before);

    const allowed = await manager.post(NEW, { ...dates, allowOverlap: 'yes' });

    expect(allowed.status).toBe(303);
    expect(allowed.headers.get('location')).toContain(`${PLAN_ID}-2026-12-01-2?created=1`);
    expect((await cycles()).length).toBe(before + 1);
  });

  it('is offered to a manager from the plan page', async () => {
    const manager = await signedIn(app, 'mandy.manager');

    const html = await (await manager.get(`/plans/${PLAN_ID}`)).text();

    expect(html).toContain(`<a href="${NEW}">Create a cycle</a>`);
  });
});

describe('a coordinator', () => {
  it('gets no button, a 403 page, and stores nothing', async () => {
    const coordinator = await signedIn(app, 'coordinator');
    const before = (await cycles()).length;

    const plan = await (await coordinator.get(`/plans/${PLAN_ID}`)).text();
    const form = await coordinator.get(NEW);
    const post = await coordinator.post(NEW, typed('1/2/2027', '8/2/2027', '15/2/2027', '22/2/2027'));

    expect(plan).not.toContain('Create a cycle');
    expect(form.status).toBe(403);
    expect(await form.text()).toContain('Only a manager can create a cycle');
    expect(post.status).toBe(403);
    expect((await cycles()).length).toBe(before);
  });
});

describe('cancelling a cycle', () => {
  async function aCycle(draft: string) {
    const manager = await signedIn(app, 'mandy.manager');
    const [y, m] = draft.split('-');
    const res = await manager.post(NEW, { ...typed(draft, `${y}-${m}-20`, `${y}-${m}-24`, `${y}-${m}-28`), allowOverlap: 'yes' });
    expect(res.status).toBe(303);
    return { manager, path: res.headers.get('location')!.replace('?created=1', ''), id: `${PLAN_ID}-${draft}` };
  }

  it('says what will happen before a manager confirms', async () => {
    const { manager, path } = await aCycle('2027-05-10');

    const page = await manager.get(`${path}/cancel`);

    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/the \d+ steps still to come \(such as reminders and reports\) will not happen/);
    expect(html).toContain('no owner has been asked for an update yet, so nobody is emailed.');
    expect(html).toContain('You cannot undo this.');
    expect(html).toContain(`action="${path}/cancel"`);
  });

  it('cancels it, records who did, and the cycle page shows it cancelled', async () => {
    const { manager, path, id } = await aCycle('2027-06-07');
    expect(await (await manager.get(path)).text()).toContain(`href="${path}/cancel"`);

    const res = await manager.post(`${path}/cancel`, {});

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${path}?cancelled=1`);
    expect((await stack.deps.store.getCycle(id))?.state).toBe('cancelled');
    const audit = await stack.deps.store.listAudit({ planId: PLAN_ID });
    expect(audit.filter((a) => a.action === 'cycle.cancel' && a.cycleId === id)).toMatchObject([{ actor: 'mandy.manager' }]);
    const html = await (await manager.get(res.headers.get('location')!)).text();
    expect(html).toContain('Cycle cancelled');
    expect(html).toContain(`Cycle ${id}: cancelled`);
    expect(html).not.toContain(`href="${path}/cancel"`);
    expect(html).not.toContain('Save dates');
  });

  it('tells the owners already asked, once, and says so first', async () => {
    const cycle = await givenACycle(stack);
    await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
    const requests = await stack.deps.store.getRequests(cycle.id);
    const asked = requests.map((r) => r.email);
    const manager = await signedIn(app, 'mandy.manager');
    const path = `/plans/${PLAN_ID}/cycles/${cycle.id}`;

    const page = await (await manager.get(`${path}/cancel`)).text();
    expect(page).toContain(`the ${asked.length} owners already asked for an update get one email saying the cycle is cancelled`);
    await manager.post(`${path}/cancel`, {});
    await manager.post(`${path}/cancel`, {});

    // Posting twice (a double click) tells each owner once.
    const notices = (await sent(stack)).filter((e) => e.subject.startsWith('Cancelled:') && requests.some((r) => e.subject.endsWith(`[ref ${r.token}]`)));
    expect(notices.map((e) => addressOf(e.destination.to[0]!)).sort()).toEqual([...asked].sort());
  });

  it('is refused to a coordinator, and the cycle goes on', async () => {
    const { path, id } = await aCycle('2027-07-05');
    const coordinator = await signedIn(app, 'coordinator');

    const page = await coordinator.get(`${path}/cancel`);
    const post = await coordinator.post(`${path}/cancel`, {});

    expect(page.status).toBe(403);
    expect(post.status).toBe(403);
    expect((await stack.deps.store.getCycle(id))?.state).toBe('scheduled');
    expect(await (await coordinator.get(path)).text()).not.toContain(`${path}/cancel`);
  });
});

describe("changing a cycle's dates", () => {
  it('refuses dates that overlap another live cycle, in plain words by the checkbox, and saves them once allowed', async () => {
    const manager = await signedIn(app, 'mandy.manager');
    expect((await manager.post(NEW, { ...typed('6/3/2028', '13/3/2028', '20/3/2028', '27/3/2028'), name: 'Spring 2028' })).status).toBe(303);
    expect((await manager.post(NEW, { ...typed('8/5/2028', '15/5/2028', '22/5/2028', '29/5/2028'), name: 'Summer 2028' })).status).toBe(303);
    const summer = (await cycles()).find((c) => c.name === 'Summer 2028')!;
    const dmy = (iso: string) => iso.split('-').reverse().map(Number).join('/');
    // Summer's requests would open while Spring is still going on.
    const moved = { opens: dmy('2028-03-01'), draft: dmy('2028-03-28'), briefing: dmy('2028-04-04'), final: dmy('2028-04-11'), board: dmy('2028-04-18') };
    const path = `/plans/${PLAN_ID}/cycles/${encodeURIComponent(summer.id)}/dates`;

    const refused = await manager.post(path, moved);

    expect(refused.status).toBe(409);
    const message = errorBy(await refused.text(), 'allowOverlap');
    expect(message).toContain('tick "Allow this cycle to overlap another cycle" if both are really wanted');
    expect(message).not.toContain('--allow-overlap');
    expect((await stack.deps.store.getCycle(summer.id))!.dates.draft).toBe('2028-05-08');

    const allowed = await manager.post(path, { ...moved, allowOverlap: 'yes' });

    expect(allowed.status).toBe(303);
    expect((await stack.deps.store.getCycle(summer.id))!.dates.draft).toBe('2028-03-28');
  });
});
