import type { Person } from '#domain/model';

/** A single letter either side of "&" with no spaces ("F&A", "A&E") is an abbreviation, not two owners. */
const ABBREVIATED_AND = /(?<![\p{L}\p{N}])(\p{L})&(\p{L})(?![\p{L}\p{N}])/gu;
const KEEP_AMP = '\u0000';

/**
 * Splits an owner cell into owner texts, in order, without repeats.
 * Separators: / & , ; " and " (a whole word, any case: "Brandon" is one name), line breaks, and
 * brackets ( ) [ ] — "AP(GE)" is two owners, "(GG)" is one. Texts are trimmed, inner spaces
 * collapsed, a leading bullet or dash dropped; empty and single-character texts are dropped (they
 * are splinters such as the "A" of "SM F&A", never an owner). "F&A"-style abbreviations
 * (one letter each side of "&", no spaces) are kept whole: "PTO/SM F&A" → ["PTO", "SM F&A"].
 */
export function splitOwners(cell: string): string[] {
  const protectedCell = cell.replace(ABBREVIATED_AND, `$1${KEEP_AMP}$2`);
  const out: string[] = [];
  for (const piece of protectedCell.split(/[/&,;\r\n()[\]]|(?:^|\s)and(?=\s|$)/i)) {
    const text = piece
      .replaceAll(KEEP_AMP, '&')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^[•·*\-–—]+\s*/, '')
      .trim();
    if (text.length <= 1 || out.includes(text)) continue;
    out.push(text);
  }
  return out;
}

/** Which rule found the person (see `resolveOwner`); `chosen`: the importing person said who it is. */
export type OwnerRule = 'initials' | 'name' | 'role' | 'acronym' | 'variant' | 'first-name' | 'chosen';

export type OwnerMatch = { person: Person; by: OwnerRule } | null;

/** What an owner text comes to: one person, several (never guessed between), or nobody. */
export type OwnerResolution = { kind: 'person'; person: Person; by: OwnerRule } | { kind: 'ambiguous'; candidates: Person[]; by: OwnerRule } | { kind: 'none' };

/** Lower-case, hyphens and dashes as spaces, one space between words: "Sue  Hollingworth-Shaw" ≡ "sue hollingworth shaw". */
function nameKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[‐-―-]/g, ' ')
    .replace(/[’‘`]/g, "'")
    .replace(/\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** One word compared loosely: lower-case, apostrophes dropped, one trailing "s" dropped ("Children's" ≡ "Childrens" ≡ "Children"). */
const looseWord = (w: string): string => {
  const lower = w.toLowerCase().replace(/['’‘`]/g, '');
  return lower.length > 1 && lower.endsWith('s') ? lower.slice(0, -1) : lower;
};

