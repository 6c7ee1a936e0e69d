/**
 * Reads an owner's reply to an update request, following the contract in
 * `../shared/docs/update-form.md` ("Reading a reply" and "`parse-reply` output").
 *
 * Two layers: `readReply` decodes the MIME message (`mime.ts`: postal-mime; html-to-text) and reads the
 * envelope; `parseReplyText` is the pure line parser over the decoded text. Hostile and broken
 * mail ends as an outcome, never a throw: see "Hostile and odd mail" in `docs/replies.md`.
 */
import type { UpdateField, UpdateStatus } from '#domain/model';
import { FIELD_KEYS, FORM_FIELDS, STATUS_CHOICES, UPDATE_STATUSES } from '#domain/vocabulary';
import { MAX_HTML_CHARS, readHtml } from './html-text.ts';
import { type DecodedMail, decodeMail, MAX_MIME_PARTS, UndecodableMail } from './mime.ts';
import { listedAddresses, senderKey, singleMailbox } from './mailbox.ts';
import { isSignatureStart, quoteHeaderLength } from './quote-headers.ts';
import { type RawHeaders, scanHeaders, withCrlfIfBareCr } from './raw-message.ts';

export type { RawHeaders } from './raw-message.ts';

/** One action's answers as read; the fields are those of the form (`#domain/vocabulary`). */
export type ParsedUpdate = { action: string; status: UpdateStatus | null } & { [F in Exclude<UpdateField, 'status'>]: string | null };

export interface ParseProblem {
  action: string | null;
  field: string | null;
  message: string;
}

export interface ParsedReply {
  messageId: string | null;
  from: string | null;
  replyToken: string | null;
  subjectRef: string | null;
  autoReply: boolean;
  updates: ParsedUpdate[];
  note: string | null;
  problems: ParseProblem[];
}

export interface ParsedReplyText {
  updates: ParsedUpdate[];
  note: string | null;
  problems: ParseProblem[];
}

// ---------------------------------------------------------------------------------------------
// Labels and status values
// ---------------------------------------------------------------------------------------------

type FieldValues = Record<UpdateField, string | null>;

/** Label and status text as compared: lower case, single spaces. */
const comparable = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Label text → field: every field's label and synonyms. */
const LABELS: ReadonlyMap<string, UpdateField> = new Map(
  FORM_FIELDS.flatMap(({ key, label, synonyms }) => [label, ...synonyms].map((text): [string, UpdateField] => [comparable(text), key])),
);

/** Longer than any label with its emphasis markers: the text before such a colon is no label. */
const MAX_LABEL_PREFIX = 60;

/** Every status's label and synonyms, lower case, each with its status. */
const STATUS_ANSWERS = UPDATE_STATUSES.flatMap(({ key, label, synonyms }) =>
  [label, ...synonyms].map((text): readonly [string, UpdateStatus] => [comparable(text), key]),
);

/**
 * Accepted leading words, matched up to a word boundary. Longest first: where one status's
 * words begin another's ("Not", "Not started"), the longer decides, whatever the vocabulary's order.
 */
const STATUS_WORDS = STATUS_ANSWERS.filter(([words]) => words.length > 1).sort(([a], [b]) => b.length - a.length);

/** Single letters count only as the whole value. */
const STATUS_LETTERS: ReadonlyMap<string, UpdateStatus> = new Map(STATUS_ANSWERS.filter(([words]) => words.length === 1));

/**
 * Reads a status answer: its leading words decide, case-insensitively; anything after them and
 * trailing punctuation are ignored. `null` when the value is none of the accepted words.
 */
export function parseStatus(value: string): UpdateStatus | null {
  const words = withoutTrailingPunctuation(comparable(value).replace(/^[*_]+/, ''));
  if (words.length === 1) return STATUS_LETTERS.get(words) ?? null;
  for (const [start, status] of STATUS_WORDS) {
    if (words.startsWith(start) && !isWordChar(words.charAt(start.length))) return status;
  }
  return null;
}

/** A loop, not a `[…]+$` regex: that one is quadratic on long runs of punctuation. */
function withoutTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && /[\s\p{P}\p{S}]/u.test(text.charAt(end - 1))) end--;
  return text.slice(0, end);
}

function isWordChar(char: string): boolean {
  return char !== '' && /[\p{L}\p{N}]/u.test(char);
}

// ---------------------------------------------------------------------------------------------
// Line kinds
// ---------------------------------------------------------------------------------------------

