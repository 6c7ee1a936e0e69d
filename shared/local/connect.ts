import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as z from 'zod';
import { PRIVATE_FILE } from '#adapters/local/private-files';
import { localConfig } from '#config/config';
import { systemClock, type Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';

/** The local data folder (PLANPULSE_HOME, `.planpulse` by default), absolute. */
export function dataDir(home: string = localConfig().PLANPULSE_HOME): string {
  return resolve(home);
}

const runtimeFile = (dir: string) => join(dir, 'runtime.json');

const Runtime = z.object({
  pid: z.number(),
  dynamodb: z.string(),
  ses: z.string(),
  inbox: z.string(),
  smtpPort: z.number().nullable(),
  /** Where the stack serves compiled reports (`http://localhost:8005/reports/`). */
  reports: z.string().nullable().default(null),
});
export type Runtime = z.infer<typeof Runtime>;

/** Tells later commands where the running `npm start` stack listens. */
export function writeRuntime(runtime: z.input<typeof Runtime>, dir: string = dataDir()): void {
  writeFileSync(runtimeFile(dir), JSON.stringify(runtime, null, 2), { mode: PRIVATE_FILE });
  // `mode` applies only to a new file: one left by a stack that died keeps its old mode.
  chmodSync(runtimeFile(dir), PRIVATE_FILE);
}

export function clearRuntime(dir: string = dataDir()): void {
  rmSync(runtimeFile(dir), { force: true });
}

/** The running `npm start` stack, if there is one. */
export function runningStack(dir: string = dataDir()): Runtime | null {
  if (!existsSync(runtimeFile(dir))) return null;
  try {
    const runtime = Runtime.parse(JSON.parse(readFileSync(runtimeFile(dir), 'utf8')));
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return null;
  }
}

export interface LocalDepsRun {
  logger: Logger;
  clock?: Clock;
  /** The data folder; PLANPULSE_HOME when not given. */
  home?: string;
  /** Where to tell the user about emails kept on disk (stderr in the CLI). */
  say?: (line: string) => void;
}

/** Where mail sent without a running stack went, and where it would have shown otherwise. */
function keptNotice(count: number, folder: string): string {
  const inCwd = relative(process.cwd(), folder);
  const shown = inCwd && !inCwd.startsWith('..') ? inCwd : folder;
  const what = count === 1 ? '1 email kept in' : `${count} emails kept in`;
  return (
    `${what} ${shown}/ as ${count === 1 ? 'an .eml file' : '.eml files'} (open in any mail program): no \`npm start\` stack is running. ` +
    `With one running, mail shows in its inbox (http://localhost:${localConfig().PLANPULSE_SES_PORT}/) instead.`
  );
}

/**
 * Runs `work` against the local store: through the running `npm start` stack when there is
 * one (its dynalite holds the data folder), otherwise on an embedded stack started for the
 * duration of the command on the same data folder. The embedded SES forgets its mail when
 * the command ends, so then every email sent is also kept in `<data folder>/outbox/` and
 * `say` is told how many. The stack's modules load only here: commands that need no store
 * never start (or load) dynalite or the local SES.
 */
export async function withLocalDeps<T>(run: LocalDepsRun, work: (deps: Deps, runtime: Runtime | null) => Promise<T>): Promise<T> {
  const { logger, clock = systemClock } = run;
  const dir = dataDir(run.home);
  const runtime = runningStack(dir);
  if (runtime) {
    const { localDeps } = await import('#composition/local');
    const { deps } = localDeps({
      dynamodbEndpoint: runtime.dynamodb,
      sesEndpoint: runtime.ses,
      blobDir: join(dir, 'blobs'),
      ...(runtime.reports ? { reportsBaseUrl: runtime.reports.replace(/reports\/$/, '') } : {}),
      clock,
      logger,
    });
    return work(deps, runtime);
  }
  const { startLocalStack } = await import('./stack.ts');
  // Lives only as long as the command: nothing would serve a report link afterwards.
  const stack = await startLocalStack({ dataDir: dir, clock, logger, smtpPort: null, outboxDir: join(dir, 'outbox'), serveReports: false });
  try {
    return await work(stack.deps, null);
  } finally {
    await stack.stop();
    if (stack.outbox?.kept.length) run.say?.(keptNotice(stack.outbox.kept.length, stack.outbox.folder));
  }
}
