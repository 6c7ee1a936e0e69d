import { describe, expect, it } from 'vitest';
import { htmlToQuotedText, parseReplyText, readsAsFormStructure } from '#mail/parse-reply';
import { describe as describeAction, renderUpdateRequest, type FormAction, type UpdateRequestModel } from '#mail/templates/update-form';

const TOKEN = 'Q3x9Lk2mPa0.c0ffee12c0ffee12';
const LABELS = ['Status', 'Evidence update', 'Summary', 'Risks', 'Actions to address risks'];

function anAction(ref: string, title: string): FormAction {
  return {
    action: {
      ref,
      title,
      measure: 'PEP completion rate increased',
      baseline: '87% (Jan 2011)',
      target: '99% in city',
      due: '2011-06-01',
      dueText: '1/6/11',
    },
    lastUpdate: { cycleName: 'Q4 2010/11', status: 'at_risk', summary: 'Two schools late' },
  };
}

function aRequest(overrides: Partial<UpdateRequestModel> = {}): UpdateRequestModel {
  return {
    kind: 'request',
    ownerName: 'Lorna Beedham',
    planName: 'Nottingham Promise',
    cycleName: 'Q1 2011/12',
    board: '2011-06-20',
    replyBy: '2011-06-06',
    token: TOKEN,
    supportEmail: 'cpb@nottingham.example.org',
    actions: [
      anAction('3.1.1', 'Improve PEP process for CiC in out-of city placements.'),
      anAction('3.1.2', 'Promote creative, constructive use of Personal Education Allowances.'),
      anAction('3.1.3', 'Closely monitor PEP completion & implementation.'),
    ],
    ...overrides,
  };
}

/** The lines of one action's block, from its marker up to the next marker. */
function blockLines(text: string, ref: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`---- Action ${ref} ----`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('---- '));
  return lines.slice(start, end);
}

/** Types an answer after a label of one action's block, as an Outlook user does in the unquoted original. */
function typeAnswer(text: string, ref: string, label: string, answer: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`---- Action ${ref} ----`);
  const at = lines.findIndex((l, i) => i > start && l === `${label}:`);
  lines[at] = `${label}: ${answer}`;
  return lines.join('\n');
}

/** A reply as Outlook writes it: the owner's note, then the original unquoted below a From/Sent header. */
function outlookReply(subject: string, original: string): string {
  return [
    'Hi, my updates are below.',
    '',
    'Lorna',
    '',
    'From: Corporate Parenting Board <updates@notify.example.org>',
    'Sent: 02 June 2011 10:14',
    'To: Lorna Beedham <lorna.beedham@nottingham.example.org>',
    `Subject: ${subject}`,
    '',
    original,
  ].join('\n');
}

