/** Words of an update with their offsets, case and place in the sentence. */
export interface Token {
  /** The word without a possessive "'s" or "’s". */
  word: string;
  lower: string;
  start: number;
  /** End of `word` (before any possessive). */
  end: number;
  possessive: boolean;
  /** Starts with a capital and is not an acronym. */
  capitalised: boolean;
  /** Two or more capitals in a short word, or all capitals: HB, JMJ, MWr, CiC, CAMHS, IROs. */
  acronym: boolean;
  sentenceStart: boolean;
}

// Letters, with inner apostrophes and hyphens (O'Connor, Ellie-Mae, Thompson-Omenka).
const WORD_RE = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function isSentenceStart(text: string, start: number): boolean {
  let i = start - 1;
  let sawNewline = false;
  while (i >= 0) {
    const ch = text[i]!;
    if (ch === '\n' || ch === '\r') sawNewline = true;
    if (!/[\s"'“‘([•*–—-]/.test(ch)) break;
    i--;
  }
  if (i < 0 || sawNewline) return true;
  return /[.!?:;]/.test(text[i]!);
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) {
    let word = m[0];
    let possessive = false;
    const poss = /['’]s$/i.exec(word);
    if (poss && word.length > 2) {
      word = word.slice(0, -2);
      possessive = true;
    } else if (/^['’]/.test(text.slice(m.index + word.length, m.index + word.length + 1)) && /s$/.test(word)) {
      possessive = true; // carers' — plural possessive
    }
    const first = word[0] ?? '';
    const capitals = [...word].filter((c) => UPPER.test(c)).length;
    const acronym = (capitals >= 2 && word.length <= 4) || (capitals === word.length && word.length >= 2) || !LOWER.test(word);
    out.push({
      word,
      lower: word.toLowerCase(),
      start: m.index,
      end: m.index + word.length,
      possessive,
      capitalised: UPPER.test(first) && !acronym,
      acronym,
      sentenceStart: isSentenceStart(text, m.index),
    });
  }
  return out;
}
