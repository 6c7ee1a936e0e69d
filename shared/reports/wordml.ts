/**
 * WordprocessingML written as text, for the parts of a report that grow with the number of
 * actions (the tables, the exception list). The `docx` package builds an object per element
 * and took 45 s for a 10,000-action table here; writing the same XML as strings takes well
 * under a second. docx.ts lays out everything else with the package and puts these parts in
 * where it left a placeholder paragraph.
 *
 * Element order inside each `*Pr` follows the schema (ECMA-376 part 1, §17), which Word
 * enforces: rPr b, i, color, sz, shd; tcPr tcW, gridSpan, shd; trPr cantSplit, tblHeader.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids are what it removes
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** Text as XML character data: markup escaped, characters XML 1.0 forbids dropped. */
export function xmlEscape(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Run properties. */
export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  /** RRGGBB */
  color?: string;
  /** Half-points. */
  size?: number;
  /** RRGGBB, a fill behind the run's text. */
  fill?: string;
}

function runProperties(style: RunStyle): string {
  const parts =
    (style.bold ? '<w:b/><w:bCs/>' : '') +
    (style.italics ? '<w:i/><w:iCs/>' : '') +
    (style.color ? `<w:color w:val="${style.color}"/>` : '') +
    (style.size ? `<w:sz w:val="${style.size}"/><w:szCs w:val="${style.size}"/>` : '') +
    (style.fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${style.fill}"/>` : '');
  return parts ? `<w:rPr>${parts}</w:rPr>` : '';
}

/** One run of text; line breaks become `w:br`, tabs `w:tab`. */
export function run(text: string, style: RunStyle = {}): string {
  let body = '';
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) body += '<w:br/>';
    const line = lines[i]!;
    body += line.includes('\t')
      ? line
          .split('\t')
          .map((piece) => `<w:t xml:space="preserve">${xmlEscape(piece)}</w:t>`)
          .join('<w:tab/>')
      : `<w:t xml:space="preserve">${xmlEscape(line)}</w:t>`;
  }
  return `<w:r>${runProperties(style)}${body}</w:r>`;
}

/** A paragraph of runs in a paragraph style (by its id), optionally kept with the next. */
export function paragraph(runs: string, options: { style?: string; keepNext?: boolean; spacingBefore?: number } = {}): string {
  const props =
    (options.style ? `<w:pStyle w:val="${options.style}"/>` : '') +
    (options.keepNext ? '<w:keepNext/>' : '') +
    (options.spacingBefore ? `<w:spacing w:before="${options.spacingBefore}"/>` : '');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`;
}

/** A table cell: its width (twips), an optional fill, how many grid columns it spans, and its paragraphs (at least one). */
export function cell(width: number, paragraphs: string, options: { fill?: string; span?: number } = {}): string {
  return (
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>` +
    (options.span ? `<w:gridSpan w:val="${options.span}"/>` : '') +
    (options.fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${options.fill}"/>` : '') +
    `</w:tcPr>${paragraphs || '<w:p/>'}</w:tc>`
  );
}

/** A table row; a header row repeats at the top of each page, and no row breaks across pages unless told. */
export function row(cells: string, options: { header?: boolean; canSplit?: boolean } = {}): string {
  const props = (options.canSplit ? '' : '<w:cantSplit/>') + (options.header ? '<w:tblHeader/>' : '');
  return `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells}</w:tr>`;
}

/**
 * A fixed-layout table (Word lays it out from the grid without measuring every cell, which
 * matters at 10,000 rows), thin grey borders, small cell margins.
 */
export function table(widths: readonly number[], rows: string, border = 'B1B4B6'): string {
  const total = widths.reduce((a, b) => a + b, 0);
  const line = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="${border}"/>`;
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${total}" w:type="dxa"/>` +
    `<w:tblBorders>${['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(line).join('')}</w:tblBorders>` +
    '<w:tblLayout w:type="fixed"/>' +
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>' +
    `</w:tblPr><w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>${rows}</w:tbl>`
  );
}
