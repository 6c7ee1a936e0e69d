/**
 * Render → the owner types answers after the labels → parseReplyText gives exactly those answers
 * back: for the request, the reminder and the confirmation's blocks to answer again, replied to
 * as Outlook does (original unquoted below a From/Sent header) and as Gmail does (original
 * quoted with `> `, answers on their own lines), from the text part and from the HTML part.
 */
import { describe, expect, it } from 'vitest';
import { htmlToQuotedText, parseReplyText, type ParsedUpdate } from '#mail/parse-reply';
import { renderConfirmation } from '#mail/templates/confirmation';
import { renderUpdateRequest, type FormAction, type UpdateRequestModel } from '#mail/templates/update-form';

const TOKEN = 'Q3x9Lk2mPa0.c0ffee12';

/** Lorna Beedham's actions in the Nottingham 2011 plan, as the plan file has them. */
function lornasActions(): FormAction[] {
  const action = (ref: string, title: string, measure: string, due: string, dueText: string, revisedDue: string | null = null): FormAction => ({
    action: { ref, title, measure, baseline: null, target: null, due, dueText, revisedDue, revisedDueText: null },
  });
  return [
    {
      ...action(
        '3.1.1',
        'Improve PEP process for CiC in out-of city placements.',
        'PEP completion rate increased.\nBaseline: 87% - (Jan 2011)\nTarget: 99% in city\nTarget: 85% out of city',
        '2011-06-01',
        '1/6/11',
      ),
      lastUpdate: { cycleName: 'Q4 2010/11', status: 'at_risk', summary: 'Two out-of-city schools return PEPs late.' },
    },
    action(
      '3.1.3',
      'Closely monitor PEP completion & implementation.',
      'Records of LAC reviews.\nEducation indicators – NI 99,100 and 101 – July 2010 results from Senior Officers Group performance report\nBaseline: NI 99 – 31%; NI 100 – 31%; NI 101 – 3%',
      '2011-07-01',
      '1/7/11',
    ),
    action(
      '3.2.2',
      'Weekly monitoring of CiC attendance at all educational provision.',
      'Baseline:\nTarget: This measure will require development as numerous data sources will have to be linked.',
      '2011-12-01',
      '1/12/11',
    ),
    // a title that starts like a sign-off, and a revised due date
    action('3.3.1', 'Thank you letters to schools for PEA partnership work', 'PEA reporting: 6 monthly to CPB', '2012-04-01', '1/4/2012', '2012-06-01'),
  ];
}

function aRequest(overrides: Partial<UpdateRequestModel> = {}): UpdateRequestModel {
  return {
    kind: 'request',
    ownerName: 'Lorna Beedham',
    planName: 'Corporate Parenting Promise Action Plan 2011-12',
    cycleName: 'Q1 2011/12',
    board: '2011-05-26',
    replyBy: '2011-05-10',
    token: TOKEN,
    supportEmail: 'cpb.support@nottingham.example.org',
    actions: lornasActions(),
    ...overrides,
  };
}

type Answers = Record<string, Partial<Record<'Status' | 'Evidence update' | 'Summary' | 'Risks' | 'Actions to address risks', string>>>;

/** What Lorna types: several actions, one with every field, multi-line values, status words as people write them. */
const LORNAS_ANSWERS: Answers = {
  '3.1.1': {
    Status: 'Green',
    'Evidence update': 'PEP completion 91% in city and 79% out of city (April 2011).',
    Summary: 'Out-of-city PEPs are now tracked weekly.\nThe placing social worker chases each late one.',
  },
  '3.2.2': {
    Status: 'Off track',
    'Evidence update': 'Attendance collected by phone from each school.',
    Summary: 'The data sources are still not linked.',
    Risks: 'No weekly figure for the board.',
    'Actions to address risks': 'Data sharing agreement with Education by 1 June.\nInterim spreadsheet meanwhile.',
  },
  '3.3.1': { Status: 'Complete', Summary: 'Letters sent to all 14 schools & academies.' },
};

const FIELD: Record<string, keyof Omit<ParsedUpdate, 'action'>> = {
  Status: 'status',
  'Evidence update': 'evidence',
  Summary: 'summary',
  Risks: 'risks',
  'Actions to address risks': 'mitigation',
};
const STATUS: Record<string, ParsedUpdate['status']> = { Green: 'on_track', 'Off track': 'off_track', Complete: 'complete', 'At risk': 'at_risk' };

