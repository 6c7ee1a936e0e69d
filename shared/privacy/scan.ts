import { findAges, findDatesOfBirth } from './dates.ts';
import { type EmailSpan, emailSpans, findEmails } from './emails.ts';
import { type NameContext, type NameRecogniser, findNames } from './names.ts';
import { findNhsNumbers, findPhones, findUpns } from './numbers.ts';
import { findAddresses, findPostcodes } from './places.ts';
import { tokenize } from './tokens.ts';
import type { DirectoryPerson, Finding, FindingKind, ScanContext, Span } from './types.ts';

/** When two findings overlap, the more specific kind wins ("12 Acacia Avenue" is an address, not a name "Acacia"). */
const PRIORITY: readonly FindingKind[] = ['email', 'upn', 'nhs-number', 'phone', 'postcode', 'date-of-birth', 'address', 'age', 'name'];

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

function words(s: string): string[] {
  return s
    .toLowerCase()
    .replace(/’/g, "'")
    .split(/[^\p{L}'-]+/u)
    .flatMap((w) => [w, ...w.split('-')])
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w.length > 0);
}

/** Every place `phrase` occurs in `text` as whole words, ignoring case. */
function occurrences(text: string, lower: string, phrase: string): [number, number][] {
  const needle = phrase.toLowerCase().replace(/’/g, "'").trim();
  if (needle.length === 0) return [];
  const out: [number, number][] = [];
  let at = lower.indexOf(needle);
  while (at >= 0) {
    const end = at + needle.length;
    const boundaryBefore = at === 0 || !/[\p{L}\d]/u.test(text[at - 1]!);
    const boundaryAfter = end >= text.length || !/[\p{L}\d]/u.test(text[end]!);
    if (boundaryBefore && boundaryAfter) out.push([at, end]);
    at = lower.indexOf(needle, at + 1);
  }
  return out;
}

function fullNameVariants(name: string): string[] {
  const parts = name.trim().split(/\s+/);
  const variants = [parts.join(' ')];
  if (parts.length > 2) variants.push(`${parts[0]} ${parts[parts.length - 1]}`);
  return variants;
}

/** The context as the scan uses it; anything malformed is left out rather than trusted. */
function normalise(context: ScanContext | undefined): { people: DirectoryPerson[]; staffDomains: string[]; extraAllowed: string[] } {
  const c = (context ?? {}) as Partial<ScanContext>;
  const people = Array.isArray(c.people) ? c.people.filter((p): p is DirectoryPerson => !!p && typeof p.name === 'string') : [];
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim().length > 0) : []);
  return {
    people,
    staffDomains: strings(c.staffDomains).map((d) => d.trim().toLowerCase().replace(/^@/, '')),
    extraAllowed: strings(c.extraAllowed),
  };
}

function resolveOverlaps(spans: Span[]): Finding[] {
  const ranked = [...spans].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Finding[] = [];
  for (const s of ranked) {
    if (s.end <= s.start) continue;
    if (kept.some((k) => s.start < k.end && s.end > k.start)) continue;
    kept.push(s);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

function safely(detector: () => Span[]): Span[] {
  try {
    return detector();
  } catch {
    // A detector's bug must not stop the others: the board pack check still gets what they found.
    return [];
  }
}

/** scanText with a chosen name recogniser: detect.ts passes the shipped one; scripts/privacy-name-models.ts compares others. */
export function scanTextWith(text: string, context: ScanContext, recognise: NameRecogniser): Finding[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const ctx = normalise(context);
  const staffEmails = new Set(ctx.people.map((p) => (typeof p.email === 'string' ? p.email.trim().toLowerCase() : '')).filter(Boolean));
  let emails: EmailSpan[] = [];
  try {
    emails = emailSpans(text, staffEmails, ctx.staffDomains);
  } catch {
    // as in safely(): the other detectors still run
  }
  const patterns = [
    ...safely(() => findEmails(text, emails)),
    ...safely(() => findUpns(text)),
    ...safely(() => findNhsNumbers(text)),
    ...safely(() => findPhones(text)),
    ...safely(() => findPostcodes(text)),
    ...safely(() => findDatesOfBirth(text)),
    ...safely(() => findAddresses(text)),
    ...safely(() => findAges(text)),
  ].filter((s) => !emails.some((e) => e.staff && s.start < e.end && s.end > e.start));

  const names = safely(() => {
    const lower = text.toLowerCase().replace(/’/g, "'");
    const allowedWords = new Set<string>();
    const directoryFirstNames = new Set<string>();
    const directorySurnames = new Set<string>();
    const blocked: [number, number][] = [...emails.map((e): [number, number] => [e.start, e.end]), ...patterns.map((p): [number, number] => [p.start, p.end])];
    for (const m of text.matchAll(URL_RE)) blocked.push([m.index, m.index + m[0].length]);
    for (const p of ctx.people) {
      const parts = words(p.name);
      for (const w of parts) allowedWords.add(w);
      if (parts[0]) directoryFirstNames.add(parts[0]);
      for (const w of parts.slice(1)) directorySurnames.add(w);
      if (typeof p.role === 'string') for (const w of words(p.role)) allowedWords.add(w);
      for (const v of fullNameVariants(p.name)) blocked.push(...occurrences(text, lower, v));
    }
    for (const phrase of ctx.extraAllowed) {
      for (const w of words(phrase)) allowedWords.add(w);
      blocked.push(...occurrences(text, lower, phrase));
    }
    const nameContext: NameContext = { allowedWords, directoryFirstNames, directorySurnames, blocked };
    return findNames(text, tokenize(text), nameContext, recognise);
  });
  return resolveOverlaps([...patterns, ...names]);
}
