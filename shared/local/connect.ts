import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { localConfig } from '#config/config';
import { systemClock, type Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { localDeps, startLocalStack } from './stack.ts';

export const DATA_DIR = resolve(localConfig().PLANPULSE_HOME);
const RUNTIME_FILE = join(DATA_DIR, 'runtime.json');

const Runtime = z.object({
  pid: z.number(),
  dynamodb: z.string(),
  ses: z.string(),
  inbox: z.string(),
  smtpPort: z.number().nullable(),
});
export type Runtime = z.infer<typeof Runtime>;

export function writeRuntime(runtime: Runtime): void {
  writeFileSync(RUNTIME_FILE, JSON.stringify(runtime, null, 2));
}

export function clearRuntime(): void {
  rmSync(RUNTIME_FILE, { force: true });
}

/** The running `npm start` stack, if there is one. */
export function runningStack(): Runtime | null {
  if (!existsSync(RUNTIME_FILE)) return null;
  try {
    const runtime = Runtime.parse(JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')));
    process.kill(runtime.pid, 0);
    return runtime;
  } catch {
    return null;
  }
}

/**
 * Runs `work` against the local store: through the running `npm start` stack when there is
 * one (its dynalite holds the data folder), otherwise on an embedded stack started for the
 * duration of the command on the same data folder.
 */
export async function withLocalDeps<T>(
  logger: Logger,
  work: (deps: Deps, runtime: Runtime | null) => Promise<T>,
  clock: Clock = systemClock,
): Promise<T> {
  const runtime = runningStack();
  if (runtime) {
    const { deps } = localDeps({
      dynamodbEndpoint: runtime.dynamodb,
      sesEndpoint: runtime.ses,
      blobDir: join(DATA_DIR, 'blobs'),
      clock,
      logger,
    });
    return work(deps, runtime);
  }
  const stack = await startLocalStack({ dataDir: DATA_DIR, clock, logger, smtpPort: null });
  try {
    return await work(stack.deps, null);
  } finally {
    await stack.stop();
  }
}
