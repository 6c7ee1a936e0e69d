/**
 * Where the quoted original of a reply begins, and where a signature begins: the quote headers
 * and signatures of `../shared/docs/update-form.md` ("Reading a reply", step 3, revision 2), in
 * English and the other languages staff and partners' mail clients use.
 *
 * Lines are given without their `>` quote prefix; the caller decides what quoted lines mean.
 */

/** Header lines are short; longer lines are never tested against the header patterns. */
const MAX_HEADER_LINE = 300;

/** `-----Original Message-----` and its translations, between runs of dashes. */
const SEPARATOR_PHRASES = [
  'original message',
  'forwarded message',
  'ursprüngliche nachricht',
  'weitergeleitete nachricht',
  "message d'origine",
  'message transféré',
  'oorspronkelijk bericht',
  'doorgestuurd bericht',
  'messaggio originale',
  'messaggio inoltrato',
  'mensaje original',
  'mensaje reenviado',
  'mensagem original',
  'mensagem encaminhada',
  'wiadomość oryginalna',
  'oryginalna wiadomość',
  'oprindelig besked',
  'videresendt besked',
  'opprinnelig melding',
  'videresendt melding',
  'ursprungligt meddelande',
  'vidarebefordrat meddelande',
  'alkuperäinen viesti',
  'välitetty viesti',
  'neges wreiddiol',
  'исходное сообщение',
  'пересылаемое сообщение',
];
const SEPARATOR_HEADER = new RegExp(`^-{2,}[ \\t]*(?:${SEPARATOR_PHRASES.join('|')})[ \\t]*-{2,}$`, 'iu');
const BEGIN_FORWARDED = /^(?:begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié)[ \t]*:$/iu;
/**
 * The first line of every confirmation PlanPulse sends. Read as a quote header, so whatever
 * a client does with a confirmation (quote it, leave it unquoted under a header we do not
 * know, paste it whole), its read-back is the original email, never answers.
 */
export const CONFIRMATION_BANNER = '---- PlanPulse confirmation ----';
const CONFIRMATION_HEADER = /^-{2,}[ \t]*planpulse confirmation[ \t]*-{2,}$/i;
/** Outlook mobile and web draw a line of underscores above the original. */
const UNDERSCORE_RULE = /^_{20,}$/;

/** "wrote" in the languages of the contract, as the last words of an attribution line. */
const WROTE_VERBS = [
  'wrote',
  'writes',
  'schrieb',
  'a écrit',
  'schreef',
  'ha scritto',
  'escribió',
  'escreveu',
  'napisał\\(a\\)',
  'napisała',
  'napisał',
  'skrev',
  'kirjoitti',
  'ysgrifennodd',
  'написал\\(а\\)',
  'написала',
  'написал',
];
/** The attribution's last words: a "wrote" verb, with or without the colon, or an address closing with `>:` or `):`. */
const WROTE_END = new RegExp(`(?:(?:^|[\\s"'>)\\]])(?:${WROTE_VERBS.join('|')})[ \\t]*:?|[>)][ \\t]*:)$`, 'iu');
const WROTE_VERB_END = new RegExp(`(?:^|[\\s"'>)\\]])(?:${WROTE_VERBS.join('|')})[ \\t]*:?$`, 'iu');
/** How an attribution starts: "On", its translations, or a date or weekday (Gmail's wordless `2017-11-24 16:32 GMT+01:00 X <addr>:`). */
const ATTRIBUTION_START = /^(?:on|le|am|op|il|in data|el|em|w dniu|dnia|den|på|ar|\d|\p{L}{2,12}\.?,[ \t]*(?:\d|\p{L}{2,12}\.?[ \t]+\d))/iu;
/** A wordless attribution ending `>:` must carry an address and a date or time. */
const HAS_ADDRESS = /@/;
const HAS_DATE_OR_TIME = /(?<!\d)(?:(?:19|20)\d{2}|\d{1,2}[:.]\d{2})(?!\d)/;
/** How many lines after the first an attribution may wrap onto. */
const ATTRIBUTION_REACH = 2;

