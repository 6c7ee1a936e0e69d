/**
 * `npm run bench`: every benchmark, each in a fresh Node process (one's JIT, heap and
 * embedded stand-ins do not slow the next), their figures collected into one object and
 * written to `docs/benchmarks.md`.
 *   npm run bench                 all sizes; writes docs/benchmarks.md
 *   npm run bench -- --quick      small sizes (CI runs this); writes nothing
 *   npm run bench -- --json       prints only the object: fanout[], compile[], parse, ingest, import[], bundles[], pages[], cost
 *   npm run bench -- --only parse,ingest   some sections only
 */
import { spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_PREFIX } from './emit.ts';
import { writeBenchmarks } from './report.ts';

const SECTIONS = [
  ['parse', 'parse-reply.bench.ts'],
  ['ingest', 'ingest.bench.ts'],
  ['import', 'import.bench.ts'],
  ['compile', 'report.bench.ts'],
  ['pages', 'web.bench.ts'],
  ['bundles', 'bundles.bench.ts'],
  ['cost', 'cost.bench.ts'],
  ['fanout', 'fanout.bench.ts'],
] as const;
export type Section = (typeof SECTIONS)[number][0];

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? new Set((onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1])?.split(',')) : null;

/** Runs one script; its lines go to stderr with --json (stdout holds only the object), its figures line is parsed. */
function runSection(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let figures: unknown = null;
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.startsWith(BENCH_PREFIX)) figures = JSON.parse(line.slice(BENCH_PREFIX.length));
        else (json ? process.stderr : process.stdout).write(`${line}\n`);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(figures) : reject(new Error(`${script} exited with ${code}`))));
  });
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  quick,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
};
for (const [name, script] of SECTIONS) {
  if (only && !only.has(name)) continue;
  (json ? process.stderr : process.stdout).write(`\n== ${name} (${script})\n`);
  results[name] = await runSection(script);
}
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
if (!quick && !only) {
  const path = await writeBenchmarks(results);
  (json ? process.stderr : process.stdout).write(`\nwrote ${path}\n`);
}
