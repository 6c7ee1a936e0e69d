import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Mode of every folder the local stack keeps data in: the owner only. */
export const PRIVATE_DIR = 0o700;
/** Mode of every file the local stack keeps data in: raw mail and reports are personal data. */
export const PRIVATE_FILE = 0o600;

/**
 * Sets every folder under `root` (itself included) to 0700 and every file to 0600, so a data
 * folder made before these modes were used, or by a program that ignores them (LevelDB
 * creates its files 0644), becomes private. Symbolic links are left alone and not followed.
 * A missing `root`, or a file that goes away meanwhile, is nothing to do.
 */
export function makePrivate(root: string): void {
  try {
    const stat = lstatSync(root);
    if (stat.isSymbolicLink()) return;
    const wanted = stat.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE;
    if ((stat.mode & 0o777) !== wanted) chmodSync(root, wanted);
    if (stat.isDirectory()) for (const name of readdirSync(root)) makePrivate(join(root, name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
