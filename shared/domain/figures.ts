/**
 * Figures in free text: what an owner's evidence counts ("146 children", "91%", "1 in 4",
 * "£5,000", "twelve young people"), told apart from the numbers that are not figures: dates
 * ("14 April", "1/3/12", "2010/11", "Mar-13"), years, times, action refs ("3.1.2"), indicator
 * codes ("NI 99", "SDA 903"), labels ("Year 11", "Phase 2", "Q1"), phone numbers, postcodes,
 * ordinals and list markers. Pure, and used by the evidence checks (`evidence.ts`).
 *
 * The approach: mask every look-alike (each replaced by spaces, so nothing joins up), then
 * read what numbers are left. It errs on the side of finding a figure: a number it cannot
 * place counts, so a flag saying "no figure" is one a person would agree with.
 */

/** One figure as written, with its value (for comparing with a target). */
export interface Figure {
  text: string;
  value: number;
  percent: boolean;
}

// Month names with a capital (so "may" and "march" the verbs are not months), or lower case
// for the names that are no English word.
const MONTH =
  '(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|Mar(?:ch)?|[Aa]pr(?:il)?|May|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|[Ss]ept?(?:ember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)';
const ORDINAL = '(?:st|nd|rd|th)';
/** A year of a date: 1900 to 2099, never part of a longer number or a percentage. */
const YEAR = String.raw`['’]?(?:19|20)\d{2}\b(?![.,]?\d|\s?%)`;
/** A number is followed by a percent sign: then it is a figure, whatever stands before it. */
const NOT_PERCENT = String.raw`(?![\d.]|\s?%)`;
/** More numbers of the same name: "NI 99,100 and 101", "Years 10 to 11" (a comma and a space start a new phrase). */
const CONTINUATION = String.raw`(?:(?:,|\s*(?:and|&|\/|or|to|-|–)\s*)\d+(?:\.\d+)*${NOT_PERCENT})*`;

/** Words that name a thing by number ("Year 11", "Phase 2", "Action 3.1", "NI 99"): the number is a name, not a figure. */
const LABEL_WORDS = [
  'year',
  'yr',
  'key\\s+stage',
  'ks',
  'stage',
  'phase',
  'tier',
  'level',
  'section',
  's\\.',
  'page',
  'pp?\\.',
  'item',
  'version',
  'appendix',
  'annex',
  'table',
  'figure',
  'fig\\.?',
  'paragraph',
  'para',
  'question',
  'quarter',
  'action',
  'actions',
  'ref',
  'refs',
  'reference',
  'objective',
  'priority',
  'theme',
  'outcome',
  'no\\.',
  'ward',
  'room',
  'chapter',
  'article',
  'clause',
  'term',
  'week',
  'wk',
  'day',
  'month',
  'cohort',
  'step',
  'part',
  'option',
  'round',
  'wave',
  'band',
  'grade',
  'ni',
  'pi',
  'kpi',
  'nhs',
];