/** The words of a text as written: "&" read as "and", apostrophes kept inside words, any other punctuation a break. */
const rawWords = (s: string): string[] =>
  s
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}'’‘`]+/u)
    .map((w) => w.replace(/^['’‘`]+|['’‘`]+$/g, ''))
    .filter(Boolean);

/**
 * Role words compared loosely: lower-case, "&" read as "and", apostrophes dropped ("Children's" ≡
 * "Childrens"), other punctuation as spaces, and each word singularised by dropping one trailing "s"
 * ("Placements Service" ≡ "Placement Service").
 */
function roleWords(s: string): string[] {
  return rawWords(s).map(looseWord);
}

/** Role key, and the same key without one trailing "service" word ("Service Manager CiC Service" ≡ "Service Manager CiC"). */
function roleKeys(s: string): { full: string; short: string } {
  const words = roleWords(s);
  const short = words.length > 1 && words[words.length - 1] === 'service' ? words.slice(0, -1) : words;
  return { full: words.join(' '), short: short.join(' ') };
}

const roleMatches = (ownerText: string, role: string): boolean => {
  const a = roleKeys(ownerText);
  const b = roleKeys(role);
  return a.full !== '' && b.full !== '' && (a.full === b.full || a.short === b.short);
};

// ---- Acronyms, bracketed short forms, Service/Team variants -------------------------------------

interface Word {
  /** As compared (see `looseWord`). */
  loose: string;
  /** Its letters, lower-case, when the word as written is an acronym ("YJS", "CAMHS", "CiC"); else null. */
  acronym: string | null;
}

/**
 * An acronym as councils write them: letters only, starting with a capital, at least two capitals
 * and more capitals than small letters ("YJS", "CAMHS", "CiC"; not "McCarthy", not "Team").
 */
function acronymLetters(raw: string): string | null {
  if (!/^\p{Lu}\p{L}+$/u.test(raw)) return null;
  const upper = raw.replace(/\P{Lu}/gu, '').length;
  return upper >= 2 && upper > raw.length - upper ? raw.toLowerCase() : null;
}

/** A text's words; an acronym keeps its last letter ("YJS" is not "YJ" + plural "s"). */
const words = (s: string): Word[] =>
  rawWords(s).map((raw) => {
    const acronym = acronymLetters(raw);
    return { loose: acronym ?? looseWord(raw), acronym };
  });

/** Small words an acronym may skip ("Child and Adolescent Mental Health Services" is CAMHS) or spell ("Children in Care" is CiC). */
const LINK_WORDS = new Set(['and', 'of', 'the', 'for', 'in', 'to', 'on', 'with', 'at', 'by']);

/** Trailing words a unit's name may have, swap or lack: "Youth Justice Service" ≈ "Youth Justice Team" ≈ "Youth Justice". */
const UNIT_WORDS = new Set(['service', 'team']);

/**
 * Where a run of `ws` starting at `from` that `letters` abbreviates can end: each letter is the
 * initial of the next word; a link word may be skipped between them, never first.
 */
function spelled(letters: string, ws: Word[], from: number, first = true): number[] {
  if (letters === '') return [from];
  const w = ws[from];
  if (!w || w.acronym) return [];
  const ends = w.loose.startsWith(letters[0]!) ? spelled(letters.slice(1), ws, from + 1, false) : [];
  if (!first && LINK_WORDS.has(w.loose)) ends.push(...spelled(letters, ws, from + 1, false));
  return ends;
}

/**
 * Whether two texts name the same thing word for word, where an acronym on either side stands for
 * the run of words it abbreviates. With `variant`, what is left over at the end, on either side, may
 * be "Service"/"Team" words only (at least one word must have matched).
 */
function aligns(a: Word[], b: Word[], variant: boolean, i = 0, j = 0): boolean {
  if (i === a.length && j === b.length) return true;
  if (variant && i > 0 && j > 0 && a.slice(i).every((w) => UNIT_WORDS.has(w.loose)) && b.slice(j).every((w) => UNIT_WORDS.has(w.loose))) return true;
  if (i === a.length || j === b.length) return false;
  if (a[i]!.loose === b[j]!.loose && aligns(a, b, variant, i + 1, j + 1)) return true;
  if (a[i]!.acronym && spelled(a[i]!.acronym!, b, j).some((end) => aligns(a, b, variant, i + 1, end))) return true;
  return b[j]!.acronym !== null && spelled(b[j]!.acronym!, a, i).some((end) => aligns(a, b, variant, end, j + 1));
}

/**
 * The ways a name or role from the people file may be written: without a bracketed acronym, and
 * with it in place of the words it stands for ("Youth Justice Service (YJS) Team" → "Youth Justice
 * Service Team", "YJS Team"; when its letters spell none of the words before it, it stands for all
 * of them). Brackets holding anything but one acronym are read as plain words.
 */
function writtenForms(label: string): Word[][] {
  const bracket = /[([]\s*(\p{L}+)\s*[)\]]/u.exec(label);
  const letters = bracket ? acronymLetters(bracket[1]!) : null;
  if (!bracket || !letters) return [words(label)];
  const before = words(label.slice(0, bracket.index));
  const after = words(label.slice(bracket.index + bracket[0].length));
  let start = 0;
  for (let s = before.length - 1; s >= 0; s--) {
    if (spelled(letters, before, s).includes(before.length)) {
      start = s;
      break;
    }
  }
  return [
    [...before, ...after],
    [...before.slice(0, start), { loose: letters, acronym: letters }, ...after],
  ];
}

/**
 * The names and roles a person may be written as in an owner cell. A name counts only for someone
 * with no initials in the people file (a team, a service): a person's own initials are what the file
 * says they are, not a guess from their name.
 */
function labels(p: Person): Word[][] {
  return [...(p.role ? writtenForms(p.role) : []), ...(p.initials?.trim() ? [] : writtenForms(p.name))];
}

const formsMatch = (text: string, p: Person, variant: boolean): boolean => {
  const t = words(text);
  return t.length > 0 && labels(p).some((form) => form.length > 0 && aligns(t, form, variant));
};

/** The candidates with each person (by key) once. */
function distinct(candidates: Person[]): Person[] {
  const seen = new Map<string, Person>();
  for (const p of candidates) if (!seen.has(p.key)) seen.set(p.key, p);
  return [...seen.values()];
}

/**
 * Matches one owner text (as given by `splitOwners`) against the people file. Tried in order, the
 * first rule that finds anyone decides; two or more different people there is `ambiguous`, never a guess:
 * 1. initials, exactly as written ("MW" is not "MWr"); 2. initials ignoring case;
 * 3. full name ignoring case, spacing and hyphens ("Sue Hollingworth-Shaw" ≡ "Sue Hollingworth Shaw");
 * 4. role/area (see `roleWords`; a trailing "Service" word is optional on either side);
 * 5. acronyms: an acronym on either side stands for the words whose initials it spells, and a
 *    bracketed acronym in the people file is its short form ("YJS Team" ≡ "Youth Justice Service (YJS) Team",
 *    "CAMHS" ≡ "Child and Adolescent Mental Health Services"); against roles, and the names of people with no initials;
 * 6. the same, with trailing "Service"/"Team" words swapped, added or dropped ("Youth Justice Team" ≡
 *    "Youth Justice Service", "YJS" ≡ "YJS Team");
 * 7. a lone first name ("Dawn"), only if exactly one person has it.
 */
export function matchOwner(text: string, people: Person[]): OwnerResolution {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return { kind: 'none' };
  const index = indexOf(people);
  // Rules 1-3 are lookups in an index of the people (built once per people list), so a plan
  // with thousands of owners is not owners x people; the later rules, reached only by texts
  // that are not initials or names, look at each person.
  const rules: Array<[OwnerRule, () => Person[]]> = [
    ['initials', () => index.initials.get(t) ?? []],
    ['initials', () => index.initialsIgnoringCase.get(t.toLowerCase()) ?? []],
    ['name', () => index.names.get(nameKey(t)) ?? []],
    ['role', () => people.filter((p) => p.role !== null && roleMatches(t, p.role))],
    ['acronym', () => people.filter((p) => formsMatch(t, p, false))],
    ['variant', () => people.filter((p) => formsMatch(t, p, true))],
    ['first-name', () => (/^[\p{L}'’-]+$/u.test(t) ? (index.firstNames.get(t.toLowerCase()) ?? []) : [])],
  ];
  for (const [by, candidates] of rules) {
    const found = distinct(candidates());
    if (found.length === 1) return { kind: 'person', person: found[0]!, by };
    if (found.length > 1) return { kind: 'ambiguous', candidates: found, by };
  }
  return { kind: 'none' };
}

interface PeopleIndex {
  size: number;
  initials: Map<string, Person[]>;
  initialsIgnoringCase: Map<string, Person[]>;
  names: Map<string, Person[]>;
  firstNames: Map<string, Person[]>;
}

const indexes = new WeakMap<readonly Person[], PeopleIndex>();

/** The people by initials, name and first name, in file order; rebuilt if the list grew or shrank. */
function indexOf(people: readonly Person[]): PeopleIndex {
  const known = indexes.get(people);
  if (known && known.size === people.length) return known;
  const index: PeopleIndex = { size: people.length, initials: new Map(), initialsIgnoringCase: new Map(), names: new Map(), firstNames: new Map() };
  const add = (map: Map<string, Person[]>, key: string, p: Person) => map.set(key, [...(map.get(key) ?? []), p]);
  for (const p of people) {
    const initials = p.initials?.trim();
    if (initials) {
      add(index.initials, initials, p);
      add(index.initialsIgnoringCase, initials.toLowerCase(), p);
    }
    add(index.names, nameKey(p.name), p);
    add(index.firstNames, p.name.trim().split(/\s+/)[0]!.toLowerCase(), p);
  }
  indexes.set(people, index);
  return index;
}

/** An owner text as chosen owners are keyed: spaces collapsed and trimmed, as `splitOwners` gives it. */
export const ownerTextKey = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The person the importing person chose for an owner text (`chosen`: owner text → person key or
 * initials), or null when they chose nobody for it or the key is no one's.
 */
export function chosenOwner(text: string, people: Person[], chosen: Record<string, string>): Person | null {
  const wanted = Object.entries(chosen)
    .find(([t]) => ownerTextKey(t) === ownerTextKey(text))?.[1]
    ?.trim();
  if (!wanted) return null;
  return people.find((p) => p.key === wanted) ?? people.find((p) => p.initials?.trim().toLowerCase() === wanted.toLowerCase()) ?? null;
}

/**
 * The one person an owner text names: the one chosen for it, else as `matchOwner` finds; null
 * when it names nobody or could be several people.
 */
export function resolveOwner(text: string, people: Person[], chosen: Record<string, string> = {}): OwnerMatch {
  const person = chosenOwner(text, people, chosen);
  if (person) return { person, by: 'chosen' };
  const m = matchOwner(text, people);
  return m.kind === 'person' ? { person: m.person, by: m.by } : null;
}
