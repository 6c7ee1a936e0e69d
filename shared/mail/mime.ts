/**
 * MIME decoding of one raw message into what reading a reply needs: its header lines, subject,
 * To and Cc addresses, its inline text parts and the names of its attachments.
 *
 * Two maintained decoders (both by the author of nodemailer), each where it is fast:
 * - postal-mime for messages up to {@link LARGE_MESSAGE_BYTES}, which is every reply a person
 *   types: about three times as fast as mailparser on the reply fixtures (mailparser's stream
 *   set-up was about 85% of the time of reading a reply);
 * - mailparser for larger ones: postal-mime keeps each line of a part as a piece of a Blob,
 *   and on Node 20 that makes a 25 MB plain-text body take over 30 s (mailparser: 2.5 s).
 * `test/unit/mime.test.ts` reads every reply fixture, peer reply and hostile message with both
 * and requires the same result (`docs/replies.md`, "MIME decoding").
 *
 * Which parts are the reply's text is decided here, not by the library: inline text/plain
 * parts, or, with none, inline text/html parts, in message order; a part with a file name is
 * an attachment even when marked inline, and a forwarded message (message/rfc822) is always an
 * attachment, never the reply's text.
 */
import type { MailParserOptions } from 'mailparser';
import PostalMime from 'postal-mime';
import { loadIconv } from '../lazy/iconv.ts';
import { loadLibmime } from '../lazy/libmime.ts';
import { loadMailparser } from '../lazy/mailparser.ts';
import { MAX_HEADER_SCAN_BYTES } from './raw-message.ts';

/** MIME parts (multipart containers included) read in one message; a message with more is unreadable. */
export const MAX_MIME_PARTS = 1_000;
/** How deep multiparts may nest: as deep as there may be parts (set here, so a change of postal-mime's default cannot move it). */
const MAX_MIME_DEPTH = MAX_MIME_PARTS;

export interface DecodedMail {
  /** Raw header lines of the message's own header block, folded lines merged. */
  headerLines: Array<{ key: string; line: string }>;
  subject: string | null;
  to: string[];
  cc: string[];
  /** Inline text/plain parts, in message order. */
  plain: string[];
  /** Inline text/html parts, in message order. */
  html: string[];
  /** File names of the attachments (kept with the raw mail, never read as answers). */
  attachments: string[];
}

/** Why a message could not be decoded, in words that fit "We could not read your message: …". */
export class UndecodableMail extends Error {}

/** The parts of postal-mime's MIME tree read here (not in its published types). */
interface MimeNode {
  contentType: { parsed: { value: string; params: Record<string, string> }; multipart: string | false };
  contentDisposition: { parsed: { value: string; params: Record<string, string> } };
  childNodes: MimeNode[];
  content: ArrayBuffer | null;
  getTextContent(): string;
}

type Address = { address?: string | undefined; group?: Array<{ address: string }> | undefined };

const flatten = (list: readonly Address[] | undefined): string[] =>
  (list ?? []).flatMap((entry) => (entry.group ? entry.group.map((member) => member.address) : entry.address ? [entry.address] : []));

/** Messages up to this size are decoded by postal-mime, larger ones by mailparser. */
export const LARGE_MESSAGE_BYTES = 1024 * 1024;

/** Decodes one message. Rejects with {@link UndecodableMail} when it is beyond the bounds, or with the library's error. */
export function decodeMail(raw: Buffer): Promise<DecodedMail> {
  return raw.length > LARGE_MESSAGE_BYTES ? decodeWithMailparser(raw) : decodeWithPostalMime(raw);
}

