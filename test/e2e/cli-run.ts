import type { Clock } from '#ports/clock';
import type { Dns } from '../../shared/ops/doctor.ts';
import { main } from '../../shared/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command in this process, as `npm run planpulse -- …` would, on the data folder `home`. */
export async function planpulseIn(on: { home: string; clock?: Clock; dns?: Dns }, ...args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...on,
  });
  return { code, stdout, stderr };
}
