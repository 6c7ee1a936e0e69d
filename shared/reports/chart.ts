/**
 * The chart of status by theme, drawn once as SVG (the HTML shows it as is, Word gets it
 * rasterised to PNG). A stacked horizontal bar per theme, one segment per state, each
 * segment with its count written on it, a legend in words with the totals, and a title and
 * description a screen reader reads. Same document, same bytes: no ids, dates or randomness.
 */
import { createRequire } from 'node:module';
import { STATE_COLOURS } from './cells.ts';
import type { ReportDocument, RowState } from './document.ts';

const WIDTH = 760;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 420;
const ROW_HEIGHT = 34;
const BAR_HEIGHT = 22;
const TOP = 56;
const FONT = 'DejaVu Sans, Arial, sans-serif';

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A theme's name in at most two lines of about 30 characters (the rest cut with an ellipsis). */
function labelLines(theme: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of theme.split(/\s+/)) {
    if (line && (line + ' ' + word).length > 30) {
      lines.push(line);
      line = word;
    } else line = line ? line + ' ' + word : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines.map((l) => (l.length > 32 ? l.slice(0, 31) + '…' : l));
  return [lines[0]!, (lines[1]!.length > 30 ? lines[1]!.slice(0, 30) : lines[1]!) + '…'];
}

/** The chart of `doc.themeSummaries` as a standalone SVG document. */
export function renderStatusChartSvg(doc: ReportDocument): string {
  const themes = doc.themeSummaries;
  const max = Math.max(1, ...themes.map((t) => t.actions));
  const totals = new Map<RowState, { label: string; count: number }>();
  for (const figure of doc.headline) totals.set(figure.state, { label: figure.label, count: figure.count });
  const legend = [...totals.entries()].filter(([, f]) => f.count > 0);
  const legendTop = TOP + themes.length * ROW_HEIGHT + 16;
  const legendRows = Math.ceil(legend.length / 3);
  const height = legendTop + legendRows * 24 + 12;
  const description =
    `Actions by status in each theme. ` +
    themes
      .map(
        (t) =>
          `${t.theme}: ${t.actions} actions, ${t.byState
            .filter((f) => f.count > 0)
            .map((f) => `${f.count} ${f.label}`)
            .join(', ')}.`,
      )
      .join(' ');

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="${FONT}">`,
    `<title id="chart-title">Status of actions by theme</title>`,
    `<desc id="chart-desc">${xml(description)}</desc>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="0" y="22" font-size="17" font-weight="bold" fill="#0b0c0c">Status of actions by theme</text>`,
    `<text x="${LABEL_WIDTH}" y="44" font-size="11" fill="#505a5f">Number of actions</text>`,
  ];
  themes.forEach((theme, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const lines = labelLines(theme.theme);
    const firstLine = y + BAR_HEIGHT / 2 + 4 - (lines.length - 1) * 7;
    out.push(
      `<text x="${LABEL_WIDTH - 8}" y="${firstLine}" font-size="12" text-anchor="end" fill="#0b0c0c">` +
        lines.map((l, n) => `<tspan x="${LABEL_WIDTH - 8}" dy="${n === 0 ? 0 : 14}">${xml(l)}</tspan>`).join('') +
        `</text>`,
    );
    let x = LABEL_WIDTH;
    for (const figure of theme.byState) {
      if (figure.count === 0) continue;
      const w = (figure.count / max) * BAR_WIDTH;
      const colours = STATE_COLOURS[figure.state];
      out.push(
        `<g><title>${xml(`${theme.theme}: ${figure.label} ${figure.count}`)}</title>` +
          `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${BAR_HEIGHT}" fill="${colours.background}" stroke="#ffffff" stroke-width="1"/>` +
          // The count on its segment when it fits; the legend and the description carry it otherwise.
          (w >= 8 * String(figure.count).length + 6
            ? `<text x="${(x + w / 2).toFixed(2)}" y="${y + BAR_HEIGHT / 2 + 4}" font-size="11" text-anchor="middle" fill="${colours.text}">${figure.count}</text>`
            : '') +
          `</g>`,
      );
      x += w;
    }
    out.push(`<text x="${(x + 6).toFixed(2)}" y="${y + BAR_HEIGHT / 2 + 4}" font-size="12" fill="#0b0c0c">${theme.actions}</text>`);
  });
  out.push(`<line x1="${LABEL_WIDTH}" y1="${TOP - 4}" x2="${LABEL_WIDTH}" y2="${TOP + themes.length * ROW_HEIGHT - 8}" stroke="#0b0c0c" stroke-width="1"/>`);
  legend.forEach(([state, figure], i) => {
    const x = (i % 3) * 250;
    const y = legendTop + Math.floor(i / 3) * 24;
    const colours = STATE_COLOURS[state];
    out.push(
      `<rect x="${x}" y="${y}" width="16" height="16" fill="${colours.background}" stroke="#0b0c0c" stroke-width="0.5"/>` +
        `<text x="${x + 22}" y="${y + 12}" font-size="12" fill="#0b0c0c">${xml(`${figure.label}: ${figure.count}`)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

const require = createRequire(import.meta.url);
/** DejaVu ships in an npm package, so the chart's words render the same on a laptop and in Lambda, with or without system fonts. */
const fontFiles = () => [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')];

/** The SVG as a PNG `widthPx` wide (height to scale), with the bundled DejaVu fonts only. */
export function rasterise(svg: string, widthPx: number): Buffer {
  // A native addon, installed next to the bundle and loaded here on first use (not at cold start).
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

/** The chart's size in pixels at `widthPx` wide (for placing the PNG without reading it). */
export function chartHeight(svg: string, widthPx: number): number {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  return match ? Math.round((Number(match[2]) / Number(match[1])) * widthPx) : Math.round(widthPx / 2);
}
