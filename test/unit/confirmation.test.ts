import { describe, expect, it } from 'vitest';
import { renderConfirmation, type ConfirmationModel, type RecordedUpdate } from '#mail/templates/confirmation';
import { renderRejection, type RejectionReason } from '#mail/templates/rejection';
import { anAction } from '#support/models';

const TOKEN = 'Q3x9Lk2mPa0.c0ffee12c0ffee12';

function aRecordedUpdate(overrides: Partial<RecordedUpdate> = {}): RecordedUpdate {
  return {
    ref: '3.1.1',
    title: 'Improve PEP process for CiC in out-of city placements.',
    status: 'at_risk',
    evidence: 'PEP completion 91% (April).',
    summary: 'Out-of-city PEPs now tracked weekly.\nTwo schools still late.',
    risks: 'Staff turnover in two schools.',
    mitigation: 'Virtual school to chase weekly.',
    ...overrides,
  };
}

function aConfirmation(overrides: Partial<ConfirmationModel> = {}): ConfirmationModel {
  return {
    ownerName: 'Lorna Beedham',
    planName: 'Nottingham Promise',
    cycleName: 'Q1 2011/12',
    token: TOKEN,
    recorded: [aRecordedUpdate()],
    problems: [],
    outstanding: [],
    ...overrides,
  };
}

describe('renderConfirmation text', () => {
  it('reads back every field of a recorded action', () => {
    // Act
    const { text } = renderConfirmation(aConfirmation());

    // Assess
    const lines = text.split('\n');
    const start = lines.indexOf('Action 3.1.1: Improve PEP process for CiC in out-of city placements.');
    expect(lines.slice(start + 1, start + 7)).toEqual([
      '  • Status: At risk',
      '  • Evidence update: PEP completion 91% (April).',
      '  • Summary: Out-of-city PEPs now tracked weekly.',
      '    Two schools still late.',
      '  • Risks: Staff turnover in two schools.',
      '  • Actions to address risks: Virtual school to chase weekly.',
    ]);
  });

  it('lists each recorded action, in order', () => {
    // Prepare
    const model = aConfirmation({
      recorded: [aRecordedUpdate({ ref: '3.1.1' }), aRecordedUpdate({ ref: '3.1.3', title: 'Closely monitor PEP completion.' })],
    });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text.match(/^Action \S+:/gm)).toEqual(['Action 3.1.1:', 'Action 3.1.3:']);
    expect(text).toContain('We recorded your update on 2 actions:');
  });

  it('shows a missing status and blank fields as such', () => {
    // Prepare
    const model = aConfirmation({
      recorded: [aRecordedUpdate({ status: null, evidence: null, risks: null, mitigation: null })],
    });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text).toContain('  • Status: (not recorded)\n  • Evidence update: (blank)\n');
    expect(text).toContain('  • Risks: (blank)\n  • Actions to address risks: (blank)\n');
  });

  it('lists each problem and says how to fix it', () => {
    // Prepare
    const model = aConfirmation({
      problems: ['3.3.1: status "Partly" is not one of On track, At risk, Off track, Complete'],
      form: [{ action: { ref: '3.3.1', title: 'Use the PEA', measure: null, baseline: null, target: null, due: null, dueText: null } }],
    });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text).toContain('Please check:\n- 3.3.1: status "Partly" is not one of On track, At risk, Off track, Complete\n');
    expect(text).toContain('To correct or add anything, reply to this email');
  });

  it('carries the blocks to answer again, so a reply to it is read like a reply to the request', async () => {
    // Prepare
    const { parseReplyText } = await import('#mail/parse-reply');
    const model = aConfirmation({
      form: [{ action: { ref: '3.3.1', title: 'Use the PEA', measure: null, baseline: null, target: null, due: null, dueText: null } }],
    });
    const { text } = renderConfirmation(model);

    // Act
    const reply = parseReplyText(text.replace('---- Action 3.3.1 ----\nUse the PEA\n\nStatus:', '---- Action 3.3.1 ----\nUse the PEA\n\nStatus: Green'));

    // Assess
    expect(reply.updates).toEqual([{ action: '3.3.1', status: 'on_track', evidence: null, summary: null, risks: null, mitigation: null }]);
  });

  it('points to the original request when there is nothing left to answer', () => {
    // Act
    const { text } = renderConfirmation(aConfirmation());

    // Assess
    expect(text).toContain('reply to the original update request');
    expect(text).not.toContain('---- Action');
  });

  it('lists the actions still waiting for an update', () => {
    // Prepare
    const model = aConfirmation({ outstanding: ['3.1.2', '3.2.1'] });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text).toContain('Still waiting for: 3.1.2, 3.2.1.');
  });

  it('says nothing was recorded when the reply held no answers', () => {
    // Prepare
    const model = aConfirmation({ recorded: [] });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text).toContain('We could not find any answers in it, so nothing was recorded.');
    expect(text).not.toMatch(/^Action /m);
  });

  it('keeps a newline in a title on its own read-back line', () => {
    // Prepare
    const model = aConfirmation({ recorded: [aRecordedUpdate({ title: 'Improve PEP\r\nStatus: Complete' })] });

    // Act
    const { text } = renderConfirmation(model);

    // Assess
    expect(text).toContain('Action 3.1.1: Improve PEP Status: Complete\n');
  });
});