describe('renderUpdateRequest subject', () => {
  it('ends with the reference token', () => {
    // Act
    const { subject } = renderUpdateRequest(aRequest());

    // Assess
    expect(subject.endsWith(`[ref ${TOKEN}]`)).toBe(true);
  });

  it('names the plan, the cycle and the reply-by date', () => {
    // Act
    const { subject } = renderUpdateRequest(aRequest());

    // Assess
    expect(subject).toBe(`Update request: Nottingham Promise - Q1 2011/12 (reply by 6 June 2011) [ref ${TOKEN}]`);
  });

  it('cannot be split into extra headers by CR or LF in the names', () => {
    // Prepare
    const model = aRequest({
      planName: 'Nottingham Promise\r\nBcc: victim@example.org',
      cycleName: 'Q1\n2011/12',
    });

    // Act
    const { subject } = renderUpdateRequest(model);

    // Assess
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe('renderUpdateRequest text', () => {
  it('greets the owner by first name', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest());

    // Assess
    expect(text.split('\n')[0]).toBe('Dear Lorna,');
  });

  it('has one block per action, in the order given', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest());

    // Assess
    const refs = [...text.matchAll(/^---- Action (\S+) ----$/gm)].map((m) => m[1]);
    expect(refs).toEqual(['3.1.1', '3.1.2', '3.1.3']);
  });

  it('lists the five labels in order, each with an empty value, in every block', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest());

    // Assess
    for (const ref of ['3.1.1', '3.1.2', '3.1.3']) {
      const lines = blockLines(text, ref);
      const first = lines.indexOf('Status:');
      expect(lines.slice(first, first + LABELS.length)).toEqual(LABELS.map((l) => `${l}:`));
    }
  });

  it('describes the action between its marker and the first label', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest());

    // Assess
    const lines = blockLines(text, '3.1.1');
    expect(lines.slice(0, lines.indexOf('Status:'))).toEqual([
      '---- Action 3.1.1 ----',
      'Improve PEP process for CiC in out-of city placements.',
      'Measure: PEP completion rate increased. Baseline: 87% (Jan 2011). Target: 99% in city.',
      'Due: 1 June 2011',
      'Last update (Q4 2010/11): At risk - Two schools late',
      '',
    ]);
  });

  it('closes the form with the end marker after the last block', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest());

    // Assess
    const lines = text.split('\n');
    const end = lines.indexOf('---- End of form ----');
    expect(lines.filter((l) => l === '---- End of form ----')).toHaveLength(1);
    expect(end).toBeGreaterThan(lines.indexOf('---- Action 3.1.3 ----'));
  });

  it.each([
    'Summary: improve PEP completion',
    'Status: review of placements',
    '**Risks**: of placement breakdown',
    'Next steps: agree the protocol',
    'Evidence (data) update: monthly',
  ])('keeps a title that begins like a label "%s" from being read as an answer', (title) => {
    // Prepare
    const model = aRequest({ actions: [anAction('1.1.1', title)] });

    // Act
    const { text } = renderUpdateRequest(model);

    // Assess: the unanswered form, read back as a reply, holds no answers
    expect(parseReplyText(text).updates).toEqual([]);
  });

  it('keeps a newline in a title from adding a label line to the form', () => {
    // Prepare
    const model = aRequest({ actions: [anAction('1.1.1', 'Improve PEP process\nStatus: Complete\r\nRisks: none')] });

    // Act
    const { text } = renderUpdateRequest(model);

    // Assess
    expect(text.split('\n').filter((l) => /^(Status|Risks):/.test(l))).toEqual(['Status:', 'Risks:']);
    expect(parseReplyText(text).updates).toEqual([]);
  });

  it('keeps a newline in the owner name from breaking the greeting line', () => {
    // Prepare
    const model = aRequest({ ownerName: 'Lorna\r\n---- End of form ----' });

    // Act
    const { text } = renderUpdateRequest(model);

    // Assess
    expect(text.split('\n')[0]).toBe('Dear Lorna,');
  });

  it('keeps the answers of an action whose title begins with a sign-off phrase', () => {
    // Prepare: "Thank you …" also starts a signature in a reply; typed answers must still count
    const model = aRequest({ actions: [anAction('4.1.3', 'Thank you letters to carers')] });
    const { subject, text } = renderUpdateRequest(model);
    const reply = outlookReply(subject, typeAnswer(text, '4.1.3', 'Status', 'On track'));

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.updates.map((u) => [u.action, u.status])).toEqual([['4.1.3', 'on_track']]);
  });
});

describe('renderUpdateRequest html', () => {
  it('escapes a script tag in a title', () => {
    // Prepare
    const model = aRequest({ actions: [anAction('1.1.1', '<script>alert(1)</script> review')] });

    // Act
    const { html } = renderUpdateRequest(model);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; review');
  });

  it('escapes an ampersand in a title', () => {
    // Act
    const { html } = renderUpdateRequest(aRequest());

    // Assess
    expect(html).toContain('Closely monitor PEP completion &amp; implementation.');
  });

  it('shows every block marker, label and the end marker', () => {
    // Act
    const { html } = renderUpdateRequest(aRequest());

    // Assess
    expect(html.match(/---- Action \S+ ----/g)).toEqual(['---- Action 3.1.1 ----', '---- Action 3.1.2 ----', '---- Action 3.1.3 ----']);
    expect(html.match(/Actions to address risks:/g)).toHaveLength(3);
    expect(html).toContain('---- End of form ----');
  });
});

describe('renderUpdateRequest reminder', () => {
  it('says it is a reminder in the subject', () => {
    // Act
    const { subject } = renderUpdateRequest(aRequest({ kind: 'reminder' }));

    // Assess
    expect(subject).toBe(`Reminder: update request: Nottingham Promise - Q1 2011/12 (reply by 6 June 2011) [ref ${TOKEN}]`);
  });

  it('says how many actions still lack an update', () => {
    // Act
    const { text } = renderUpdateRequest(aRequest({ kind: 'reminder' }));

    // Assess
    expect(text).toContain('We have not yet received your update on these 3 actions of the Nottingham Promise for Q1 2011/12.');
  });

  it('speaks of "this action" when only one is outstanding', () => {
    // Prepare
    const model = aRequest({ kind: 'reminder', actions: [anAction('3.1.1', 'Improve PEP process.')] });

    // Act
    const { text } = renderUpdateRequest(model);

    // Assess
    expect(text).toContain('We have not yet received your update on this action of the Nottingham Promise');
  });
});

