import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cycle } from '#domain/model';
import { compileReport, reportKey } from '#use-cases/compile-report';
import { givenACycle, givenAStackWithThePlan, PLAN_ID, sent, type TestStack } from '#support/given';
import { webClient } from '#support/web-client';

// A cycle's reports in the browser: the stored files viewed and downloaded as they are, and a
// stage compiled early from the page (kept, never emailed).
let stack: TestStack;
let cycle: Cycle;
let web: ReturnType<typeof webClient>;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  cycle = await givenACycle(stack);
  await compileReport(cycle.id, 'draft', stack.deps);
  web = webClient(stack.deps);
});
afterAll(() => stack?.stop());

const reportsPath = () => `/plans/${PLAN_ID}/cycles/${cycle.id}/reports`;
const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('the reports page', () => {
  it('lists the four stages, when the draft was compiled, its links, and Compile now for the others; the cycle page links to it', async () => {
    const { cookie } = await web.signIn('coordinator');
    const cyclePage = await (await web.get(`/plans/${PLAN_ID}/cycles/${cycle.id}`, cookie)).text();
    const html = await (await web.get(reportsPath(), cookie)).text();

    expect(cyclePage).toContain(`href="${reportsPath()}"`);
    for (const title of ['Draft progress report', 'Chair&#39;s briefing', 'Final progress report', 'Board pack'])
      expect(html).toContain(`<th scope="row">${title}</th>`);
    const draft = await stack.deps.store.getReport(cycle.id, 'draft');
    expect(html).toContain(`<time datetime="${draft!.generatedAt}">`);
    expect(html).toContain(`href="${reportsPath()}/draft/view"`);
    for (const f of ['html', 'docx', 'xlsx', 'csv']) expect(html).toContain(`href="${reportsPath()}/draft/download/${f}"`);
    expect(html).not.toContain(`action="${reportsPath()}/draft/compile"`);
    expect(html).toContain(`action="${reportsPath()}/final/compile"`);
    expect(html.match(/Compile now/g)).toHaveLength(3);
  });

  it('downloads each format as the stored bytes, with its type and an attachment name', async () => {
    const { cookie } = await web.signIn('coordinator');
    const expected = {
      html: 'text/html; charset=utf-8',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      csv: 'text/csv; charset=utf-8',
    };
    for (const [format, type] of Object.entries(expected)) {
      const res = await web.get(`${reportsPath()}/draft/download/${format}`, cookie);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${cycle.id}-draft.${format}"`);
      const body = await bytesOf(res);
      expect(body.equals((await stack.deps.blobs.get(reportKey(cycle.id, 'draft', format as 'html')))!)).toBe(true);
      if (format === 'docx' || format === 'xlsx') expect(body.subarray(0, 2).toString('latin1')).toBe('PK');
    }
  });

  it('shows the stored page in the browser under its own CSP: inline styles and data: images, nothing else', async () => {
    const { cookie } = await web.signIn('coordinator');
    const res = await web.get(`${reportsPath()}/draft/view`, cookie);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).toContain("style-src 'unsafe-inline'");
    expect(csp).toContain('img-src data:');
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain("form-action 'self'"); // replaced, not added to the app's own CSP
    expect((await bytesOf(res)).equals((await stack.deps.blobs.get(reportKey(cycle.id, 'draft', 'html')))!)).toBe(true);
  });

  it('compiles a stage not compiled yet, keeps it and emails nobody; a second compile is refused', async () => {
    const session = await web.signIn('coordinator');
    expect(await stack.deps.store.getReport(cycle.id, 'chairs-briefing')).toBeNull();
    const before = (await sent(stack)).length;

    const res = await web.post(`${reportsPath()}/chairs-briefing/compile`, { csrf: session.csrf }, session.cookie);

    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${reportsPath()}?compiled=chairs-briefing`);
    expect(await stack.deps.store.getReport(cycle.id, 'chairs-briefing')).toMatchObject({
      stage: 'chairs-briefing',
      key: reportKey(cycle.id, 'chairs-briefing', 'html'),
    });
    expect(await stack.deps.blobs.get(reportKey(cycle.id, 'chairs-briefing', 'docx'))).not.toBeNull();
    expect(await sent(stack)).toHaveLength(before);
    const page = await (await web.get(res.headers.get('location')!, session.cookie)).text();
    expect(page).toContain('Chair&#39;s briefing compiled');
    expect(page).toContain(`href="${reportsPath()}/chairs-briefing/view"`);

    const again = await web.post(`${reportsPath()}/chairs-briefing/compile`, { csrf: session.csrf }, session.cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This report was compiled already, so nothing was changed');
  });

  it('a stage not compiled, an unknown format or stage is a 404 page in plain words', async () => {
    const { cookie } = await web.signIn('coordinator');
    for (const path of ['board/view', 'board/download/docx', 'draft/download/pdf', 'summary/view']) {
      const res = await web.get(`${reportsPath()}/${path}`, cookie);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('This report has not been compiled yet');
    }
  });

  it('signed out, nothing is viewed, downloaded or compiled', async () => {
    const view = await web.get(`${reportsPath()}/draft/view`);
    const download = await web.get(`${reportsPath()}/draft/download/docx`);
    const compile = await web.post(`${reportsPath()}/board/compile`, {});

    expect(view.status).toBe(302);
    expect(await view.text()).not.toContain('Corporate Parenting');
    expect(download.status).toBe(302);
    expect((await bytesOf(download)).subarray(0, 2).toString('latin1')).not.toBe('PK');
    expect(compile.status).toBe(401);
    expect(await stack.deps.store.getReport(cycle.id, 'board')).toBeNull();
  });
});
