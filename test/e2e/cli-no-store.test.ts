import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planpulseIn } from './cli-run.ts';

// Its own file, so its own module registry: nothing else here has loaded the local stack.
const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
let parent: string;
let home: string;

/** Whether dynalite (the embedded DynamoDB, loaded only with the local stack) is loaded in this process. */
const dynaliteLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/node_modules/dynalite/'));

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'planpulse-cli-nostore-'));
  home = join(parent, '.planpulse');
});
afterAll(() => rm(parent, { recursive: true, force: true }));

describe('planpulse commands that need no store', () => {
  it('parse replies, print help and report usage errors without loading or starting the local stack', async () => {
    const runs = [
      await planpulseIn({ home }, 'parse-reply', join(fixtures, 'replies/gmail-inline-lb.eml'), '--json'),
      await planpulseIn({ home }, '--help'),
      await planpulseIn({ home }, 'cycle', 'create', '--help'),
      await planpulseIn({ home }, 'import', 'plan.csv'),
    ];

    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 2]);
    expect(dynaliteLoaded()).toBe(false);
    expect(existsSync(home)).toBe(false);
  });

  it('load and start it for a command that reads the store', async () => {
    const { code, stderr } = await planpulseIn({ home }, 'plan', 'show', 'nobody');

    expect([code, stderr]).toEqual([1, expect.stringContaining('plan "nobody" does not exist')]);
    expect(dynaliteLoaded()).toBe(true);
    expect(existsSync(join(home, 'dynamodb'))).toBe(true);
  });
});
