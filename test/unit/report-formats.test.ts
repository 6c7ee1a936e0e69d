import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import type { ReportStage } from '#domain/model';
import { ACTION_COLUMNS, allRows, STATE_COLOURS } from '#reports/cells';
import type { ReportDocument } from '#reports/document';
import { renderDocx } from '#reports/docx';
import { readZip } from '#reports/zip';
import { aReportDocument, aSampleDocument, FORMULA, SCRIPT, sampleRows, syntheticRows, UNICODE } from '#support/report-document';

const STAGES: ReportStage[] = ['draft', 'chairs-briefing', 'final', 'board'];

/** The parts of a .docx a test reads: its files, and the document's XML. */
async function readDocx(doc: ReportDocument) {
  const buffer = await renderDocx(doc);
  const files = readZip(buffer);
  return { buffer, files, xml: files.get('word/document.xml')!.toString('utf8') };
}

const fromXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: runs joined, breaks as new lines, paragraphs as new lines. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)]
    .map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)]
        .map((m) => (m[0] === '<w:br/>' ? '\n' : m[0] === '<w:tab/>' ? '\t' : fromXml(m[1]!)))
        .join(''),
    )
    .join('\n');
}

interface ReadCell {
  text: string;
  fill: string | null;
}

/** Every table of the document, as rows of cells (with their fill), and whether each row repeats as a header. */
function tablesOf(xml: string): Array<Array<{ header: boolean; cells: ReadCell[] }>> {
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((r) => ({
      header: r[0].includes('<w:tblHeader/>'),
      cells: [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => ({
        text: textOf(c[0]),
        fill: /<w:tcPr>.*?w:fill="([0-9A-F]{6})"/.exec(c[0])?.[1] ?? null,
      })),
    })),
  );
}

/** The texts of the paragraphs in a style ("Heading1", "Title"), in order. */
function paragraphsIn(xml: string, style: string): string[] {
  return [...xml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<\/w:p>/g)].filter((p) => p[0].includes(`<w:pStyle w:val="${style}"/>`)).map((p) => textOf(p[0]));
}

const isActionTable = (table: ReturnType<typeof tablesOf>[number]) =>
  table[0]?.cells.map((c) => c.text).join('|') === ACTION_COLUMNS.map((c) => c.header).join('|');
const hex = (colour: string) => colour.slice(1).toUpperCase();

