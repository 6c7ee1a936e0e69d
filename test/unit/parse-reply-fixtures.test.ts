import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReply, type ParsedReply, type ParseProblem } from '#mail/parse-reply';

/** Every reply in the corpus with its expected `parse-reply` output (request emails have none). */
const dir = fileURLToPath(new URL('../fixtures/replies/', import.meta.url));
const cases = readdirSync(dir)
  .filter((file) => file.endsWith('.expected.json'))
  .map((file) => file.slice(0, -'.expected.json'.length))
  .sort();

const REPLY_KEYS = ['messageId', 'from', 'replyToken', 'subjectRef', 'autoReply', 'updates', 'note', 'problems'];
const UPDATE_KEYS = ['action', 'status', 'evidence', 'summary', 'risks', 'mitigation'];

/** An expected file's problems may leave out the message: then only action and field are checked. */
type ExpectedReply = Omit<ParsedReply, 'problems'> & {
  problems: Array<Omit<ParseProblem, 'message'> & { message?: string }>;
};

function withMessagesAsGiven(expected: ExpectedReply): ParsedReply {
  return {
    ...expected,
    problems: expected.problems.map((problem) => ({
      ...problem,
      message: problem.message ?? (expect.any(String) as unknown as string),
    })),
  };
}

describe('parseReply on the reply corpus', () => {
  it('has a corpus to read', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('gives the expected output for %s', async (name) => {
    // prepare
    const raw = readFileSync(`${dir}${name}.eml`);
    const expected = JSON.parse(readFileSync(`${dir}${name}.expected.json`, 'utf8')) as ExpectedReply;

    // act
    const parsed = await parseReply(raw);

    // assess
    expect(parsed).toStrictEqual(withMessagesAsGiven(expected));
    expect(Object.keys(parsed)).toEqual(REPLY_KEYS);
    for (const update of parsed.updates) expect(Object.keys(update)).toEqual(UPDATE_KEYS);
  });
});
