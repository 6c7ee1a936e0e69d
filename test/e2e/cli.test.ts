import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = join(root, 'test/fixtures');
let home: string;

/** Runs the CLI as a user would (`npm run planpulse -- …` runs exactly this), on a private data folder. */
async function planpulse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(join(root, 'node_modules/.bin/tsx'), ['shared/cli/main.ts', ...args], {
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

describe('planpulse parse-reply', () => {
  it('prints exactly the contract output for every reply fixture', async () => {
    const dir = join(fixtures, 'replies');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.expected.json')).slice(0, 8);

    for (const name of names) {
      const { code, stdout } = await planpulse('parse-reply', join(dir, name.replace('.expected.json', '.eml')), '--json');
      expect(code).toBe(0);
      expect(JSON.parse(stdout), name).toEqual(JSON.parse(await readFile(join(dir, name), 'utf8')));
    }
  }, 60_000);
});

describe('planpulse import', () => {
  it('prints one JSON object on a dry run and stores nothing', async () => {
    const { code, stdout } = await planpulse('import', join(fixtures, 'plans/nottinghamshire-cla-2012.xlsx'), '--plan', 'notts', '--dry-run', '--json');
    const shown = await planpulse('plan', 'show', 'notts');

    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ plan: 'notts', actions: 43 });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('plan "notts" does not exist');
  }, 30_000);

  it('imports, then shows the stored plan', async () => {
    const imported = await planpulse(
      'import', join(fixtures, 'plans/nottingham-promise-2011.csv'),
      '--people', join(fixtures, 'plans/nottingham-promise-2011.people.csv'),
      '--plan', 'nottingham-2011', '--coordinator', 'cpb.support@nottingham.example.org',
    );
    const shown = await planpulse('plan', 'show', 'nottingham-2011', '--json');

    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('36 actions');
    expect(JSON.parse(shown.stdout).actions).toHaveLength(36);
  }, 30_000);

  it('explains a file it cannot read and exits 1', async () => {
    const { code, stderr } = await planpulse('import', join(fixtures, 'import/garbage.xlsx'), '--plan', 'x', '--dry-run');

    expect(code).toBe(1);
    expect(stderr).toMatch(/garbage\.xlsx is not a valid \.xlsx workbook/);
  }, 30_000);

  it('shows usage and exits 2 for a missing option', async () => {
    const { code, stderr } = await planpulse('import', 'plan.csv');

    expect(code).toBe(2);
    expect(stderr).toContain('--plan is required');
  }, 30_000);
});
