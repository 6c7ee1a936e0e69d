import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '#local/virtual-clock';
import { planpulseIn } from './cli-run.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures');
const sharedFixture = (path: string) => join(root, '../shared/fixtures', path);
let home: string;

// Cycle dates stay in the future whatever day the tests run.
const clock = new VirtualClock(new Date('2027-06-01T08:00:00Z'), 0);

/** The CLI in this process on a private data folder: the same main() `npm run planpulse` runs. */
const planpulse = (...args: string[]) => planpulseIn({ home, clock }, ...args);

/** The CLI as a user runs it, through npm: only for the smoke runs (a process per call is slow). */
async function planpulseThroughNpm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '--silent', 'planpulse', '--', ...args], {
      cwd: root,
      env: { ...process.env, PLANPULSE_HOME: home },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'planpulse-cli-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('planpulse through npm (smoke)', () => {
  it('parses a reply: the entry point runs main and prints its answer', async () => {
    const { code, stdout } = await planpulseThroughNpm('parse-reply', join(fixtures, 'replies/gmail-inline-lb.eml'), '--json');

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(await readFile(join(fixtures, 'replies/gmail-inline-lb.expected.json'), 'utf8')));
  });

  it('opens the store and exits 1 for a plan that is not stored', async () => {
    const shown = await planpulseThroughNpm('plan', 'show', 'notts-npm');

    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('plan "notts-npm" does not exist');
  });
});

describe('planpulse parse-reply', () => {
  it('prints exactly the contract output for every reply fixture', async () => {
    const dir = join(fixtures, 'replies');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.expected.json')).slice(0, 8);

    for (const name of names) {
      const { code, stdout } = await planpulse('parse-reply', join(dir, name.replace('.expected.json', '.eml')), '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout), name).toEqual(JSON.parse(await readFile(join(dir, name), 'utf8')));
    }
  });
});

describe('planpulse import', () => {
  it('prints one JSON object on a dry run and stores nothing', async () => {
    const { code, stdout } = await planpulse('import', join(fixtures, 'plans/nottinghamshire-cla-2012.xlsx'), '--plan', 'notts', '--dry-run', '--json');
    const shown = await planpulse('plan', 'show', 'notts');

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ plan: 'notts', actions: 43 });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('plan "notts" does not exist');
  });

  it('imports, then shows the stored plan', async () => {
    const imported = await planpulse(
      'import',
      join(fixtures, 'plans/nottingham-promise-2011.csv'),
      '--people',
      join(fixtures, 'plans/nottingham-promise-2011.people.csv'),
      '--plan',
      'nottingham-2011',
      '--coordinator',
      'cpb.support@nottingham.example.org',
    );
    const shown = await planpulse('plan', 'show', 'nottingham-2011', '--json');

    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('36 actions');
    expect(JSON.parse(shown.stdout).actions).toHaveLength(36);
  });

  it('explains a file it cannot read and exits 1', async () => {
    const { code, stderr } = await planpulse('import', join(fixtures, 'import/garbage.xlsx'), '--plan', 'x', '--dry-run');

    expect(code).toBe(1);
    expect(stderr).toMatch(/garbage\.xlsx is not a valid \.xlsx workbook/);
  });

  it('shows usage and exits 2 for a missing option', async () => {
    const { code, stderr } = await planpulse('import', 'plan.csv');

    expect(code).toBe(2);
    expect(stderr).toContain('--plan is required');
  });
});

describe('planpulse --help', () => {
  it.each([
    [['import', '--help'], 'import <plan.xlsx|csv|tsv> --plan <id>'],
    [['import', 'plan.csv', '--plan', 'x', '-h'], 'import <plan.xlsx|csv|tsv> --plan <id>'],
    [['cycle', 'create', '--help'], 'cycle create --plan <id> --name <text>'],
    [['plan', 'calendar', 'nottingham-2011', '--help'], 'plan calendar <plan-id>'],
    [['held', 'accept', '-h'], 'held accept --cycle <id> <held-id>'],
    [['help', 'cycle', 'update'], 'cycle update <cycle-id>'],
    [['help', 'report'], 'report --cycle <id> --stage'],
  ])('prints the usage of %j on stdout and exits 0', async (args, expected) => {
    const { code, stdout, stderr } = await planpulse(...args);

    expect(code).toBe(0);
    expect(stdout).toContain(expected);
    expect(stderr).toBe('');
  });

  it('prints only the subcommand asked about', async () => {
    const { stdout } = await planpulse('cycle', 'cancel', '--help');

    expect(stdout).toContain('cycle cancel <cycle-id>');
    expect(stdout).not.toContain('cycle create');
  });

  it('prints every subcommand of a command asked about without one', async () => {
    const { code, stdout } = await planpulse('help', 'delegate');

    expect(code).toBe(0);
    expect(stdout).toMatch(/delegate add[\s\S]*delegate remove[\s\S]*delegate list/);
  });

  it('exits 2 for help on a command that does not exist', async () => {
    const { code, stderr } = await planpulse('help', 'frobnicate');

    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
  });
});

