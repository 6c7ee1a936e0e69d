import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { Finding, FindingKind, ScanContext } from '#privacy/detect';

/** The labelled sentences of test/fixtures/privacy-corpus/, and precision and recall of a scanner over them. */

export const CORPUS_DIR = new URL('../fixtures/privacy-corpus/', import.meta.url).pathname;

export const KINDS: readonly FindingKind[] = ['name', 'date-of-birth', 'age', 'nhs-number', 'upn', 'postcode', 'address', 'phone', 'email'];

const Kind = z.enum(KINDS as [FindingKind, ...FindingKind[]]);
const Context = z.object({
  description: z.string(),
  people: z.array(z.object({ name: z.string(), initials: z.string().nullable(), email: z.string().nullable(), role: z.string().optional() })),
  staffDomains: z.array(z.string()),
  extraAllowed: z.array(z.string()),
});
const CorpusFile = z.object({
  description: z.string(),
  context: z.string(),
  cases: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      context: z.string().optional(),
      note: z.string().optional(),
      expect: z.array(z.object({ kind: Kind, text: z.string().min(1) })),
    }),
  ),
});

export interface CorpusCase {
  id: string;
  file: string;
  text: string;
  context: ScanContext;
  expect: { kind: FindingKind; text: string }[];
}

/** One of the corpus's contexts (contexts.json): "nottingham-city" or "nottinghamshire". */
export function corpusContext(name: string): ScanContext {
  const contexts = z.record(z.string(), Context).parse(JSON.parse(readFileSync(join(CORPUS_DIR, 'contexts.json'), 'utf8')));
  const context = contexts[name];
  if (!context) throw new Error(`unknown corpus context "${name}"`);
  return context;
}

/** Every case of every corpus file but `contexts.json`; `only` narrows to some files (e.g. the held-out set). */
export function loadCorpus(only?: (file: string) => boolean): CorpusCase[] {
  const contexts = z.record(z.string(), Context).parse(JSON.parse(readFileSync(join(CORPUS_DIR, 'contexts.json'), 'utf8')));
  const files = readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'contexts.json' && (only ? only(f) : true))
    .sort();
  return files.flatMap((file) => {
    const parsed = CorpusFile.safeParse(JSON.parse(readFileSync(join(CORPUS_DIR, file), 'utf8')));
    if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
    return parsed.data.cases.map((c) => {
      const name = c.context ?? parsed.data.context;
      const context = contexts[name];
      if (!context) throw new Error(`${file} ${c.id}: unknown context "${name}"`);
      for (const e of c.expect) if (!c.text.includes(e.text)) throw new Error(`${file} ${c.id}: expected text "${e.text}" is not in the sentence`);
      return { id: c.id, file, text: c.text, context, expect: c.expect };
    });
  });
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export interface Score {
  byKind: Record<FindingKind, Tally>;
  overall: Tally;
  /** Each case's misses (expected, not found) and false alarms (found, not expected). */
  mistakes: { id: string; text: string; missed: string[]; extra: string[] }[];
}

/** A finding counts when its kind and its exact text match a label; each label matches once. */
export function score(cases: readonly CorpusCase[], scan: (text: string, context: ScanContext) => Finding[]): Score {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<FindingKind, Tally>;
  const mistakes: Score['mistakes'] = [];
  for (const c of cases) {
    const found = scan(c.text, c.context);
    const open = [...c.expect];
    const extra: string[] = [];
    for (const f of found) {
      const i = open.findIndex((e) => e.kind === f.kind && e.text === f.text);
      if (i >= 0) {
        byKind[f.kind].tp++;
        open.splice(i, 1);
      } else {
        byKind[f.kind].fp++;
        extra.push(`${f.kind} "${f.text}"`);
      }
    }
    for (const e of open) byKind[e.kind].fn++;
    if (open.length > 0 || extra.length > 0) mistakes.push({ id: c.id, text: c.text, missed: open.map((e) => `${e.kind} "${e.text}"`), extra });
  }
  const overall = KINDS.reduce((t, k) => ({ tp: t.tp + byKind[k].tp, fp: t.fp + byKind[k].fp, fn: t.fn + byKind[k].fn }), { tp: 0, fp: 0, fn: 0 });
  return { byKind, overall, mistakes };
}

export const precision = (t: Tally): number => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
export const recall = (t: Tally): number => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));

/** A Markdown table: kind | labelled | found right | false alarms | missed | precision | recall. */
export function scoreTable(s: Score): string {
  const row = (label: string, t: Tally): string =>
    `| ${label} | ${t.tp + t.fn} | ${t.tp} | ${t.fp} | ${t.fn} | ${precision(t).toFixed(3)} | ${recall(t).toFixed(3)} |`;
  return [
    '| kind | labelled | found | false alarms | missed | precision | recall |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...KINDS.map((k) => row(k, s.byKind[k])),
    row('**all**', s.overall),
  ].join('\n');
}
