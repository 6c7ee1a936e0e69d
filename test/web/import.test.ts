import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, givenAStackWithThePlan, PLAN_ID, type TestStack } from '#support/given';
import { importPlan } from '#use-cases/import-plan';
import { createWebApp } from '../../shared/web/app.ts';
import { cookiesOf, csrfIn, ORIGIN, postForm } from '#support/web-session';

const USERS = [
  { username: 'manager', password: 'manager-pass', role: 'manager' as const },
  { username: 'manager2', password: 'manager2-pass', role: 'manager' as const },
  { username: 'coordinator', password: 'coordinator-pass', role: 'coordinator' as const },
];
const COORDINATOR_EMAIL = 'cpb.support@nottingham.example.org';
const PLAN_CSV = readFileSync(fixture('plans/nottingham-promise-2011.csv'));
const PEOPLE_CSV = readFileSync(fixture('plans/nottingham-promise-2011.people.csv'));

let stack: TestStack;
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  app = createWebApp(stack.deps, { users: USERS, secret: 'test-secret-of-the-web-app' });
});
afterAll(async () => {
  await stack?.stop();
});

const post = (path: string, form: Record<string, string>, cookie = '') => postForm(app, path, form, cookie);
const get = (path: string, cookie: string) => app.request(path, { headers: { Cookie: cookie } });

interface Signed {
  cookie: string;
  csrf: string;
}
async function signIn(username: string): Promise<Signed> {
  const form = await app.request('/sign-in');
  const res = await post('/sign-in', { csrf: csrfIn(await form.text())!, username, password: `${username}-pass` }, cookiesOf(form));
  expect(res.status).toBe(303);
  const cookie = cookiesOf(res);
  return { cookie, csrf: csrfIn(await (await get('/', cookie)).text())! };
}

type Upload = { name: string; content: Buffer | string };

/** The import form sent as a browser sends it (multipart, with its files). */
function upload(who: Signed | { cookie: string; csrf?: string }, fields: Record<string, string>, files: Record<string, Upload>) {
  const body = new FormData();
  if (who.csrf) body.append('csrf', who.csrf);
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  for (const [k, f] of Object.entries(files)) body.append(k, new File([f.content], f.name));
  return app.request('/plans/import', { method: 'POST', headers: { Origin: ORIGIN, Cookie: who.cookie }, body });
}

const NOTTINGHAM = { planFile: { name: 'nottingham-promise-2011.csv', content: PLAN_CSV }, peopleFile: { name: 'people.csv', content: PEOPLE_CSV } };
const fieldsFor = (planId: string, more: Record<string, string> = {}) => ({
  planId,
  name: 'Promise (web)',
  coordinators: COORDINATOR_EMAIL,
  chairs: '',
  sheet: '',
  ...more,
});

