import { type Span, span } from './types.ts';

/**
 * UK postcodes (by the Royal Mail's shape and letter rules) and street addresses: a house number
 * and a street ("12 Acacia Avenue", "Flat 4, 27 Sherwood Rise"), or a street after "on/in/at"
 * ("lives on Hawthorn Close").
 */

// Outward code: A9, A9A, A99, AA9, AA9A, AA99; inward code: 9AA. The inward letters never use C I K M O V;
// the first outward letter is never Q V X, the second never I J Z. GIR 0AA is the one exception.
const POSTCODE_RE = /(?<![\w-])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})(?![\w-])/gi;

export function findPostcodes(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(POSTCODE_RE)) {
    const code = m[0];
    const upper = code === code.toUpperCase();
    // In lower case only the spaced form ("ng3 6aa"); mixed case ("Ng3 6aA") is a word, not a postcode.
    if (!upper && (code !== code.toLowerCase() || !code.includes(' '))) continue;
    out.push(span('postcode', text, m.index, m.index + code.length, 'looks like a postcode'));
  }
  return out;
}

const STREET_WORDS = [
  'Avenue',
  'Road',
  'Street',
  'Lane',
  'Close',
  'Drive',
  'Way',
  'Crescent',
  'Court',
  'Gardens',
  'Place',
  'Grove',
  'Terrace',
  'Walk',
  'Rise',
  'Hill',
  'Square',
  'Mews',
  'View',
  'Row',
  'Green',
  'Parade',
  'Vale',
  'Park',
  'Croft',
  'Fields',
  'Chase',
  'Boulevard',
  'Approach',
  'Wharf',
  'Yard',
  'Gate',
  'Heights',
  'Mount',
  'Rd',
  'St',
  'Ave',
  'Ln',
];
/** Street types strong enough to mean an address without a house number. */
const BARE_STREET_WORDS = ['Avenue', 'Road', 'Street', 'Lane', 'Close', 'Drive', 'Crescent', 'Gardens', 'Grove', 'Terrace', 'Mews', 'Rise'];

const CAP_WORD = "\\p{Lu}[\\p{L}'’-]*";
const NUMBERED_RE = new RegExp(
  `(?<![\\w.,/-])(?:(?:Flat|Apartment|Apt|Unit|Room)\\s+\\d{1,4}[A-Za-z]?,?\\s+)?\\d{1,4}[A-Za-z]?,?\\s+((?:${CAP_WORD}\\s+){1,3})(${STREET_WORDS.join('|')})\\b\\.?`,
  'gu',
);
const BARE_RE = new RegExp(`(?<=\\b(?:on|in|at|to|off)\\s+)((?:${CAP_WORD}\\s+){1,2})(${BARE_STREET_WORDS.join('|')})\\b`, 'gu');

// "3 Family Court hearings", "2 Sports Park sessions": courts, venues and sports grounds, not homes.
const NOT_A_HOME =
  /^(?:Family|Crown|Youth|County|Magistrates['’]?|High|Supreme|Sports|Business|Retail|Science|Country|Theme|Water|Skate|Car|Trading|Industrial|Enterprise)\s+$/;

export function findAddresses(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(NUMBERED_RE)) {
    if (NOT_A_HOME.test(m[1]!)) continue;
    let end = m.index + m[0].length;
    if (text[end - 1] === '.' && m[2]!.length > 3) end -= 1;
    out.push(span('address', text, m.index, end, 'looks like a street address'));
  }
  for (const m of text.matchAll(BARE_RE)) {
    if (NOT_A_HOME.test(m[1]!)) continue;
    out.push(span('address', text, m.index, m.index + m[0].length, 'looks like a street where someone lives'));
  }
  return out;
}
