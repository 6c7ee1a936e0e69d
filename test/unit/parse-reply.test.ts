import { describe, expect, it } from 'vitest';
import { htmlToQuotedText, isAutoReply, parseReply, parseReplyText, parseStatus, type ParsedUpdate } from '#mail/parse-reply';

const CHOICES = 'On track, At risk, Off track, Complete';
const MISSING_STATUS = `no status given; reply with one of ${CHOICES}`;

/** One unanswered form block as the request email has it. */
function block(action: string, answers: Partial<Record<string, string>> = {}): string {
  const label = (name: string): string => `${name}:${answers[name] ?? ''}`;
  return [
    `---- Action ${action} ----`,
    'Improve PEP process for CiC in out-of city placements.',
    'Measure: PEP completion rate increased. Baseline: 87% (Jan 2011). Target: 99% in city.',
    'Due: 1 June 2011',
    'Last update (Q4 2010/11): At risk',
    '',
    label('Status'),
    label('Evidence update'),
    label('Summary'),
    label('Risks'),
    label('Actions to address risks'),
    '',
  ].join('\n');
}

function quoted(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

function update(action: string, fields: Partial<Omit<ParsedUpdate, 'action'>>): ParsedUpdate {
  return { action, status: null, evidence: null, summary: null, risks: null, mitigation: null, ...fields };
}

describe('parseReplyText: fields', () => {
  it('reads answers typed on the label lines of an unquoted block', () => {
    // prepare
    const text = block('3.1.1', { Status: ' On track', 'Evidence update': ' PEP completion 91% (April).' });

    // act
    const { updates } = parseReplyText(text);

    // assess
    expect(updates).toEqual([update('3.1.1', { status: 'on_track', evidence: 'PEP completion 91% (April).' })]);
  });

  it('reads answers on the lines under the label up to the next label', () => {
    const text = ['---- Action 1.2.1 ----', 'Status:', 'Complete', 'Summary:', 'All IROs briefed.', 'Compliance is checked in supervision.', 'Risks:'].join(
      '\n',
    );

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('1.2.1', { status: 'complete', summary: 'All IROs briefed.\nCompliance is checked in supervision.' })]);
  });

  it('ignores the value on a quoted label line', () => {
    const text = ['> ---- Action 3.1.1 ----', '> Status: On track', '> Summary:', '', 'Tracked weekly.', ''].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('3.1.1', { summary: 'Tracked weekly.' })]);
  });

  it('starts a field at a quoted label line and reads the unquoted lines after it', () => {
    const text = quoted(block('3.1.1')).replace('> Status:', '> Status:\n\nAt risk\n');

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('3.1.1', { status: 'at_risk' })]);
  });

  it('skips a quoted line that is not a label without ending the field', () => {
    const text = ['> ---- Action 3.1.1 ----', '> Summary:', 'First part.', '> an old quoted line', 'Second part.'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBe('First part.\nSecond part.');
  });

  it('reads nested quote prefixes as quoted lines', () => {
    const text = ['> > ---- Action 2.2.1 ----', '> >Status: Green', '>> Risks:', 'Caseloads above 70.'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('2.2.1', { risks: 'Caseloads above 70.' })]);
  });

  it('trims a value and keeps its inner line breaks', () => {
    const text = ['---- Action 1.1.1 ----', 'Evidence update:   ', '', '  Line one.', '', 'Line two.  ', '', ''].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.evidence).toBe('Line one.\n\nLine two.');
  });

  it('gives null for a value of only spaces', () => {
    const text = ['---- Action 1.1.1 ----', 'Status: Green', 'Summary:    ', '   '].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBeNull();
  });

  it.each([
    ['*Status:* Amber', 'at_risk'],
    ['**Status**: Amber', 'at_risk'],
    ['**Status:** Amber', 'at_risk'],
    ['_Status:_ Amber', 'at_risk'],
    ['__Status__: Amber', 'at_risk'],
  ] as const)('takes the emphasis markers of %j as part of the label', (line, status) => {
    const { updates } = parseReplyText(`---- Action 1.1.1 ----\n${line}`);

    expect(updates[0]?.status).toBe(status);
  });

  it('keeps emphasis markers inside a value that has no emphasised label', () => {
    const { updates } = parseReplyText('---- Action 1.1.1 ----\nStatus: Green\nSummary: *draft* figures only');

    expect(updates[0]?.summary).toBe('*draft* figures only');
  });

  it.each([
    ['Status', 'status'],
    ['RAG', 'status'],
    ['RAG status', 'status'],
    ['Evidence update', 'evidence'],
    ['Evidence', 'evidence'],
    ['Evidence (data) update', 'evidence'],
    ['Data update', 'evidence'],
    ['Summary', 'summary'],
    ['Summary statement', 'summary'],
    ['Risks', 'risks'],
    ['Risk', 'risks'],
    ['Risks to achieving the outcome', 'risks'],
    ['Actions to address risks', 'mitigation'],
    ['Action to address the risk', 'mitigation'],
    ['Action necessary to address the risk', 'mitigation'],
    ['Mitigation', 'mitigation'],
    ['Next steps', 'mitigation'],
  ] as const)('reads the label %j as the %s field', (label, field) => {
    const value = field === 'status' ? 'Red' : 'Answer.';

    const { updates } = parseReplyText(`---- Action 4.1.2 ----\n${label.toUpperCase()} : ${value}`);

    expect(updates[0]?.[field]).toBe(field === 'status' ? 'off_track' : value);
  });

  it('accepts extra whitespace inside and around a label', () => {
    const { updates } = parseReplyText('---- Action 4.1.2 ----\n   Evidence    update  :  Figures.\nStatus: G');

    expect(updates[0]?.evidence).toBe('Figures.');
  });

  it('does not read the description lines of a block as labels', () => {
    const { updates } = parseReplyText(block('3.1.1'));

    expect(updates).toEqual([]);
  });

  it('reads action refs that are plain numbers', () => {
    const { updates } = parseReplyText('---- Action 12 ----\nStatus: Done');

    expect(updates).toEqual([update('12', { status: 'complete' })]);
  });
});