describe('planpulse without a running npm start stack', () => {
  it('keeps every email it sends as an .eml in the outbox and says where', async () => {
    const outbox = join(home, 'outbox');
    const before = existsSync(outbox) ? await readdir(outbox) : [];

    // A reply nobody asked for: the sender is told it was not recorded.
    const { code, stdout, stderr } = await planpulse('reply', join(fixtures, 'replies/gmail-inline-lb.eml'));

    const kept = (await readdir(outbox)).filter((n) => !before.includes(n));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'rejected' });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^\d{8}-\d{6}-lorna\.beedham@nottingham\.example\.org-your-update-was-not-recorded-\d+\.eml$/);
    const mail = await simpleParser(await readFile(join(outbox, kept[0]!)));
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('lorna.beedham@nottingham.example.org');
    expect(mail.subject).toBe('Your update was not recorded');
    expect(stderr).toContain(`1 email kept in ${outbox}/`);
    expect(stderr).toContain('npm start');
  });
});

describe('planpulse cycle', () => {
  const plan = ['--plan', 'nottingham-2011'];
  const dates = ['--draft', '10/5/2028', '--briefing', '17/5/2028', '--final', '24/5/2028', '--board', '7/6/2028'];
  beforeAll(async () => {
    await planpulse(
      'import',
      join(fixtures, 'plans/nottingham-promise-2011.csv'),
      '--people',
      join(fixtures, 'plans/nottingham-promise-2011.people.csv'),
      ...plan,
    );
  });

  it('checks a cycle on a dry run and stores nothing', async () => {
    const dryRun = await planpulse('cycle', 'create', ...plan, '--name', 'Q1 2028/29', ...dates, '--dry-run', '--json');
    const listed = await planpulse('cycle', 'list', ...plan);

    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout).cycles).toMatchObject([{ id: 'nottingham-2011-2028-05-10', dates: { draft: '2028-05-10', board: '2028-06-07' } }]);
    expect(listed.stdout).toContain('No cycles.');
  });

  it('creates, shows, re-plans and cancels a cycle', async () => {
    const created = await planpulse('cycle', 'create', ...plan, '--name', 'Q1 2028/29', ...dates);
    const updated = await planpulse('cycle', 'update', 'nottingham-2011-2028-05-10', '--board', '8/6/2028');
    const shown = await planpulse('cycle', 'show', 'nottingham-2011-2028-05-10', '--json');
    const cancelled = await planpulse('cycle', 'cancel', 'nottingham-2011-2028-05-10');

    expect([created.code, updated.code, shown.code, cancelled.code]).toEqual([0, 0, 0, 0]);
    expect(created.stdout).toMatch(/^Created\.\nCycle nottingham-2011-2028-05-10 "Q1 2028\/29" \(scheduled, version 1\)/);
    expect(created.stdout).toContain('draft            2028-05-10 17:00 BST  scheduled');
    expect(updated.stdout).toContain('board            2028-06-08 08:00 BST  scheduled');
    expect(JSON.parse(shown.stdout).cycles[0].dates.board).toBe('2028-06-08');
    expect(cancelled.stdout).toMatch(/^Cancelled\.\nCycle nottingham-2011-2028-05-10 "Q1 2028\/29" \(cancelled/);
  });

  it('refuses the same dates twice with exit 1, and creates the second only with --allow-overlap', async () => {
    const overlapDates = ['--draft', '11/10/2028', '--briefing', '18/10/2028', '--final', '25/10/2028', '--board', '8/11/2028'];
    const first = await planpulse('cycle', 'create', ...plan, '--name', 'Q3 2028/29', ...overlapDates);

    const again = await planpulse('cycle', 'create', ...plan, '--name', 'Q3 2028/29', ...overlapDates);
    const allowed = await planpulse('cycle', 'create', ...plan, '--name', 'Q3 again', ...overlapDates, '--allow-overlap');

    expect([first.code, again.code, allowed.code]).toEqual([0, 1, 0]);
    expect(again.stderr).toContain('overlap cycle nottingham-2011-2028-10-11 "Q3 2028/29"');
    expect(again.stderr).toContain('--allow-overlap');
    expect(allowed.stdout).toContain('warning: overlaps cycle nottingham-2011-2028-10-11');
  });

  it('imports nothing from a schedule with bad rows, names each row, and exits 1', async () => {
    const { code, stdout } = await planpulse(
      'cycle',
      'import',
      sharedFixture('plans/nottingham-promise-2011.schedule.csv'),
      ...plan,
      '--allow-past',
      '--dry-run',
    );

    expect(code).toBe(1);
    expect(stdout).toContain('nothing imported');
    expect(stdout).toMatch(/row 6: board \(2011-01-16\) must be on or after final reports/);
  });

  it('says which cycle commands there are for an unknown one and exits 2', async () => {
    const { code, stderr } = await planpulse('cycle', 'frobnicate');

    expect(code).toBe(2);
    expect(stderr).toContain('unknown cycle command "frobnicate" (create, update, cancel, show, list, import)');
  });
});