/** One or more `>` quote levels, with the space after the last one. */
const QUOTE_PREFIX = /^(?:[ \t]*>)+[ \t]?/;
/** Markers are short; longer lines are never tested against the marker patterns. */
const MAX_MARKER_LENGTH = 120;
const BLOCK_MARKER = /^-{2,}[ \t]*action[ \t]+(\S+?)[ \t]*-{2,}$/i;
const END_MARKER = /^-{2,}[ \t]*end of form[ \t]*-{2,}$/i;

/** A rule line, as clients draw above a quoted original: it carries no text of its own. */
const RULE_LINE = /^[-_=\u2013\u2014\u2500]{4,}$/;

type MarkerLine = { kind: 'block'; action: string } | { kind: 'end' } | null;

function readMarker(trimmed: string): MarkerLine {
  if (trimmed.length > MAX_MARKER_LENGTH || !trimmed.startsWith('--')) return null;
  const block = BLOCK_MARKER.exec(trimmed);
  if (block?.[1]) return { kind: 'block', action: block[1] };
  return END_MARKER.test(trimmed) ? { kind: 'end' } : null;
}

/**
 * Whether a line, written unquoted in a form, would be read as structure rather than as
 * text: a label, a block or end marker, the start of a signature, or a one-line quote
 * header. The request template uses it so that no description line is misread.
 */
export function readsAsFormStructure(line: string): boolean {
  const trimmed = line.trim();
  return (
    readLabel(trimmed) !== null ||
    readMarker(trimmed) !== null ||
    isSignatureStart(line) ||
    quoteHeaderLength((index) => (index === 0 ? { text: trimmed, quoted: false, raw: trimmed } : undefined), 0) > 0
  );
}

interface LabelLine {
  field: UpdateField;
  /** Text after the colon, without the label's own emphasis markers. */
  rest: string;
}

/**
 * Reads `Label: value`, where bold or italic markers (`*`, `_`) may wrap the label on both
 * sides, before or after the colon (`*Status:*`, `**Status**:`). Instead of the colon the
 * label may be followed by ` - `, ` – ` or ` = ` (`Status - Green`, `Status = Amber`).
 */
function readLabel(content: string): LabelLine | null {
  const colon = content.indexOf(':');
  if (colon >= 1 && colon <= MAX_LABEL_PREFIX) {
    const label = labelBefore(content, colon, colon + 1);
    if (label) return label;
  }
  const separator = LABEL_SEPARATOR.exec(content.slice(0, MAX_LABEL_PREFIX + 3));
  if (separator?.index) return labelBefore(content, separator.index, separator.index + separator[0].length);
  return null;
}

/** ` - `, ` – ` or ` = ` after a label; at the end of the line the space after it may be missing. */
const LABEL_SEPARATOR = /[ \t]+[-\u2013=](?:[ \t]+|$)/;

/** The label whose name is `content` up to `end`, with the value starting at `restStart`. */
function labelBefore(content: string, end: number, restStart: number): LabelLine | null {
  let name = content.slice(0, end).trim();
  const opening = /^[*_]+/.exec(name)?.[0] ?? '';
  name = name.slice(opening.length);
  const closing = /[*_]+$/.exec(name)?.[0] ?? '';
  const field = LABELS.get(comparable(name.slice(0, name.length - closing.length)));
  if (!field) return null;
  let rest = content.slice(restStart);
  if (opening && !closing) rest = rest.replace(/^[*_]+/, '');
  return { field, rest };
}

/**
 * The form's description lines (`Measure:`, `Baseline:`, `Target:`, `Due:`, `Last update …:`),
 * quoted or not: they belong to the form, never to an answer, so they end a field.
 */
const DESCRIPTION_LINE = /^[*_]*(?:measure|baseline|target|due|last update\b[^:]{0,40})[*_]*[ \t]*:/i;

// ---------------------------------------------------------------------------------------------
// The text parser
// ---------------------------------------------------------------------------------------------

/** Joins collected lines: trailing blank and rule lines dropped, the whole trimmed; '' when empty. */
function joinLines(lines: readonly string[]): string {
  let end = lines.length;
  while (end > 0) {
    const last = (lines[end - 1] ?? '').trim();
    if (last !== '' && !RULE_LINE.test(last)) break;
    end--;
  }
  return lines
    .slice(0, end)
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u200b\ufeff]/g, '');
}