const uploadIdIn = (html: string) => /name="upload" value="([0-9a-f]{32})"/.exec(html)?.[1];
/** The owner choices of a preview: owner text → its select's name. */
const ownerFieldsIn = (html: string) =>
  new Map([...html.matchAll(/name="ownerText-(\d+)" value="([^"]*)"/g)].map((m) => [m[2]!.replaceAll('&amp;', '&'), `owner-${m[1]}`]));
/** Every hidden owner text of a preview, as a browser sends them back. */
const ownerTextsIn = (html: string) =>
  Object.fromEntries([...html.matchAll(/name="(ownerText-\d+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll('&amp;', '&')]));

const importsOf = async (planId: string) => (await stack.deps.store.listAudit({ planId })).filter((e) => e.action === 'plan.import');

describe('importing a plan in the browser', () => {
  it('the plans page links a manager to the import form, and the form has a label for every field', async () => {
    const manager = await signIn('manager');
    expect(await (await get('/', manager.cookie)).text()).toContain('href="/plans/import"');
    const res = await get('/plans/import', manager.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const id of ['planId', 'name', 'planFile', 'peopleFile', 'coordinators', 'chairs', 'sheet']) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('enctype="multipart/form-data"');
  });

  it('a preview shows the themes, the warnings and the owners not resolved, and stores nothing', async () => {
    const manager = await signIn('manager');
    const res = await upload(manager, fieldsFor('web-preview'), NOTTINGHAM);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Nothing is stored yet');
    expect(html).toContain('36 actions in 5 themes');
    // the importer's warnings, with file and row
    expect(html).toMatch(/<td>nottingham-promise-2011.csv<\/td><td>29<\/td><td>Ref 2.2.1 appears again/);
    // the owners it could not resolve, with their rows, each with a choice of person
    expect(html).toMatch(/<th scope="row">SC<\/th><td><div>Owner, rows 7, 32<\/div><\/td><td>Matches nobody in the people file/);
    const owners = ownerFieldsIn(html);
    expect([...owners.keys()]).toEqual(expect.arrayContaining(['SC', 'SM F&A', 'Service Manager CiC', 'Connexions']));
    expect(html).toContain('Leave unresolved');
    expect(html).toMatch(/<option value="HB">Helen Blackman \(HB\)<\/option>/);
    // nothing stored, but the files are staged for the commit
    expect(await stack.deps.store.getPlan('web-preview')).toBeNull();
    expect(await importsOf('web-preview')).toEqual([]);
    const id = uploadIdIn(html)!;
    expect((await stack.deps.blobs.get(`uploads/${id}/plan`))?.equals(PLAN_CSV)).toBe(true);
  });

  it('an owner chosen on the preview is kept when checking again, and stored with the action on commit', async () => {
    const manager = await signIn('manager');
    const preview = await (await upload(manager, fieldsFor('web-commit'), NOTTINGHAM)).text();
    const upload_ = uploadIdIn(preview)!;
    const sc = ownerFieldsIn(preview).get('SC')!;
    const choices = { csrf: manager.csrf, upload: upload_, ...ownerTextsIn(preview), [sc]: 'HB' };

    const checked = await post('/plans/import/confirm', { ...choices, step: 'check' }, manager.cookie);
    expect(checked.status).toBe(200);
    const again = await checked.text();
    expect(again).toMatch(new RegExp(`<select id="${sc}" name="${sc}">.*?<option value="HB" selected="">`, 's'));
    expect(await stack.deps.store.getPlan('web-commit')).toBeNull();

    const committed = await post('/plans/import/confirm', { ...choices, step: 'commit' }, manager.cookie);
    expect(committed.status).toBe(303);
    expect(committed.headers.get('location')).toBe('/plans/web-commit?imported=1');
    const actions = await stack.deps.store.getActions('web-commit');
    expect(actions).toHaveLength(36);
    const withSc = actions.filter((a) => a.ownerText?.split(/[/,&]/).some((t) => t.trim() === 'SC'));
    expect(withSc.length).toBeGreaterThan(0);
    for (const a of withSc) expect(a.owners).toContain('HB');
    // who did it is in the audit log
    const entries = await importsOf('web-commit');
    expect(entries.map((e) => e.actor)).toEqual(['manager']);
    expect(entries[0]!.summary).toContain('nottingham-promise-2011.csv: 36 actions');
    const page = await (await get(committed.headers.get('location')!, manager.cookie)).text();
    expect(page).toContain('Plan imported');
  });

  it('a re-import shows the diff from the stored plan first, and changes nothing until committed', async () => {
    const v1 = 'Ref,Theme,Action,Lead\n1.1,Health,Check health plans,HB\n1.2,Health,Recruit carers,GG\n2.1,Learning,Tutor every child,GE\n';
    const v2 = 'Ref,Theme,Action,Lead\n1.1,Health,Check every health plan,HB\n2.1,Learning,Tutor every child,GE\n2.2,Learning,Visit every school,GE\n';
    const people = { fileName: 'people.csv', content: PEOPLE_CSV };
    await importPlan({ planId: 'web-diff', plan: { fileName: 'v1.csv', content: Buffer.from(v1) }, people, coordinators: [COORDINATOR_EMAIL] }, stack.deps);
    const manager = await signIn('manager');
    const res = await upload(manager, fieldsFor('web-diff', { coordinators: '' }), { planFile: { name: 'v2.csv', content: v2 } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('a new version of a stored plan');
    expect(html).toMatch(/Added \(1\)<\/th><td>2.2</);
    expect(html).toMatch(/Changed \(1\)<\/th><td><ul><li>1.1: action<\/li>/);
    expect(html).toMatch(/Archived, no longer in the file \(1\)<\/th><td>1.2</);
    // the stored people are kept for a re-import without a people file, so owners still resolve
    expect(html).toContain('Every owner was matched');
    expect((await stack.deps.store.getActions('web-diff')).map((a) => a.title)).toContain('Check health plans');
    const committed = await post('/plans/import/confirm', { csrf: manager.csrf, upload: uploadIdIn(html)!, step: 'commit' }, manager.cookie);
    expect(committed.status).toBe(303);
    const after = await stack.deps.store.getActions('web-diff', { includeArchived: true });
    expect(after.find((a) => a.ref === '1.1')?.title).toBe('Check every health plan');
    expect(after.find((a) => a.ref === '1.2')?.archived).toBe(true);
    expect((await stack.deps.store.getPeople('web-diff')).length).toBeGreaterThan(0);
  });

  it("the form's problems are shown by their fields in an error summary, and nothing is staged", async () => {
    const manager = await signIn('manager');
    const res = await upload(manager, fieldsFor('Bad Id', { coordinators: 'not-an-email' }), {});
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('There is a problem');
    expect(html).toMatch(/<a href="#planId">Use lower-case letters, digits and dashes/);
    expect(html).toMatch(/<a href="#coordinators">“not-an-email” is not an email address/);
    expect(html).toMatch(/<a href="#planFile">Choose the plan file/);
    expect(html).toMatch(/id="coordinators-error"/);
    expect(html).toContain('value="not-an-email"');
    expect(uploadIdIn(html)).toBeUndefined();
  });

  it("the importer's refusal of a file is shown next to that file", async () => {
    const manager = await signIn('manager');
    const res = await upload(manager, fieldsFor('web-garbage'), { planFile: { name: 'garbage.csv', content: readFileSync(fixture('import/garbage.csv')) } });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<a href="#planFile">Garbage.csv/i);
    expect(html).toMatch(/id="planFile-error"/);
    expect(await stack.deps.store.getPlan('web-garbage')).toBeNull();
  });

  it('a new plan with no coordinator is refused at the preview, by the field', async () => {
    const manager = await signIn('manager');
    const res = await upload(manager, fieldsFor('web-no-coordinator', { coordinators: '' }), NOTTINGHAM);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/<a href="#coordinators">Enter at least one coordinator email/);
  });

  it('a coordinator gets a 403 page for the form, the upload and the commit, and nothing is stored', async () => {
    const coordinator = await signIn('coordinator');
    expect(await (await get('/', coordinator.cookie)).text()).not.toContain('href="/plans/import"');
    expect((await get('/plans/import', coordinator.cookie)).status).toBe(403);
    const res = await upload(coordinator, fieldsFor('web-coordinator'), NOTTINGHAM);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Only a manager can import a plan');
    const manager = await signIn('manager');
    const id = uploadIdIn(await (await upload(manager, fieldsFor('web-coordinator'), NOTTINGHAM)).text())!;
    const commit = await post('/plans/import/confirm', { csrf: coordinator.csrf, upload: id, step: 'commit' }, coordinator.cookie);
    expect(commit.status).toBe(403);
    expect(await stack.deps.store.getPlan('web-coordinator')).toBeNull();
  });

  it('an upload without the CSRF token gets 403 and is not staged', async () => {
    const manager = await signIn('manager');
    const res = await upload({ cookie: manager.cookie }, fieldsFor('web-no-csrf'), NOTTINGHAM);
    expect(res.status).toBe(403);
    expect(uploadIdIn(await res.text())).toBeUndefined();
    const commit = await post('/plans/import/confirm', { upload: '0'.repeat(32), step: 'commit' }, manager.cookie);
    expect(commit.status).toBe(403);
  });

  it("another user's upload id is refused, and an unknown or malformed one is gone", async () => {
    const manager = await signIn('manager');
    const id = uploadIdIn(await (await upload(manager, fieldsFor('web-theirs'), NOTTINGHAM)).text())!;
    const other = await signIn('manager2');
    const theirs = await post('/plans/import/confirm', { csrf: other.csrf, upload: id, step: 'commit' }, other.cookie);
    expect(theirs.status).toBe(403);
    expect(await theirs.text()).toContain('This import is not yours');
    expect(await stack.deps.store.getPlan('web-theirs')).toBeNull();
    for (const upload_ of ['f'.repeat(32), '../../etc/passwd']) {
      const gone = await post('/plans/import/confirm', { csrf: other.csrf, upload: upload_, step: 'commit' }, other.cookie);
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain('This import is no longer available');
    }
  });

  it('a body over 10 MB gets a plain 413 page and is not read', async () => {
    const manager = await signIn('manager');
    const big = Buffer.alloc(11 * 1024 * 1024, 'a');
    const res = await upload(manager, fieldsFor('web-big'), { planFile: { name: 'big.csv', content: big } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('up to 10 MB');
    expect(await stack.deps.store.getPlan('web-big')).toBeNull();
  });
});

describe('people and delegates', () => {
  const peoplePath = `/plans/${PLAN_ID}/people`;

  it("lists the plan's people with their email or none, the actions each owns, and a link from the plan page", async () => {
    const coordinator = await signIn('coordinator');
    expect(await (await get(`/plans/${PLAN_ID}`, coordinator.cookie)).text()).toContain(`href="${peoplePath}"`);
    const res = await get(peoplePath, coordinator.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    const actions = await stack.deps.store.getActions(PLAN_ID);
    const hb = actions.filter((a) => a.owners.includes('HB')).length;
    expect(hb).toBeGreaterThan(0);
    expect(html).toMatch(
      new RegExp(
        `<th scope="row">Helen Blackman</th><td>HB</td><td>Head of Childrens Social Care</td><td>helen.blackman@nottingham.example.org</td><td><a href="/plans/${PLAN_ID}\\?owner=HB">${hb}</a></td>`,
      ),
    );
    const people = await stack.deps.store.getPeople(PLAN_ID);
    const noEmail = people.find((p) => !p.email)!;
    expect(html).toMatch(new RegExp(`<th scope="row">${noEmail.name.replace(/[()]/g, '\\$&')}</th>.*?<td>No email</td>`, 's'));
  });

  it('a bad email is refused by its field and nothing is stored', async () => {
    const coordinator = await signIn('coordinator');
    const res = await post(`/plans/${PLAN_ID}/delegates`, { csrf: coordinator.csrf, owner: 'HB', email: 'dawn at example' }, coordinator.cookie);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<a href="#email">Enter the delegate’s email address in the right form/);
    expect(html).toMatch(/id="email-error"/);
    expect(html).toContain('value="dawn at example"');
    expect(await stack.deps.store.getDelegates(PLAN_ID)).toEqual([]);
  });

  it('a coordinator adds a delegate and removes it again, each recorded with their name', async () => {
    const coordinator = await signIn('coordinator');
    const email = 'dawn.godfrey@nottingham.example.org';
    const added = await post(
      `/plans/${PLAN_ID}/delegates`,
      { csrf: coordinator.csrf, owner: 'HB', email: 'Dawn.Godfrey@nottingham.example.org' },
      coordinator.cookie,
    );
    expect(added.status).toBe(303);
    expect((await stack.deps.store.getDelegates(PLAN_ID)).map((d) => [d.ownerKey, d.email])).toEqual([['HB', email]]);
    const page = await (await get(added.headers.get('location')!, coordinator.cookie)).text();
    expect(page).toContain('Delegate added');
    expect(page).toMatch(new RegExp(`<th scope="row">Helen Blackman</th>.*?<div>${email}</div>`, 's'));

    const removed = await post(`/plans/${PLAN_ID}/delegates/remove`, { csrf: coordinator.csrf, owner: 'HB', email }, coordinator.cookie);
    expect(removed.status).toBe(303);
    expect(await stack.deps.store.getDelegates(PLAN_ID)).toEqual([]);
    const log = (await stack.deps.store.listAudit({ planId: PLAN_ID })).filter((e) => e.action.startsWith('delegate.'));
    expect(log.map((e) => [e.action, e.actor])).toEqual([
      ['delegate.add', 'coordinator'],
      ['delegate.remove', 'coordinator'],
    ]);
    expect(log[1]!.summary).toBe(`Stopped ${email} answering for Helen Blackman.`);

    const again = await post(`/plans/${PLAN_ID}/delegates/remove`, { csrf: coordinator.csrf, owner: 'HB', email }, coordinator.cookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('does not answer for Helen Blackman');
  });

  it('removing a delegate without the CSRF token gets 403 and keeps it', async () => {
    const manager = await signIn('manager');
    await post(`/plans/${PLAN_ID}/delegates`, { csrf: manager.csrf, owner: 'GG', email: 'deputy@nottingham.example.org' }, manager.cookie);
    const res = await post(`/plans/${PLAN_ID}/delegates/remove`, { owner: 'GG', email: 'deputy@nottingham.example.org' }, manager.cookie);
    expect(res.status).toBe(403);
    expect((await stack.deps.store.getDelegates(PLAN_ID)).map((d) => d.email)).toEqual(['deputy@nottingham.example.org']);
  });
});
