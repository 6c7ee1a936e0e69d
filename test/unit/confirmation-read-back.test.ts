/**
 * A confirmation's read-back is never read as answers, whatever the owner's client does with
 * it (update-form contract, revision 2, rule 3). Each case replies to a real confirmation, the
 * read-back of 3.1.1 (every field filled) and the block of 3.1.2 to answer again, in the shape
 * a client gives it; only what the owner typed may be recorded.
 */
import { describe, expect, it } from 'vitest';
import { parseReply } from '#mail/parse-reply';
import { renderConfirmation } from '#mail/templates/confirmation';
import { anAction } from '#support/models';

const confirmation = renderConfirmation({
  ownerName: 'Lorna Beedham',
  planName: 'Nottingham Promise',
  cycleName: 'Q1 2011/12',
  token: 'Q3x9Lk2mPa0.c0ffee12c0ffee12',
  recorded: [
    {
      ref: '3.1.1',
      title: 'Improve PEP process for CiC in out-of city placements.',
      status: 'at_risk',
      evidence: 'READ-BACK evidence of 3.1.1',
      summary: 'READ-BACK summary of 3.1.1',
      risks: 'READ-BACK risks of 3.1.1',
      mitigation: 'READ-BACK mitigation of 3.1.1',
    },
  ],
  problems: ['3.1.2: no status was given'],
  outstanding: [],
  form: [{ action: anAction('3.1.2', { title: 'Promote creative use of Personal Education Allowances.' }) }],
});

/**
 * The same with follow-up questions under the read-back (evidence checks), one of them made to
 * look like a label line, and the questioned action's block to answer in.
 */
const withQuestions = renderConfirmation({
  ownerName: 'Lorna Beedham',
  planName: 'Nottingham Promise',
  cycleName: 'Q1 2011/12',
  token: 'Q3x9Lk2mPa0.c0ffee12c0ffee12',
  recorded: [
    {
      ref: '3.1.1',
      title: 'Improve PEP process for CiC in out-of city placements.',
      status: 'on_track',
      evidence: null,
      summary: 'READ-BACK summary of 3.1.1',
      risks: null,
      mitigation: null,
      questions: ['READ-BACK The target is 99% in city — what is the figure now?', 'Evidence update: READ-BACK question shaped like a label?'],
    },
  ],
  problems: [],
  outstanding: [],
  form: [{ action: anAction('3.1.1', { title: 'Improve PEP process for CiC in out-of city placements.' }) }],
});

const quoted = (text: string) => text.split('\n').map((line) => (line ? `> ${line}` : '>'));
/** The block typed again at the top, as owners do: no end marker, some fields left out. */
const retyped = ['---- Action 3.1.3 ----', 'Status: Off track', 'Summary: Typed by the owner.', ''];

function mail(body: string, contentType = 'text/plain; charset=utf-8'): string {
  return [
    'From: Lorna Beedham <lorna.beedham@nottingham.example.org>',
    'To: update+Q3x9Lk2mPa0.c0ffee12c0ffee12@replies.example.org',
    'Subject: RE: Update recorded [ref Q3x9Lk2mPa0.c0ffee12c0ffee12]',
    'Message-ID: <read-back@mail.example.org>',
    `Content-Type: ${contentType}`,
    '',
    body.replace(/\n/g, '\r\n'),
  ].join('\r\n');
}