describe('the Word report', () => {
  it.each(['draft', 'final', 'board'] as const)('lists every action exactly once, in the table of its theme (%s)', async (stage) => {
    const doc = aSampleDocument(stage);
    const { xml } = await readDocx(doc);

    const tables = tablesOf(xml).filter(isActionTable);
    const refsByTable = tables.map((t) => t.filter((r) => !r.header && r.cells.length === ACTION_COLUMNS.length).map((r) => r.cells[0]!.text));

    expect(refsByTable).toEqual(doc.themes.map((t) => t.objectives.flatMap((o) => o.rows.map((r) => r.ref))));
  });

  it('gives each status cell its colour and its words, and repeats the header row on each page', async () => {
    const doc = aSampleDocument('draft');
    const { xml } = await readDocx(doc);

    const rows = tablesOf(xml)
      .filter(isActionTable)
      .flatMap((t) => t.filter((r) => !r.header && r.cells.length === ACTION_COLUMNS.length));
    const statusAt = ACTION_COLUMNS.findIndex((c) => c.key === 'state');
    const byRef = new Map(allRows(doc).map((r) => [r.ref, r]));

    expect(rows).toHaveLength(byRef.size);
    for (const row of rows) {
      const expected = byRef.get(row.cells[0]!.text)!;
      expect(row.cells[statusAt]!.text.split('\n')[0]).toBe(expected.stateLabel + (expected.late ? ' (late reply)' : ''));
      expect(row.cells[statusAt]!.fill).toBe(hex(STATE_COLOURS[expected.state].background));
    }
    expect(
      tablesOf(xml)
        .filter(isActionTable)
        .every((t) => t[0]!.header),
    ).toBe(true);
  });

  it('shows the objective of each group of actions as a row across the table', async () => {
    const { xml } = await readDocx(aSampleDocument('draft'));

    const spanning = tablesOf(xml)
      .filter(isActionTable)
      .flatMap((t) => t.filter((r) => r.cells.length === 1).map((r) => r.cells[0]!.text));

    expect(spanning).toEqual([
      'Objective: Every child in care has a personal education plan',
      'Objective: Care leavers go on to education, employment or training',
    ]);
  });

  it.each([
    [
      'draft',
      [
        'Headline figures',
        'Response',
        'Overdue actions',
        'Status since the last cycle',
        'Status by theme',
        'Response tracker',
        'Progress by theme',
        'Notes from owners',
      ],
    ],
    ['chairs-briefing', ['Headline figures', 'Exceptions', 'Updates to check', 'Themes']],
    [
      'final',
      [
        'Headline figures',
        'Response',
        'Changes since the draft report',
        'Overdue actions',
        'Status since the last cycle',
        'Status by theme',
        'Response tracker',
        'Progress by theme',
        'Notes from owners',
      ],
    ],
    [
      'board',
      [
        'Summary',
        '1. Purpose of the report',
        '2. Summary of progress',
        '3. Progress by theme',
        'Appendix A: Late replies carried to the next cycle',
        'Appendix B: Response tracker',
        'Appendix C: Notes from owners',
      ],
    ],
  ] as const)('has the sections of the %s stage, in order, as Word headings', async (stage, headings) => {
    const { xml } = await readDocx(aSampleDocument(stage));

    expect(paragraphsIn(xml, 'Heading1')).toEqual(headings);
    expect(paragraphsIn(xml, 'Title')).toEqual([aSampleDocument(stage).title]);
  });

  it('puts the theme tables under the theme names, one heading level down', async () => {
    const { xml } = await readDocx(aSampleDocument('draft'));

    expect(paragraphsIn(xml, 'Heading2')).toEqual(['Education and learning', 'Health and wellbeing', 'Homes — “stable” placements']);
  });

  it('opens the board pack with a one-page summary, then the title, meeting and date', async () => {
    const { xml } = await readDocx(aSampleDocument('board'));

    const body = textOf(xml);
    const summary = body.indexOf('Summary');
    const pageBreak = xml.indexOf('<w:br w:type="page"/>');
    const title = xml.indexOf('<w:pStyle w:val="Title"/>');

    expect(summary).toBeGreaterThanOrEqual(0);
    expect(pageBreak).toBeGreaterThan(xml.indexOf('Recommendation'));
    expect(title).toBeGreaterThan(pageBreak);
    expect(body).toContain('Meeting: Corporate Parenting Board');
    expect(body).toContain('Date: 22 June 2026');
  });

  it('lays the action tables out on landscape pages and the rest on portrait', async () => {
    const { xml } = await readDocx(aSampleDocument('draft'));

    const sections = [...xml.matchAll(/<w:pgSz [^>]*w:orient="(\w+)"/g)].map((m) => m[1]);
    const landscape = xml.indexOf('w:orient="landscape"');

    expect(sections).toEqual(['portrait', 'landscape', 'portrait']);
    // The section's properties close it: the tables come before the landscape ones.
    expect(xml.lastIndexOf('<w:tbl>', landscape)).toBeGreaterThan(xml.indexOf('Progress by theme'));
  });

  it("keeps the chair's briefing portrait, without the full table", async () => {
    const { xml } = await readDocx(aSampleDocument('chairs-briefing'));

    expect(xml).not.toContain('w:orient="landscape"');
    expect(tablesOf(xml).filter(isActionTable)).toHaveLength(0);
  });

  it('numbers every page in the footer: Page N of M', async () => {
    const { files } = await readDocx(aSampleDocument('final'));

    const footers = [...files.keys()].filter((name) => /^word\/footer\d+\.xml$/.test(name)).map((name) => files.get(name)!.toString('utf8'));
    const sectionCount = [
      ...files
        .get('word/document.xml')!
        .toString('utf8')
        .matchAll(/<w:sectPr/g),
    ].length;

    expect(footers).toHaveLength(sectionCount);
    for (const footer of footers) {
      expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
      expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
      expect(textOf(footer)).toContain('Page ');
    }
  });

  it('shows the chart as a PNG with a text alternative', async () => {
    const { files, xml } = await readDocx(aSampleDocument('draft'));

    const images = [...files.keys()].filter((name) => name.startsWith('word/media/'));
    const png = files.get(images[0]!)!;
    const descr = fromXml(/<wp:docPr [^>]*descr="([^"]*)"/.exec(xml)?.[1] ?? '');

    expect(images).toHaveLength(1);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(descr).toContain('Education and learning: 4 actions, 1 On track, 1 At risk, 1 Off track, 1 Complete.');
  });

  it('marks each change since the draft in the final report, in words in the changed cell', async () => {
    const { xml } = await readDocx(aSampleDocument('final'));

    const rows = tablesOf(xml)
      .filter(isActionTable)
      .flatMap((t) => t.filter((r) => !r.header && r.cells.length === ACTION_COLUMNS.length));
    const cellOf = (ref: string, key: string) => rows.find((r) => r.cells[0]!.text === ref)!.cells[ACTION_COLUMNS.findIndex((c) => c.key === key)]!.text;

    expect(cellOf('1.1.1', 'state')).toBe('On track\nChanged since draft: was "At risk"');
    expect(cellOf('1.1.2', 'summary')).toBe(`${FORMULA}\nChanged since draft: was "Behind on recruitment."`);
    expect(cellOf('1.1.2', 'due')).toBe('30 September 2026 (revised: 31 December 2026)\nChanged since draft: was blank');
    expect(cellOf('1.2.1', 'state')).toBe('Off track');
    expect(textOf(xml)).toContain('Status: was "At risk", now "On track"');
  });

  it('marks no change in the draft or the board pack', async () => {
    for (const stage of ['draft', 'board'] as const) {
      const { xml } = await readDocx(aSampleDocument(stage));

      expect(textOf(xml)).not.toContain('Changed since draft');
    }
  });

  it('says so when the final report had no draft to compare with', async () => {
    const { xml } = await readDocx(aReportDocument('final', sampleRows('draft'), { comparedWithDraft: false }));

    expect(textOf(xml)).toContain('There was no draft report to compare with, so no change is marked.');
  });

  it("lists the chair's exceptions first, each with its summary and risks, then one line per theme", async () => {
    const doc = aSampleDocument('chairs-briefing');
    const { xml } = await readDocx(doc);

    const text = textOf(xml);
    const order = doc.exceptions.map((e) => text.indexOf(`${e.row.ref} ${e.row.title}`));

    expect(paragraphsIn(xml, 'Heading2')).toEqual(['Off track (1)', 'At risk (2)', 'Overdue (1)', 'No update received (1)']);
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    expect(text).toContain(`Summary: ${FORMULA}`);
    expect(text).toContain('Risks: +44 staff short; -10% budget; @head of service to decide');
    expect(text.indexOf('Themes')).toBeGreaterThan(order.at(-1)!);
    expect(text).toContain('Health and wellbeing: 3 actions: 1 no update received, 1 no status given, 1 email bounced; 1 overdue.');
  });

  it('reads as text in Word: hostile and unicode text kept as written, not as markup', async () => {
    const { buffer } = await readDocx(aSampleDocument('draft'));

    const { value: html } = await mammoth.convertToHtml({ buffer });
    const { value: text } = await mammoth.extractRawText({ buffer });

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(text).toContain(FORMULA);
    expect(text).toContain(SCRIPT);
    expect(text).toContain(UNICODE);
    expect(html).toContain('<h1>Headline figures</h1>');
    expect(html).toContain('<h2>Education and learning</h2>');
  });

  it('gives the same bytes for the same document', async () => {
    for (const stage of STAGES) {
      const first = await renderDocx(aSampleDocument(stage));
      const second = await renderDocx(aSampleDocument(stage));

      expect(second.equals(first)).toBe(true);
    }
  });

  it('stamps the file with the time the report was compiled', async () => {
    const { files } = await readDocx(aSampleDocument('draft'));

    const core = files.get('docProps/core.xml')!.toString('utf8');

    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-06-08T09:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-06-08T09:00:00Z</dcterms:modified>');
  });

  it('lists every one of 2,000 actions once', async () => {
    const doc = aReportDocument('final', syntheticRows(2_000, true));
    const { xml } = await readDocx(doc);

    const refs = tablesOf(xml)
      .filter(isActionTable)
      .flatMap((t) => t.filter((r) => !r.header && r.cells.length === ACTION_COLUMNS.length).map((r) => r.cells[0]!.text));

    expect(refs).toEqual(allRows(doc).map((r) => r.ref));
  });
});
