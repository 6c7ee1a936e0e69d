import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { EmlOutbox } from '#adapters/local/eml-outbox';
import { writeRuntime } from '#local/connect';
import { startLocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import type { Mailer } from '#ports/mailer';

/** The local stack on the data folder `home`, with its outbox, no SMTP. */
const startOn = (home: string) =>
  startLocalStack({ dataDir: home, clock: new VirtualClock(new Date(), 0), logger: silentLogger, smtpPort: null, outboxDir: join(home, 'outbox') });

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every folder and file under `root` (itself included) whose mode is not the private one, with its mode. */
function notPrivate(root: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (path: string) => {
    const rel = relative(root, path) || '.';
    const stat = statSync(path);
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if (!skip(rel) && (stat.mode & 0o777) !== wanted) found[rel] = (stat.mode & 0o777).toString(8);
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(root);
  return found;
}

const email = (subject: string) => ({ to: ['owner@example.org'], subject, text: 'Hello', html: '<p>Hello</p>', messageId: `<${subject}@example.org>` });
const nowhere: Mailer = { send: async () => ({ providerId: 'local' }) };

let base: string;
let home: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'planpulse-privacy-'));
  home = join(base, '.planpulse');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('the local data folder', () => {
  it('is made private when the stack starts: folders 0700, files 0600, also ones that were looser', async () => {
    // A data folder as an earlier version left it: the umask's 0755 and 0644.
    for (const dir of ['dynamodb', 'blobs/inbound/2026-04-01', 'outbox']) mkdirSync(join(home, dir), { recursive: true, mode: 0o755 });
    writeFileSync(join(home, 'blobs/inbound/2026-04-01/old.eml'), 'raw', { mode: 0o644 });
    writeFileSync(join(home, 'outbox/old.eml'), 'sent', { mode: 0o644 });
    writeFileSync(join(home, 'runtime.json'), '{}', { mode: 0o644 });

    const stack = await startOn(home);
    try {
      // LevelDB's own files are born 0644 while it runs; its folder keeps them from others.
      expect(notPrivate(home, (rel) => rel.startsWith('dynamodb/'))).toEqual({});
      expect(mode(join(home, 'dynamodb'))).toBe(0o700);
    } finally {
      await stack.stop();
    }
  });

  it('stays private as the stack writes to it, LevelDB files included once it stops', async () => {
    const stack = await startOn(home);
    try {
      await stack.deps.blobs.put('inbound/2026-04-20/new.eml', 'raw', 'message/rfc822');
      await stack.deps.mailer.send(email('request'));
      writeRuntime({ pid: process.pid, dynamodb: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:2', inbox: 'http://localhost:2/', smtpPort: null }, home);
    } finally {
      await stack.stop();
    }

    expect(readdirSync(join(home, 'outbox'))).toHaveLength(1);
    expect(readdirSync(join(home, 'dynamodb')).length).toBeGreaterThan(0);
    expect(notPrivate(home)).toEqual({});
  });
});

describe('runtime.json', () => {
  it('is written 0600, also over one a stack that died left 0644', () => {
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(join(home, 'runtime.json'), '{}', { mode: 0o644 });

    writeRuntime({ pid: process.pid, dynamodb: 'http://127.0.0.1:1', ses: 'http://127.0.0.1:2', inbox: 'http://localhost:2/', smtpPort: null }, home);

    expect(mode(join(home, 'runtime.json'))).toBe(0o600);
  });
});

describe('the outbox', () => {
  it('keeps its emails 0600 in a 0700 folder, also a folder that existed with a looser mode', async () => {
    const dir = join(base, 'outbox');
    mkdirSync(dir, { mode: 0o755 });
    const outbox = new EmlOutbox(nowhere, dir, 'planpulse@example.org', new VirtualClock(new Date('2026-04-20T08:00:00Z'), 0));

    await outbox.send(email('first'));
    await outbox.send(email('second'));

    expect(mode(dir)).toBe(0o700);
    expect(outbox.kept.map(mode)).toEqual([0o600, 0o600]);
  });
});
