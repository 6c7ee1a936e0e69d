import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '#ports/logger';
import { runDemo, type DemoResult } from '#local/demo-cycle';

let out: string;
let demo: DemoResult;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'planpulse-e2e-'));
  demo = await runDemo({ outDir: out, logger: silentLogger });
});
afterAll(() => rm(out, { recursive: true, force: true }));

/** The report section of one action: from its heading to the next heading. */
function section(html: string, ref: string): string {
  const start = html.indexOf(`<h3 style="font-size:15px;margin:16px 0 4px 0">${ref} `);
  const end = html.indexOf('<h', start + 4);
  return html.slice(start, end < 0 ? undefined : end);
}

describe('a whole demo cycle on the local stack', () => {
  it('writes the draft report to the out folder', async () => {
    expect(await readFile(demo.reportPath, 'utf8')).toBe(demo.reportHtml);
  });

  it('names every action of the plan in the report', () => {
    const missing = demo.actions.filter((ref) => section(demo.reportHtml, ref) === '' || !demo.reportHtml.includes(`>${ref} `));

    expect(demo.actions).toHaveLength(36);
    expect(missing).toEqual([]);
  });

  it('shows "No update received" exactly for the actions nobody answered', () => {
    const withoutUpdate = demo.actions.filter((ref) => section(demo.reportHtml, ref).includes('No update received'));
    const unanswered = demo.actions.filter((ref) => !demo.answered.includes(ref));

    expect(unanswered.length).toBeGreaterThan(0);
    expect(demo.answered.length).toBeGreaterThan(0);
    expect(withoutUpdate.sort()).toEqual(unanswered.sort());
  });

  it('sends forms out, confirms replies, reminds the rest and delivers the report', () => {
    const subjects = demo.emails.map((e) => e.subject);

    expect(demo.requestsSent).toBeGreaterThan(10);
    expect(subjects.filter((s) => s.startsWith('Update recorded:')).length).toBe(demo.repliesSent - 1);
    expect(demo.remindersSent).toBeGreaterThan(0);
    expect(subjects.filter((s) => s.startsWith('Draft progress report'))).toHaveLength(1);
  });
});