describe('parseReplyText: where a field ends', () => {
  it.each([
    ['the next block marker', '---- Action 9.9 ----'],
    ['the end marker', '---- End of form ----'],
    ['an "On … wrote:" header', 'On Tue, 3 May 2011 at 09:12, Corporate Parenting Board <updates@notify.example.org> wrote:'],
    ['an Outlook "-----Original Message-----" line', '-----Original Message-----'],
    ['a forwarded-message line', '---------- Forwarded message ----------'],
    ['"Begin forwarded message:"', 'Begin forwarded message:'],
    ['a "-- " signature line', '-- '],
    ['"Sent from my iPhone"', 'Sent from my iPhone'],
    ['"Kind regards"', 'Kind regards'],
    ['"Thanks, Lorna"', 'Thanks, Lorna'],
    ['"Many thanks!"', 'Many thanks!'],
    ['"Best wishes, Jon Rea"', 'Best wishes, Jon Rea'],
  ])('ends a field at %s', (_what, line) => {
    const text = ['---- Action 1.1.1 ----', 'Status: Green', 'Summary: Done in April.', line, 'Not part of it.'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBe('Done in April.');
  });

  it('ends a field at an Outlook "From:" line followed by "Sent:" and "To:" within four lines', () => {
    const text = [
      '---- Action 1.1.1 ----',
      'Summary: Done in April.',
      'From: Corporate Parenting Board [mailto:updates@notify.example.org]',
      '',
      '',
      'Sent: 03 May 2011 09:12',
      'To: Lorna Beedham',
    ].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBe('Done in April.');
  });

  it('keeps a "From:" line without "Sent:" or "Date:" in the next four lines as text', () => {
    const text = ['---- Action 1.1.1 ----', 'Summary: Done.', 'From: the April audit', 'a', 'b', 'c', 'd', 'Date: x'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBe('Done.\nFrom: the April audit\na\nb\nc\nd\nDate: x');
  });

  it('reads an "On … wrote:" header wrapped over two lines', () => {
    const text = ['Hi, see below.', '', 'On Wed, 4 May 2011 at 16:20, Corporate Parenting Board', '<updates@notify.example.org> wrote:', ''].join('\n');

    const { note } = parseReplyText(text);

    expect(note).toBe('Hi, see below.');
  });

  it('keeps an answer line beginning "On" that is no quote header', () => {
    const text = ['> ---- Action 1.1.1 ----', '> Status:', '', 'On track', '', '> Summary:'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates[0]?.status).toBe('on_track');
  });

  it('does not take a bare "--" line, without the delimiter space, as a signature', () => {
    const text = '---- Action 1.1.1 ----\nStatus: Green\nRisks:\n--\nActions to address risks: Weekly checks.';

    const { updates } = parseReplyText(text);

    expect(updates[0]?.mitigation).toBe('Weekly checks.');
  });

  it('does not take "Thanks to the schools for …" as a signature', () => {
    const text = '---- Action 3.3.1 ----\nStatus: G\nSummary:\nThanks to the schools for their help.\nTake-up is up.';

    const { updates } = parseReplyText(text);

    expect(updates[0]?.summary).toBe('Thanks to the schools for their help.\nTake-up is up.');
  });

  it('does not take a sign-off followed by more than three words as a signature', () => {
    const { note } = parseReplyText('Thanks for the reminder, here it is.');

    expect(note).toBe('Thanks for the reminder, here it is.');
  });

  it('ignores labels inside a signature up to the next block marker', () => {
    const text = ['---- Action 1 ----', 'Status: Green', '-- ', 'Risks: see www.example.org', '---- Action 2 ----', 'Status: Red'].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('1', { status: 'on_track' }), update('2', { status: 'off_track' })]);
  });

  it('reads answers typed into an unquoted original below an Outlook header', () => {
    const text = [
      'Hi,',
      '',
      'Kind regards',
      'Morvette',
      '',
      'From: Corporate Parenting Board [mailto:updates@notify.example.org]',
      'Sent: 03 May 2011 09:12',
      'To: Williams, Morvette',
      '',
      'Dear Morvette,',
      '',
      block('2.2.2', { Status: '\nComplete' }),
      '---- End of form ----',
      '',
      'You are receiving this because you lead actions.',
    ].join('\n');

    const result = parseReplyText(text);

    expect(result).toEqual({ updates: [update('2.2.2', { status: 'complete' })], note: 'Hi,', problems: [] });
  });
});

