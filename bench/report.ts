/**
 * `docs/benchmarks.md` from one run's figures: each target, the figure measured, met or not.
 * The reasons for a miss are written by hand in `docs/benchmarks-notes.md` and copied in
 * below the tables, so a run never loses them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

type Spread = { min: number; median: number; runs: number };
// biome-ignore lint/suspicious/noExplicitAny: the scripts' figures as emitted (JSON), each in its own script's shape
type Any = Record<string, any>;

const yes = (met: unknown) => (met ? 'met' : '**missed**');
const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const sp = (s: Spread | undefined, unit = '') => (s ? `${n(s.median)}${unit} (min ${n(s.min)}, ${s.runs} runs)` : 'not run');

export async function writeBenchmarks(results: Any): Promise<string> {
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${results.date.slice(0, 10)}: ${results.machine.cpus} × ${results.machine.model}, ${results.machine.memoryGb} GB, Node ${results.machine.node}.`,
    'Every figure comes from this one run; each is repeated and given as median (and minimum). `npm run bench -- --json` prints them all.',
    '',
  ];
  const table = (head: string[], rows: string[][]) => {
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  };

  const f = results.fanout as Any | undefined;
  if (f) {
    lines.push('## Fan-out (requests open), local SES', '');
    table(
      ['owners', 'cycles at once', 'configured/s', 'achieved/s', 'ratio', "local stand-ins' floor/s", 'duplicates', 'omissions', 'target ≥ 0.95'],
      (f.runs as Any[]).map((r) => [
        n(r.owners),
        String(r.cycles),
        String(r.configuredPerSecond),
        String(r.achievedPerSecond),
        String(r.ratio),
        r.floorPerSecond ? String(r.floorPerSecond) : '',
        String(r.duplicates),
        String(r.omissions),
        yes(r.met),
      ]),
    );
  }
  const c = results.compile as Any | undefined;
  if (c) {
    lines.push('## Reports, all formats (HTML, CSV, Excel, Word)', '');
    table(
      ['actions', 'slowest stage', 'all formats, ms'],
      (c.sizes as Any[]).map((s) => [n(s.actions), s.slowestStage, sp(s.ms, ' ms')]),
    );
    lines.push(
      `t${c.sizes.at(-1).actions}/t${c.sizes[0].actions}: ×${c.ratio} (target ≤ 11): ${yes(c.ratioMet)}; the largest under 5 s: ${yes(c.timeMet)}.`,
      '',
    );
  }
  const p = results.parse as Any | undefined;
  if (p) {
    lines.push('## Reply parsing (MIME and reading), per core', '');
    table(
      ['corpus', 'emails', 'replies per CPU-second', 'replies per wall second', 'target ≥ 1,000/core'],
      (['fixtures', 'mixed'] as const).map((k) => [
        k === 'fixtures' ? "the contract's reply fixtures" : 'mixed clients (fixtures + peer corpus)',
        String(p[k].emails),
        sp(p[k].perCore),
        sp(p[k].wall),
        yes(p[k].met),
      ]),
    );
    lines.push(
      `Same text, per core: \`${p.reference.package}\` ${sp(p.reference.theirsPerCore)}/s; PlanPulse's text reader ${sp(p.reference.oursTextPerCore)}/s: ×${p.reference.ratio}.`,
      '',
    );
  }
  const i = results.ingest as Any | undefined;
  if (i) {
    lines.push('## Ingestion of one reply: requests', '');
    table(
      ['plan actions', 'DynamoDB requests', 'by operation'],
      (i.replies as Any[]).map((r) => [
        n(r.actions),
        String(r.dynamodb),
        Object.entries(r.requests)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ]),
    );
    lines.push(`Growth: ×${i.ratio} (target ×1): ${yes(i.met)}.`, '');
  }
  const im = results.import as Any | undefined;
  if (im) {
    lines.push('## Plan import', '');
    table(
      ['rows', 'people', 'read and resolve, ms', 'with storing, ms', 'floor: writing the plan alone, ms'],
      (im.sizes as Any[]).map((s) => [n(s.rows), n(s.people), sp(s.ms), sp(s.storeMs), sp(s.writeOnlyMs)]),
    );
    lines.push(`Growth ×${im.ratio} (target ≤ 12), the largest under 5 s: ${yes(im.met)}.`, '');
  }
  const b = results.bundles as Any | undefined;
  if (b) {
    lines.push('## Cold start: bundles', '');
    lines.push(`SDK clients only: ${n(b.sdkOnly.bytes / 1024)} KB, import ${sp(b.sdkOnly.importMs, ' ms')}.`, '');
    table(
      ['function', 'bundle KB', 'of it the AWS SDK, KB', 'without the SDK, KB', '≤ 300 KB', 'import ms', '× SDK-only', '≤ ×1.5'],
      (b.functions as Any[]).map((x) => [
        x.function,
        n(x.bytes / 1024),
        x.sdkBytes === undefined ? '—' : n(x.sdkBytes / 1024),
        x.withoutSdkBytes === undefined ? '—' : n(x.withoutSdkBytes / 1024),
        yes(x.sizeMet),
        sp(x.importMs),
        String(x.ratio),
        yes(x.importMet),
      ]),
    );
  }
  const pg = results.pages as Any[] | undefined;
  if (pg) {
    lines.push('## Web pages, server time (200-action plan)', '');
    table(
      ['page', 'ms', 'target < 200 ms'],
      pg.map((x) => [x.page, sp(x.ms, ' ms'), yes(x.met)]),
    );
  }
  const cost = results.cost as Any | undefined;
  if (cost) {
    lines.push('## Cost', '', ...(cost.lines as string[]), '');
  }
  const notes = new URL('../docs/benchmarks-notes.md', import.meta.url);
  if (existsSync(notes)) lines.push(readFileSync(notes, 'utf8').trim(), '');
  const path = new URL('../docs/benchmarks.md', import.meta.url);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path.pathname;
}
