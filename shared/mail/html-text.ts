/**
 * HTML bodies as text, with bounded work whatever the HTML.
 *
 * html-to-text walks the element tree recursively, so markup nested a few thousand levels deep
 * (33 KB of `<div>`) overflows the call stack; and htmlparser2 looks up every end tag in its
 * stack of open elements, so deep nesting followed by stray end tags is quadratic (350 KB took
 * 31 s). Both are bounded here before converting: the HTML is cut at {@link MAX_HTML_CHARS},
 * and at the first element nested deeper than {@link MAX_HTML_DEPTH}, found by one pass of the
 * same parser that stops there. What comes before is converted as usual; owners write at the
 * top, so the deep tail is never an answer.
 */
import { compile, type FormatCallback } from 'html-to-text';
import { Parser } from 'htmlparser2';

/** How much of one message's HTML is converted (about half a second of conversion). */
export const MAX_HTML_CHARS = 1024 * 1024;
/**
 * Deepest element nesting converted. The stack overflows near 2,000 levels (900 nested
 * single-cell tables); real mail stays far below 256 (a long Gmail thread adds about four
 * levels per reply).
 */
export const MAX_HTML_DEPTH = 256;

/**
 * Quote levels written as `> ` prefixes. Deeper blockquotes are still inside the outer quotes,
 * but each prefix level rewrites all the text inside it, so unbounded levels make the output
 * (and the time) grow with depth times text: 255 levels over 1 MB of text took 25 s.
 */
const MAX_QUOTE_PREFIXES = 8;
let quoteLevel = 0;

/** html-to-text's own blockquote format, but without prefixes past {@link MAX_QUOTE_PREFIXES}. */
const formatQuote: FormatCallback = (elem, walk, builder, options) => {
  const prefixed = quoteLevel < MAX_QUOTE_PREFIXES;
  builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2, reservedLineLength: prefixed ? 2 : 0 });
  quoteLevel++;
  try {
    walk(elem.children, builder);
  } finally {
    quoteLevel--;
  }
  builder.closeBlock({
    trailingLineBreaks: options.trailingLineBreaks ?? 2,
    ...(prefixed && {
      blockTransform: (text: string) =>
        trimLineBreaks(text)
          .split('\n')
          .map((line) => `> ${line}`)
          .join('\n'),
    }),
  });
};

/** Leading and trailing line breaks off, by a loop: a regex would be quadratic on long runs. */
function trimLineBreaks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charAt(start) === '\n') start++;
  while (end > start && text.charAt(end - 1) === '\n') end--;
  return text.slice(start, end);
}

const convert = compile({
  wordwrap: false,
  formatters: { quote: formatQuote },
  // never reached after the depth cut; a last guard that keeps the walk off the stack limit
  limits: { maxDepth: MAX_HTML_DEPTH + 16, ellipsis: '' },
  selectors: [
    // quoted originals become `> ` lines, which the text parser reads as quotes
    { selector: 'blockquote', format: 'quote' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    // layout tables (signatures, Outlook headers): one cell per line, never column-wrapped
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'th', format: 'block' },
    { selector: 'td', format: 'block' },
    ...(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'] as const).map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
});

/** HTML converted to text, and what of it was left out, in plain words. */
export interface HtmlText {
  text: string;
  limits: string[];
}

/**
 * Converts an HTML body to text within the limits above, with `<blockquote>` content as lines
 * quoted with `> `. Runs of blank lines become one: empty paragraphs and `<div><br></div>`
 * spacers are layout, not text. Never throws on any input.
 */
export function readHtml(html: string): HtmlText {
  const limits: string[] = [];
  let input = html;
  if (input.length > MAX_HTML_CHARS) {
    input = input.slice(0, MAX_HTML_CHARS);
    limits.push(`only the first ${MAX_HTML_CHARS.toLocaleString('en-GB')} characters of the HTML were read`);
  }
  const cut = tooDeepAt(input);
  if (cut >= 0) {
    input = input.slice(0, cut);
    limits.push(`the HTML nests more than ${MAX_HTML_DEPTH} levels deep: the text from there on was not read`);
  }
  const text = convert(input)
    .replace(/\u00a0/g, ' ')
    .replace(/\n[ \t]*(?:\n[ \t]*){2,}/g, '\n\n');
  return { text, limits };
}

class TooDeep extends Error {}

/**
 * Where the first element nested deeper than {@link MAX_HTML_DEPTH} starts, as htmlparser2
 * (the parser html-to-text uses) builds the tree, implied end tags included; -1 when none is.
 * The pass stops there, so its own element stack stays shallow.
 */
function tooDeepAt(html: string): number {
  if (countOf(html, '<', MAX_HTML_DEPTH + 1) <= MAX_HTML_DEPTH) return -1;
  let depth = 0;
  let at = -1;
  const parser: Parser = new Parser({
    onopentagname() {
      depth++;
      // a void element is closed right after it opens: one level of slack covers it
      if (depth > MAX_HTML_DEPTH + 1) {
        at = parser.startIndex;
        throw new TooDeep();
      }
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.end(html);
  } catch (error) {
    if (!(error instanceof TooDeep)) throw error;
  }
  return at;
}

/** How often `char` occurs in `text`, counting no further than `limit`. */
function countOf(text: string, char: string, limit: number): number {
  let count = 0;
  for (let index = text.indexOf(char); index >= 0 && count < limit; index = text.indexOf(char, index + 1)) count++;
  return count;
}
