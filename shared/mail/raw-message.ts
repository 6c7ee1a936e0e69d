/**
 * The raw bytes of a message, before and beside MIME parsing: a bounded header scan that
 * works when the MIME parser gives up, and the repair of bare-CR line endings.
 */

/** Header values by lower-cased name, unfolded, in message order. */
export type RawHeaders = ReadonlyMap<string, readonly string[]>;

/** How much of a message the header scan looks at: the most a header block may be (`mime.ts` holds the decoder to it). */
export const MAX_HEADER_SCAN_BYTES = 1024 * 1024;
/** Far more header fields than any real message has (a long Received chain is a few dozen). */
const MAX_HEADER_FIELDS = 2_000;
const FIELD = /^([!-9;-~]+)[ \t]*:(.*)$/s;

/**
 * Reads the header fields at the top of a raw message without MIME parsing: up to the first
 * blank line, within the first {@link MAX_HEADER_SCAN_BYTES} bytes and
 * {@link MAX_HEADER_FIELDS} fields. Any line ending (CRLF, LF or bare CR) ends a line;
 * continuation lines are unfolded; lines that are no header field (an mbox `From ` line,
 * junk) are passed over. Bytes are read as Latin-1, so that no byte sequence fails to decode.
 */
export function scanHeaders(raw: Buffer): RawHeaders {
  const head = raw.subarray(0, MAX_HEADER_SCAN_BYTES).toString('latin1');
  const headers = new Map<string, string[]>();
  let fields = 0;
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (!current) return;
    const values = headers.get(current.name);
    if (values) values.push(current.value.trim());
    else headers.set(current.name, [current.value.trim()]);
    current = null;
  };
  for (const line of head.split(/\r\n|\r|\n/)) {
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current) current.value += line;
      continue;
    }
    flush();
    const field = FIELD.exec(line);
    if (!field?.[1]) continue;
    if (++fields > MAX_HEADER_FIELDS) break;
    current = { name: field[1].toLowerCase(), value: field[2] ?? '' };
  }
  flush();
  return headers;
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * A message whose first line ends in a bare CR (classic Mac line endings) with every bare CR
 * made a CRLF, so the MIME parser sees its header block. Messages with CRLF or LF line
 * endings are returned as they are: a stray CR inside their text is the text's business.
 */
export function withCrlfIfBareCr(raw: Buffer): Buffer {
  const head = raw.subarray(0, MAX_HEADER_SCAN_BYTES);
  const cr = head.indexOf(CR);
  const lf = head.indexOf(LF);
  if (cr < 0 || (lf >= 0 && lf < cr) || raw[cr + 1] === LF) return raw;
  let bare = 0;
  for (let index = raw.indexOf(CR); index >= 0; index = raw.indexOf(CR, index + 1)) if (raw[index + 1] !== LF) bare++;
  const out = Buffer.allocUnsafe(raw.length + bare);
  let length = 0;
  let from = 0;
  for (let index = raw.indexOf(CR); index >= 0; index = raw.indexOf(CR, index + 1)) {
    if (raw[index + 1] === LF) continue;
    length += raw.copy(out, length, from, index + 1);
    out[length++] = LF;
    from = index + 1;
  }
  raw.copy(out, length, from);
  return out;
}