describe('parseReplyText: actions and problems', () => {
  it('keeps the first non-empty value per field when an action appears twice', () => {
    const text = [
      block('1.2.1', { Status: ' At risk', Summary: ' From the top copy.' }),
      'From: Corporate Parenting Board',
      'Sent: 03 May 2011 09:12',
      'To: Lorna Beedham',
      block('1.2.1', { Status: ' On track', 'Evidence update': ' From the original.', Summary: ' Later summary.' }),
    ].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates).toEqual([update('1.2.1', { status: 'at_risk', evidence: 'From the original.', summary: 'From the top copy.' })]);
  });

  it('lists updates in the order the actions first appear', () => {
    const text = [block('3.2.2'), block('3.1.1', { Status: ' Red' }), block('3.2.2', { Status: ' Green' })].join('\n');

    const { updates } = parseReplyText(text);

    expect(updates.map((u) => u.action)).toEqual(['3.2.2', '3.1.1']);
  });

  it('leaves out a block whose fields are all empty', () => {
    const { updates, problems } = parseReplyText(block('1.1.1') + block('1.1.2'));

    expect({ updates, problems }).toEqual({ updates: [], problems: [] });
  });

  it('reports a missing status for a block with other answers', () => {
    const { updates, problems } = parseReplyText(block('2.1.2', { Summary: ' Briefings done.' }));

    expect(updates).toEqual([update('2.1.2', { summary: 'Briefings done.' })]);
    expect(problems).toEqual([{ action: '2.1.2', field: 'status', message: MISSING_STATUS }]);
  });

  it('reports an invalid status with the owner value and keeps the other fields', () => {
    const { updates, problems } = parseReplyText(block('3.3.1', { Status: ' Partly', Risks: ' Funding ends.' }));

    expect(updates).toEqual([update('3.3.1', { risks: 'Funding ends.' })]);
    expect(problems).toEqual([{ action: '3.3.1', field: 'status', message: `status "Partly" is not one of ${CHOICES}` }]);
  });
});