/** One line of the reply, with its quote prefix (`> `, `>> `…) taken off. */
interface ReplyLine {
  quoted: boolean;
  /** The line without its quote prefix. */
  content: string;
  trimmed: string;
  /** The line as written. */
  raw: string;
}

function readLine(line: string): ReplyLine {
  const quote = QUOTE_PREFIX.exec(line);
  const content = quote ? line.slice(quote[0].length) : line;
  return { quoted: quote !== null, content, trimmed: content.trim(), raw: line };
}

/** What the line-by-line reading leaves: each block's raw values (first non-empty wins) and the note's parts. */
interface FormAndNote {
  answers: Map<string, FieldValues>;
  noteParts: string[];
}

/**
 * Reads the lines of a reply in order: the answers in each action's block (per field, the
 * first non-empty value wins) and the owner's text outside the blocks, for the note.
 */
class FormReader {
  private readonly answers = new Map<string, FieldValues>();
  private readonly noteParts: string[] = [];
  private noteLines: string[] = [];
  private pastQuoteHeader = false;
  /** What follows the first quote header: a `>`-quoted original can have the owner's text below it, an unquoted one cannot. */
  private original: 'unseen' | 'quoted' | 'unquoted' = 'unseen';
  private readonly bottomLines: string[] = [];
  private ownTextBelow = false;
  private interleaved = false;
  private inSignature = false;
  private action: string | null = null;
  private field: UpdateField | null = null;
  private valueLines: string[] = [];
  private valueWidths: number[] = [];

  /** Reads the line at `index`; returns how many lines it took (a quote header may span several). */
  read(lines: readonly ReplyLine[], index: number): number {
    const line = lines[index] ?? readLine('');
    const marker = readMarker(line.trimmed);
    if (marker) {
      this.onMarker(marker);
      return 1;
    }
    // inside a quote, the lines of the same quote are read as if unquoted
    const headerLength = quoteHeaderLength((at) => {
      const other = lines[at];
      return other && { text: other.content, quoted: other.quoted !== line.quoted, raw: other.raw };
    }, index);
    if (headerLength > 0) {
      this.onQuoteHeader(line.quoted);
      return headerLength;
    }
    if (!line.quoted && !this.inSignature && isSignatureStart(line.content, this.action === null)) this.onSignatureStart();
    this.noteInterleaving(line);
    if (this.inSignature) return 1;
    if (this.action === null) this.readOutsideBlock(line);
    else this.readInsideBlock(line);
    return 1;
  }

  /** Owner's text between quoted lines is an inline reply: its last lines are no bottom-posted note. */
  private noteInterleaving(line: ReplyLine): void {
    if (this.original !== 'quoted' || line.trimmed === '') return;
    if (!line.quoted) this.ownTextBelow = true;
    else if (this.ownTextBelow) this.interleaved = true;
  }

  /** The values and note parts, once every line is read. */
  finish(): FormAndNote {
    this.closeField();
    this.closeNotePart();
    if (this.noteParts.length === 0 && !this.interleaved) {
      const bottom = joinLines(this.bottomLines);
      if (bottom !== '') this.noteParts.push(bottom);
    }
    return { answers: this.answers, noteParts: this.noteParts };
  }

  /** A block marker opens an action's block (a signature above it has ended); the end marker closes it. */
  private onMarker(marker: NonNullable<MarkerLine>): void {
    this.closeField();
    if (marker.kind === 'end') {
      this.action = null;
      return;
    }
    this.closeNotePart();
    this.inSignature = false;
    this.action = marker.action;
    if (!this.answers.has(marker.action)) this.answers.set(marker.action, emptyFields());
  }

  /**
   * Below a quote header is the original email: it ends an answer, the open block and any
   * signature, and is never the note. A quoted header (an older message inside the quote)
   * ends the answer and the block only.
   */
  private onQuoteHeader(quoted: boolean): void {
    this.closeField();
    this.action = null;
    if (quoted) return;
    this.inSignature = false;
    this.pastQuoteHeader = true;
    this.original = 'unseen';
  }

  private onSignatureStart(): void {
    this.closeField();
    this.inSignature = true;
  }

