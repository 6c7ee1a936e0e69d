import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { updateCycle } from '#use-cases/set-cycle-dates';
import { givenACycle, givenAStackWithThePlan, PLAN_ID, type TestStack } from '#support/given';
import { webClient } from '#support/web-client';
import { ukTime } from '../../shared/web/pages.tsx';

// The audit log in the browser: every decision, newest first, with who, what and when in UK
// time; filtered by plan; and the same as a CSV download.
let stack: TestStack;
let cycle: Cycle;
let web: ReturnType<typeof webClient>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  stack.clock.advanceTo(new Date('2026-04-20T08:05:00Z'));
  cycle = await givenACycle(stack);
  stack.clock.advanceTo(new Date('2026-04-20T09:30:00Z'));
  await updateCycle({ cycleId: cycle.id, dates: { board: '2026-07-31' }, actor: 'mina.manager' }, stack.deps);
  await stack.deps.store.appendAudit({
    id: 'test#other-plan',
    at: '2026-04-20T10:00:00.000Z',
    actor: '<b>someone</b>',
    action: 'purge',
    planId: 'other-plan',
    cycleId: null,
    summary: 'Deleted <old> replies of another plan.',
  });
  web = webClient(stack.deps);
});
afterAll(() => stack?.stop());

const rowsOf = (html: string) =>
  [...html.matchAll(/<tr><td><time datetime="([^"]+)">[^<]*<\/time><\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);

describe('the audit page', () => {
  it('shows every decision newest first, with UK time, who and the decision in plain words, escaped', async () => {
    const { cookie } = await web.signIn('coordinator');
    const home = await (await web.get('/', cookie)).text();
    const res = await web.get('/audit', cookie);

    expect(home).toMatch(/<nav aria-label="Main"[^>]*><a href="\/audit"[^>]*>Audit log<\/a>/);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(rowsOf(html)).toEqual([
      ['2026-04-20T10:00:00.000Z', '&lt;b&gt;someone&lt;/b&gt;', 'Old data deleted'],
      ['2026-04-20T09:30:00.000Z', 'mina.manager', 'Cycle dates changed'],
      ['2026-04-20T08:05:00.000Z', 'system', 'Cycle created'],
      ['2026-04-20T08:00:00.000Z', 'system', 'Plan imported'],
    ]);
    expect(html).toContain(ukTime('2026-04-20T09:30:00.000Z'));
    expect(html).toContain('Changed the board date from');
    expect(html).toContain(`<a href="/plans/${PLAN_ID}/cycles/${cycle.id}">${cycle.name}</a>`);
    expect(html).toContain('Deleted &lt;old&gt; replies of another plan.');
    expect(html).not.toContain('<b>someone');
  });

  it('filters by plan with a GET form', async () => {
    const { cookie } = await web.signIn('coordinator');
    const html = await (await web.get(`/audit?plan=${PLAN_ID}`, cookie)).text();

    expect(html).toContain('<form method="get" action="/audit"');
    expect(html).toMatch(new RegExp(`<option value="${PLAN_ID}" selected="">`));
    expect(rowsOf(html).map((r) => r[2])).toEqual(['Cycle dates changed', 'Cycle created', 'Plan imported']);
    expect(html).toContain(`href="/audit.csv?plan=${PLAN_ID}"`);
  });

  it('downloads the same entries as CSV with a byte-order mark, oldest first, filtered alike', async () => {
    const { cookie } = await web.signIn('coordinator');
    const res = await web.get(`/audit.csv?plan=${PLAN_ID}`, cookie);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="audit-${PLAN_ID}.csv"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const rows: string[][] = parse(bytes.toString('utf8'), { bom: true });
    expect(rows[0]).toEqual(['When (UTC)', 'Who', 'Decision', 'Plan', 'Cycle', 'What']);
    expect(rows.slice(1).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['system', 'plan.import', PLAN_ID],
      ['system', 'cycle.create', PLAN_ID],
      ['mina.manager', 'cycle.dates', PLAN_ID],
    ]);
    const all: string[][] = parse((await (await web.get('/audit.csv', cookie)).text()).replace(/^\uFEFF/, ''));
    expect(all).toHaveLength(5);
  });

  it('signed out, neither the page nor the CSV gives anything', async () => {
    const page = await web.get('/audit');
    const csv = await web.get('/audit.csv');

    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/sign-in');
    expect(csv.status).toBe(302);
    const text = await csv.text();
    expect(text).not.toContain('mina.manager');
    expect(text).not.toContain('When (UTC)');
  });
});
