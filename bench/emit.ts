/**
 * What every benchmark script shares: `--quick` (small sizes, for CI) and the one line of
 * JSON each script ends with, which `bench/run.ts` collects into `npm run bench -- --json`
 * and `docs/benchmarks.md`.
 */
export const quick = process.argv.includes('--quick');

/** The figures line `bench/run.ts` reads (`@@bench <json>`); a script run by hand prints it too. */
export const BENCH_PREFIX = '@@bench ';

export function emit(figures: unknown): void {
  console.log(`${BENCH_PREFIX}${JSON.stringify(figures)}`);
}

/** Minimum and median of repeated measurements (the issue asks for both). */
export function spread(values: readonly number[]): { min: number; median: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return { min: round(sorted[0] ?? 0), median: round(sorted[Math.floor(sorted.length / 2)] ?? 0), runs: values.length };
}

/** Numeric arguments after the script name, flags left out. */
export const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
