/**
 * The two MIME decoders (`shared/mail/mime.ts`: postal-mime for messages up to 1 MB,
 * mailparser above) must read a message the same way, or a reply's reading would depend on
 * its size. Every reply fixture, peer reply and hostile message is decoded by both.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type DecodedMail, decodeWithMailparser, decodeWithPostalMime } from '#mail/mime';
import { withCrlfIfBareCr } from '#mail/raw-message';

const SHARED = new URL('../../../shared/fixtures/', import.meta.url).pathname;
const OURS = new URL('../fixtures/replies/', import.meta.url).pathname;
const emails = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file): [string, string] => [`${dir.slice(dir.indexOf('fixtures/'))}${file}`, `${dir}${file}`]);
const corpus = [
  ...emails(`${SHARED}replies/`),
  ...emails(OURS),
  ...emails(`${SHARED}peer-replies/`),
  ...emails(`${SHARED}hostile-mail/cpython/`),
  ...emails(`${SHARED}hostile-mail/mailparser/`),
];

/**
 * Where the two readings differ, measured, and why it does not matter: the message's text is
 * not a reply's either way.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // a text/html part with a boundary parameter: postal-mime keeps the (meaningless) boundary lines as HTML, mailparser cuts them
  'fixtures/hostile-mail/mailparser/spam.eml': 'html',
};

/**
 * What reading a reply uses of a decoding, with line endings and trailing space of each part as
 * the text reader sees them. Attachment names are left out: they are only listed with the raw
 * mail, and postal-mime also lists a delivery report's status part.
 */
function reading(mail: DecodedMail, leaveOut: string | undefined) {
  const text = (parts: string[]) =>
    parts.map((part) =>
      part
        .replace(/\r\n?/g, '\n')
        .replace(/[ \t]+$/gm, '')
        .trimEnd(),
    );
  const read: Record<string, unknown> = { subject: mail.subject, to: mail.to, cc: mail.cc, plain: text(mail.plain), html: text(mail.html) };
  if (leaveOut) delete read[leaveOut];
  return read;
}

async function outcome(decode: (raw: Buffer) => Promise<DecodedMail>, raw: Buffer, leaveOut: string | undefined) {
  try {
    return { read: reading(await decode(raw), leaveOut) };
  } catch (error) {
    return { unreadable: (error as Error).message };
  }
}

describe('postal-mime and mailparser', () => {
  it('has a corpus to compare on', () => {
    expect(corpus.length).toBeGreaterThan(150);
  });

  it.each(corpus)('read %s the same way', async (name, path) => {
    // prepare
    const raw = withCrlfIfBareCr(readFileSync(path));

    // act
    const leaveOut = KNOWN_DIFFERENCES[name];
    const [postal, mailparser] = await Promise.all([outcome(decodeWithPostalMime, raw, leaveOut), outcome(decodeWithMailparser, raw, leaveOut)]);

    // assess
    expect(postal).toStrictEqual(mailparser);
  });
});