describe('parseReplyText: the note', () => {
  it('takes the unquoted text before the first block marker', () => {
    const { note } = parseReplyText(`Hi,\n\nUpdates below.\n\n${block('1.1.1', { Status: ' G' })}`);

    expect(note).toBe('Hi,\n\nUpdates below.');
  });

  it('adds the text after an end marker', () => {
    const text = `Here it is.\n${block('1.1.1', { Status: ' G' })}---- End of form ----\n\nPS Figures follow.\n`;

    const { note } = parseReplyText(text);

    expect(note).toBe('Here it is.\n\nPS Figures follow.');
  });

  it('leaves out signatures and everything after the first quote header', () => {
    const text = 'Hi,\n\nThanks,\nLorna\n\nOn 3 May 2011, at 09:12, CPB wrote:\n\nUnquoted original text.\n';

    const { note } = parseReplyText(text);

    expect(note).toBe('Hi,');
  });

  it('leaves out quoted lines', () => {
    const { note } = parseReplyText('> Dear Lorna,\nFine.\n> Please reply by 10 May.');

    expect(note).toBe('Fine.');
  });

  it('keeps a label typed outside every block as note text', () => {
    const { note, updates } = parseReplyText('Status: all on track.');

    expect({ note, updates }).toEqual({ note: 'Status: all on track.', updates: [] });
  });

  it('drops a rule line drawn above a quote header', () => {
    const text = 'Hi,\n\nPaulette\n\n________________________________\nFrom: CPB\nSent: 04 May 2011 14:03\n';

    const { note } = parseReplyText(text);

    expect(note).toBe('Hi,\n\nPaulette');
  });

  it('gives null for an empty reply', () => {
    expect(parseReplyText('\n\n  \n').note).toBeNull();
  });

  it('reads CRLF line endings and non-breaking spaces', () => {
    const text = 'Hi,\r\n\r\n---- Action 1.1.1 ----\r\nStatus:\u00a0Green\r\nSummary: Done.\r\n';

    const result = parseReplyText(text);

    expect(result).toEqual({ updates: [update('1.1.1', { status: 'on_track', summary: 'Done.' })], note: 'Hi,', problems: [] });
  });
});

describe('parseStatus', () => {
  it.each([
    ['On track', 'on_track'],
    ['on-track', 'on_track'],
    ['Green', 'on_track'],
    ['G', 'on_track'],
    ['At risk', 'at_risk'],
    ['AMBER', 'at_risk'],
    ['A', 'at_risk'],
    ['Off track', 'off_track'],
    ['Off-track', 'off_track'],
    ['Red', 'off_track'],
    ['R', 'off_track'],
    ['Delayed', 'off_track'],
    ['Complete', 'complete'],
    ['Completed', 'complete'],
    ['Done', 'complete'],
    ['Achieved', 'complete'],
    ['Blue', 'complete'],
  ] as const)('reads %j as %s', (value, status) => {
    expect(parseStatus(value)).toBe(status);
  });

  it.each([
    ['Amber - see summary', 'at_risk'],
    ['At risk - see summary', 'at_risk'],
    ['Green.', 'on_track'],
    ['Done!', 'complete'],
    ['  on   track  ', 'on_track'],
    ['On track\nbut watch it', 'on_track'],
    ['*Green*', 'on_track'],
    ['G.', 'on_track'],
    ['Red/Amber', 'off_track'],
  ] as const)('reads the leading words of %j', (value, status) => {
    expect(parseStatus(value)).toBe(status);
  });

  it.each(['Grey', 'Partly', 'maybe', 'A bit behind', 'R and D', 'Greenish', 'Not on track', 'Ontrack', '', '-'])('rejects %j', (value) => {
    expect(parseStatus(value)).toBeNull();
  });
});