  /**
   * Outside the blocks, the owner's own text above the quoted original is the note. Text
   * below a `>`-quoted original is kept apart: it is the note of a bottom-posted reply.
   */
  private readOutsideBlock(line: ReplyLine): void {
    if (!this.pastQuoteHeader) {
      if (!line.quoted) this.noteLines.push(line.content);
      return;
    }
    if (line.trimmed === '') {
      if (this.original === 'quoted') this.bottomLines.push('');
      return;
    }
    if (this.original === 'unseen') this.original = line.quoted ? 'quoted' : 'unquoted';
    if (this.original === 'quoted' && !line.quoted) this.bottomLines.push(line.content);
  }

  /** In a block, a label (quoted or not) opens a field; only unquoted text is its value. */
  private readInsideBlock(line: ReplyLine): void {
    if (DESCRIPTION_LINE.test(line.trimmed)) {
      this.closeField();
      return;
    }
    const label = readLabel(line.content);
    if (label) {
      this.closeField();
      this.field = label.field;
      if (!line.quoted) this.pushValueLine(label.rest, line.content);
    } else if (!line.quoted && this.field !== null) {
      this.pushValueLine(line.content, line.content);
    }
  }

  /** A line of the open value; `whole` is the line as typed, label included, for its width. */
  private pushValueLine(text: string, whole: string): void {
    this.valueLines.push(text);
    this.valueWidths.push(whole.trimEnd().length);
  }

  private closeField(): void {
    if (this.action !== null && this.field !== null) {
      const values = this.answers.get(this.action);
      const value = joinLines(unwrapped(this.valueLines, this.valueWidths));
      if (values && value !== '' && values[this.field] === null) values[this.field] = value;
    }
    this.field = null;
    this.valueLines = [];
    this.valueWidths = [];
  }

  private closeNotePart(): void {
    const part = joinLines(this.noteLines);
    if (part !== '') this.noteParts.push(part);
    this.noteLines = [];
  }
}

/** Gmail and Notes wrap plain text near 76 columns (RFC 5322 asks for lines under 78). */
const WRAP_WIDTH = 76;
/** A line shorter than this was ended by its writer, not by the client's wrapping. */
const MIN_WRAPPED_WIDTH = 60;
/** A line ending a sentence may have been ended by its writer: it is kept as a line. */
const SENTENCE_END = /[.!?:;]["')\]]?$/;
/** A line starting a list item or a new paragraph's bullet was a line of its own. */
const LIST_ITEM = /^(?:[-*\u2022]|\d+[.)])\s/;

/**
 * Step 1, hard-wrapped text read as typed: in an answer, a line is joined to the next when
 * the client wrapped it, that is when it is near {@link WRAP_WIDTH} wide, does not end a
 * sentence, and the next line's first word would not have fitted on it. `widths` are the lines' widths as typed.
 */
function unwrapped(lines: readonly string[], widths: readonly number[]): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    const previous = out.length - 1;
    if (joinNext && trimmed !== '' && !LIST_ITEM.test(trimmed)) out[previous] = `${(out[previous] ?? '').trimEnd()} ${trimmed}`;
    else out.push(line);
    const width = widths[index] ?? 0;
    const next = lines[index + 1]?.trim() ?? '';
    const firstWord = next.split(/\s/, 1)[0] ?? '';
    joinNext =
      trimmed !== '' &&
      next !== '' &&
      !SENTENCE_END.test(trimmed) &&
      width >= MIN_WRAPPED_WIDTH &&
      width <= WRAP_WIDTH + 2 &&
      width + 1 + firstWord.length > WRAP_WIDTH;
  }
  return out;
}

function emptyFields(): FieldValues {
  return Object.fromEntries(FIELD_KEYS.map((field) => [field, null])) as FieldValues;
}

/**
 * Every line of the reply read in order, one reader for the whole text. A reply with no
 * unquoted answer anywhere whose quoted label lines carry text was typed inside the quote
 * (Apple Mail allows it): it is read again with its quoted lines as if unquoted, and that
 * reading counts when it finds answers. A quoted read-back never does: its lines are
 * `• Status: …`, not labels, and below the confirmation's banner, outside every block.
 */
function readFormAndNote(text: string): FormAndNote {
  const lines = normaliseText(text).split('\n').map(readLine);
  const asWritten = readLines(lines);
  if (hasAnswers(asWritten) || !lines.some(isQuotedAnswer)) return asWritten;
  const insideTheQuote = readLines(lines.map((line) => (line.quoted ? { ...line, quoted: false } : line)));
  return hasAnswers(insideTheQuote) ? insideTheQuote : asWritten;
}

