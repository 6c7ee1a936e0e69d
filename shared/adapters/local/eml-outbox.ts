import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { composeMime } from '#adapters/ses/mailer';
import type { Clock } from '#ports/clock';
import type { Mailer, OutgoingEmail } from '#ports/mailer';
import { PRIVATE_DIR, PRIVATE_FILE } from './private-files.ts';

/** Lower-case words joined by hyphens, at most `max` characters: safe in any file system. */
function slug(text: string, max: number): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9@.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/**
 * A mailer that sends through `inner` and also keeps each email it sent as an `.eml` file in
 * a folder, named by time, recipient and subject. The local CLI uses it when no `npm start`
 * stack runs: the embedded SES it sends to forgets everything when the command ends, and
 * an email nobody can see is an email lost. The folder is made 0700 (also when it existed)
 * and each file 0600: the emails name people and carry their reply tokens.
 */
export class EmlOutbox implements Mailer {
  private readonly dir: string;
  private seq = 0;
  private tightened = false;
  /** Paths of the files written, in the order sent. */
  readonly kept: string[] = [];

  constructor(
    private readonly inner: Mailer,
    dir: string,
    private readonly from: string,
    private readonly clock: Clock,
  ) {
    this.dir = resolve(dir);
  }

  /** The folder the emails go to. */
  get folder(): string {
    return this.dir;
  }

  async send(email: OutgoingEmail): Promise<{ providerId: string }> {
    const sent = await this.inner.send(email);
    await mkdir(this.dir, { recursive: true, mode: PRIVATE_DIR });
    // `mode` applies only to a folder mkdir creates: tighten one that existed, once.
    if (!this.tightened) {
      await chmod(this.dir, PRIVATE_DIR);
      this.tightened = true;
    }
    const raw = await composeMime(this.from, email);
    const stamp = this.clock.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const base = `${stamp}-${slug(email.to[0] ?? 'nobody', 60)}-${slug(email.subject, 60)}`;
    // Another command may write in the same second: never overwrite, take the next number.
    for (;;) {
      this.seq += 1;
      const path = join(this.dir, `${base}-${String(this.seq).padStart(2, '0')}.eml`);
      try {
        await writeFile(path, raw, { flag: 'wx', mode: PRIVATE_FILE });
        this.kept.push(path);
        return sent;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
  }
}
