import { type Span, span } from './types.ts';

/**
 * Dates of birth and ages of one child. A date alone is a meeting or a due date, so a date is
 * flagged only beside a birth cue ("DOB", "date of birth", "born"); an age only when it belongs
 * to one person ("aged 15", "a 13-year-old", "a girl, 15,"), never to a cohort ("care leavers
 * aged 18 to 21", "16-17 year olds"). Ages right after a name ("Jamie, 14,") are found with the names.
 */

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '(?:[0-2]?\\d|3[01])(?:st|nd|rd|th)?';
const NUMERIC_DATE = '(?:[0-3]?\\d[/.-][01]?\\d[/.-](?:\\d{4}|\\d{2})|\\d{4}-[01]\\d-[0-3]\\d)';
const WORDED_DATE = `(?:${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}|${MONTH}\\s+${DAY},?\\s+\\d{4})`;
const MONTH_YEAR = `(?:${MONTH}\\s+\\d{4})`;
const A_DATE = `(?:${NUMERIC_DATE}|${WORDED_DATE})`;

const BIRTH_CUE = '(?:\\bdates?\\s+of\\s+birth|\\bd\\.?o\\.?b\\b\\.?|\\bborn(?:\\s+on)?)';
const AFTER_CUE = '(?:\\s*(?:is|was|are|were)\\b)?[\\s:;,=-]*';

const DOB_RE = new RegExp(`${BIRTH_CUE}${AFTER_CUE}(${A_DATE})((?:\\s*(?:,|and|&)\\s*${A_DATE})*)`, 'gi');
// "born in March 2024": a month and year is enough to narrow a birth down.
const BORN_IN_RE = new RegExp(`\\bborn\\s+in\\s+(${MONTH_YEAR})\\b`, 'gi');
const DATE_THEN_CUE_RE = new RegExp(`(?<![\\w/.-])(${A_DATE})\\s*\\(?\\s*(?:DOB|d\\.o\\.b\\.?|date of birth)\\b`, 'gi');
const ANY_DATE_RE = new RegExp(A_DATE, 'gi');

const DOB_REASON = 'looks like a date of birth';

export function findDatesOfBirth(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(DOB_RE)) {
    const first = m[1]!;
    const firstStart = m.index + m[0].length - (m[2]?.length ?? 0) - first.length;
    out.push(span('date-of-birth', text, firstStart, firstStart + first.length, DOB_REASON));
    // "Dates of birth: 04/05/2014 and 19/12/2016"
    const rest = m[2] ?? '';
    const restStart = firstStart + first.length;
    for (const d of rest.matchAll(ANY_DATE_RE)) {
      out.push(span('date-of-birth', text, restStart + d.index, restStart + d.index + d[0].length, DOB_REASON));
    }
  }
  for (const m of text.matchAll(BORN_IN_RE)) {
    const start = m.index + m[0].length - m[1]!.length;
    out.push(span('date-of-birth', text, start, start + m[1]!.length, DOB_REASON));
  }
  for (const m of text.matchAll(DATE_THEN_CUE_RE)) {
    out.push(span('date-of-birth', text, m.index, m.index + m[1]!.length, DOB_REASON));
  }
  return out;
}

// Words that make an age a cohort's ("young people aged 16", "all aged 15").
const COHORT_BEFORE =
  /\b(?:people|children|leavers|pupils|those|all|adults|boys|girls|students|persons|YP|CiC|CLA|LAC|UASC|siblings|others|ones|cohort|group|groups|everyone|anyone|under|over|below|above|between)\s+(?:who\s+are\s+|currently\s+|now\s+)?$/i;
const RANGE_AFTER = /^\s*(?:-|–|—|\+|plus\b|\/|(?:to|and|or|&)\s*\d|years?\s+and\s+(?:over|under|above|below)|and\s+(?:over|under|above|below))/i;

// "aged 15" only: "at age 19" and "from age 14" speak of everyone that age.
const AGED_RE = /\baged\s+(\d{1,2})\b/gi;
const YEARS_OLD_RE = /(?<![\w.-])(\d{1,2})(?:(?:[ -]?years?|[ -]?yrs?)[ -]old\b(?!s)|\s?y\/?o\b)(?!\s*-?\s*olds)(?!\s+(?:birthday|threshold|limit|cohort))/gi;
// "A girl, 15, disclosed", "her brother (6)".
const NOUN_AGE_RE =
  /\b(?:boy|girl|baby|son|daughter|brother|sister|sibling|twin|child|young person|young man|young woman|teenager|YP)\s*(?:,\s*(\d{1,2})\s*(?=,)|\(\s*(\d{1,2})\s*\))/gi;

const AGE_REASON = "looks like a child's age";

function plausibleAge(n: string): boolean {
  const v = Number(n);
  return v >= 0 && v <= 25;
}

export function findAges(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(AGED_RE)) {
    if (!plausibleAge(m[1]!)) continue;
    const end = m.index + m[0].length;
    if (COHORT_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (RANGE_AFTER.test(text.slice(end, end + 20))) continue;
    out.push(span('age', text, m.index, end, AGE_REASON));
  }
  for (const m of text.matchAll(YEARS_OLD_RE)) {
    if (!plausibleAge(m[1]!)) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (COHORT_BEFORE.test(before) || /(?:-|–|to|and|or)\s*$/i.test(before)) continue;
    out.push(span('age', text, m.index, m.index + m[0].length, AGE_REASON));
  }
  for (const m of text.matchAll(NOUN_AGE_RE)) {
    const n = m[1] ?? m[2]!;
    if (!plausibleAge(n)) continue;
    const at = m.index + m[0].lastIndexOf(n);
    out.push(span('age', text, at, at + n.length, AGE_REASON));
  }
  return out;
}

/** An age written straight after a name: "Jamie, 14,", "Kai (14)", "Lewis is 15", "Sienna turned 18". */
const AGE_AFTER_NAME_RE =
  /^(?:['’]s)?(?:\s*,\s*(?:aged\s+)?(\d{1,2})\s*(?=[,;:)]|\s+(?:and|who|has|had|is|was|will|lives|moved|attends)\b)|\s*\(\s*(?:aged\s+)?(\d{1,2})\s*\)|\s+(?:is|is\s+now|was|turned|turns|will\s+be)\s+(\d{1,2})(?!\s*(?:%|per\b|of\b|out\b|times?\b|hours?\b|mins?\b|minutes?\b|days?\b|weeks?\b|months?\b|GCSEs?\b|[:.,]\d|st\b|nd\b|rd\b|th\b|-)))/i;

export function findAgeAfterName(text: string, nameEnd: number): Span | undefined {
  const m = AGE_AFTER_NAME_RE.exec(text.slice(nameEnd, nameEnd + 40));
  if (!m) return undefined;
  const n = m[1] ?? m[2] ?? m[3]!;
  if (!plausibleAge(n)) return undefined;
  const at = nameEnd + m[0].lastIndexOf(n);
  return span('age', text, at, at + n.length, 'looks like the age of a named child');
}