function readLines(lines: readonly ReplyLine[]): FormAndNote {
  const reader = new FormReader();
  for (let index = 0; index < lines.length; ) index += reader.read(lines, index);
  return reader.finish();
}

const hasAnswers = ({ answers }: FormAndNote) => [...answers.values()].some((fields) => FIELD_KEYS.some((field) => fields[field] !== null));

/** A quoted label line with text after its label: an answer typed inside the quote, or a quoted answer. */
const isQuotedAnswer = (line: ReplyLine) => line.quoted && (readLabel(line.content)?.rest.trim() ?? '') !== '';

/** The problem with a block's status answer: missing, or none of the accepted words; `null` when it reads. */
function statusProblem(ref: string, answer: string | null, status: UpdateStatus | null): ParseProblem | null {
  if (answer === null) return { action: ref, field: 'status', message: `no status given; reply with one of ${STATUS_CHOICES}` };
  if (status !== null) return null;
  return { action: ref, field: 'status', message: `status "${answer.replace(/\s+/g, ' ')}" is not one of ${STATUS_CHOICES}` };
}

/** The update of one block: the status read, the other fields as written. */
function toUpdate(ref: string, values: FieldValues, status: UpdateStatus | null): ParsedUpdate {
  const update: Record<string, string | null> = { action: ref };
  for (const field of FIELD_KEYS) update[field] = field === 'status' ? status : values[field];
  return update as ParsedUpdate;
}

/** Blocks with at least one answer become updates (step 6), in the order the actions first appear. */
function readUpdates(answers: ReadonlyMap<string, FieldValues>): Pick<ParsedReplyText, 'updates' | 'problems'> {
  const updates: ParsedUpdate[] = [];
  const problems: ParseProblem[] = [];
  for (const [ref, values] of answers) {
    if (FIELD_KEYS.every((field) => values[field] === null)) continue;
    const status = values.status === null ? null : parseStatus(values.status);
    const problem = statusProblem(ref, values.status, status);
    if (problem) problems.push(problem);
    updates.push(toUpdate(ref, values, status));
  }
  return { updates, problems };
}

/** The note's parts, a blank line between them; `null` when there is none. */
function joinNote(parts: readonly string[]): string | null {
  const note = parts.join('\n\n');
  return note === '' ? null : note;
}

/**
 * Reads the form answers and the note out of the decoded text of a reply.
 *
 * 1. Block markers (quoted or not) open an action's block; the end marker and a quote header
 *    close it.
 * 2. In a block, a label line (`Label:`, `Label - `, `Label – `, `Label = `) opens a field; an
 *    unquoted label line's text and the unquoted lines after it are the value, up to the next
 *    label, marker, description line, quote header or signature. Quoted non-label lines are
 *    skipped without ending the field. A client's hard wrap inside a value is undone.
 * 3. Per action and field, the first non-empty value wins; a `ref – status` line outside the
 *    blocks answers that action; an initials prefix shared by every answer is dropped.
 * 4. The note is the unquoted text outside blocks before the first quote header, without
 *    signatures; with none, the text below a `>`-quoted original (bottom-posting).
 */
export function parseReplyText(text: string): ParsedReplyText {
  const { answers, noteParts } = readFormAndNote(text);
  const note = readRefStatusLines(noteParts, answers);
  withoutSharedInitials(answers);
  const { updates, problems } = readUpdates(answers);
  return { updates, note: joinNote(note), problems };
}

/** `1.1.1 – Green, on schedule`: a ref, then `–`, `-`, `—`, `:` or `=`, then the answer. */
const REF_STATUS_LINE = /^(\S+?)(?:[ \t]*[:=\u2013\u2014][ \t]*|[ \t]+-[ \t]+)(\S.*)$/;

/** A status answer's leading words and what follows them; `null` when it starts with no status. */
function statusAndRest(text: string): { status: string; rest: string } | null {
  const value = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[*_]+/, '');
  const lower = value.toLowerCase();
  for (const [start] of STATUS_WORDS) {
    if (lower.startsWith(start) && !isWordChar(lower.charAt(start.length))) {
      return {
        status: value.slice(0, start.length),
        rest: value
          .slice(start.length)
          .replace(/^[\s\p{P}]+/u, '')
          .trim(),
      };
    }
  }
  return STATUS_LETTERS.has(withoutTrailingPunctuation(lower)) ? { status: value, rest: '' } : null;
}