const clientsOf = (confirmation: { text: string; html: string }): Record<string, string> => ({
  'Outlook, original unquoted under From/Sent': mail(
    [
      ...retyped,
      'From: PlanPulse <updates@notify.example.org>',
      'Sent: 04 May 2026 10:02',
      'To: Lorna Beedham',
      'Subject: Update recorded',
      '',
      confirmation.text,
    ].join('\n'),
  ),
  'a client that adds no quote header at all (the confirmation pasted below)': mail([...retyped, confirmation.text].join('\n')),
  'Gmail, quoted under "On … wrote:"': mail(
    [...retyped, 'On Mon, 4 May 2026 at 10:02, PlanPulse <updates@notify.example.org> wrote:', ...quoted(confirmation.text)].join('\n'),
  ),
  'iPhone, quoted, nothing typed but a thank-you': mail(
    ['Thanks!', '', 'Sent from my iPhone', '', 'On 4 May 2026, at 10:02, PlanPulse wrote:', '', ...quoted(confirmation.text)].join('\n'),
  ),
  'Outlook on the web, HTML only, original in a div': mail(
    `<html><body><div>${retyped.map((l) => `<p>${l}</p>`).join('')}</div><hr><div>${confirmation.html.replace(/^[\s\S]*<body[^>]*>|<\/body>[\s\S]*$/g, '')}</div></body></html>`,
    'text/html; charset=utf-8',
  ),
  'Apple Mail, HTML only, original in a blockquote': mail(
    `<html><body><p>Thanks!</p><blockquote type="cite">${confirmation.html.replace(/^[\s\S]*<body[^>]*>|<\/body>[\s\S]*$/g, '')}</blockquote></body></html>`,
    'text/html; charset=utf-8',
  ),
});

describe('a reply to a confirmation: the read-back is never read as answers', () => {
  it.each([
    ...Object.entries(clientsOf(confirmation)),
    ...Object.entries(clientsOf(withQuestions)).map(([client, raw]) => [`${client}, with follow-up questions`, raw] as const),
  ])('from %s', async (_client, raw) => {
    // Act
    const reply = await parseReply(raw);

    // Assess: nothing of the read-back in any answer or in the note
    const everything = JSON.stringify({ updates: reply.updates, note: reply.note });
    expect(everything).not.toContain('READ-BACK');
    expect(reply.updates.map((u) => u.action)).not.toContain('3.1.1');
    const typed = reply.updates.find((u) => u.action === '3.1.3');
    if (typed) expect(typed).toEqual({ action: '3.1.3', status: 'off_track', evidence: null, summary: 'Typed by the owner.', risks: null, mitigation: null });
  });

  it('still reads answers the owner types into the block the confirmation asks to answer again', async () => {
    // Prepare: Outlook leaves the original unquoted; the owner fills in 3.1.2 inside it
    const filled = confirmation.text.replace(/^Status:$/m, 'Status: Green');
    const raw = mail(
      [
        'Done, see below.',
        '',
        'From: PlanPulse <updates@notify.example.org>',
        'Sent: 04 May 2026 10:02',
        'To: Lorna',
        'Subject: Update recorded',
        '',
        filled,
      ].join('\n'),
    );

    // Act
    const reply = await parseReply(raw);

    // Assess
    expect(reply.updates).toEqual([{ action: '3.1.2', status: 'on_track', evidence: null, summary: null, risks: null, mitigation: null }]);
    expect(reply.note).toBe('Done, see below.');
  });

  it('reads the answer to a follow-up question typed into the questioned action’s block, and none of the questions', async () => {
    // Prepare: Outlook leaves the original unquoted; the owner answers the question in 3.1.1's block
    const filled = withQuestions.text.replace(/^Evidence update:$/m, 'Evidence update: 93% in city, 81% out of city (May).');
    const raw = mail(
      [
        'Figures below.',
        '',
        'From: PlanPulse <updates@notify.example.org>',
        'Sent: 04 May 2026 10:02',
        'To: Lorna',
        'Subject: Update recorded',
        '',
        filled,
      ].join('\n'),
    );

    // Act
    const reply = await parseReply(raw);

    // Assess
    expect(reply.updates).toEqual([
      { action: '3.1.1', status: null, evidence: '93% in city, 81% out of city (May).', summary: null, risks: null, mitigation: null },
    ]);
    expect(JSON.stringify(reply)).not.toContain('READ-BACK');
  });
});
