import { findAgeAfterName } from './dates.ts';
import type { Token } from './tokens.ts';
import { type Span, span } from './types.ts';
import {
  ADULT_CUES,
  CHILD_CUES,
  MONTH_OR_WEEKDAY,
  NAMES_THAT_ARE_WORDS,
  NEVER_NAMES,
  ORGANISATION_ENDINGS,
  ORGANISATION_JOINERS,
  PERSON_VERBS,
  PLACE_WORDS,
  SERVICE_VOCABULARY,
  TITLES,
  ADVERBS,
} from './vocabulary.ts';

/**
 * Names of people who are not in the plan's people directory.
 *
 * 1. Words that can never be a name are set aside: the directory's names, initials and job
 *    titles, the context's allowed words, service vocabulary, months, and whole organisation
 *    names ("Harvey Hadden Sports Village", "Children in Care Council").
 * 2. A capitalised word is a name when something says so: a title ("Mrs Henderson"), a word
 *    before it ("young person Oliver", "her mum Tracey"), what follows it ("Leah's foster
 *    carer", "Jamie, 14,"), or the first-name library — unless it is a place after "in/at",
 *    or a word-like name opening a sentence with no verb of a person after it ("Will update…").
 * 3. A name spreads to the names joined to it ("Callum and Mia") and to its other mentions,
 *    and takes the surname that follows it ("Chloe Bennett").
 */

/** Which tokens a library takes for (parts of) people's names. */
export type NameRecogniser = (text: string, tokens: readonly Token[]) => ReadonlySet<number>;

export interface NameContext {
  /** Lower-case words of the directory's names, initials and job titles, and the allowed single words. */
  allowedWords: ReadonlySet<string>;
  /** Lower-case directory surnames: "Emma Watson" is not a directory person, "Emma Fillmore" is. */
  directorySurnames: ReadonlySet<string>;
  directoryFirstNames: ReadonlySet<string>;
  /** Ranges of text never to read as names: directory full names, allowed phrases, emails, other findings. */
  blocked: readonly (readonly [number, number])[];
}

type Strength = 'child' | 'adult' | 'family' | 'person';

const REASONS: Record<Strength, string> = {
  child: "looks like a child's name: not in the plan's people directory",
  adult: "looks like a parent's or carer's name: not in the plan's people directory",
  family: "looks like a family's surname: not in the plan's people directory",
  person: "looks like a person's name: not in the plan's people directory",
};

function cueRe(cues: readonly string[]): RegExp {
  const alternatives = [...cues].sort((a, b) => b.length - a.length).map((c) => c.replace(/[-\s]/g, (s) => (s === '-' ? '-?' : '\\s+')));
  // "her mum Tracey", "the young person, Tyler,", "sibling group (Callum", "known as Bobby"
  return new RegExp(`\\b(?:${alternatives.join('|')})\\s*(?:group\\s*)?[,:(]?\\s*$`, 'i');
}
export const CHILD_CUE_RE = cueRe(CHILD_CUES);
export const ADULT_CUE_RE = cueRe(ADULT_CUES);
const PLACE_BEFORE_RE = /\b(?:in|at|near|across|around|within|into|towards|outside)\s+$/i;
// "Amelia (YP)", "Kyle (DOB 19/12/2016)", "Riley (UPN …)"
const YP_AFTER_RE =
  /^\s*\((?:(?:YP|young person|CiC|CLA|LAC|care leaver|child|sibling|brother|sister|son|daughter)\)|(?:DOB|D\.O\.B|d\.o\.b|born|UPN|NHS|aged)\b)/i;
export const RELATIVE_AFTER_RE =
  /^\s*\((?:mum|mom|mother|dad|father|step-?dad|step-?mum|nan|gran|grandmother|grandfather|aunt|auntie|uncle|carer|foster carer|partner)\)/i;
const RELATION_AFTER_RE =
  /^\s+and\s+(?:his|her|their)\s+(?:\w+\s+)?(?:brother|brothers|sister|sisters|sibling|siblings|mum|mother|dad|father|nan|gran|carer|carers|baby|son|daughter)\b/i;
export const FAMILY_AFTER_RE = /^\s+(?:children|family|siblings|brothers|sisters|twins|boys|girls|household|kids)\b/i;

function inRanges(ranges: readonly (readonly [number, number])[], start: number, end: number): boolean {
  return ranges.some(([s, e]) => start < e && end > s);
}

/**
 * Tokens inside organisation or venue names, a capitalised run ending in "Team", "Academy", "Village"…,
 * and inside headings and programme names, a capitalised run holding a service word ("Early Intervention Pathway").
 */