/**
 * Step 6: outside the blocks, a line that starts with the ref of one of the reply's actions,
 * a separator and a status is that action's status, the rest of the line its summary. Such
 * lines are answers, so they leave the note. The owner types them above the form, so they
 * come first in the message and win over the block's own answers.
 */
function readRefStatusLines(noteParts: readonly string[], answers: Map<string, FieldValues>): string[] {
  if (answers.size === 0) return [...noteParts];
  const kept: string[] = [];
  for (const part of noteParts) {
    const lines = part.split('\n').filter((line) => {
      const match = REF_STATUS_LINE.exec(line.trim());
      const values = match?.[1] === undefined ? undefined : answers.get(match[1]);
      const answer = values && match?.[2] !== undefined ? statusAndRest(match[2]) : null;
      if (!values || !answer) return true;
      values.status = answer.status;
      if (answer.rest !== '') values.summary = answer.rest;
      return false;
    });
    const rest = joinLines(lines);
    if (rest !== '') kept.push(rest);
  }
  return kept;
}

/** `LB: ` or `[LB] `: an owner's initials before an answer. */
const INITIALS_PREFIX = /^(?:\[(\p{Lu}{2,3})\][ \t]*|(\p{Lu}{2,3}):[ \t]+)/u;
/** One value starting `NB: ` is a note to the reader; the same initials on every answer are a habit. */
const MIN_PREFIXED_VALUES = 2;

/**
 * Step 4: when every non-empty value of the reply starts with the same initials prefix
 * (`LB: `, `[LB] `), the prefix is no part of the values. Changes `answers` in place.
 */
function withoutSharedInitials(answers: Map<string, FieldValues>): void {
  const values = [...answers.values()].flatMap((fields) => FIELD_KEYS.flatMap((field) => (fields[field] === null ? [] : [fields[field]])));
  if (values.length < MIN_PREFIXED_VALUES) return;
  const prefixes = values.map((value) => INITIALS_PREFIX.exec(value)?.[0].trim());
  const first = prefixes[0];
  if (first === undefined || prefixes.some((prefix) => prefix !== first)) return;
  for (const fields of answers.values()) {
    for (const field of FIELD_KEYS) {
      const value = fields[field];
      if (value !== null) fields[field] = value.replace(INITIALS_PREFIX, '').trim() || null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// HTML bodies
// ---------------------------------------------------------------------------------------------

/**
 * Converts an HTML body to text, with `<blockquote>` content as lines quoted with `> `, within
 * the bounds of {@link readHtml} (how deep and how much of the HTML is read).
 */
export function htmlToQuotedText(html: string): string {
  return readHtml(html).text;
}

// ---------------------------------------------------------------------------------------------
// The message
// ---------------------------------------------------------------------------------------------

const AUTO_PRECEDENCE = new Set(['auto_reply', 'bulk', 'junk']);
/** Auto-reply and recall subjects, in English and the languages of the contract. */
const AUTO_SUBJECT =
  /^(?:automatic reply|auto:|out of office|recall:|ateb awtomatig|automatische antwort|abwesenheitsnotiz|réponse automatique|absence du bureau|automatisch antwoord|respuesta automática|risposta automatica)/iu;

/**
 * Recognises auto-replies and delivery reports: `Auto-Submitted` other than `no`, `X-Autoreply`,
 * `X-Autorespond`, `Precedence: auto_reply|bulk|junk`, `multipart/report` (delivery and read
 * reports), Outlook recalls (`Recall:`), and subjects that begin `Automatic reply`, `Auto:`,
 * `Out of Office` or their equivalents in the contract's languages (`Automatische Antwort`,
 * `Réponse automatique`, `Ateb awtomatig`…).
 */
export function isAutoReply(headers: RawHeaders, subject: string | null): boolean {
  const first = (name: string): string | null => {
    const value = headers.get(name)?.[0];
    return value === undefined ? null : value.trim().toLowerCase();
  };
  const autoSubmitted = first('auto-submitted');
  if (autoSubmitted !== null && autoSubmitted.split(';')[0]?.trim() !== 'no') return true;
  for (const name of ['x-autoreply', 'x-autorespond']) {
    const value = first(name);
    if (value !== null && value !== 'no') return true;
  }
  const precedence = first('precedence');
  if (precedence !== null && AUTO_PRECEDENCE.has(precedence)) return true;
  if (/^multipart\/report\b/.test(first('content-type') ?? '')) return true;
  return subject !== null && AUTO_SUBJECT.test(subject.trim());
}

/** SES receives messages up to 40 MB; of anything longer only that much is read. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** Text read of a body, in characters: a whole form with long answers is a few tens of KB. */
export const MAX_TEXT_CHARS = 1024 * 1024;
/** Bound on decoding by the clock, for a parser that neither ends nor fails: far inside the inbound Lambda's minute. */
const DECODE_TIME_LIMIT_MS = 20_000;

class DecodeTimeout extends Error {}

/** {@link decodeMail}, given up after {@link DECODE_TIME_LIMIT_MS}. */
function decodeWithin(raw: Buffer): Promise<DecodedMail> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DecodeTimeout()), DECODE_TIME_LIMIT_MS);
  });
  return Promise.race([decodeMail(raw), timeout]).finally(() => clearTimeout(timer));
}