describe('htmlToQuotedText', () => {
  it('quotes blockquote content with "> "', () => {
    const html = '<div>Answer</div><blockquote>Status:<br>Summary:</blockquote>';

    expect(htmlToQuotedText(html)).toBe('Answer\n\n> Status:\n> Summary:');
  });

  it('quotes nested blockquotes once per level', () => {
    expect(htmlToQuotedText('<blockquote>a<blockquote>b</blockquote></blockquote>')).toBe('> a\n> \n> > b');
  });

  it('does not wrap long lines', () => {
    const long = 'word '.repeat(40).trim();

    expect(htmlToQuotedText(`<p>${long}</p>`)).toBe(long);
  });

  it('collapses runs of blank lines from empty paragraphs', () => {
    expect(htmlToQuotedText('<p>Hi,</p><p>&nbsp;</p><div><br></div><p>Answers below.</p>')).toBe('Hi,\n\nAnswers below.');
  });

  it('leaves out styles and images', () => {
    expect(htmlToQuotedText('<style>p {}</style><p>Text<img src="cid:a" alt="logo"></p>')).toBe('Text');
  });
});

describe('isAutoReply', () => {
  const headers = (entries: Record<string, string>): Map<string, string[]> => new Map(Object.entries(entries).map(([name, value]) => [name, [value]]));

  it.each([
    [{ 'auto-submitted': 'auto-replied' }],
    [{ 'auto-submitted': 'auto-generated; ooo' }],
    [{ 'x-autoreply': 'yes' }],
    [{ 'x-autorespond': 'Away' }],
    [{ precedence: 'bulk' }],
    [{ precedence: 'Auto_Reply' }],
    [{ precedence: 'junk' }],
    [{ 'content-type': 'multipart/report; report-type=delivery-status; boundary="x"' }],
  ])('recognises %j', (entries) => {
    expect(isAutoReply(headers(entries), 'Re: Update request')).toBe(true);
  });

  it.each(['Automatic reply: Update request', 'Auto: Update request', 'Out of Office: away', 'out of office until 16 May'])(
    'recognises the subject %j',
    (subject) => {
      expect(isAutoReply(new Map(), subject)).toBe(true);
    },
  );

  it.each([
    [{ 'auto-submitted': 'no' }, 'Re: Update request'],
    [{ precedence: 'list' }, 'Re: Update request'],
    [{}, 'Re: Out of Office cover for May'],
    [{}, null],
  ] as const)('takes %j with subject %j for a person', (entries, subject) => {
    expect(isAutoReply(headers(entries), subject)).toBe(false);
  });
});

