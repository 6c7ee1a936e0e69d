import { addressKey } from '#domain/addresses';
/**
 * Sender addresses, read strictly: a `From` header gives exactly one mailbox or none.
 *
 * PlanPulse answers the sender, so whatever this module returns may be handed to a mail
 * library as a recipient. It therefore returns only a plain `local@domain` that no library
 * can read as more than one address: a dot-atom local part (a quoted one only when its
 * content is a dot-atom too) and a host name. Everything else is `null`: several mailboxes,
 * groups, quoted local parts holding commas or `@`, domain literals, addresses without a
 * domain, control characters, and anything past the RFC 5321 lengths.
 */

/** RFC 5321: 64 octets of local part, 254 for the whole path without its brackets. */
const MAX_LOCAL_LENGTH = 64;
const MAX_ADDRESS_LENGTH = 254;
const MAX_DOMAIN_LENGTH = 253;
/** Far above any real `From` (RFC 5322 lines stop at 998); longer values are not looked at. */
const MAX_HEADER_VALUE_LENGTH = 2_000;

const DOT_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/**
 * C0 controls but tab (folding whitespace), and DEL. C1 code points are not tested: a header
 * read as Latin-1 shows them inside UTF-8 display names; the address itself is ASCII only.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** RFC 5322 specials: outside quotes, comments and the angle address they make it no single mailbox. */
const SPECIALS = new Set(['@', ',', ';', ':', '[', ']', '\\', '<', '>']);

/**
 * The one mailbox of a `From` header, lower-cased, without display name; `null` unless the
 * header occurs once and holds exactly one valid mailbox (`Name <local@domain>` or
 * `local@domain`, with comments allowed).
 *
 * @param values - the header's raw, unfolded values, one per occurrence
 */
export function singleMailbox(values: readonly string[] | undefined): string | null {
  if (values?.length !== 1) return null;
  const value = values[0] ?? '';
  if (value.length > MAX_HEADER_VALUE_LENGTH || CONTROL.test(value)) return null;
  const tokens = trimSpace(tokenize(value));
  if (!tokens) return null;
  const angles = tokens.filter((token) => token.kind === 'angle');
  if (angles.length > 1) return null;
  if (angles.length === 1) {
    // a display name of words and quoted strings, then the address, then nothing
    const last = tokens.at(-1);
    if (last?.kind !== 'angle') return null;
    if (tokens.some((token) => token.kind === 'special')) return null;
    return addrSpec(last.text.trim());
  }
  // no angle brackets: the whole value is the address, written without spaces
  if (tokens.some((token) => token.kind === 'space')) return null;
  return addrSpec(tokens.map((token) => (token.kind === 'quoted' ? `"${token.text}"` : token.text)).join(''));
}

/**
 * The key a sender is counted under for rate limits: the address lower-cased with any
 * `+tag` taken off its local part, so `Lorna+1@x.org` and `lorna+2@x.org` are one sender.
 * A local part that starts with `+` is kept whole (nothing would be left of it).
 */
export const senderKey = (address: string): string => addressKey(address);

/**
 * The addresses of an address-list header (`To`, `Cc`) as written, read leniently: only to
 * find a reply token in a message the MIME parser could not read. Never use these as
 * recipients.
 */
