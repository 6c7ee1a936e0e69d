import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
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

/** The table row of one action in the report page: from its ref cell to the end of the row. */
function rowOf(html: string, ref: string): string {
  const start = html.indexOf(`<strong>${ref}</strong></td><td valign="top"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
}

describe('a whole demo cycle on the local stack', () => {
  it('writes all four stages in every format to the out folder', async () => {
    const stages = ['draft', 'chairs-briefing', 'final', 'board'];
    const expected = stages.flatMap((s) => ['html', 'docx', 'xlsx', 'csv'].map((f) => `${demo.cycleId}-${s}.${f}`));

    expect((await readdir(out)).sort()).toEqual([...expected].sort());
    expect(demo.reportPaths.map((p) => basename(p)).sort()).toEqual([...expected].sort());
    expect(await readFile(join(out, `${demo.cycleId}-draft.html`), 'utf8')).toBe(demo.reportHtml);
  });

  it('names every action of the plan once in the draft table', () => {
    const rows = demo.actions.map((ref) => demo.reportHtml.split(`<strong>${ref}</strong></td><td valign="top"`).length - 1);

    expect(demo.actions).toHaveLength(36);
    // Once in the action table, and once more in the overdue list when it is overdue.
    expect(rows.filter((n) => n < 1 || n > 2)).toEqual([]);
  });

  it('shows "No update received" exactly for the actions nobody answered', () => {
    const table = demo.reportHtml.slice(demo.reportHtml.indexOf('Actions by theme and objective'));
    const withoutUpdate = demo.actions.filter((ref) => rowOf(table, ref).includes('No update received'));
    const unanswered = demo.actions.filter((ref) => !demo.answered.includes(ref));

    expect(unanswered.length).toBeGreaterThan(0);
    expect(demo.answered.length).toBeGreaterThan(0);
    expect(withoutUpdate.sort()).toEqual(unanswered.sort());
  });

  it("marks the owner's correction after the draft in the final report", async () => {
    const final = await readFile(join(out, `${demo.cycleId}-final.html`), 'utf8');
    const table = final.slice(final.indexOf('by theme and objective'));

    expect(rowOf(table, demo.corrected)).toContain('Changed since the draft; was');
    expect(final).toContain('Changes since the draft (1 action)');
  });

  it('asks the owner of the thin-evidence answer a follow-up question, and flags it in the reports', async () => {
    const confirmation = demo.emails.find((e) => e.subject.startsWith('Update recorded') && e.body.text?.includes(`Action ${demo.thinEvidence}:`))!;
    const briefing = await readFile(join(out, `${demo.cycleId}-chairs-briefing.html`), 'utf8');
    const checks = briefing.slice(briefing.indexOf('Updates to check'), briefing.indexOf('Themes</h2>'));
    const csv = await readFile(join(out, `${demo.cycleId}-draft.csv`), 'utf8');

    expect(confirmation.subject).toMatch(/^Update recorded — \d+ follow-up questions?:/);
    expect(confirmation.body.text).toContain('• Follow-up question: What shows that this action is on track');
    expect(rowOf(demo.reportHtml.slice(demo.reportHtml.indexOf('by theme and objective')), demo.thinEvidence)).toContain(
      '<strong>To check:</strong> On track with no evidence given.',
    );
    expect(rowOf(checks, demo.thinEvidence)).toContain('On track with no evidence given.');
    expect(csv).toContain('On track with no evidence given.');
  });

  it('holds the answer naming a child back from the board pack only, and tells its owner once', async () => {
    const board = await readFile(join(out, `${demo.cycleId}-board.html`), 'utf8');
    const boardCsv = await readFile(join(out, `${demo.cycleId}-board.csv`), 'utf8');
    const draft = await readFile(join(out, `${demo.cycleId}-draft.html`), 'utf8');
    const notices = demo.emails.filter((e) => e.subject.startsWith('Your update for'));

    // internal drafts are never blocked
    expect(draft).toContain('Jamie Smith (DOB 03/04/2011)');
    for (const text of [board, boardCsv]) {
      expect(text).not.toContain('Jamie');
      expect(text).not.toContain('03/04/2011');
    }
    expect(rowOf(board, demo.personalData)).toContain('Withheld pending review');
    expect(board).toContain(`withheld pending a personal-data check (${demo.personalData})`);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toContain(`action ${demo.personalData}`);
    expect(notices[0]!.body.text).toContain('a name or a date of birth');
    expect(notices[0]!.body.text).not.toContain('Jamie');
  });

  it('sends forms out, confirms replies, reminds the rest and delivers each stage once', () => {
    const subjects = demo.emails.map((e) => e.subject);

    expect(demo.requestsSent).toBeGreaterThan(10);
    expect(subjects.filter((s) => s.startsWith('Update recorded')).length).toBe(demo.repliesSent - 1);
    expect(demo.remindersSent).toBeGreaterThan(0);
    for (const title of ['Draft progress report', "Chair's briefing", 'Final progress report', 'Board pack']) {
      expect(subjects.filter((s) => s.startsWith(title))).toHaveLength(1);
    }
    const briefing = demo.emails.find((e) => e.subject.startsWith("Chair's briefing"))!;
    expect(briefing.destination.to.join(' ')).toContain('board.chair@nottingham.example.org');
  });
});
