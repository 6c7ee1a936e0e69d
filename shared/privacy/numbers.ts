import { type Span, span } from './types.ts';

/**
 * NHS numbers, UPNs and UK phone numbers: each found by its written shape, then kept only when
 * its own check passes (modulus 11, the DfE check letter, a UK number range a person can have).
 */

/** NHS number check digit: weights 10..2 over the first nine digits, 11 − (sum mod 11); 11 → 0; 10 is never issued. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

// The DfE's 23 check letters: A–Z without I, O and S.
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * English Unique Pupil Number: check letter, 3-digit LA number, 4-digit establishment number,
 * 2-digit year, 3-digit serial (temporary UPNs: 2 digits and a letter). The check letter is
 * UPN_LETTERS[(Σ value(char i) × i for i = 2..13) mod 23], where a letter's value is its index in UPN_LETTERS.
 */
export function isValidUpn(upn: string): boolean {
  if (!/^[A-HJ-NP-RT-Z]\d{11}[\dA-HJ-NP-RT-Z]$/.test(upn)) return false;
  let sum = 0;
  for (let i = 1; i < 13; i++) {
    const ch = upn[i]!;
    const value = ch >= '0' && ch <= '9' ? Number(ch) : UPN_LETTERS.indexOf(ch);
    sum += value * (i + 1);
  }
  return UPN_LETTERS[sum % 23] === upn[0];
}

const NHS_RE = /(?<![\w£$€.,/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w/]|[.,]\d)/g;
const NHS_CUE_RE = /\bnhs\b[^.\n]{0,20}$/i;

export function findNhsNumbers(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(NHS_RE)) {
    const digits = m[1]! + m[3]! + m[4]!;
    if (!isValidNhsNumber(digits)) continue;
    const start = m.index;
    // A leading 0 is how UK phone numbers start; only a nearby "NHS" makes it an NHS number.
    if (digits.startsWith('0') && !NHS_CUE_RE.test(text.slice(Math.max(0, start - 30), start))) continue;
    out.push(span('nhs-number', text, start, start + m[0].length, 'looks like an NHS number (the check digit matches)'));
  }
  return out;
}

const UPN_RE = /(?<![\w-])[A-HJ-NP-RT-Z]\d{11}[\dA-HJ-NP-RT-Z](?![\w-])/g;

export function findUpns(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(UPN_RE)) {
    if (isValidUpn(m[0])) out.push(span('upn', text, m.index, m.index + m[0].length, "looks like a pupil's UPN (the check letter matches)"));
  }
  return out;
}

// Groups of digits joined by one space or hyphen, starting +44 (with an optional "(0)"), "(0…)" or 0.
// At most four more groups of at most 11 digits: a phone number never has more, and a bound keeps a run of digits linear.
const PHONE_RE = /(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?\d{1,11}|\(0\d{2,4}\)[ -]?\d{1,8}|0\d{1,10})(?:[ -]\d{1,11}){0,4}(?![\w])/g;

/**
 * A UK number a person can have: 10 or 11 digits from 0, geographic (01, 02) or mobile (07).
 * 03, 080, 084, 087 and 09 numbers belong to organisations and services (Childline 0800 1111,
 * a council's 0300 line), so they are not flagged.
 */
export function isPersonalUkPhone(national: string): boolean {
  if (!/^0\d{9,10}$/.test(national)) return false;
  if (national.startsWith('07')) return national.length === 11 && !national.startsWith('070') && !national.startsWith('076');
  if (national.startsWith('02')) return national.length === 11;
  if (national.startsWith('01')) return true;
  return false;
}

function nationalDigits(candidate: string): string {
  const digits = candidate.replace(/\(0\)/, '').replace(/\D/g, '');
  return candidate.trimStart().startsWith('+44') ? '0' + digits.slice(2) : digits;
}

export function findPhones(text: string): Span[] {
  const out: Span[] = [];
  const re = new RegExp(PHONE_RE.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    // A number followed by a count ("07700 900123 2 children") or by another number reads as one run:
    // drop trailing groups until it fits, and look for the next number straight after it.
    let candidate = m[0];
    let next = m.index + Math.max(1, candidate.search(/[ -]|$/));
    while (candidate.length > 0) {
      if (isPersonalUkPhone(nationalDigits(candidate))) {
        out.push(span('phone', text, m.index, m.index + candidate.length, 'looks like a personal phone number'));
        next = m.index + candidate.length;
        break;
      }
      const cut = candidate.search(/[ -]\d+$/);
      if (cut <= 0) break;
      candidate = candidate.slice(0, cut);
    }
    re.lastIndex = next;
  }
  return out;
}