export function listedAddresses(value: string): string[] {
  if (value.length > MAX_HEADER_VALUE_LENGTH * 10) return [];
  const addresses: string[] = [];
  for (const entry of splitOutsideQuotes(value)) {
    const angle = /<([^<>]*)>/.exec(entry);
    const address = (angle ? angle[1] : entry.replace(/^[^:"]*:/, ''))?.trim() ?? '';
    if (address.includes('@')) addresses.push(address);
  }
  return addresses;
}

/** The tokens without leading and trailing space (comments count as space). */
function trimSpace(tokens: Token[] | null): Token[] | null {
  if (!tokens) return null;
  let start = 0;
  let end = tokens.length;
  while (start < end && tokens[start]?.kind === 'space') start++;
  while (end > start && tokens[end - 1]?.kind === 'space') end--;
  return tokens.slice(start, end);
}

type Token = { kind: 'word' | 'quoted' | 'angle'; text: string } | { kind: 'special'; text: string } | { kind: 'space'; text: ' ' };

/**
 * Splits a header value into words, quoted strings (unescaped), angle addresses and
 * specials, dropping comments (they count as space). `null` when a quote, comment or angle
 * bracket is left open.
 */
function tokenize(value: string): Token[] | null {
  const tokens: Token[] = [];
  let index = 0;
  const space = () => {
    if (tokens.at(-1)?.kind !== 'space') tokens.push({ kind: 'space', text: ' ' });
  };
  while (index < value.length) {
    const char = value.charAt(index);
    if (char === ' ' || char === '\t') {
      space();
      index++;
    } else if (char === '"') {
      const quoted = readQuoted(value, index);
      if (!quoted) return null;
      tokens.push({ kind: 'quoted', text: quoted.text });
      index = quoted.end;
    } else if (char === '(') {
      const end = skipComment(value, index);
      if (end < 0) return null;
      space();
      index = end;
    } else if (char === '<') {
      const end = angleEnd(value, index);
      if (end < 0) return null;
      tokens.push({ kind: 'angle', text: value.slice(index + 1, end) });
      index = end + 1;
    } else if (SPECIALS.has(char) || char === ')') {
      tokens.push({ kind: 'special', text: char });
      index++;
    } else {
      let end = index;
      while (end < value.length && !isDelimiter(value.charAt(end))) end++;
      tokens.push({ kind: 'word', text: value.slice(index, end) });
      index = end;
    }
  }
  return tokens;
}

function isDelimiter(char: string): boolean {
  return char === ' ' || char === '\t' || char === '"' || char === '(' || char === ')' || SPECIALS.has(char);
}

/** The quoted string starting at `start` (a `"`), unescaped, and the index after it. */
function readQuoted(value: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let index = start + 1; index < value.length; index++) {
    const char = value.charAt(index);
    if (char === '\\') {
      index++;
      if (index >= value.length) return null;
      text += value.charAt(index);
    } else if (char === '"') {
      return { text, end: index + 1 };
    } else {
      text += char;
    }
  }
  return null;
}

/** The index after the (possibly nested) comment starting at `start`; -1 when it never closes. */
function skipComment(value: string, start: number): number {
  let depth = 0;
  for (let index = start; index < value.length; index++) {
    const char = value.charAt(index);
    if (char === '\\') index++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return index + 1;
  }
  return -1;
}

/** The index of the `>` closing the angle address at `start`; a `>` inside quotes does not close it. */
function angleEnd(value: string, start: number): number {
  for (let index = start + 1; index < value.length; index++) {
    const char = value.charAt(index);
    if (char === '"') {
      const quoted = readQuoted(value, index);
      if (!quoted) return -1;
      index = quoted.end - 1;
    } else if (char === '<') {
      return -1;
    } else if (char === '>') {
      return index;
    }
  }
  return -1;
}

/**
 * A plain `local@domain`, lower-cased, or `null`. A quoted local part counts only when its
 * content needs no quotes (`"lorna"@x.org`); one holding commas, `@` or spaces could be
 * read as several addresses by the next program, so it is refused.
 */
function addrSpec(text: string): string | null {
  if (text.length > MAX_ADDRESS_LENGTH + 2 || CONTROL.test(text)) return null;
  let local: string;
  let rest: string;
  if (text.startsWith('"')) {
    const quoted = readQuoted(text, 0);
    if (!quoted) return null;
    local = quoted.text;
    rest = text.slice(quoted.end);
  } else {
    const at = text.indexOf('@');
    if (at < 0) return null;
    local = text.slice(0, at);
    rest = text.slice(at);
  }
  if (!rest.startsWith('@')) return null;
  const domain = rest.slice(1);
  if (local.length === 0 || local.length > MAX_LOCAL_LENGTH || !DOT_ATOM.test(local)) return null;
  if (!isHostName(domain)) return null;
  const address = `${local}@${domain}`.toLowerCase();
  return address.length > MAX_ADDRESS_LENGTH ? null : address;
}

/** A DNS host name of at least two labels whose last label is not a number (no IP address). */
function isHostName(domain: string): boolean {
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return !/^[0-9]+$/.test(labels.at(-1) ?? '');
}

/** The entries of an address list: split at commas outside quotes, comments and angle brackets. */
function splitOutsideQuotes(value: string): string[] {
  const entries: string[] = [];
  let start = 0;
  let quoted = false;
  let comment = 0;
  let angle = false;
  for (let index = 0; index < value.length; index++) {
    const char = value.charAt(index);
    if (char === '\\') index++;
    else if (quoted) quoted = char !== '"';
    else if (char === '"') quoted = true;
    else if (char === '(') comment++;
    else if (char === ')' && comment > 0) comment--;
    else if (comment > 0) continue;
    else if (char === '<') angle = true;
    else if (char === '>') angle = false;
    else if ((char === ',' || char === ';') && !angle) {
      entries.push(value.slice(start, index));
      start = index + 1;
    }
  }
  entries.push(value.slice(start));
  return entries;
}