/** postal-mime's reading of a message (exported for the test that holds both decoders to one result). */
export async function decodeWithPostalMime(raw: Buffer): Promise<DecodedMail> {
  const parser = new PostalMime({
    // a forwarded message is an attachment: its text is not the reply's
    forceRfc822Attachments: true,
    maxNestingDepth: MAX_MIME_DEPTH,
    maxHeadersSize: MAX_HEADER_SCAN_BYTES,
    attachmentEncoding: 'arraybuffer',
  });
  let email: Awaited<ReturnType<PostalMime['parse']>>;
  try {
    email = await parser.parse(raw);
  } catch (error) {
    throw new UndecodableMail(reasonOf(error));
  }
  const root = (parser as unknown as { root?: MimeNode }).root;
  const { plain, html, parts } = root ? await textParts(root) : { plain: email.text ? [email.text] : [], html: email.html ? [email.html] : [], parts: 1 };
  if (parts > MAX_MIME_PARTS) throw new UndecodableMail(`it has more than ${MAX_MIME_PARTS.toLocaleString('en-GB')} MIME parts`);
  return {
    headerLines: email.headerLines,
    subject: email.subject ?? null,
    to: flatten(email.to),
    cc: flatten(email.cc),
    plain,
    html,
    attachments: email.attachments.map((a) => a.filename ?? `(unnamed ${a.mimeType})`),
  };
}

/** The inline text parts, in message order, and how many parts there are (a loop: the tree may be deep). */
async function textParts(root: MimeNode): Promise<{ plain: string[]; html: string[]; parts: number }> {
  const plain: string[] = [];
  const html: string[] = [];
  let parts = 0;
  const pending: MimeNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    parts += 1;
    if (parts > MAX_MIME_PARTS) break;
    if (node.contentType.multipart) {
      for (let index = node.childNodes.length - 1; index >= 0; index--) pending.push(node.childNodes[index] as MimeNode);
      continue;
    }
    const disposition = node.contentDisposition.parsed;
    const named = disposition.params.filename || node.contentType.parsed.params.name;
    if (disposition.value === 'attachment' || named) continue;
    const type = node.contentType.parsed.value;
    if (type === 'text/plain') plain.push(await textOf(node));
    else if (type === 'text/html') html.push(await textOf(node));
  }
  return { plain, html, parts };
}

/**
 * A text part's content as text, where two of postal-mime's readings are wrong:
 * - charsets are decoded with iconv-lite where it knows them: Node 20's TextDecoder, which
 *   postal-mime uses, reads windows-1252 as Latin-1, so Outlook's curly quotes and dashes
 *   (0x91-0x97) would come out as control characters;
 * - format=flowed is unwrapped by libmime, which joins only lines of the same quote depth
 *   (RFC 3676 4.5); postal-mime's joins a quoted line ending in a space to the reply below it.
 * Both libraries are loaded the first time a part needs them (`shared/lazy/`): a
 * UTF-8 reply that is not flowed, most of them, loads neither.
 */
async function textOf(node: MimeNode): Promise<string> {
  const { charset, format, delsp } = node.contentType.parsed.params;
  if (!node.content) return '';
  const bytes = Buffer.from(node.content);
  // no charset, US-ASCII or UTF-8 is read as UTF-8 (ASCII is a part of it, and clients send UTF-8 unlabelled)
  const declared = charset && !/^((us-)?ascii|utf-?8)$/i.test(charset.trim()) ? charset : null;
  let text: string;
  if (declared) {
    const iconv = await loadIconv();
    if (!iconv.encodingExists(declared)) return node.getTextContent();
    text = iconv.decode(bytes, declared);
  } else text = utf8.decode(bytes);
  if (!/^flowed$/i.test(format ?? '')) return text;
  const libmime = await loadLibmime();
  return libmime.decodeFlowed(text, /^yes$/i.test(delsp ?? ''));
}

const utf8 = new TextDecoder('utf-8');

const MAILPARSER_OPTIONS: MailParserOptions & { maxHeadSize: number; maxChildNodes: number } = {
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  checksumAlgo: false,
  // a forwarded message attached as message/rfc822 is an attachment, never the reply's text
  ignoreEmbedded: true,
  maxHeadSize: MAX_HEADER_SCAN_BYTES,
  maxChildNodes: MAX_MIME_PARTS,
};