/** The updates the answers must give back, in form order. */
function expected(answers: Answers, order: string[]): ParsedUpdate[] {
  return order
    .filter((ref) => answers[ref])
    .map((ref) => {
      const update: ParsedUpdate = { action: ref, status: null, evidence: null, summary: null, risks: null, mitigation: null };
      for (const [label, value] of Object.entries(answers[ref] ?? {})) {
        const field = FIELD[label]!;
        if (field === 'status') update.status = STATUS[value] ?? null;
        else update[field] = value;
      }
      return update;
    });
}

/** Outlook: the owner types after each label of the unquoted original, below a From/Sent header. */
function outlookReply(original: string, answers: Answers, subject: string): string {
  const lines = original.split('\n');
  let ref: string | null = null;
  const typed = lines.map((line) => {
    const marker = /^---- Action (\S+) ----$/.exec(line.trim());
    if (marker) ref = marker[1]!;
    const label = /^(.+):$/.exec(line.trim())?.[1] as keyof Answers[string] | undefined;
    const answer = ref && label ? answers[ref]?.[label] : undefined;
    return answer === undefined ? line : `${line.trimEnd()} ${answer}`;
  });
  return [
    'Hi, my updates are in the form below.',
    '',
    'Kind regards,',
    'Lorna',
    '',
    '________________________________',
    'From: Corporate Parenting Board <updates@notify.example.org>',
    'Sent: 03 May 2011 16:47',
    'To: Lorna Beedham <lorna.beedham@nottingham.example.org>',
    `Subject: ${subject}`,
    '',
    ...typed,
  ].join('\n');
}

/** Gmail: the original quoted with `> `; each answer on its own unquoted lines under the quoted label. */
function gmailReply(original: string, answers: Answers): string {
  const out = [
    'Hi,',
    '',
    'My updates are inline below.',
    '',
    'Thanks,',
    'Lorna',
    '',
    'On Tue, 3 May 2011 at 09:12, Corporate Parenting Board <updates@notify.example.org> wrote:',
    '',
  ];
  let ref: string | null = null;
  for (const line of original.split('\n')) {
    const marker = /^---- Action (\S+) ----$/.exec(line.trim());
    if (marker) ref = marker[1]!;
    out.push(line.trim() === '' ? '>' : `> ${line}`);
    const label = /^(.+):$/.exec(line.trim())?.[1] as keyof Answers[string] | undefined;
    const answer = ref && label ? answers[ref]?.[label] : undefined;
    if (answer !== undefined) out.push('', answer, '');
  }
  return out.join('\n');
}

const ORDER = ['3.1.1', '3.1.3', '3.2.2', '3.3.1'];

describe('round trip: update request', () => {
  it('gives back exactly the answers typed into the text part, Outlook style', () => {
    // Prepare
    const { subject, text } = renderUpdateRequest(aRequest());
    const reply = outlookReply(text, LORNAS_ANSWERS, subject);

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.updates).toEqual(expected(LORNAS_ANSWERS, ORDER));
    expect(parsed.problems).toEqual([]);
    expect(parsed.note).toBe('Hi, my updates are in the form below.');
  });

  it('gives back exactly the answers typed under the quoted labels, Gmail style', () => {
    // Prepare
    const { text } = renderUpdateRequest(aRequest());
    const reply = gmailReply(text, LORNAS_ANSWERS);

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.updates).toEqual(expected(LORNAS_ANSWERS, ORDER));
    expect(parsed.problems).toEqual([]);
    expect(parsed.note).toBe('Hi,\n\nMy updates are inline below.');
  });

  it('gives back exactly the answers typed into the HTML part, as the client turns it into text', () => {
    // Prepare: an HTML reply's text is the HTML as text; Outlook leaves the original unquoted
    const { subject, html } = renderUpdateRequest(aRequest());
    const reply = outlookReply(htmlToQuotedText(html), LORNAS_ANSWERS, subject);

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.updates).toEqual(expected(LORNAS_ANSWERS, ORDER));
    expect(parsed.problems).toEqual([]);
  });

  it('gives back the answers typed between HTML blockquotes, as Gmail sends them', () => {
    // Prepare: the quoted original as Gmail's HTML, with the answer of 3.1.1 typed under its Status label
    const { html } = renderUpdateRequest(aRequest());
    const body = /<td style="[^"]*">([\s\S]*)<\/td><\/tr><\/table><\/td>/.exec(html)![1]!;
    const at = body.indexOf('Status:', body.indexOf('---- Action 3.1.1 ----')) + 'Status:'.length;
    const reply =
      '<div dir="ltr">Hi,<br>my status is below.</div><div class="gmail_quote"><div>On Tue, 3 May 2011 at 09:12, Corporate Parenting Board wrote:</div>' +
      `<blockquote>${body.slice(0, at)}</blockquote><div>At risk</div><blockquote>${body.slice(at)}</blockquote></div>`;

    // Act
    const parsed = parseReplyText(htmlToQuotedText(reply));

    // Assess
    expect(parsed.updates).toEqual([{ action: '3.1.1', status: 'at_risk', evidence: null, summary: null, risks: null, mitigation: null }]);
  });

  it('gives back no update when the form is returned unanswered', () => {
    // Prepare
    const { subject, text, html } = renderUpdateRequest(aRequest());

    // Act
    const fromText = parseReplyText(outlookReply(text, {}, subject));
    const fromHtml = parseReplyText(outlookReply(htmlToQuotedText(html), {}, subject));

    // Assess
    expect(fromText.updates).toEqual([]);
    expect(fromHtml.updates).toEqual([]);
  });
});