/** Look-alikes, masked in this order. */
const MASKS: readonly RegExp[] = [
  // web and email addresses
  /\b(?:https?:\/\/|www\.)\S+/gi,
  /\S+@\S+\.\S+/g,
  // ISO dates and times stamps: 2012-03-31, 2012-03-31T10:00
  /\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?/g,
  // day/month/year: 1/3/12, 31.03.2012, 1-4-2012
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g,
  // financial and school years: 2010/11, 2012-13, 2011/2012
  /\b(?:19|20)\d{2}\s?[/-]\s?(?:(?:19|20)\d{2}|\d{2})\b/g,
  // a day and a month name: 14 April, 2nd of May 2011, 1 June, 2011
  new RegExp(String.raw`\b\d{1,2}${ORDINAL}?\s*(?:of\s+)?${MONTH}\b\.?(?:,?\s*${YEAR}|\s*['’]\d{2}\b)?`, 'g'),
  // a month name and a day or a year: April 14th, March 2010, Sept 2011, Mar-13, May '12
  new RegExp(String.raw`\b${MONTH}\b\.?(?:\s+\d{1,2}${ORDINAL}?\b(?:,?\s+${YEAR})?|[\s,'’-]*${YEAR}|\s?[-'’]\s?\d{2}\b)`, 'g'),
  // times: 10:30, 9am, 10.30 pm
  /\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\b\.?)?/gi,
  /\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\b\.?/gi,
  // refs and versions with two dots or more: 3.1.2, 1.2.3.4
  /\b\d+(?:\.\d+){2,}\b/g,
  // UK phone numbers: 0115 915 5555, +44 (0)115 9155555, 07700 900123
  /(?:\+44\s?(?:\(0\)\s?)?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b/g,
  // a name by number: Year 11, Phase 2, Action 3.1, NI 99,100 and 101
  new RegExp(String.raw`\b(?:${LABEL_WORDS.join('|')})\s*#?\s*\d+(?:\.\d+)*${NOT_PERCENT}${CONTINUATION}`, 'gi'),
  // an indicator code in capitals: SDA 903, NI 99, GCSE 5 (a percentage after it stays a figure)
  new RegExp(String.raw`\b[A-Z]{2,6}\s?-?\d+${NOT_PERCENT}${CONTINUATION}`, 'g'),
  // list markers at the start of a line: "1. ", "2) ", "(3) "
  /^[ \t]*\(?\d{1,2}[.)](?=\s)/gm,
  // years alone: 2011 (never money or a percentage)
  /(?<![£$€\d,.])\b(?:19|20)\d{2}\b(?![,.]?\d|\s?%)/g,
  // ordinals: 3rd, 21st
  new RegExp(String.raw`\b\d+${ORDINAL}\b`, 'g'),
];

/** 24/7, 1/3 and other day/month look-alikes with one slash (12/15 is a figure). */
const DAY_MONTH = /\b(\d{1,2})\/(\d{1,2})\b(?!\/)/g;

const blank = (text: string) => ' '.repeat(text.length);

function masked(text: string): string {
  let out = text.replace(/[\u00a0\u2007\u202f\u2009]/g, ' ');
  for (const mask of MASKS) out = out.replace(mask, blank);
  return out.replace(DAY_MONTH, (match: string, day: string, month: string) => {
    const d = Number(day);
    const m = Number(month);
    return d >= 1 && d <= 31 && m >= 1 && m <= 12 ? blank(match) : match;
  });
}

/**
 * A number left after masking: a count, a decimal, an amount (£, thousands separators), a
 * percentage (`%`, "per cent"), with a unit typed onto it ("24hrs", "£2k") or not. A number
 * glued to letters ("Q1", "NG1", "KS2", "5DT") is a name, not a figure.
 */
const NUMBER =
  /(?<![\p{L}\p{N}_.,])(?:[£$€]\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(\s?%|\s?per\s?cent\b|(?:k|m|bn|pp|hrs?|mins?|days?|wks?|weeks?|yrs?|mths?|months?)(?![\p{L}]))?(?![\p{L}\p{N}]|[.,]\d)/gu;

const WORD_VALUES: Record<string, number> = {
  zero: 0,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  hundreds: 100,
  thousand: 1000,
  thousands: 1000,
  dozen: 12,
  dozens: 12,
};
/** Figures in words: "twelve young people", "one in four", "one out of 5". "One" alone is rarely a figure ("one of the"). */
const WORDS = new RegExp(
  String.raw`\bone\s+(?:in|out\s+of)\s+(?:\d+|${Object.keys(WORD_VALUES).join('|')})\b|\b(?:${Object.keys(WORD_VALUES).join('|')})\b(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?`,
  'gi',
);

/** Every figure in the text, in order of appearance (numbers first, then figures in words). */
export function figuresIn(text: string | null | undefined): Figure[] {
  if (!text) return [];
  // Most text has no digit at all: then only figures in words can be there, and nothing needs masking.
  const digits = /\d/.test(text);
  const plain = digits ? masked(text) : text;
  const figures: Figure[] = [];
  if (digits)
    for (const m of plain.matchAll(NUMBER)) {
      const value = Number(`${m[1]!.replace(/,/g, '')}${m[2] ? `.${m[2]}` : ''}`);
      figures.push({ text: m[0].trim(), value, percent: Boolean(m[3] && /%|cent/i.test(m[3])) });
    }
  for (const m of plain.matchAll(WORDS)) {
    const first = m[0].toLowerCase().split(/[\s-]+/)[0]!;
    figures.push({ text: m[0], value: first === 'one' ? 1 : (WORD_VALUES[first] ?? 0), percent: false });
  }
  return figures;
}
