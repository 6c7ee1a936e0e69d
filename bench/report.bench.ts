/**
 * Time of each report file format on a synthetic 10,000-action document (12 themes, 48
 * objectives, 50 owners, every state, changes since the draft in the final report), per
 * stage, and how the time grows from 1,000 to 10,000 actions (linear means about 10x).
 * Run: npm run bench:report [actions]   (target: every format of a 10,000-action report, HTML
 * included, in under 5 s on the 2-core machine; each renderer draws its own chart, so the columns add up.
 * Building the document from stored rows is not in it: about 0.3 s for 10,000 actions)
 */
import type { ReportStage } from '#domain/model';
import { renderCsv } from '#reports/csv';
import type { ReportDocument } from '#reports/document';
import { renderDocx } from '#reports/docx';
import { renderReportPage } from '#reports/html';
import { renderXlsx } from '#reports/xlsx';
import { aReportDocument, syntheticRows } from '#support/report-document';
import { emit, positional, quick, spread } from './emit.ts';

const actions = Number(positional[0] ?? (quick ? 1_000 : 10_000));
const SMALL = actions / 10;
const REPEATS = quick ? 1 : 3;
const stages: ReportStage[] = ['draft', 'chairs-briefing', 'final', 'board'];
const documentOf = (stage: ReportStage, count: number) => aReportDocument(stage, syntheticRows(count, stage === 'final' || stage === 'board'));

const renderers: Array<[string, (doc: ReportDocument) => Promise<number>]> = [
  // each renderer draws the chart it needs (HTML: the SVG; Word: the SVG rasterised), so the columns add up
  ['html', async (doc) => Buffer.byteLength(renderReportPage(doc))],
  ['csv', async (doc) => Buffer.byteLength(renderCsv(doc))],
  ['xlsx', async (doc) => (await renderXlsx(doc)).length],
  ['docx', async (doc) => (await renderDocx(doc)).length],
];

async function time(render: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const bytes = await render();
  return { ms: performance.now() - started, bytes };
}

// Warm-up: module start-up and the JIT, on a small document of every stage.
for (const stage of stages) for (const [, render] of renderers) await render(documentOf(stage, 200));

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
console.log(`Report formats, ${actions.toLocaleString('en-GB')} actions (ms, file size)`);
console.log(['stage'.padEnd(16), ...renderers.map(([name]) => name.padStart(16)), 'all'.padStart(8)].join(''));
let slowest = 0;
let slowestStage: ReportStage = 'draft';
for (const stage of stages) {
  const doc = documentOf(stage, actions);
  const cells: string[] = [];
  let total = 0;
  for (const [, render] of renderers) {
    const { ms, bytes } = await time(() => render(doc));
    total += ms;
    cells.push(`${Math.round(ms)} (${mb(bytes)})`.padStart(16));
  }
  if (total > slowest) [slowest, slowestStage] = [total, stage];
  console.log([stage.padEnd(16), ...cells, String(Math.round(total)).padStart(8)].join(''));
}

// Growth: every format of the slowest stage at a tenth of the actions and at all of them, repeated.
const all = async (doc: ReportDocument) => {
  let bytes = 0;
  for (const [, render] of renderers) bytes += await render(doc);
  return bytes;
};
const sizes = [];
for (const count of [SMALL, actions]) {
  const doc = documentOf(slowestStage, count);
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i++) runs.push((await time(() => all(doc))).ms);
  sizes.push({ actions: count, slowestStage, ms: spread(runs) });
}
const ratio = Math.round((sizes[1]!.ms.median / sizes[0]!.ms.median) * 10) / 10;
console.log(
  `${slowestStage}, all formats: ${sizes[0]!.ms.median} ms for ${SMALL}, ${sizes[1]!.ms.median} ms for ${actions} (x${ratio} for x10 actions; target at most 11)`,
);
console.log(`slowest stage, all four formats: ${Math.round(slowest)} ms (${slowest < 5000 ? 'under' : 'OVER'} the 5 s budget)`);
emit({ sizes, ratio, ratioMet: ratio <= 11, timeMet: sizes[1]!.ms.median < 5000 });