/** Outlook's header block keys, per language: who sent it, when, and to whom or about what. */
const FROM_KEYS = ['from', 'von', 'de', 'van', 'da', 'od', 'fra', 'från', 'lähettäjä', 'oddi wrth', 'от'];
const DATE_KEYS = [
  'sent',
  'date',
  'gesendet',
  'datum',
  'envoyé',
  'envoyé le',
  'message du',
  'verzonden',
  'inviato',
  'data',
  'enviado',
  'enviada',
  'fecha',
  'wysłano',
  'sendt',
  'dato',
  'skickat',
  'lähetetty',
  'päivämäärä',
  'anfonwyd',
  'dyddiad',
  'отправлено',
  'дата',
];
const TO_OR_SUBJECT_KEYS = [
  'to',
  'subject',
  'cc',
  'an',
  'betreff',
  'à',
  'a',
  'objet',
  'sujet',
  'aan',
  'onderwerp',
  'oggetto',
  'para',
  'asunto',
  'assunto',
  'do',
  'temat',
  'til',
  'emne',
  'till',
  'ämne',
  'vastaanottaja',
  'aihe',
  'at',
  'pwnc',
  'кому',
  'тема',
];
type HeaderKey = 'from' | 'date' | 'to';
const HEADER_KEYS: ReadonlyMap<string, HeaderKey> = new Map([
  ...TO_OR_SUBJECT_KEYS.map((key): [string, HeaderKey] => [key, 'to']),
  ...DATE_KEYS.map((key): [string, HeaderKey] => [key, 'date']),
  ...FROM_KEYS.map((key): [string, HeaderKey] => [key, 'from']),
]);
const HEADER_KEY_LINE = /^[*_]*([\p{L} ]{1,20}?)[*_]*[ \t]*:/u;
/** How many lines after `From:` (or `Sent:`) may hold the block's other keys. */
const HEADER_BLOCK_REACH = 4;

function headerKey(line: string): HeaderKey | null {
  // most lines have no colon: no regex for them
  if (!line.includes(':')) return null;
  const match = HEADER_KEY_LINE.exec(line.trim());
  if (!match?.[1]) return null;
  return HEADER_KEYS.get(match[1].trim().toLowerCase()) ?? null;
}

/** A line of the reply: its text without the quote prefix, whether it had one, and the line as written. */
export interface HeaderLine {
  text: string;
  quoted: boolean;
  raw: string;
}

/** The line at an index, `undefined` past the end (or where a header may not continue). */
export type LineAt = (index: number) => HeaderLine | undefined;

/**
 * Number of lines the quote header starting at `lines[index]` spans; 0 when there is none.
 * A wrapped attribution does not continue onto a blank or quoted line.
 */
export function quoteHeaderLength(lineAt: LineAt, index: number): number {
  const first = lineAt(index);
  if (!first) return 0;
  const line = first.text.trim();
  if (line.length > MAX_HEADER_LINE) return 0;
  // the separators start with "-" or "_", and "Begin forwarded message:" ends with ":"
  const lead = line.charAt(0);
  if ((lead === '-' || lead === '_') && (SEPARATOR_HEADER.test(line) || UNDERSCORE_RULE.test(line) || CONFIRMATION_HEADER.test(line))) return 1;
  if (line.endsWith(':') && BEGIN_FORWARDED.test(line)) return 1;
  const attribution = attributionLength(lineAt, index, line);
  if (attribution > 0) return attribution;
  return outlookBlockStarts(lineAt, index, line) ? 1 : 0;
}

/**
 * Lines an attribution starting here spans; 0 when none does. Its first line opens like one
 * or carries a date or time, and a line of text above an attribution is not part of it:
 * where the attribution could start on the next line, it does.
 */
function attributionLength(lineAt: LineAt, index: number, line: string, reach = ATTRIBUTION_REACH): number {
  // Zoho writes the attribution between dashes: `---- On … wrote ----`
  const bare = line.replace(/^-{2,}[ \t]*/, '').replace(/[ \t]*-{2,}$/, '');
  if (!endsLikeAttributionWithin(lineAt, index, bare, reach)) return 0;
  const startsLikeOne = ATTRIBUTION_START.test(bare);
  if (!startsLikeOne && !HAS_DATE_OR_TIME.test(bare)) return 0;
  let joined = bare;
  for (let next = 0; next <= reach; next++) {
    if (next > 0) {
      const following = continuation(lineAt(index + next), joined);
      if (following === null) return 0;
      if (next === 1 && ATTRIBUTION_START.test(following) && attributionLength(lineAt, index + 1, following, reach - 1) > 0) return 0;
      joined = `${joined} ${following}`;
      if (joined.length > MAX_HEADER_LINE) return 0;
    }
    if (isAttribution(joined, startsLikeOne)) return next + 1;
  }
  return 0;
}

/** Enough of a line's end to hold `… wrote:` (or `>:`), so the end test does not scan a long line. */
const END_WINDOW = 80;
const endsLikeAttribution = (text: string) => WROTE_END.test(text.length > END_WINDOW ? text.slice(-END_WINDOW) : text);

/**
 * Whether the attribution that could start here could end on this line or one it may wrap
 * onto: every attribution ends like one (`isAttribution`), and most lines of a reply are
 * passed over by this test alone.
 */
function endsLikeAttributionWithin(lineAt: LineAt, index: number, first: string, reach: number): boolean {
  if (endsLikeAttribution(first)) return true;
  for (let next = 1; next <= reach; next++) {
    const following = lineAt(index + next);
    if (!following) return false;
    const text = (following.quoted ? following.raw : following.text).trim();
    if (text === '') return false;
    if (endsLikeAttribution(text)) return true;
  }
  return false;
}

