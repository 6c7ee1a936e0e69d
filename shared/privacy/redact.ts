import { ADULT_CUE_RE, CHILD_CUE_RE, FAMILY_AFTER_RE, RELATIVE_AFTER_RE } from './names.ts';
import type { Finding, FindingKind } from './types.ts';

/**
 * The redaction a coordinator is offered for a held-back entry. Every finding's text goes; the
 * sentence should still read as a board paper:
 * - a child's name becomes "a young person", then "the young person"; a second child "another
 *   young person", then "the other young person";
 * - a name that a word before it already explains goes without a trace: "her mum Tracey has" →
 *   "her mum has", "young person Oliver has" → "young person has", "the Hussain children" → "the children";
 * - a carer's or parent's titled name ("Mrs Henderson") becomes "[name removed]";
 * - an age in an aside goes ("Jamie, 14, has" → "A young person has"), one in a predicate becomes
 *   "[removed]" ("is [removed] and lives…");
 * - numbers, dates of birth, postcodes, addresses, phones and emails become "[removed]": a reader
 *   sees that something was taken out, and the words around it ("NHS number", "lives at") say what.
 */

export const REMOVED = '[removed]';
const NAME_REMOVED = '[name removed]';

const PRIORITY: readonly FindingKind[] = ['email', 'upn', 'nhs-number', 'phone', 'postcode', 'date-of-birth', 'address', 'age', 'name'];
const KINDS = new Set<string>(PRIORITY);

interface Cut {
  start: number;
  end: number;
  kind: FindingKind;
}

/** The findings as ranges of `text`: a finding whose offsets do not hold its text is looked for by its text instead. */
function cuts(text: string, findings: readonly Finding[]): Cut[] {
  const raw: Cut[] = [];
  for (const f of Array.isArray(findings) ? findings : []) {
    if (!f || typeof f !== 'object') continue;
    const kind: FindingKind = KINDS.has(f.kind) ? f.kind : 'email';
    const fits = Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.end <= text.length && f.start < f.end;
    if (fits && (typeof f.text !== 'string' || text.slice(f.start, f.end) === f.text)) {
      raw.push({ start: f.start, end: f.end, kind });
    } else if (typeof f.text === 'string' && f.text.length > 0) {
      for (let at = text.indexOf(f.text); at >= 0; at = text.indexOf(f.text, at + 1)) raw.push({ start: at, end: at + f.text.length, kind });
    }
  }
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Cut[] = [];
  for (const c of raw) {
    const last = merged[merged.length - 1];
    if (last && c.start < last.end) {
      last.end = Math.max(last.end, c.end);
      if (PRIORITY.indexOf(c.kind) < PRIORITY.indexOf(last.kind)) last.kind = c.kind;
    } else merged.push({ ...c });
  }
  return merged;
}

type Action = { replace: string } | { drop: true; from?: number };

const TITLE_RE = /^(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\b/;
const NAMING_CUE_RE = /\s+(?:called|named|known\s+as)\s*$/i;
const PREDICATE_RE = /\b(?:is|was|turned|turns|now|be|are|were)\s+$/i;
const AGE_NOUN_AFTER_RE = /^\s+(?:girl|boy|care leaver|young|child|son|daughter|brother|sister|pupil|student|man|woman|baby|sibling)/i;

/** Capitalise only where a sentence begins (after ". ! ?" or a line break), not after a colon: "Update: a young person…". */
function opensSentence(text: string, at: number): boolean {
  let i = at - 1;
  let space = false;
  while (i >= 0 && /[\s"'“‘(]/.test(text[i]!)) {
    if (text[i] === '\n') return true;
    if (/\s/.test(text[i]!)) space = true;
    i--;
  }
  return i < 0 || (space && /[.!?]/.test(text[i]!));
}

export function proposeRedaction(text: string, findings: readonly Finding[]): string {
  if (typeof text !== 'string') return '';
  const list = cuts(text, findings);
  if (list.length === 0) return text;

  const children = new Map<string, number>(); // name → order of first mention
  const seen = new Set<string>();
  const actionFor = (c: Cut): Action => {
    const before = text.slice(Math.max(0, c.start - 40), c.start);
    const after = text.slice(c.end, c.end + 40);
    const found = text.slice(c.start, c.end);
    if (c.kind === 'age') {
      if (/^aged\b/i.test(found) || PREDICATE_RE.test(before)) return PREDICATE_RE.test(before) ? { replace: REMOVED } : { drop: true };
      if (/[a-z]$/i.test(found) && !AGE_NOUN_AFTER_RE.test(after)) return { replace: 'young person' }; // "The 12yo in our home"
      return { drop: true };
    }
    if (c.kind !== 'name') return { replace: REMOVED };
    const naming = NAMING_CUE_RE.exec(before);
    if (naming && CHILD_CUE_RE.test(before)) return { drop: true, from: c.start - naming[0].trimStart().length };
    if (/\bthe\s+$/i.test(before) && FAMILY_AFTER_RE.test(after)) return { drop: true };
    const directCue = /(?:\s|,\s*)$/.test(before) && !/\(\s*$/.test(before);
    if (directCue && (CHILD_CUE_RE.test(before) || ADULT_CUE_RE.test(before))) return { drop: true };
    if (TITLE_RE.test(found) || RELATIVE_AFTER_RE.test(after) || /\bdear\s+$/i.test(before)) return { replace: NAME_REMOVED };
    const key = found.toLowerCase();
    if (!children.has(key)) children.set(key, children.size);
    const order = children.get(key)!;
    const first = !seen.has(key);
    seen.add(key);
    if (order === 0) return { replace: first ? 'a young person' : 'the young person' };
    return { replace: first ? 'another young person' : order === 1 ? 'the other young person' : 'that young person' };
  };

  let out = '';
  let at = 0;
  for (const c of list) {
    if (c.start < at) continue;
    const action = actionFor(c);
    if ('replace' in action) {
      out += text.slice(at, c.start);
      const capital = opensSentence(text, c.start) && /^[a-z]/.test(action.replace);
      out += capital ? action.replace[0]!.toUpperCase() + action.replace.slice(1) : action.replace;
      at = c.end;
      continue;
    }
    // Drop the text and the punctuation that held it: "(14)", ", 14,", " Tracey".
    let start = Math.max(at, action.from ?? c.start);
    let end = c.end;
    if (text[start - 1] === '(' && text[end] === ')' && start - 1 >= at) {
      start--;
      end++;
      if (text[start - 1] === ' ' && start - 1 >= at) start--;
    } else if (/,\s*$/.test(text.slice(at, start)) && (text[end] === ',' || end === text.length || /^[.;:!?)]/.test(text.slice(end)))) {
      start = at + text.slice(at, start).search(/,\s*$/);
      if (text[end] === ',') end++;
    } else if (text[start - 1] === ' ' && start - 1 >= at) start--;
    else if (text[end] === ' ') end++;
    out += text.slice(at, start);
    at = end;
    // "An 11-year-old boy" → "A boy"
    const article = /\b(an|An)(\s*)$/.exec(out.slice(-8));
    if (article && /^\s*[b-df-hj-np-tv-z]/i.test(text.slice(at, at + 4)))
      out = out.slice(0, out.length - article[0].length) + (article[1] === 'An' ? 'A' : 'a') + article[2];
  }
  out += text.slice(at);
  // "at [removed], [removed]." reads as one removal.
  return out.replace(/\[removed\](?:(?:,\s*|\s+)\[removed\])+/g, REMOVED);
}
