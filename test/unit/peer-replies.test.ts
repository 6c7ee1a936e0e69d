import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReply } from '#mail/parse-reply';

/**
 * The peer corpus (`../shared/fixtures/peer-replies/`): 96 real replies from the test suites of
 * four quote-stripping libraries, each with the text its author typed. None carries a form, so
 * the whole of what the owner typed is the reply's `note`.
 *
 * Metric (the README's): a case is right when `parseReply(NAME.eml).note` equals
 * `NAME.expected.txt`, after, on both sides, (1) dropping every line whose trimmed text is one
 * of the case's `signature` lines in `manifest.json` (our contract drops signatures from the
 * note), (2) trimming trailing whitespace on each line, and (3) dropping leading and trailing
 * blank lines. A `null` note counts as the empty text. The figure is reported for the cases
 * whose `lang` is `en` (68) and for all cases (96).
 */
const dir = fileURLToPath(new URL('../../../shared/fixtures/peer-replies/', import.meta.url));

interface PeerCase {
  name: string;
  lang: string;
  signature: string[];
}

const manifest = JSON.parse(readFileSync(`${dir}manifest.json`, 'utf8')) as { cases: PeerCase[] };

/** Floors: what the reader achieves today. Raise them with the reader, never lower them. */
const ENGLISH_FLOOR = 68;
const OVERALL_FLOOR = 96;

/** The text as compared: signature lines dropped, trailing whitespace per line and outer blank lines removed. */
function comparableNote(text: string, signature: readonly string[]): string {
  const dropped = new Set(signature.map((line) => line.trim()));
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => !dropped.has(line.trim()));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.join('\n');
}

async function score(peer: PeerCase): Promise<boolean> {
  const reply = await parseReply(readFileSync(`${dir}${peer.name}.eml`));
  const expected = readFileSync(`${dir}${peer.name}.expected.txt`, 'utf8');
  return comparableNote(reply.note ?? '', peer.signature) === comparableNote(expected, peer.signature);
}

describe('parseReply on the peer corpus', () => {
  it('has the 96 cases, 68 with English headers', () => {
    expect(manifest.cases).toHaveLength(96);
    expect(manifest.cases.filter((peer) => peer.lang === 'en')).toHaveLength(68);
  });

  it('gives the typed text as the note in at least the recorded number of cases', async () => {
    // act
    const results = await Promise.all(manifest.cases.map(async (peer) => ({ peer, right: await score(peer) })));
    // assert
    const english = results.filter(({ peer }) => peer.lang === 'en');
    const englishRight = english.filter(({ right }) => right).length;
    const overallRight = results.filter(({ right }) => right).length;
    const missed = results.filter(({ right }) => !right).map(({ peer }) => peer.name);
    console.log(`peer corpus: English-header cases ${englishRight}/${english.length}, overall ${overallRight}/${results.length}`);
    if (missed.length > 0) console.log(`peer corpus, not exact: ${missed.join(', ')}`);
    expect(englishRight).toBeGreaterThanOrEqual(ENGLISH_FLOOR);
    expect(overallRight).toBeGreaterThanOrEqual(OVERALL_FLOOR);
  });
});
