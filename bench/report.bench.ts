/**
 * Time of each report file format on a synthetic 10,000-action document (12 themes, 48
 * objectives, 50 owners, every state, changes since the draft in the final report), per
 * stage, and how the time grows from 2,500 to 10,000 actions (linear means about 4x).
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

const actions = Number(process.argv[2] ?? 10_000);
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
for (const stage of stages) {
  const doc = documentOf(stage, actions);
  const cells: string[] = [];
  let total = 0;
  for (const [, render] of renderers) {
    const { ms, bytes } = await time(() => render(doc));
    total += ms;
    cells.push(`${Math.round(ms)} (${mb(bytes)})`.padStart(16));
  }
  slowest = Math.max(slowest, total);
  console.log([stage.padEnd(16), ...cells, String(Math.round(total)).padStart(8)].join(''));
}

// Growth: a quarter of the actions should take about a quarter of the time.
const quarter = documentOf('final', Math.round(actions / 4));
const whole = documentOf('final', actions);
const all = async (doc: ReportDocument) => {
  let bytes = 0;
  for (const [, render] of renderers) bytes += await render(doc);
  return bytes;
};
const small = await time(() => all(quarter));
const large = await time(() => all(whole));
console.log(
  `final, all formats: ${Math.round(small.ms)} ms for ${quarter.response.actions}, ${Math.round(large.ms)} ms for ${actions} (x${(large.ms / small.ms).toFixed(1)} for x4 actions)`,
);
console.log(`slowest stage, all four formats: ${Math.round(slowest)} ms (${slowest < 5000 ? 'under' : 'OVER'} the 5 s budget)`);