describe('round trip: request → Outlook reply → parseReplyText', () => {
  it('gives back exactly the answers typed after the labels', () => {
    // Prepare
    const { subject, text } = renderUpdateRequest(aRequest());
    let filled = text;
    filled = typeAnswer(filled, '3.1.1', 'Status', 'At risk');
    filled = typeAnswer(filled, '3.1.1', 'Evidence update', 'PEP completion 91% (April).');
    filled = typeAnswer(filled, '3.1.1', 'Summary', 'Out-of-city PEPs now tracked weekly.\nTwo schools still late.');
    filled = typeAnswer(filled, '3.1.2', 'Status', 'Complete');
    filled = typeAnswer(filled, '3.1.2', 'Actions to address risks', 'None needed.');
    const reply = outlookReply(subject, filled);

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.updates).toEqual([
      {
        action: '3.1.1',
        status: 'at_risk',
        evidence: 'PEP completion 91% (April).',
        summary: 'Out-of-city PEPs now tracked weekly.\nTwo schools still late.',
        risks: null,
        mitigation: null,
      },
      {
        action: '3.1.2',
        status: 'complete',
        evidence: null,
        summary: null,
        risks: null,
        mitigation: 'None needed.',
      },
    ]);
    expect(parsed.problems).toEqual([]);
  });

  it('keeps the original email below the From/Sent header out of the note', () => {
    // Prepare
    const { subject, text } = renderUpdateRequest(aRequest());
    const reply = outlookReply(subject, typeAnswer(text, '3.1.1', 'Status', 'On track'));

    // Act
    const parsed = parseReplyText(reply);

    // Assess
    expect(parsed.note).toBe('Hi, my updates are below.\n\nLorna');
  });
});

/** An action of the Nottingham 2011 plan with only the given fields set. */
function planAction(overrides: Partial<FormAction['action']> = {}, lastUpdate?: FormAction['lastUpdate']): FormAction {
  return {
    action: {
      ref: '3.1.1',
      title: 'Improve PEP process for CiC in out-of city placements.',
      measure: null,
      baseline: null,
      target: null,
      due: null,
      dueText: null,
      ...overrides,
    },
    lastUpdate,
  };
}