describe('round trip: reminder', () => {
  const outstanding = () => lornasActions().filter((a) => a.action.ref !== '3.1.1');
  const answers: Answers = { '3.1.3': { Status: 'At risk', Risks: 'Out-of-city schools are slow to return completed PEPs.' }, '3.2.2': { Status: 'Green' } };

  it('gives back exactly the answers typed into the text part, Outlook style', () => {
    // Prepare
    const { subject, text } = renderUpdateRequest(aRequest({ kind: 'reminder', actions: outstanding() }));

    // Act
    const parsed = parseReplyText(outlookReply(text, answers, subject));

    // Assess
    expect(parsed.updates).toEqual(expected(answers, ORDER));
    expect(parsed.problems).toEqual([]);
  });

  it('gives back exactly the answers typed under the quoted labels, Gmail style', () => {
    // Prepare
    const { text } = renderUpdateRequest(aRequest({ kind: 'reminder', actions: outstanding() }));

    // Act
    const parsed = parseReplyText(gmailReply(text, answers));

    // Assess
    expect(parsed.updates).toEqual(expected(answers, ORDER));
  });
});

describe("round trip: the confirmation's blocks to answer again", () => {
  const aConfirmation = () =>
    renderConfirmation({
      ownerName: 'Lorna Beedham',
      planName: 'Corporate Parenting Promise Action Plan 2011-12',
      cycleName: 'Q1 2011/12',
      token: TOKEN,
      recorded: [
        {
          ref: '3.1.1',
          title: 'Improve PEP process for CiC in out-of city placements.',
          status: 'on_track',
          evidence: 'PEP completion 91% in city (April 2011).',
          summary: 'Tracked weekly.\nLate PEPs chased.',
          risks: null,
          mitigation: null,
        },
        {
          ref: '3.2.2',
          title: 'Weekly monitoring of CiC attendance at all educational provision.',
          status: null,
          evidence: null,
          summary: 'Not linked yet.',
          risks: null,
          mitigation: null,
        },
      ],
      problems: ['Action 3.2.2: status "Partly" is not one of On track, At risk, Off track, Complete'],
      outstanding: ['3.1.3', '3.3.1'],
      form: lornasActions().filter((a) => a.action.ref !== '3.1.1'),
    });
  const answers: Answers = { '3.2.2': { Status: 'At risk' }, '3.3.1': { Status: 'Complete', Summary: 'Letters sent.' } };

  it('gives back only the new answers, Outlook style, never the read-back above the blocks', () => {
    // Prepare
    const { subject, text } = aConfirmation();

    // Act
    const parsed = parseReplyText(outlookReply(text, answers, subject));

    // Assess
    expect(parsed.updates).toEqual(expected(answers, ORDER));
    expect(parsed.problems).toEqual([]);
  });

  it('gives back only the new answers, Gmail style', () => {
    // Prepare
    const { text } = aConfirmation();

    // Act
    const parsed = parseReplyText(gmailReply(text, answers));

    // Assess
    expect(parsed.updates).toEqual(expected(answers, ORDER));
  });

  it('gives back only the new answers typed into the HTML part', () => {
    // Prepare
    const { subject, html } = aConfirmation();

    // Act
    const parsed = parseReplyText(outlookReply(htmlToQuotedText(html), answers, subject));

    // Assess
    expect(parsed.updates).toEqual(expected(answers, ORDER));
  });
});
