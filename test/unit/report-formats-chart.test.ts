import { describe, expect, it } from 'vitest';
import { rasterise, renderStatusChartSvg } from '#reports/chart';
import { STATE_COLOURS } from '#reports/cells';
import { pinZipTimes, readZip, writeZip } from '#reports/zip';
import { aReportDocument, aReportRow, aSampleDocument } from '#support/report-document';

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the status chart', () => {
  it('has a title and a description in words that a screen reader reads', () => {
    const svg = renderStatusChartSvg(aSampleDocument('draft'));

    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/<title id="chart-title">Status of actions by theme<\/title>/);
    expect(svg).toContain('Health and wellbeing: 3 actions, 1 No update received, 1 No status given, 1 Email bounced.');
  });

  it('draws one bar per theme, a segment per state present, each in its colour and named', () => {
    const doc = aSampleDocument('draft');

    const svg = renderStatusChartSvg(doc);
    const segments = [...svg.matchAll(/<g><title>([^<]*)<\/title><rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => [m[1], m[2]]);
    const expected = doc.themeSummaries.flatMap((t) =>
      t.byState.filter((f) => f.count > 0).map((f) => [`${t.theme.replace(/&/g, '&amp;')}: ${f.label} ${f.count}`, STATE_COLOURS[f.state].background]),
    );

    expect(segments).toEqual(expected);
  });

  it('labels the themes and has a legend with each state in words and its total', () => {
    const doc = aSampleDocument('draft');

    const svg = renderStatusChartSvg(doc);

    for (const theme of ['Education and learning', 'Health and wellbeing', 'Homes — “stable” placements']) expect(svg).toContain(`>${theme}</tspan>`);
    for (const figure of doc.headline.filter((f) => f.count > 0)) expect(svg).toContain(`>${figure.label}: ${figure.count}</text>`);
  });

  it('escapes markup in theme names', () => {
    const svg = renderStatusChartSvg(aReportDocument('draft', [aReportRow('1', { theme: '<script>x</script> & co' })]));

    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt; &amp; co');
  });

  it('is the same for the same document', () => {
    expect(renderStatusChartSvg(aSampleDocument('final'))).toBe(renderStatusChartSvg(aSampleDocument('final')));
    expect(rasterise(renderStatusChartSvg(aSampleDocument('final')), 400).equals(rasterise(renderStatusChartSvg(aSampleDocument('final')), 400))).toBe(true);
  });

  it('rasterises to a PNG of the asked width, its text drawn', () => {
    const svg = renderStatusChartSvg(aSampleDocument('draft'));
    const withoutText = svg.replace(/<text[\s\S]*?<\/text>/g, '');

    const png = rasterise(svg, 1000);

    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(pngSize(png).width).toBe(1000);
    // Text adds ink: a font was found and the words drawn.
    expect(png.length).toBeGreaterThan(rasterise(withoutText, 1000).length * 1.3);
  });
});

describe('zip files', () => {
  it('reads back what it writes, names and bytes, in order', () => {
    const entries: Array<[string, Buffer]> = [
      ['[Content_Types].xml', Buffer.from('<Types/>')],
      ['word/médïa/ünïcode.xml', Buffer.from('x'.repeat(100_000))],
      ['empty', Buffer.alloc(0)],
    ];

    const files = readZip(writeZip(entries, new Date('2026-06-08T10:00:00Z')));

    expect([...files.entries()]).toEqual(entries);
  });

  it('stamps every entry with the given time, so the same files give the same bytes', () => {
    const entries: Array<[string, string]> = [['a.xml', '<a/>']];

    const first = writeZip(entries, new Date('2026-06-08T10:00:00Z'));
    const pinned = pinZipTimes(writeZip(entries, new Date('2020-01-01T00:00:00Z')), new Date('2026-06-08T10:00:00Z'));

    expect(pinned.equals(first)).toBe(true);
    // DOS time of 10:00:00 and date of 8 June 2026 in the local header.
    expect(first.readUInt16LE(10)).toBe(10 << 11);
    expect(first.readUInt16LE(12)).toBe(((2026 - 1980) << 9) | (6 << 5) | 8);
  });

  it('refuses a file that is not a zip file', () => {
    expect(() => readZip(Buffer.from('not a zip file at all, just some text'))).toThrow(/not a zip file/);
  });
});