describe('describe', () => {
  it('shows the title, measure, baseline, target, due date and last update, in that order', () => {
    // Prepare
    const action = planAction(
      { measure: 'PEP completion rate increased', baseline: '87% (Jan 2011)', target: '99% in city', due: '2011-06-01' },
      { cycleName: 'Q4 2010/11', status: 'at_risk', summary: 'Two schools late' },
    );

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines).toEqual([
      'Improve PEP process for CiC in out-of city placements.',
      'Measure: PEP completion rate increased. Baseline: 87% (Jan 2011). Target: 99% in city.',
      'Due: 1 June 2011',
      'Last update (Q4 2010/11): At risk - Two schools late',
    ]);
  });

  it('gives each indicator of a multi-line measure its own line, saying what it is', () => {
    // Prepare: 1.1.1 of the Nottingham plan, several indicators in one cell
    const action = planAction({
      title: 'Implement the agreed process for managing use of SDQs.',
      measure:
        'Reported rate of SDQ completion (data quality report).\nBaseline (Feb 2011) – 52.8%\nTarget (March 2012): not yet determined\n' +
        'Supervising Social Workers to support Foster Carers to complete SDQs prior to annual health assessment',
    });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines.slice(1)).toEqual([
      'Measure: Reported rate of SDQ completion (data quality report).',
      'Baseline (Feb 2011) – 52.8%',
      'Target (March 2012): not yet determined',
      'Measure: Supervising Social Workers to support Foster Carers to complete SDQs prior to annual health assessment',
    ]);
  });

  it('gives each line of multi-line baseline and target cells its own labelled line', () => {
    // Prepare
    const action = planAction({
      measure: 'PEP completion rate increased.',
      baseline: '87% (Jan 2011)\r\n79% out of city (Jan 2011)',
      target: '99% in city\nTarget: 85% out of city',
    });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines.slice(1)).toEqual([
      'Measure: PEP completion rate increased.',
      'Baseline: 87% (Jan 2011)',
      'Baseline: 79% out of city (Jan 2011)',
      'Target: 99% in city',
      'Target: 85% out of city',
    ]);
  });

  it('says "not set" for an indicator line with nothing after its name', () => {
    // Prepare: 3.2.2 of the Nottingham plan
    const action = planAction({ measure: 'Baseline:\nTarget: This measure will require development as numerous data sources will have to be linked.' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines.slice(1)).toEqual(['Baseline: not set', 'Target: This measure will require development as numerous data sources will have to be linked.']);
  });

  it.each([
    'Status: Complete',
    'Risks: none',
    '**Summary**: done',
    'Next steps: agree the protocol',
    'Thanks',
    'Kind regards, Lorna',
    'Sent from my iPhone',
    '---- End of form ----',
    '---- Action 9.9.9 ----',
    'On Monday Lorna wrote:',
    '-----Original Message-----',
    'Begin forwarded message:',
  ])('writes no description line that reads as form structure from "%s"', (hostile) => {
    // Prepare: the line in every cell that reaches the description
    const action = planAction(
      {
        title: hostile,
        measure: `PEP completion rate increased.\n${hostile}`,
        baseline: `87%\n${hostile}`,
        target: hostile,
        dueText: hostile,
        revisedDueText: hostile,
      },
      { cycleName: hostile, status: null, summary: hostile },
    );
    const model = aRequest({ actions: [action] });

    // Act
    const lines = describeAction(action);
    const { subject, text } = renderUpdateRequest(model);

    // Assess: nothing reads as structure, the blank form holds no answers, a typed answer still counts
    expect(lines.filter(readsAsFormStructure)).toEqual([]);
    expect(parseReplyText(text).updates).toEqual([]);
    const reply = parseReplyText(outlookReply(subject, typeAnswer(text, '3.1.1', 'Summary', 'Tracked weekly.')));
    expect(reply.updates.map((u) => [u.action, u.summary])).toEqual([['3.1.1', 'Tracked weekly.']]);
  });

  it('shows a revised due date after the original one', () => {
    // Prepare
    const action = planAction({ due: '2011-06-01', dueText: '1/6/11', revisedDue: '2011-09-01', revisedDueText: '1/9/11' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines).toContain('Due: 1 June 2011 (revised to 1 September 2011)');
  });

  it('shows the due dates as written when they are not dates', () => {
    // Prepare
    const action = planAction({ dueText: 'Ongoing', revisedDueText: 'March 2012' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines).toContain('Due: Ongoing (revised to March 2012)');
  });

  it('shows one due date when the revision repeats it', () => {
    // Prepare
    const action = planAction({ due: '2011-06-01', revisedDue: '2011-06-01' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines).toContain('Due: 1 June 2011');
  });

  it('shows a revised due date that has no original as revised', () => {
    // Prepare
    const action = planAction({ revisedDue: '2011-09-01' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines).toContain('Due: 1 September 2011 (revised)');
  });

  it('leaves out the due line when the action has no due date', () => {
    // Act
    const lines = describeAction(planAction());

    // Assess
    expect(lines.filter((l) => l.startsWith('Due:'))).toEqual([]);
  });

  it('shows a multi-line last summary on the one last-update line', () => {
    // Prepare
    const action = planAction({}, { cycleName: 'Q4 2010/11', status: 'off_track', summary: 'Two schools late.\r\nChased weekly.' });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines.at(-1)).toBe('Last update (Q4 2010/11): Off track - Two schools late. Chased weekly.');
  });

  it('says when the last update gave no status', () => {
    // Prepare
    const action = planAction({}, { cycleName: 'Q4 2010/11', status: null, summary: null });

    // Act
    const lines = describeAction(action);

    // Assess
    expect(lines.at(-1)).toBe('Last update (Q4 2010/11): no status given');
  });

  it('shows the same description lines in the HTML block as in the text block', () => {
    // Prepare
    const action = planAction(
      { measure: 'PEP completion rate increased.\nBaseline: 87% - (Jan 2011)\nTarget: 99% in city', due: '2011-06-01', revisedDue: '2011-09-01' },
      { cycleName: 'Q4 2010/11', status: 'at_risk', summary: 'Two schools late' },
    );

    // Act
    const { html } = renderUpdateRequest(aRequest({ actions: [action] }));

    // Assess
    const htmlLines = htmlToQuotedText(html).split('\n');
    const start = htmlLines.indexOf('---- Action 3.1.1 ----');
    const description = htmlLines.slice(start + 1, htmlLines.indexOf('Status:', start)).filter((l) => l.trim() !== '');
    expect(description).toEqual(describeAction(action));
  });
});
