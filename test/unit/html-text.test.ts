import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS, MAX_HTML_DEPTH, readHtml } from '#mail/html-text';

const TOO_DEEP = `the HTML nests more than ${MAX_HTML_DEPTH} levels deep: the text from there on was not read`;

describe('readHtml: bounded work on any HTML', () => {
  it('converts 33 KB of nested <div> without overflowing the stack', () => {
    // prepare: what crashed `npm start` (html-to-text's recursive walk, about 2,000 levels)
    const html = `<p>Status: Green</p>${'<div>'.repeat(6_000)}deep${'</div>'.repeat(6_000)}`;

    // act
    const read = readHtml(html);

    // assess
    expect({ text: read.text.trim(), limits: read.limits }).toEqual({ text: 'Status: Green', limits: [TOO_DEEP] });
  });

  it('keeps everything before the first element nested too deep, cut at a tag', () => {
    const html = `<blockquote>quoted</blockquote><p>answer</p>${'<span>'.repeat(MAX_HTML_DEPTH + 10)}lost`;

    const read = readHtml(html);

    expect(read.text).toBe('> quoted\n\nanswer');
    expect(read.limits).toEqual([TOO_DEEP]);
  });

  it('counts the nesting the parser builds: cells and paragraphs that nest through implied ends', () => {
    // `<td><p>` repeated nests ever deeper although each start tag looks as if it closed the last
    const html = `top${'<td><p>'.repeat(2_000)}x`;

    expect(readHtml(html).limits).toEqual([TOO_DEEP]);
  });

  it('reads ordinary markup nested up to the limit in full', () => {
    const html = `${'<div>'.repeat(MAX_HTML_DEPTH - 2)}all of it${'</div>'.repeat(MAX_HTML_DEPTH - 2)}`;

    expect(readHtml(html)).toEqual({ text: 'all of it', limits: [] });
  });

  it('ends at once on deep nesting followed by stray end tags (quadratic in the parser before)', () => {
    // 350 KB of this took 31 s: each `</i>` was looked up through 50,000 open elements
    const html = `${'<b>'.repeat(50_000)}${'</i>'.repeat(50_000)}`;

    expect(readHtml(html).limits).toEqual([TOO_DEEP]);
  });

  it('reads at most MAX_HTML_CHARS of HTML, and says so', () => {
    const html = `<p>first</p><p>${'filler '.repeat(MAX_HTML_CHARS / 7)}</p><p>last</p>`;

    const read = readHtml(html);

    expect(read.text.startsWith('first')).toBe(true);
    expect(read.text).not.toContain('last');
    expect(read.limits).toEqual([`only the first ${MAX_HTML_CHARS.toLocaleString('en-GB')} characters of the HTML were read`]);
  });

  it('writes at most 8 quote prefixes, however deep the blockquotes', () => {
    // each prefix level rewrote all the text inside it: 255 levels over 1 MB took 25 s
    const html = `${'<blockquote>'.repeat(40)}old${'</blockquote>'.repeat(40)}`;

    expect(readHtml(html).text).toBe(`${'> '.repeat(8)}old`);
  });

  it('ends in text for any sequence of tags, text and stray characters', () => {
    const token = fc.oneof(
      fc.constantFrom('<div>', '</div>', '<p>', '</p>', '<td>', '<tr>', '<table>', '</table>', '<blockquote>', '</blockquote>'),
      fc.constantFrom('<br>', '<li>', '<ul>', '</ul>', '<pre>', '</pre>', '<script>', '</script>', '<!--', '-->', '<', '>', '&amp;', '&#x0;'),
      fc.constantFrom('<b>', '</i>', '<span>', '<a href="x>y">', '<svg>', '<style>', '</style>', '<td><p>', '<title>', '<textarea>'),
      fc.string({ maxLength: 8 }),
    );
    const html = fc.oneof(
      fc.array(token, { maxLength: 200 }).map((tokens) => tokens.join('')),
      fc.tuple(token, fc.integer({ min: 1, max: 3_000 }), token).map(([open, times, rest]) => open.repeat(times) + rest),
    );

    fc.assert(
      fc.property(html, (input) => {
        const read = readHtml(input);
        expect(typeof read.text).toBe('string');
        expect(read.limits.every((limit) => limit === TOO_DEEP)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