/** The parts of mailparser's MIME tree read here (not in its published types). */
interface MailparserPart {
  contentType?: string;
  disposition?: string;
  isAttachment?: boolean;
  textContent?: string;
  node?: { filename?: string | false };
  children?: MailparserPart[];
}

/**
 * mailparser's reading of a message. Only collects: nothing that could throw runs inside its
 * event handlers, where a throw would escape the promise and end the process.
 */
export async function decodeWithMailparser(raw: Buffer): Promise<DecodedMail> {
  const { MailParser } = await loadMailparser();
  return new Promise((resolve, reject) => {
    const parser = new MailParser(MAILPARSER_OPTIONS);
    let headerLines: DecodedMail['headerLines'] = [];
    let headers: ReadonlyMap<string, unknown> = new Map();
    const attachments: string[] = [];
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    parser.on('headerLines', (lines) => {
      headerLines = [...lines];
    });
    parser.on('headers', (map) => {
      headers = map;
    });
    parser.on('data', (data) => {
      if (data.type === 'text') return;
      // attachments are drained unread: they are never answers
      attachments.push(data.filename ?? `(unnamed ${data.contentType})`);
      // a failing attachment stream is reported by the parser itself; unheard, it would crash the process
      data.content.on('error', () => undefined);
      data.content.on('data', () => undefined);
      data.content.once('end', () => data.release?.());
    });
    // `on`, not `once`: a second 'error' with no listener would be thrown by the emitter
    parser.on('error', (error: unknown) => settle(() => reject(new UndecodableMail(reasonOf(error)))));
    parser.once('end', () =>
      settle(() => {
        const header = (name: 'to' | 'cc') => {
          const value = headers.get(name) as { value?: Address[] } | Array<{ value?: Address[] }> | undefined;
          return (Array.isArray(value) ? value : value ? [value] : []).flatMap((object) => flatten(object.value));
        };
        const subject = headers.get('subject');
        resolve({
          headerLines,
          subject: typeof subject === 'string' ? subject : null,
          to: header('to'),
          cc: header('cc'),
          ...mailparserTextParts((parser as unknown as { tree?: MailparserPart }).tree),
          attachments,
        });
      }),
    );
    try {
      parser.end(raw);
    } catch (error) {
      settle(() => reject(new UndecodableMail(reasonOf(error))));
    }
  });
}

/** The inline text parts of mailparser's tree, by the same rule as {@link textParts}. */
function mailparserTextParts(tree: MailparserPart | undefined): { plain: string[]; html: string[] } {
  const plain: string[] = [];
  const html: string[] = [];
  const pending: MailparserPart[] = tree ? [tree] : [];
  for (let part = pending.pop(); part; part = pending.pop()) {
    if (part.children?.length) {
      for (let index = part.children.length - 1; index >= 0; index--) pending.push(part.children[index] as MailparserPart);
      continue;
    }
    if (part.isAttachment || part.disposition !== 'inline' || part.node?.filename) continue;
    if (part.contentType === 'text/plain') plain.push(part.textContent ?? '');
    else if (part.contentType === 'text/html') html.push(part.textContent ?? '');
  }
  return { plain, html };
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/child nodes exceeded/i.test(message)) return `it has more than ${MAX_MIME_PARTS.toLocaleString('en-GB')} MIME parts`;
  // nested deeper than there may be parts: it has more parts than that
  if (/nesting depth/i.test(message)) return `it has more than ${MAX_MIME_PARTS.toLocaleString('en-GB')} MIME parts`;
  if (/header size/i.test(message)) return `a header block in it is larger than ${MAX_HEADER_SCAN_BYTES / 1024 / 1024} MB`;
  return `its MIME structure could not be decoded (${message.replace(/\s+/g, ' ').trim().slice(0, 200) || 'no reason given'})`;
}
