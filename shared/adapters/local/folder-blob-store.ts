import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { chmod, mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BlobEntry, BlobStore } from '#ports/blob-store';
import { PRIVATE_DIR, PRIVATE_FILE } from './private-files.ts';

/** A blob key that would name a file outside the store, or no file at all: nothing was read or written. */
export class BlobKeyError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`blob key ${JSON.stringify(key)} refused: ${reason}`);
    this.name = 'BlobKeyError';
  }
}

/** Whether `path` is `root` itself or lies under it. */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * A folder standing in for S3 (raw mail, reports). Keys are relative paths of `/`-separated
 * names, as S3 keys are used here; anything else is refused with a BlobKeyError. Folders are
 * made 0700 and files 0600: raw mail is personal data.
 */
export class FolderBlobStore implements BlobStore {
  private readonly root: string;
  private created: Promise<void> | null = null;

  /**
   * `web`: where a local web server serves keys under `prefix` (the local stack serves
   * `reports/`); links to other keys, or with no server, are file:// URLs.
   */
  constructor(
    root: string,
    private readonly web: { baseUrl: string; prefix: string } | null = null,
  ) {
    this.root = resolve(root);
  }

  /** The file a key names, checked by its text alone (no file system access). */
  private path(key: string): string {
    if (key.length === 0) throw new BlobKeyError(key, 'it is empty');
    if (key.includes('\0')) throw new BlobKeyError(key, 'it contains a NUL character');
    if (key.includes('\\')) throw new BlobKeyError(key, 'it contains a backslash (use / between names)');
    if (key.startsWith('/') || isAbsolute(key)) throw new BlobKeyError(key, 'it is an absolute path');
    const names = key.split('/');
    if (names.some((n) => n === '..' || n === '.')) throw new BlobKeyError(key, 'it contains a "." or ".." name');
    if (names.some((n) => n === '')) throw new BlobKeyError(key, 'it contains an empty name (a leading, trailing or double /)');
    const full = resolve(this.root, ...names);
    if (!inside(this.root, full)) throw new BlobKeyError(key, 'it resolves outside the store');
    return full;
  }

  /** Creates the store's folder, private, once; a failure is tried again on the next write. */
  private ready(): Promise<void> {
    this.created ??= (async () => {
      await mkdir(this.root, { recursive: true, mode: PRIVATE_DIR });
      await chmod(this.root, PRIVATE_DIR);
    })().catch((e: unknown) => {
      this.created = null;
      throw e;
    });
    return this.created;
  }

  /**
   * A symbolic link inside the store could still lead a checked key elsewhere: the folder a
   * file is in, or the nearest part of it that exists yet, must resolve inside the store too.
   */
  private async checkFolder(key: string, folder: string): Promise<void> {
    let existing = folder;
    for (;;) {
      try {
        existing = await realpath(existing);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || existing === this.root) throw e;
        existing = dirname(existing);
      }
    }
    if (!inside(await realpath(this.root), existing)) throw new BlobKeyError(key, 'it resolves outside the store (through a link)');
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const target = this.path(key);
    const folder = dirname(target);
    await this.ready();
    // Checked before mkdir too, so a link cannot even get a folder made outside the store.
    await this.checkFolder(key, folder);
    await mkdir(folder, { recursive: true, mode: PRIVATE_DIR });
    await this.checkFolder(key, folder);
    // Write a temp file of this write's own, then rename: a reader never sees half a file,
    // and writers of the same key in parallel (the same mail redelivered) never share a
    // temp file, so each rename succeeds and the last one wins with a whole file.
    const tmp = join(folder, `.tmp-${randomUUID()}`);
    try {
      await writeFile(tmp, body, { mode: PRIVATE_FILE, flag: 'wx' });
      await rename(tmp, target);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    const target = this.path(key);
    try {
      await this.checkFolder(key, dirname(target));
      return await readFile(target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /**
   * The files under the folder that holds every key with this prefix, as keys, with their
   * modification times. Symbolic links are not followed, and temp files of writes still
   * under way are not blobs yet.
   */
  async list(prefix: string): Promise<BlobEntry[]> {
    const cut = prefix.lastIndexOf('/');
    const folderKey = cut < 0 ? '' : prefix.slice(0, cut);
    const start = folderKey === '' ? this.root : this.path(folderKey);
    const entries: BlobEntry[] = [];
    const walk = async (folder: string): Promise<void> => {
      let names: Dirent[];
      try {
        names = await readdir(folder, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return;
        throw e;
      }
      for (const entry of names) {
        const full = join(folder, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && !entry.name.startsWith('.tmp-')) {
          const key = relative(this.root, full).split(sep).join('/');
          if (!key.startsWith(prefix)) continue;
          try {
            entries.push({ key, lastModified: (await stat(full)).mtime });
          } catch (e) {
            // Deleted between the listing and the stat: not there any more.
            if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
          }
        }
      }
    };
    try {
      await this.checkFolder(folderKey || '.', start);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    await walk(start);
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Removes the files of these keys (checked as `put` checks them); a file already gone is fine. */
  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const target = this.path(key);
      try {
        await this.checkFolder(key, dirname(target));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      await rm(target, { force: true });
    }
  }

  locate(key: string): string {
    return this.path(key);
  }

  /** The local web address of a served key (no expiry locally), else its file:// URL. */
  async link(key: string, _expiresInSeconds: number): Promise<string> {
    const path = this.path(key);
    if (this.web && key.startsWith(this.web.prefix)) return `${this.web.baseUrl}${key.split('/').map(encodeURIComponent).join('/')}`;
    return pathToFileURL(path).href;
  }
}
