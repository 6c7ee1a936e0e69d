/**
 * Plan import: `importPlan` (read the CSV files, resolve every owner against the people,
 * diff, store in dynalite) for 1,000 and 10,000 rows, one owner per 5 rows. Targets: 10,000
 * rows in under 5 s, and t10k/t1k at most 12 (linear would be 10).
 * Run: npx tsx bench/import.bench.ts
 */
import { startLocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger } from '#ports/logger';
import { importPlan } from '#use-cases/import-plan';
import { emit, quick, spread } from './emit.ts';
import { syntheticFiles, syntheticPlan } from './synthetic.ts';

const SIZES = quick ? [200, 2_000] : [1_000, 10_000];
const REPEATS = quick ? 1 : 3;

const stack = await startLocalStack({
  dataDir: null,
  clock: new VirtualClock(new Date('2026-11-02T09:00:00Z'), 0),
  logger: silentLogger,
  smtpPort: null,
  serveReports: false,
});
const figures: Array<{
  rows: number;
  people: number;
  ms: ReturnType<typeof spread>;
  storeMs: ReturnType<typeof spread>;
  writeOnlyMs: ReturnType<typeof spread>;
}> = [];
try {
  for (const rows of SIZES) {
    const synthetic = syntheticPlan('import-bench', rows / 5, rows);
    const files = syntheticFiles(synthetic);
    const runs: number[] = [];
    const stored: number[] = [];
    const written: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const input = {
        planId: `import-${rows}-${i}`,
        plan: { fileName: 'plan.csv', content: files.plan },
        people: { fileName: 'people.csv', content: files.people },
        coordinators: ['coordinator@council.example.org'],
      };
      let started = performance.now();
      const result = await importPlan({ ...input, dryRun: true }, stack.deps);
      runs.push(performance.now() - started);
      if (result.unresolvedOwners.length > 0) throw new Error(`${result.unresolvedOwners.length} owners unresolved in the bench plan`);
      started = performance.now();
      await importPlan(input, stack.deps);
      stored.push(performance.now() - started);
      // The floor: writing the same plan straight to the store (dynalite's own speed), no file read, no owner matching.
      const planId = `floor-${rows}-${i}`;
      started = performance.now();
      await stack.deps.store.savePlan(
        { ...synthetic.plan, id: planId },
        synthetic.people,
        synthetic.actions.map((a) => ({ ...a, planId })),
      );
      written.push(performance.now() - started);
    }
    figures.push({ rows, people: rows / 5, ms: spread(runs), storeMs: spread(stored), writeOnlyMs: spread(written) });
    const f = figures.at(-1)!;
    console.log(
      `import ${rows.toLocaleString('en-GB')} rows, ${f.people} people: read and resolved ${f.ms.median} ms (min ${f.ms.min}); with storing ${f.storeMs.median} ms`,
    );
  }
} finally {
  await stack.stop();
}
const [small, large] = figures as [(typeof figures)[0], (typeof figures)[0]];
const ratio = Math.round((large.storeMs.median / small.storeMs.median) * 10) / 10;
console.log(
  `t${large.rows}/t${small.rows} with storing: x${ratio} (target: at most 12); ${large.rows} rows in ${large.storeMs.median} ms (target: under 5,000)`,
);
emit({ sizes: figures, ratio, met: ratio <= 12 && (quick || large.storeMs.median < 5_000) });