describe('parseReply', () => {
  const message = (headers: string, body: string): string => `${headers.trim()}\r\nMIME-Version: 1.0\r\n\r\n${body}`;

  it('reports the envelope: Message-ID as written, sender lower-cased, token and subject ref', async () => {
    const raw = message(
      [
        'From: "Rea, Jon" <Jon.Rea@Nottingham.example.org>',
        'To: Corporate Parenting Board <update+KUS4iAl1wlV.905e818e@replies.example.org>',
        'Subject: Re: Update request (reply by 10 May 2011) [ref KUS4iAl1wlV.905e818e]',
        'Message-ID: <CAF=abc@mail.example.org>',
        'Content-Type: text/plain; charset=utf-8',
      ].join('\r\n'),
      'Hi,\r\n',
    );

    const parsed = await parseReply(raw);

    expect(parsed).toEqual({
      messageId: '<CAF=abc@mail.example.org>',
      from: 'jon.rea@nottingham.example.org',
      replyToken: 'KUS4iAl1wlV.905e818e',
      subjectRef: 'KUS4iAl1wlV.905e818e',
      autoReply: false,
      updates: [],
      note: 'Hi,',
      problems: [],
    });
  });

  it('takes the token from the first To address with a "+", before any Cc address', async () => {
    const raw = message(
      [
        'From: a@nottingham.example.org',
        'To: b@nottingham.example.org, update+first.1@replies.example.org',
        'Cc: update+second.2@replies.example.org',
        'Subject: Re: x',
      ].join('\r\n'),
      'Hi',
    );

    expect((await parseReply(raw)).replyToken).toBe('first.1');
  });

  it('takes the token from Cc when no To address has one', async () => {
    const raw = message('From: a@nottingham.example.org\r\nTo: b@nottingham.example.org\r\nCc: CPB <update+cc.3@replies.example.org>', 'Hi');

    expect((await parseReply(raw)).replyToken).toBe('cc.3');
  });

  it('keeps everything after the first "+" of the local part as the token', async () => {
    const raw = message('From: a@nottingham.example.org\r\nTo: update+ab+cd@replies.example.org', 'Hi');

    expect((await parseReply(raw)).replyToken).toBe('ab+cd');
  });

  it('gives null token, subject ref and message id when the message has none', async () => {
    const raw = message('From: a@nottingham.example.org\r\nTo: updates@notify.example.org\r\nSubject: Q1 update', 'Hi');

    const parsed = await parseReply(raw);

    expect([parsed.replyToken, parsed.subjectRef, parsed.messageId]).toEqual([null, null, null]);
  });

  it('reads a message given as a string with LF line endings', async () => {
    const raw = 'From: a@nottingham.example.org\nSubject: Re: x\n\n---- Action 1.1.1 ----\nStatus: Green\n';

    const parsed = await parseReply(raw);

    expect(parsed.updates).toEqual([update('1.1.1', { status: 'on_track' })]);
  });

  it('does not read the body of an auto-reply', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nSubject: Out of Office: Update request\r\nAuto-Submitted: auto-replied',
      'Away until 16 May.\r\n---- Action 1.1.1 ----\r\nStatus: Green\r\n',
    );

    const parsed = await parseReply(raw);

    expect(parsed).toMatchObject({ autoReply: true, updates: [], note: null, problems: [] });
  });

  it('prefers the text/plain part to the text/html part', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nContent-Type: multipart/alternative; boundary="b"',
      '--b\r\nContent-Type: text/plain\r\n\r\nPlain\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Html</p>\r\n--b--\r\n',
    );

    expect((await parseReply(raw)).note).toBe('Plain');
  });

  it('reads the HTML part when the plain part is empty', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nContent-Type: multipart/alternative; boundary="b"',
      '--b\r\nContent-Type: text/plain\r\n\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>Html</p>\r\n--b--\r\n',
    );

    expect((await parseReply(raw)).note).toBe('Html');
  });

  it('does not read an attached text file as answers', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nContent-Type: multipart/mixed; boundary="b"',
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'Hi',
        '--b',
        'Content-Type: text/plain; name="notes.txt"',
        'Content-Disposition: inline; filename="notes.txt"',
        '',
        '---- Action 1.1.1 ----',
        'Status: Red',
        '--b--',
        '',
      ].join('\r\n'),
    );

    const parsed = await parseReply(raw);

    expect({ note: parsed.note, updates: parsed.updates }).toEqual({ note: 'Hi', updates: [] });
  });

  it('does not read a forwarded message attached as message/rfc822', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nContent-Type: multipart/mixed; boundary="b"',
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'Forwarded as an attachment.',
        '--b',
        'Content-Type: message/rfc822',
        'Content-Disposition: inline',
        '',
        'From: someone@nottingham.example.org',
        'Subject: old reply',
        '',
        '---- Action 1.1.1 ----',
        'Status: Red',
        '--b--',
        '',
      ].join('\r\n'),
    );

    const parsed = await parseReply(raw);

    expect({ note: parsed.note, updates: parsed.updates }).toEqual({ note: 'Forwarded as an attachment.', updates: [] });
  });

  it('un-flows a format=flowed body', async () => {
    const raw = message(
      'From: a@nottingham.example.org\r\nContent-Type: text/plain; charset=utf-8; format=flowed; delsp=yes',
      '---- Action 1.1.1 ----\r\nStatus: Green\r\nSummary: SDQs are checked month \r\nly by the team.\r\n',
    );

    expect((await parseReply(raw)).updates[0]?.summary).toBe('SDQs are checked monthly by the team.');
  });

  it.each([
    ['garbage bytes', Buffer.from([0x00, 0xff, 0xfe, 0x0a, 0x8f, 0x0a, 0x0a, 0x41, 0x00])],
    ['an empty message', ''],
    ['text that is no email', 'just some words\nand more words\n'],
  ])('returns a problem instead of throwing for %s', async (_what, raw) => {
    const parsed = await parseReply(raw);

    expect(parsed).toEqual({
      messageId: null,
      from: null,
      replyToken: null,
      subjectRef: null,
      autoReply: false,
      updates: [],
      note: null,
      problems: [{ action: null, field: null, message: 'could not read the message: it has no mail headers' }],
    });
  });
});