/**
 * The text a wrapped attribution continues with, or `null`: not a blank line, and not a
 * quoted one, except the `>` that closes an address wrapped after its `<` (Gmail's
 * `… <test@example.com` / `>:`).
 */
function continuation(following: HeaderLine | undefined, joined: string): string | null {
  if (!following) return null;
  if (following.quoted) {
    const raw = following.raw.trim();
    return raw.startsWith('>') && joined.lastIndexOf('<') > joined.lastIndexOf('>') ? raw : null;
  }
  const text = following.text.trim();
  return text === '' ? null : text;
}

/** "On … wrote:" needs its opening words; a wordless or foreign one needs an address and a date or time. */
function isAttribution(text: string, startsLikeOne: boolean): boolean {
  if (!WROTE_END.test(text)) return false;
  if (startsLikeOne && WROTE_VERB_END.test(text)) return true;
  return HAS_ADDRESS.test(text) && HAS_DATE_OR_TIME.test(text);
}

/**
 * The stricter `From:` rule: a `From:` or `Sent:` line starts a header block only when, with
 * the {@link HEADER_BLOCK_REACH} lines after it, the block has a sender (`From:`), a date (`Sent:`/`Date:`)
 * and a recipient or subject (`To:`/`Subject:`). So an answer starting `From: the September
 * data` is not a header.
 */
function outlookBlockStarts(lineAt: LineAt, index: number, line: string): boolean {
  const firstKey = headerKey(line);
  if (firstKey === null || firstKey === 'to') return false;
  const seen = new Set<HeaderKey>([firstKey]);
  for (let next = 1; next <= HEADER_BLOCK_REACH; next++) {
    const following = lineAt(index + next);
    if (!following) break;
    const key = headerKey(following.text);
    if (key !== null) seen.add(key);
    if (seen.size === 3) return true;
  }
  return false;
}

const SIGN_OFF = /^(?:kind regards|best regards|warm regards|regards|many thanks|thanks|thank you|best wishes|cheers)(?![\p{L}\p{N}])(.*)$/iu;
const MAX_SIGN_OFF_WORDS = 3;
const CAPITALISED_WORD = /^\p{Lu}[\p{L}'’.-]*$/u;
/** Emoji and other symbols after a sign-off (`Cheers 🎉`) are no words of a message. */
const ONLY_SYMBOLS = /^(?:[\p{P}\p{S}\s]|\u200d|\ufe0f)*$/u;

/** Mail apps' taglines: `Sent from my iPhone`, `Get Outlook for iOS`, `Gesendet von Outlook für Android`… */
const TAGLINE =
  /^(?:sent (?:from|with|via|using) |get outlook for |gesendet (?:von|mit|vom) |von meinem |envoyé (?:de|depuis|à partir de|avec) |verzonden (?:vanaf|met|vanuit) |inviato (?:da|dal) |enviado (?:desde|de|do) |wysłane (?:z|ze) |sendt (?:fra|från) |skickat från |lähetetty )/iu;
/** A tagline is short and no sentence: `Sent from my desk, is much easier…` is a message. */
const MAX_TAGLINE_WORDS = 8;

function isTagline(line: string): boolean {
  if (!TAGLINE.test(line)) return false;
  const words = line.replace(/<[^>]*>/g, '').replace(/\([^)]*\)/g, '');
  return !/[,;]|\.$/.test(words.trim()) && words.trim().split(/\s+/).length <= MAX_TAGLINE_WORDS;
}

/**
 * Whether a line (without its quote prefix) starts a signature: a `-- ` line, a mail app's
 * tagline, or a sign-off alone or followed by punctuation and a name of at most three
 * capitalised words (`Thanks, Lorna`). `Thanks for the reminder.` is a message. A bare `--`
 * counts only where `bareDashes` says so: inside a form block it may be an answer ("none"),
 * and taking it for a signature would lose every answer below it.
 */
export function isSignatureStart(line: string, bareDashes = true): boolean {
  const trimmed = line.trim();
  if (/^--[ \t]+$/.test(line) || (bareDashes && trimmed === '--') || isTagline(trimmed)) return true;
  const signOff = SIGN_OFF.exec(trimmed);
  if (!signOff) return false;
  const rest = (signOff[1] ?? '').trim();
  if (ONLY_SYMBOLS.test(rest)) return true;
  const name = rest.replace(/^[\p{P}\s]+/u, '').replace(/[\p{P}\p{S}\s]+$/u, '');
  const words = name.split(/\s+/);
  return words.length <= MAX_SIGN_OFF_WORDS && words.every((word) => CAPITALISED_WORD.test(word));
}
