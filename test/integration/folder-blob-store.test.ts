import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobKeyError, FolderBlobStore } from '#adapters/local/folder-blob-store';
import type { BlobStore } from '#ports/blob-store';

const mode = (path: string) => statSync(path).mode & 0o777;

let base: string;
let root: string;
let blobs: BlobStore;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'planpulse-blob-test-'));
  root = join(base, 'blobs');
  blobs = new FolderBlobStore(root);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('writing the same key in parallel', () => {
  it('stores the same mail delivered 10 times once, failing none', async () => {
    const raw = Buffer.from(`Subject: hello\r\n\r\n${'body line\r\n'.repeat(10_000)}`);

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => blobs.put('inbound/2026-04-20/abc.eml', raw, 'message/rfc822')));

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await blobs.get('inbound/2026-04-20/abc.eml'))?.equals(raw)).toBe(true);
    expect(readdirSync(join(root, 'inbound/2026-04-20'))).toEqual(['abc.eml']);
  });

  it('leaves exactly one of 10 different contents whole, never a mix', async () => {
    // 1 MB each, every byte the writer's number: a mix of two writes would show two numbers.
    const bodies = Array.from({ length: 10 }, (_, i) => Buffer.alloc(1024 * 1024, i));

    await Promise.all(bodies.map((b) => blobs.put('reports/c1/draft.html', b, 'text/html')));

    const stored = (await blobs.get('reports/c1/draft.html'))!;
    expect(bodies.filter((b) => b.equals(stored))).toHaveLength(1);
  });
});

describe('keys that would leave the store', () => {
  // Each key is made once the test's folders exist: the absolute one points next to the store.
  const refused: [string, () => string][] = [
    ['a ".." name', () => '../outside.eml'],
    ['a ".." further in', () => 'inbound/../../outside.eml'],
    ['an absolute path', () => join(base, 'outside.eml')],
    ['a NUL', () => 'inbound/a\0.eml'],
    ['a backslash', () => 'inbound\\..\\..\\outside.eml'],
    ['a "." name', () => 'inbound/./a.eml'],
    ['a double slash', () => 'inbound//a.eml'],
    ['nothing at all', () => ''],
  ];

  for (const [what, keyOf] of refused) {
    it(`refuses a key with ${what}, writing nothing`, async () => {
      const key = keyOf();

      await expect(blobs.put(key, 'x', 'text/plain')).rejects.toThrow(BlobKeyError);

      await expect(blobs.get(key)).rejects.toThrow(BlobKeyError);
      expect(() => blobs.locate(key)).toThrow(/blob key .* refused: /);
      expect(existsSync(join(base, 'outside.eml'))).toBe(false);
      expect(existsSync(root) ? readdirSync(root, { recursive: true }) : []).toEqual([]);
    });
  }

  it('refuses a key that reaches outside through a link in the store', async () => {
    const outside = join(base, 'elsewhere');
    mkdirSync(outside);
    mkdirSync(root);
    symlinkSync(outside, join(root, 'link'));

    await expect(blobs.put('link/a.eml', 'x', 'message/rfc822')).rejects.toThrow(/through a link/);
    await expect(blobs.put('link/deeper/a.eml', 'x', 'message/rfc822')).rejects.toThrow(/through a link/);
    await expect(blobs.get('link/a.eml')).rejects.toThrow(BlobKeyError);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('takes ordinary keys with dots, spaces and @ in names', async () => {
    await blobs.put('inbound/2026-04-20/..hidden..eml', 'a', 'message/rfc822');
    await blobs.put('reports/cycle 1/owner@example.org.html', 'b', 'text/html');

    expect((await blobs.get('inbound/2026-04-20/..hidden..eml'))?.toString()).toBe('a');
    expect((await blobs.get('reports/cycle 1/owner@example.org.html'))?.toString()).toBe('b');
  });
});

describe('file modes', () => {
  it('keeps its folders 0700 and files 0600, also a folder that existed with a looser mode', async () => {
    mkdirSync(root, { mode: 0o755 });

    await blobs.put('inbound/2026-04-20/abc.eml', 'raw', 'message/rfc822');

    expect(mode(root)).toBe(0o700);
    expect(mode(join(root, 'inbound'))).toBe(0o700);
    expect(mode(join(root, 'inbound/2026-04-20'))).toBe(0o700);
    expect(mode(join(root, 'inbound/2026-04-20/abc.eml'))).toBe(0o600);
  });
});

describe('listing and deleting', () => {
  it('lists the keys under a prefix, S3-style, in key order, with their modification times', async () => {
    // Prepare
    await blobs.put('inbound/2024-01-16/b.eml', 'b', 'message/rfc822');
    await blobs.put('inbound/2024-01-16/a.eml', 'a', 'message/rfc822');
    await blobs.put('inbound/2024-02-01/c.eml', 'c', 'message/rfc822');
    await blobs.put('reports/c1/draft.html', 'r', 'text/html');
    utimesSync(join(root, 'inbound/2024-01-16/a.eml'), new Date('2024-01-16T09:30:00Z'), new Date('2024-01-16T09:30:00Z'));

    // Act
    const inbound = await blobs.list('inbound/');
    const january = await blobs.list('inbound/2024-01');

    // Assess
    expect(inbound.map((b) => b.key)).toEqual(['inbound/2024-01-16/a.eml', 'inbound/2024-01-16/b.eml', 'inbound/2024-02-01/c.eml']);
    expect(inbound[0]!.lastModified.toISOString()).toBe('2024-01-16T09:30:00.000Z');
    expect(january.map((b) => b.key)).toEqual(['inbound/2024-01-16/a.eml', 'inbound/2024-01-16/b.eml']);
    expect((await blobs.list('')).map((b) => b.key)).toContain('reports/c1/draft.html');
  });

  it('lists nothing under a prefix with no files, or before the store exists', async () => {
    expect(await blobs.list('inbound/')).toEqual([]);
    await blobs.put('reports/c1/draft.html', 'r', 'text/html');
    expect(await blobs.list('reports/c2/')).toEqual([]);
  });

  it('leaves out temp files of writes under way, and never follows a link out of the store', async () => {
    const outside = join(base, 'elsewhere');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.eml'), 'x');
    await blobs.put('inbound/a.eml', 'a', 'message/rfc822');
    writeFileSync(join(root, 'inbound/.tmp-123'), 'half');
    symlinkSync(outside, join(root, 'inbound/link'));

    expect((await blobs.list('inbound/')).map((b) => b.key)).toEqual(['inbound/a.eml']);
    await expect(blobs.list('inbound/link/')).rejects.toThrow(/through a link/);
  });

  it('deletes the keys given, and takes a key already gone without complaint', async () => {
    await blobs.put('inbound/a.eml', 'a', 'message/rfc822');
    await blobs.put('inbound/b.eml', 'b', 'message/rfc822');

    await blobs.delete(['inbound/a.eml', 'inbound/gone.eml', 'never/was/there.eml']);
    await blobs.delete(['inbound/a.eml']);

    expect(await blobs.get('inbound/a.eml')).toBeNull();
    expect((await blobs.list('inbound/')).map((b) => b.key)).toEqual(['inbound/b.eml']);
  });

  it('refuses to delete a key that would leave the store, deleting nothing', async () => {
    writeFileSync(join(base, 'outside.eml'), 'x');

    await expect(blobs.delete(['../outside.eml'])).rejects.toThrow(BlobKeyError);
    expect(existsSync(join(base, 'outside.eml'))).toBe(true);
  });
});
