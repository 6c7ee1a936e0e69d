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

export type OwnerMatch = { person: Person; by: 'initials' | 'name' | 'first-name' | 'role' } | null;

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

/**
 * Role words compared loosely: lower-case, "&" read as "and", apostrophes dropped ("Children's" ≡
 * "Childrens"), other punctuation as spaces, and each word singularised by dropping one trailing "s"
 * ("Placements Service" ≡ "Placement Service").
 */
function roleWords(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => (w.length > 1 && w.endsWith('s') ? w.slice(0, -1) : w));
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

/** The one person among candidates (same key counts once); undefined for none, null when ambiguous. */
function single(candidates: Person[]): Person | null | undefined {
  const keys = new Set(candidates.map((p) => p.key));
  if (keys.size === 0) return undefined;
  return keys.size === 1 ? candidates[0]! : null;
}

/**
 * Resolves one owner text (as given by `splitOwners`) against the people file. Tried in order, the
 * first rule that finds anyone decides (two or more different people there → null, ambiguous):
 * 1. initials, exactly as written ("MW" is not "MWr"); 2. initials ignoring case;
 * 3. full name ignoring case, spacing and hyphens ("Sue Hollingworth-Shaw" ≡ "Sue Hollingworth Shaw");
 * 4. role/area (see `roleWords`; a trailing "Service" word is optional on either side);
 * 5. a lone first name ("Dawn"), only if exactly one person has it.
 */
export function resolveOwner(text: string, people: Person[]): OwnerMatch {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return null;
  const initials = (p: Person) => p.initials?.trim() || null;
  const rules: Array<[NonNullable<OwnerMatch>['by'], (p: Person) => boolean]> = [
    ['initials', (p) => initials(p) === t],
    ['initials', (p) => initials(p)?.toLowerCase() === t.toLowerCase()],
    ['name', (p) => nameKey(p.name) === nameKey(t)],
    ['role', (p) => p.role !== null && roleMatches(t, p.role)],
    ['first-name', (p) => /^[\p{L}'’-]+$/u.test(t) && p.name.trim().split(/\s+/)[0]!.toLowerCase() === t.toLowerCase()],
  ];
  for (const [by, test] of rules) {
    const person = single(people.filter(test));
    if (person === null) return null;
    if (person) return { person, by };
  }
  return null;
}