describe('planpulse evidence-rules', () => {
  it("shows a plan's evidence checks, switches some off and on again, and keeps them over a re-import", async () => {
    // Prepare
    const importPlan = () =>
      planpulse(
        'import',
        join(fixtures, 'plans/nottingham-promise-2011.csv'),
        '--plan',
        'evidence-plan',
        '--coordinator',
        'cpb.support@nottingham.example.org',
      );
    await importPlan();

    // Act
    const shown = await planpulse('evidence-rules', '--plan', 'evidence-plan');
    const off = await planpulse('evidence-rules', '--plan', 'evidence-plan', '--off', 'overdue-on-track,repeated');
    await importPlan();
    const on = await planpulse('evidence-rules', '--plan', 'evidence-plan', '--on', 'repeated', '--json');

    // Assess
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n').slice(0, 3)).toEqual([
      'Evidence checks of plan evidence-plan:',
      '  on   no-evidence              On track or Complete with no evidence',
      '  on   overdue-on-track         On track although the due date (revised due if any) has passed and the action is not complete',
    ]);
    expect(off.stdout).toContain('  off  overdue-on-track ');
    expect(off.stdout).toContain('Changed: switched off overdue-on-track, repeated.');
    expect(JSON.parse(on.stdout)).toMatchObject({
      switchedOn: ['repeated'],
      rules: expect.arrayContaining([
        { id: 'overdue-on-track', description: expect.any(String), on: false },
        expect.objectContaining({ id: 'repeated', on: true }),
      ]),
    });
  });

  it('names the rules when given one it does not know, and exits 1', async () => {
    // Act
    const { code, stderr } = await planpulse('evidence-rules', '--plan', 'evidence-plan', '--off', 'no-evidnce');

    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain(
      '--off "no-evidnce": no rule "no-evidnce"; the rules are no-evidence, overdue-on-track, no-figure, repeated, complete-target-missing.',
    );
  });
});

describe('planpulse report', () => {
  const importWithChair = () =>
    planpulse(
      'import',
      join(fixtures, 'plans/nottingham-promise-2011.csv'),
      '--people',
      join(fixtures, 'plans/nottingham-promise-2011.people.csv'),
      '--plan',
      'report-plan',
      '--coordinator',
      'cpb.support@nottingham.example.org',
      '--chair',
      'board.chair@nottingham.example.org',
    );

  it('writes the stage in the formats asked for to the out folder, and says where', async () => {
    // Prepare
    await importWithChair();
    const created = await planpulse(
      'cycle',
      'create',
      '--plan',
      'report-plan',
      '--name',
      'Q2',
      '--draft',
      '1/7/2027',
      '--briefing',
      '8/7/2027',
      '--final',
      '15/7/2027',
      '--board',
      '22/7/2027',
      '--json',
    );
    const cycleId = JSON.parse(created.stdout).cycles[0].id as string;
    const out = join(home, 'report-out');

    // Act
    const { code, stdout } = await planpulse('report', '--cycle', cycleId, '--stage', 'briefing', '--out', out, '--format', 'html,csv');

    // Assess
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([join(out, `${cycleId}-chairs-briefing.html`), join(out, `${cycleId}-chairs-briefing.csv`)]);
    expect((await readdir(out)).sort()).toEqual([`${cycleId}-chairs-briefing.csv`, `${cycleId}-chairs-briefing.html`]);
    expect(await readFile(join(out, `${cycleId}-chairs-briefing.html`), 'utf8')).toContain('Chair&#x27;s briefing: report-plan - Q2');
  });

  it('keeps the chair given at import with the plan', async () => {
    // Act
    const { stdout } = await planpulse('plan', 'show', 'report-plan');

    // Assess
    expect(stdout).toContain('chair board.chair@nottingham.example.org');
  });

  it.each([
    [['--stage', 'summary'], '--stage must be one of draft, briefing, final, board'],
    [['--stage', 'draft', '--format', 'pdf'], '--format takes a list of html, docx, xlsx, csv (not "pdf")'],
  ])('refuses %j with its usage, exit 2', async (args, message) => {
    // Act
    const { code, stderr } = await planpulse('report', '--cycle', 'any', ...args);

    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