/** A body's text and what of it was left unread. */
interface BodyText {
  text: string;
  limits: string[];
}

/**
 * The reply's own text: its inline text/plain parts, or, with none, its inline text/html parts
 * converted (`mime.ts` says which parts those are). At most {@link MAX_TEXT_CHARS} of text and
 * {@link MAX_HTML_CHARS} of HTML are read.
 */
function bodyText({ plain, html }: DecodedMail): BodyText {
  const limits: string[] = [];
  const text = withinTextLimit(plain.join('\n'), limits);
  if (text.trim() !== '' || html.length === 0) return { text, limits };
  const converted: string[] = [];
  let budget = MAX_HTML_CHARS;
  for (const part of html) {
    if (budget === 0) break;
    const piece = part.length > budget ? part.slice(0, budget) : part;
    if (piece.length < part.length) limits.push(`only the first ${MAX_HTML_CHARS.toLocaleString('en-GB')} characters of the HTML were read`);
    budget -= piece.length;
    const read = readHtml(piece);
    converted.push(read.text);
    limits.push(...read.limits);
  }
  return { text: withinTextLimit(converted.join('\n'), limits), limits: [...new Set(limits)] };
}

function withinTextLimit(text: string, limits: string[]): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  limits.push(`only the first ${MAX_TEXT_CHARS.toLocaleString('en-GB')} characters of the text were read`);
  return text.slice(0, MAX_TEXT_CHARS);
}

function rawHeaders(headerLines: DecodedMail['headerLines']): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of headerLines) {
    const colon = line.indexOf(':');
    if (!key || colon < 0) continue;
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n/g, '')
      .trim();
    const values = headers.get(key);
    if (values) values.push(value);
    else headers.set(key, [value]);
  }
  return headers;
}

/** The text after the first `+` of the first To, then Cc, address with one in its local part. */
function replyTokenOf(candidates: readonly string[]): string | null {
  for (const address of candidates) {
    const at = address.lastIndexOf('@');
    const local = at < 0 ? address : address.slice(0, at);
    const plus = local.indexOf('+');
    if (plus >= 0 && plus < local.length - 1) return local.slice(plus + 1);
  }
  return null;
}

function subjectRefOf(subject: string | null): string | null {
  if (!subject) return null;
  const refs = [...subject.matchAll(/\[ref[ \t]+([^\]\s]+)[ \t]*\]/gi)];
  return refs.at(-1)?.[1] ?? null;
}

/** Headers every readable message has at least one of. */
const ENVELOPE_HEADERS = ['from', 'to', 'cc', 'subject', 'message-id', 'date'];

/** A reply as read, with what ingestion keeps beyond the contract's output. */
export interface ReadReply {
  /** The contract's `parse-reply` output (`../shared/docs/update-form.md`). */
  reply: ParsedReply;
  /** The decoded body text (for notes such as "out of office until 16 May"); at most {@link MAX_TEXT_CHARS}. */
  text: string;
  subject: string | null;
  attachments: string[];
  /**
   * Why the message could not be read, in plain words that fit "We could not read your
   * message: …" (`it has more than 1,000 MIME parts`); `null` when it was read. An unreadable
   * message has no updates and no note, one problem saying the same, and what its raw
   * headers give: `messageId`, `from`, `replyToken`, `subjectRef` and `autoReply`.
   */
  unreadable: string | null;
  /** `reply.from` as counted for rate limits: lower-cased, any `+tag` of the local part removed ({@link senderKey}). */
  fromKey: string | null;
  /**
   * The reading limits the message ran into, each saying in plain words what was left unread
   * (`only the first 1,048,576 characters of the text were read`); empty when all was read.
   */
  limits: string[];
}