function organisationTokens(text: string, tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  let i = 0;
  while (i < tokens.length) {
    if (!tokens[i]!.capitalised && !tokens[i]!.acronym) {
      i++;
      continue;
    }
    // Grow a run of capitalised words; a joiner ("of", "in", "&") continues it only after a word that is no name.
    const run = [i];
    let j = i;
    let possessiveInside = false;
    while (j + 1 < tokens.length) {
      const gap = text.slice(tokens[j]!.end, tokens[j + 1]!.start);
      const next = tokens[j + 1]!;
      if (/^(?:['’]s)?\s$/.test(gap) && (next.capitalised || next.acronym)) {
        if (gap.length > 1) possessiveInside = true;
        run.push(++j);
        continue;
      }
      const joinerGap = /^(?:['’]s)?\s+&\s+$/.test(gap);
      const afterJoiner = tokens[j + 2];
      if (
        (joinerGap || (ORGANISATION_JOINERS.has(next.lower) && /^\s$/.test(gap))) &&
        NEVER_NAMES.has(tokens[j]!.lower) &&
        afterJoiner &&
        (afterJoiner.capitalised || afterJoiner.acronym)
      ) {
        if (!joinerGap) run.push(++j);
        run.push(++j);
        continue;
      }
      break;
    }
    const last = tokens[run[run.length - 1]!]!;
    const words = run.filter((k) => tokens[k]!.capitalised);
    // "Kai's Care Plan" is Kai's plan: a possessive inside the run keeps the heading rule off.
    const heading = !possessiveInside && words.length >= 2 && words.some((k) => SERVICE_VOCABULARY.has(tokens[k]!.lower));
    if ((run.length >= 2 && ORGANISATION_ENDINGS.has(last.lower)) || heading) for (const k of run) out.add(k);
    i = j + 1;
  }
  return out;
}

function isCandidate(t: Token): boolean {
  return t.capitalised && t.word.length >= 2 && !NEVER_NAMES.has(t.lower);
}

export function findNames(text: string, tokens: readonly Token[], ctx: NameContext, recognise: NameRecogniser): Span[] {
  const organisation = organisationTokens(text, tokens);
  const recognised = recognise(text, tokens);
  const free = (k: number): boolean => {
    const t = tokens[k]!;
    return isCandidate(t) && !organisation.has(k) && !inRanges(ctx.blocked, t.start, t.end);
  };
  const before = (k: number): string => text.slice(Math.max(0, tokens[k]!.start - 40), tokens[k]!.start);
  const after = (k: number): string => text.slice(tokens[k]!.end, tokens[k]!.end + 60);
  const gapAfter = (k: number): string => (k + 1 < tokens.length ? text.slice(tokens[k]!.end, tokens[k + 1]!.start) : '');
  // Can token k+1 be the surname of token k? "Chloe Bennett", "Jayden O'Connor", "Daniel Wright" (a directory surname, another person).
  const surnameFollows = (k: number): boolean => {
    const next = tokens[k + 1];
    if (!next || tokens[k]!.possessive || !/^ $/.test(gapAfter(k)) || !isCandidate(next) || next.sentenceStart || organisation.has(k + 1)) return false;
    if (inRanges(ctx.blocked, next.start, next.end) || MONTH_OR_WEEKDAY.has(next.lower) || PLACE_WORDS.has(next.lower)) return false;
    return !ctx.allowedWords.has(next.lower) || ctx.directorySurnames.has(next.lower);
  };
  const nameEnd = (k: number): number => {
    let last = k;
    while (last - k < 2 && surnameFollows(last)) last++;
    return last;
  };

  const heads = new Map<number, Strength>();
  const starts = new Map<number, number>(); // a finding that starts before its head: "Mrs Henderson"
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    const prev = tokens[k - 1];
    const allowed = ctx.allowedWords.has(t.lower);
    // A title makes a name even inside a capitalised run: "Mrs Henderson Action 3.1.2…"
    const titled = prev && TITLES.has(prev.lower) && /^\.?\s+$/.test(text.slice(prev.end, t.start));
    if (!(titled && isCandidate(t) && !inRanges(ctx.blocked, t.start, t.end)) && !free(k)) continue;
    if (titled && !allowed) {
      // "Mr and Mrs Okafor"
      const pair = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?:and|&)\s+$/.exec(text.slice(Math.max(0, prev.start - 12), prev.start));
      starts.set(k, pair ? prev.start - pair[0].length : prev.start);
      heads.set(k, 'adult');
      continue;
    }
    if (allowed) {
      // A directory first name with a surname the directory does not have: "Emma Watson".
      const next = tokens[k + 1];
      if (
        next &&
        ctx.directoryFirstNames.has(t.lower) &&
        /^\s$/.test(gapAfter(k)) &&
        free(k + 1) &&
        !ctx.allowedWords.has(next.lower) &&
        !PLACE_WORDS.has(next.lower)
      ) {
        heads.set(k, 'person');
      }
      continue;
    }
    if (MONTH_OR_WEEKDAY.has(t.lower)) continue;
    const b = before(k);
    const a = after(k);
    if (CHILD_CUE_RE.test(b)) heads.set(k, 'child');
    else if (ADULT_CUE_RE.test(b) || RELATIVE_AFTER_RE.test(a)) heads.set(k, 'adult');
    else if (findAgeAfterName(text, tokens[nameEnd(k)]!.end) || YP_AFTER_RE.test(a) || RELATION_AFTER_RE.test(a)) heads.set(k, 'child');
    else if (t.possessive && /^['’]?s?\s+(?:\p{Ll}|\p{Lu}{2,}\b)/u.test(text.slice(t.end, t.end + 8)) && !PLACE_WORDS.has(t.lower)) heads.set(k, 'person');
    else if (/\bthe\s+$/i.test(b) && FAMILY_AFTER_RE.test(a)) heads.set(k, 'family');
    else if (recognised.has(k)) {
      if (PLACE_WORDS.has(t.lower) || PLACE_BEFORE_RE.test(b)) continue;
      // At the start of a sentence every word is capitalised: a listed name there needs a verb of a person after it
      // ("Jamie has settled", "Ryan Gallagher was excluded"), so "Pilot a panel" and "Free swim passes" are not names.
      if (t.sentenceStart) {
        let v = nameEnd(k) + 1;
        // Step over an aside: "Tyler (born 12 June 2010) attends…", "Riley (UPN …) has…".
        const aside = /^\s*\([^()]{0,80}\)/.exec(text.slice(tokens[nameEnd(k)]!.end, tokens[nameEnd(k)]!.end + 90));
        if (aside) while (tokens[v] && tokens[v]!.start < tokens[nameEnd(k)]!.end + aside[0].length) v++;
        while (tokens[v] && ADVERBS.has(tokens[v]!.lower)) v++;
        const verb = tokens[v];
        const wordLike = NAMES_THAT_ARE_WORDS.has(t.lower);
        const personVerb = !!verb && (PERSON_VERBS.has(verb.lower) || (!wordLike && /^\p{Ll}+ed$/u.test(verb.word)));
        if (!personVerb && !tokens[nameEnd(k)]!.possessive) continue;
      }
      heads.set(k, 'person');
    }
  }

  // Names joined to a name ("Callum and Mia", "Alfie, Mia and Tom") and other mentions of a name found once.
  const named = new Set([...heads.keys()].map((k) => tokens[k]!.lower));
  const joined = (k: number): Strength | undefined => {
    const prev = tokens[k - 1];
    if (prev && heads.has(k - 1) && /^(?:['’]s)?\s*[&,]\s*$/.test(text.slice(prev.end, tokens[k]!.start))) return heads.get(k - 1);
    if (prev && /^and$/i.test(prev.word) && heads.has(k - 2) && /^\s+$/.test(text.slice(tokens[k - 2]!.end, prev.start))) return heads.get(k - 2);
    const next = tokens[k + 1];
    if (next && /^and$/i.test(next.word) && heads.has(k + 2)) return heads.get(k + 2);
    const gap = k + 1 < tokens.length ? text.slice(tokens[k]!.end, tokens[k + 1]!.start) : '';
    if (heads.has(k + 1) && /^\s*[&,]\s*$/.test(gap)) return heads.get(k + 1);
    return undefined;
  };
  // A list grows by one name a pass from its far end; ten passes cover any real list and keep a long text linear.
  let grew = true;
  for (let pass = 0; grew && pass < 10; pass++) {
    grew = false;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      if (heads.has(k) || !free(k) || ctx.allowedWords.has(t.lower) || MONTH_OR_WEEKDAY.has(t.lower) || PLACE_WORDS.has(t.lower)) continue;
      const strength = named.has(t.lower) ? 'person' : joined(k);
      if (strength) {
        heads.set(k, strength);
        named.add(t.lower);
        grew = true;
      }
    }
  }

  const out: Span[] = [];
  const used = new Set<number>();
  for (const k of [...heads.keys()].sort((x, y) => x - y)) {
    if (used.has(k)) continue;
    const last = nameEnd(k);
    for (let j = k + 1; j <= last; j++) used.add(j);
    // A first name before a surname found on its own: "Jayden O'Connor's placement".
    let first = k;
    const prev = tokens[k - 1];
    if (
      !starts.has(k) &&
      prev &&
      !heads.has(k - 1) &&
      free(k - 1) &&
      !ctx.allowedWords.has(prev.lower) &&
      surnameFollows(k - 1) &&
      (recognised.has(k - 1) || !prev.sentenceStart)
    )
      first = k - 1;
    const start = starts.get(k) ?? tokens[first]!.start;
    out.push(span('name', text, start, tokens[last]!.end, REASONS[heads.get(k)!]));
    const age = findAgeAfterName(text, tokens[last]!.end);
    if (age) out.push(age);
  }
  return out;
}
