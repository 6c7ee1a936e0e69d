import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '#local/virtual-clock';
import { planpulseIn } from './cli-run.ts';

// `planpulse purge` on the local store (a data folder of its own): the usage, the messages for
// a bad day, and the counts it prints, on a past cycle whose report was compiled.
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const clock = new VirtualClock(new Date('2024-07-01T10:00:00Z'), 0);
let home: string;
const planpulse = (...args: string[]) => planpulseIn({ home, clock }, ...args);
const CYCLE = 'nottingham-2011-2024-02-05';

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'planpulse-cli-purge-'));
  const plan = ['--plan', 'nottingham-2011', '--coordinator', 'cpb.support@nottingham.example.org'];
  const people = ['--people', join(fixtures, 'plans/nottingham-promise-2011.people.csv')];
  expect((await planpulse('import', join(fixtures, 'plans/nottingham-promise-2011.csv'), ...people, ...plan)).code).toBe(0);
  const dates = ['--draft', '5/2/2024', '--briefing', '12/2/2024', '--final', '19/2/2024', '--board', '4/3/2024'];
  expect((await planpulse('cycle', 'create', '--plan', 'nottingham-2011', '--name', 'Q4 2023/24', ...dates, '--allow-past')).code).toBe(0);
  expect((await planpulse('report', '--cycle', CYCLE, '--stage', 'draft', '--out', join(home, 'out'))).code).toBe(0);
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('planpulse purge', () => {
  it('names the option and an example for a day it cannot read', async () => {
    const run = await planpulse('purge', '--before', '31/2/2024');

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('--before "31/2/2024" is not a date: use day/month/year (10/5/2026) or 2026-05-10.\n');
  });

  it('refuses a day after today', async () => {
    const run = await planpulse('purge', '--before', '2/7/2024');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--before 2024-07-02 is after today (2024-07-01)');
  });

  it('shows its usage for a stray argument', async () => {
    const run = await planpulse('purge', '2024-04-01');

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('purge takes no "2024-04-01": give the day as --before <date>, e.g. --before 2024-04-01');
    expect(run.stderr).toContain('purge [--before <date>] [--dry-run] [--json]');
  });

  it('prints what a dry run would delete, kind by kind', async () => {
    const run = await planpulse('purge', '--before', '1/4/2024', '--dry-run');

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Dry run, nothing deleted or recorded. A purge would delete what was received before 1 April 2024, and the reports of cycles whose board met before then:',
        '  0  updates',
        '  0  notes (out-of-office or text outside the form)',
        '  0  held replies',
        '  0  personal-data checks',
        '  0  notices to held replies’ senders',
        '  0  rejected mail records',
        '  0  quarantined mail records',
        '  0  inbound mail records',
        '  0  explanations sent to senders',
        '  1  report records',
        '  5  report files',
        '  0  raw mail messages',
        '  0  long answer texts',
        `from 1 cycle(s): ${CYCLE}`,
        '',
      ].join('\n'),
    );
  });

  it('purges, says where it is recorded, and finds nothing the second time', async () => {
    const first = await planpulse('purge', '--before', '2024-04-01');
    const second = await planpulse('purge', '--before', '2024-04-01', '--json');

    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Purged what was received before 1 April 2024/);
    expect(first.stdout).toContain('Recorded in the audit log (purge#2024-04-01#2024-04-01).');
    expect(JSON.parse(second.stdout)).toMatchObject({ before: '2024-04-01', dryRun: false, auditId: null, counts: { reports: 0, reportFiles: 0 } });
  });

  it('without --before, cuts at today less the local retention settings', async () => {
    const run = await planpulse('purge', '--dry-run', '--json');

    // Seven years of updates (2,557 days: 1 July 2017) and 400 days of raw mail by default.
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ before: '2017-07-01', rawMailBefore: '2023-05-28', dryRun: true });
  });
});