/** Reads one raw message into the contract's `parse-reply` output. Never throws. */
export async function parseReply(raw: Buffer | string): Promise<ParsedReply> {
  return (await readReply(raw)).reply;
}

/**
 * Reads one raw message: the contract's output plus its body text, subject, attachment names,
 * sender key and the limits it ran into. Never throws and always ends: a message it cannot
 * read comes back marked `unreadable`, with its sender taken from a scan of the raw headers.
 * The work is bounded by {@link MAX_MESSAGE_BYTES}, {@link MAX_MIME_PARTS}, a 1 MB header
 * block, {@link MAX_TEXT_CHARS}, and the HTML bounds of {@link readHtml}.
 */
export async function readReply(raw: Buffer | string): Promise<ReadReply> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  try {
    return await read(bytes);
  } catch (error) {
    // a fault of ours or of a library: still an outcome, so a retry does not meet it again as a throw
    return unreadableReply(scanHeadersSafely(bytes), `PlanPulse failed while reading it (${plainMessage(error)})`, []);
  }
}

async function read(bytes: Buffer): Promise<ReadReply> {
  const limits: string[] = [];
  let input = bytes;
  if (input.length > MAX_MESSAGE_BYTES) {
    input = input.subarray(0, MAX_MESSAGE_BYTES);
    limits.push(`only the first ${MAX_MESSAGE_BYTES / 1024 / 1024} MB of the message were read`);
  }
  input = withCrlfIfBareCr(input);
  let mail: DecodedMail;
  try {
    mail = await decodeWithin(input);
  } catch (error) {
    return unreadableReply(scanHeaders(input), reasonOf(error), limits);
  }
  const headers = rawHeaders(mail.headerLines);
  if (!ENVELOPE_HEADERS.some((name) => headers.has(name))) return unreadableReply(scanHeaders(input), 'it has no mail headers', limits);
  const subject = mail.subject;
  const autoReply = isAutoReply(headers, subject);
  const body = bodyText(mail);
  const parsed: ParsedReplyText = autoReply ? { updates: [], note: null, problems: [] } : parseReplyText(body.text);
  const from = singleMailbox(headers.get('from'));
  const reply: ParsedReply = {
    messageId: headers.get('message-id')?.[0] || null,
    from,
    replyToken: replyTokenOf([...mail.to, ...mail.cc]),
    subjectRef: subjectRefOf(subject),
    autoReply,
    updates: parsed.updates,
    note: parsed.note,
    problems: parsed.problems,
  };
  return {
    reply,
    text: body.text,
    subject,
    attachments: mail.attachments,
    unreadable: null,
    fromKey: from === null ? null : senderKey(from),
    limits: [...limits, ...body.limits],
  };
}

/** An unreadable message, with what its raw headers tell: who sent it, which request it answers, whether a robot did. */
function unreadableReply(headers: RawHeaders, reason: string, limits: string[]): ReadReply {
  const from = singleMailbox(headers.get('from'));
  const subject = headers.get('subject')?.[0] ?? null;
  const listed = (name: string) => (headers.get(name) ?? []).flatMap(listedAddresses);
  const reply: ParsedReply = {
    messageId: headers.get('message-id')?.[0] || null,
    from,
    replyToken: replyTokenOf([...listed('to'), ...listed('cc')]),
    subjectRef: subjectRefOf(subject),
    autoReply: isAutoReply(headers, subject),
    updates: [],
    note: null,
    problems: [{ action: null, field: null, message: `could not read the message: ${reason}` }],
  };
  return { reply, text: '', subject, attachments: [], unreadable: reason, fromKey: from === null ? null : senderKey(from), limits };
}

function scanHeadersSafely(bytes: Buffer): RawHeaders {
  try {
    return scanHeaders(bytes);
  } catch {
    return new Map();
  }
}

/** Why decoding gave up, in words for the sender. */
function reasonOf(error: unknown): string {
  if (error instanceof DecodeTimeout) return `decoding it took longer than ${DECODE_TIME_LIMIT_MS / 1000} seconds`;
  if (error instanceof UndecodableMail) return error.message;
  return `its MIME structure could not be decoded (${plainMessage(error)})`;
}

/** An error's message on one line, short enough to quote. */
function plainMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .slice(0, 200) || 'no reason given'
  );
}