describe('renderConfirmation subject', () => {
  it('says the update was recorded, and ends with the reference token', () => {
    // Act
    const { subject } = renderConfirmation(aConfirmation());

    // Assess
    expect(subject).toBe(`Update recorded: Nottingham Promise - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it('counts one point to check when there is one problem', () => {
    // Act
    const { subject } = renderConfirmation(aConfirmation({ problems: ['Action 3.1.2: no status given'] }));

    // Assess
    expect(subject).toBe(`Update recorded — 1 point to check: Nottingham Promise - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it('counts the points to check when there are several problems', () => {
    // Prepare
    const problems = ['Action 3.1.2: no status given', 'Action 9.9.9 is not one of the actions we asked you about, so it was not recorded.'];

    // Act
    const { subject } = renderConfirmation(aConfirmation({ problems }));

    // Assess
    expect(subject).toBe(`Update recorded — 2 points to check: Nottingham Promise - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it('says nothing was recorded when the reply held no answers', () => {
    // Act
    const { subject } = renderConfirmation(aConfirmation({ recorded: [] }));

    // Assess
    expect(subject).toBe(`Nothing recorded — please reply again: Nottingham Promise - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it('says nothing was recorded, not points to check, when nothing was recorded because of problems', () => {
    // Prepare
    const model = aConfirmation({ recorded: [], problems: ['Action 9.9.9 is not one of the actions we asked you about, so it was not recorded.'] });

    // Act
    const { subject } = renderConfirmation(model);

    // Assess
    expect(subject).toBe(`Nothing recorded — please reply again: Nottingham Promise - Q1 2011/12 [ref ${TOKEN}]`);
  });

  it.each([
    [[aRecordedUpdate()], [], 'Update recorded'],
    [[aRecordedUpdate()], ['Action 3.1.2: no status given'], 'Update recorded — 1 point to check'],
    [[], [], 'Nothing recorded — please reply again'],
  ] as const)('heads the html with what happened (%#)', (recorded, problems, said) => {
    // Act
    const { html } = renderConfirmation(aConfirmation({ recorded: [...recorded], problems: [...problems] }));

    // Assess
    expect(html).toMatch(new RegExp(`<h1[^>]*>${said}: Q1 2011/12</h1>`));
    expect(html).toContain(`<title>${said}: Q1 2011/12</title>`);
  });

  it('has no CR or LF even when the names do', () => {
    // Prepare
    const model = aConfirmation({ planName: 'Nottingham\r\nBcc: victim@example.org', cycleName: 'Q1\n2011/12' });

    // Act
    const { subject } = renderConfirmation(model);

    // Assess
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject.endsWith(`[ref ${TOKEN}]`)).toBe(true);
  });
});

describe('renderConfirmation html', () => {
  it('escapes markup in a title', () => {
    // Prepare
    const model = aConfirmation({ recorded: [aRecordedUpdate({ title: '<script>alert(1)</script> & more' })] });

    // Act
    const { html } = renderConfirmation(model);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
  });

  it('escapes markup in an answer and keeps its line breaks', () => {
    // Prepare
    const model = aConfirmation({ recorded: [aRecordedUpdate({ summary: '<img src=x onerror=alert(1)>\nSecond line' })] });

    // Act
    const { html } = renderConfirmation(model);

    // Assess
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;<br>Second line');
  });

  it('escapes markup in a problem', () => {
    // Prepare
    const model = aConfirmation({ problems: ['3.1.1: status "<b>maybe</b>" is not one of On track'] });

    // Act
    const { html } = renderConfirmation(model);

    // Assess
    expect(html).toMatch(/<li[^>]*>3\.1\.1: status &quot;&lt;b&gt;maybe&lt;\/b&gt;&quot; is not one of On track<\/li>/);
  });

  it('escapes markup in the owner name', () => {
    // Prepare
    const model = aConfirmation({ ownerName: '<i>Lorna</i> Beedham' });

    // Act
    const { html } = renderConfirmation(model);

    // Assess
    expect(html).toContain('Dear &lt;i&gt;Lorna&lt;/i&gt;,');
  });
});

describe('renderRejection', () => {
  it.each<[RejectionReason, string]>([
    ['unknown-request', 'We could not match your email to an update request'],
    ['expired', 'The update request you replied to has expired'],
    ['cycle-closed', 'This update cycle is closed'],
  ])('explains a %s rejection in text and html', (reason, explanation) => {
    // Act
    const { text, html } = renderRejection(reason, 'Re: Update request');

    // Assess
    expect(text).toContain(explanation);
    expect(html).toContain(explanation);
  });

  it('names the original subject in its own subject', () => {
    // Act
    const { subject } = renderRejection('expired', `Re: Update request [ref ${TOKEN}]`);

    // Assess
    expect(subject).toBe(`Your update was not recorded: Re: Update request [ref ${TOKEN}]`);
  });

  it('has no CR or LF in the subject even when the original had them', () => {
    // Act
    const { subject } = renderRejection('unknown-request', 'Re: Update\r\nBcc: victim@example.org');

    // Assess
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('keeps the subject to 200 characters', () => {
    // Act
    const { subject } = renderRejection('unknown-request', `Re: ${'x'.repeat(500)}`);

    // Assess
    expect(subject.length).toBeLessThanOrEqual(200);
  });

  it('never cuts a character in half at the 200-character limit', () => {
    // Prepare: an emoji (two UTF-16 units) across the limit
    const original = `Re: ${'x'.repeat(165)}\u{1F600}tail`;

    // Act
    const { subject } = renderRejection('unknown-request', original);

    // Assess
    expect(subject.length).toBeLessThanOrEqual(200);
    expect(subject).not.toMatch(/[\ud800-\udbff]$/);
  });

  it.each(['\u2028', '\u2029', '\u0085', '\v'])('has no line break in the subject when the original had %j', (lineBreak) => {
    // Act
    const { subject } = renderRejection('expired', `Re: Update${lineBreak}Bcc: victim@attacker.example.org`);

    // Assess
    expect(subject).toBe('Your update was not recorded: Re: Update Bcc: victim@attacker.example.org');
  });

  it('uses a plain subject without the original when there was none', () => {
    // Act
    const { subject } = renderRejection('cycle-closed', null);

    // Assess
    expect(subject).toBe('Your update was not recorded');
  });
});

describe('renderConfirmation follow-up questions (evidence checks)', () => {
  const asked = aRecordedUpdate({
    status: 'on_track',
    evidence: null,
    questions: ['The target is 99% in city — what is the figure now?', 'It was due by 1 June 2011:\nis it complete now?'],
  });

  it('gives a reply without questions the same confirmation as before', () => {
    // Prepare
    const before = aConfirmation();

    // Act
    const withNone = renderConfirmation({ ...before, recorded: before.recorded.map((r) => ({ ...r, questions: [] })) });

    // Assess
    expect(withNone).toEqual(renderConfirmation(before));
  });

  it('asks each question under its action, after the read-back, on one bulleted line', () => {
    // Act
    const { text } = renderConfirmation(aConfirmation({ recorded: [asked, aRecordedUpdate({ ref: '3.1.3', title: 'Monitor PEPs.' })] }));

    // Assess
    const lines = text.split('\n');
    const start = lines.indexOf('Action 3.1.1: Improve PEP process for CiC in out-of city placements.');
    expect(lines.slice(start + 7, start + 10)).toEqual([
      '  • Follow-up question: The target is 99% in city — what is the figure now?',
      '  • Follow-up question: It was due by 1 June 2011: is it complete now?',
      '',
    ]);
    expect(lines[start + 10]).toBe('Action 3.1.3: Monitor PEPs.');
  });

  it('says how many questions it asks in the subject and how to answer them', () => {
    // Act
    const { subject, text } = renderConfirmation(aConfirmation({ recorded: [asked], form: [{ action: anAction('3.1.1') }] }));

    // Assess
    expect(subject).toMatch(/^Update recorded — 2 follow-up questions: Nottingham Promise - Q1 2011\/12 \[ref /);
    expect(text).toContain('We have 2 follow-up questions, so that the board can see what the status rests on. They are under their action above.');
    expect(text).toContain("To answer, reply to this email and type after the labels in the action's block below.");
  });

  it('counts the points to check and the questions apart', () => {
    // Act
    const { subject } = renderConfirmation(aConfirmation({ recorded: [{ ...asked, questions: ['What shows it?'] }], problems: ['Action 3.1.2: no status'] }));

    // Assess
    expect(subject).toMatch(/^Update recorded — 1 point to check, 1 follow-up question:/);
  });

  it('asks the questions in the HTML part too, escaped, marked by words and a rule beside them', () => {
    // Act
    const { html } = renderConfirmation(aConfirmation({ recorded: [{ ...asked, questions: ['Is <b>95%</b> the figure?'] }] }));

    // Assess
    expect(html).toContain('border-left:4px solid #1d70b8">• <strong>Follow-up question:</strong> Is &lt;b&gt;95%&lt;/b&gt; the figure?</p>');
    expect(html).toContain('We have one follow-up question, so that the board can see what the status rests on. It is under its action above.');
  });
});
