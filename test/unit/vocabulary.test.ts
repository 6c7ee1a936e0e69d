/**
 * The form's vocabulary (`shared/domain/vocabulary.ts`) and everything that derives from it.
 * Every test loops over the vocabulary, so a status or synonym added there is tested here
 * without a new line of test.
 */
import { describe, expect, it } from 'vitest';
import { STATUS_LABELS, UPDATE_FIELDS, UpdateStatus } from '#domain/model';
import { FIELD_KEYS, FORM_FIELDS, STATUS_CHOICES, STATUS_KEYS, UPDATE_STATUSES } from '#domain/vocabulary';
import { SCRIPTED_STATUSES } from '#local/scripted-replies';
import { htmlToQuotedText, parseReplyText, parseStatus } from '#mail/parse-reply';
import { renderConfirmation } from '#mail/templates/confirmation';
import { renderReportDelivery } from '#mail/templates/report-delivery';
import { renderUpdateRequest, type FormAction, type UpdateRequestModel } from '#mail/templates/update-form';
import { renderReportPage } from '#reports/html';
import { contrast } from '#support/contrast';
import { anAction } from '#support/models';
import { anUpdate, aReportDocument } from '#support/reports';

const STATUSES = UPDATE_STATUSES.map((s) => [s.label, s] as const);
/** Every answer a status accepts: its label and each synonym, with the status. */
const ANSWERS = UPDATE_STATUSES.flatMap((s) => [s.label, ...s.synonyms].map((answer) => [answer, s.key] as const));
const WORDS = ANSWERS.filter(([answer]) => answer.length > 1);
const LETTERS = ANSWERS.filter(([answer]) => answer.length === 1);
const LABELS = FORM_FIELDS.flatMap((f) => [f.label, ...f.synonyms].map((label) => [label, f.key] as const));

const comparable = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The update request every case here renders, with its actions given per case. */
const REQUEST: Omit<UpdateRequestModel, 'actions'> = {
  kind: 'request',
  ownerName: 'Lorna Beedham',
  planName: 'Nottingham Promise',
  cycleName: 'Q1 2011/12',
  board: '2011-06-20',
  replyBy: '2011-06-06',
  token: 'Q3x9Lk2mPa0.c0ffee12',
  supportEmail: null,
};

const FORM_ACTION: FormAction = {
  action: { ref: '3.1.1', title: 'Improve PEP process.', measure: null, baseline: null, target: null, due: '2011-06-01', dueText: null },
};

/** A reply that answers one block with `line` after its marker. */
const replyWith = (line: string) => `Hi,\n\n---- Action 3.1.1 ----\n${line}\n---- End of form ----\n`;

describe('the vocabulary', () => {
  it('gives each status and each field its own key', () => {
    // Assess
    expect(new Set(STATUS_KEYS).size).toBe(UPDATE_STATUSES.length);
    expect(new Set(FIELD_KEYS).size).toBe(FORM_FIELDS.length);
  });

  it('never accepts the same answer for two statuses', () => {
    // Act
    const answers = ANSWERS.map(([answer]) => comparable(answer));

    // Assess
    expect(answers.filter((a, i) => answers.indexOf(a) !== i)).toEqual([]);
  });

  it('never accepts the same label for two fields', () => {
    // Act
    const labels = LABELS.map(([label]) => comparable(label));

    // Assess
    expect(labels.filter((l, i) => labels.indexOf(l) !== i)).toEqual([]);
  });

  it.each(STATUSES)('gives %s a text colour with at least 4.5:1 contrast on its RAG colour', (_label, status) => {
    // Assess
    expect(status.background).toMatch(/^#[0-9a-f]{6}$/);
    expect(status.text).toMatch(/^#[0-9a-f]{6}$/);
    expect(contrast(status.text, status.background)).toBeGreaterThanOrEqual(4.5);
  });

  it('is what the model validates and labels', () => {
    // Assess
    expect(UpdateStatus.options).toEqual(UPDATE_STATUSES.map((s) => s.key));
    expect(STATUS_LABELS).toEqual(Object.fromEntries(UPDATE_STATUSES.map((s) => [s.key, s.label])));
    expect([...UPDATE_FIELDS]).toEqual(FORM_FIELDS.map((f) => f.key));
  });
});

describe('reading a status answer', () => {
  it.each(ANSWERS)('reads %j as %s, in any case', (answer, key) => {
    // Assess
    expect([parseStatus(answer), parseStatus(answer.toUpperCase()), parseStatus(answer.toLowerCase())]).toEqual([key, key, key]);
  });

  it.each(WORDS)('reads %j as %s with a remark and punctuation after it', (answer, key) => {
    // Assess
    expect([parseStatus(`${answer} - see summary`), parseStatus(`${answer}.`)]).toEqual([key, key]);
  });

  it.each(WORDS)('does not read %j run into a longer word', (answer) => {
    // Assess
    expect(parseStatus(`${answer}ish`)).toBeNull();
  });

  it.each(LETTERS)('reads the letter %j only as the whole answer', (letter) => {
    // Assess
    expect(parseStatus(`${letter} bit behind`)).toBeNull();
  });

  it.each(ANSWERS)('reads %j after the status label of a reply as %s', (answer, key) => {
    // Act
    const { updates, problems } = parseReplyText(replyWith(`Status: ${answer}`));

    // Assess
    expect(updates.map((u) => u.status)).toEqual([key]);
    expect(problems).toEqual([]);
  });

  it('names every status in the problem with an answer it cannot read', () => {
    // Act
    const { problems } = parseReplyText(replyWith('Status: maybe'));

    // Assess
    expect(problems.map((p) => p.message)).toEqual([`status "maybe" is not one of ${STATUS_CHOICES}`]);
    for (const [label] of STATUSES) expect(STATUS_CHOICES).toContain(label);
  });
});

describe('reading a field label', () => {
  it.each(LABELS)('reads %j as the %s field', (label, field) => {
    // Act
    const { updates } = parseReplyText(replyWith(`${label}: Something new.`));

    // Assess
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ [field]: field === 'status' ? null : 'Something new.' });
  });

  it.each(LABELS)('reads %j in bold as a label too', (label, field) => {
    // Act
    const { updates } = parseReplyText(replyWith(`**${label}**: Amber`));

    // Assess
    expect(updates[0]).toMatchObject({ [field]: field === 'status' ? 'at_risk' : 'Amber' });
  });
});

describe('the update request', () => {
  const request = renderUpdateRequest({
    ...REQUEST,
    actions: [FORM_ACTION],
  });

  it.each(STATUSES)('offers %s in how to reply, in text and html', (label) => {
    // Act
    const howToReply = (text: string) => text.split('\n').find((l) => l.startsWith('How to reply:')) ?? '';

    // Assess
    expect(howToReply(request.text)).toContain(label);
    expect(howToReply(htmlToQuotedText(request.html))).toContain(label);
  });

  it('asks for every field under its label, in order', () => {
    // Act
    const lines = request.text.split('\n');
    const start = lines.indexOf(`${FORM_FIELDS[0].label}:`);

    // Assess
    expect(lines.slice(start, start + FORM_FIELDS.length)).toEqual(FORM_FIELDS.map((f) => `${f.label}:`));
  });

  it.each(STATUSES)('reads a form filled in with %s as that status', (label, status) => {
    // Act
    const { updates } = parseReplyText(request.text.replace(`\n${FORM_FIELDS[0].label}:\n`, `\n${FORM_FIELDS[0].label}: ${label}\n`));

    // Assess
    expect(updates.map((u) => u.status)).toEqual([status.key]);
  });

  it.each(STATUSES)('shows a last update of %s by its label', (label, status) => {
    // Act
    const { text } = renderUpdateRequest({
      ...REQUEST,
      kind: 'reminder',
      actions: [{ ...FORM_ACTION, lastUpdate: { cycleName: 'Q4 2010/11', status: status.key, summary: null } }],
    });

    // Assess
    expect(text).toContain(`Last update (Q4 2010/11): ${label}\n`);
  });
});

describe('the confirmation', () => {
  it.each(STATUSES)('reads back %s by its label, under every field label', (label, status) => {
    // Act
    const { text } = renderConfirmation({
      ownerName: 'Lorna Beedham',
      planName: 'Nottingham Promise',
      cycleName: 'Q1 2011/12',
      token: 'Q3x9Lk2mPa0.c0ffee12',
      recorded: [{ ref: '3.1.1', title: 'Improve PEP process.', status: status.key, evidence: 'E', summary: 'S', risks: 'R', mitigation: 'M' }],
      problems: [],
      outstanding: [],
    });

    // Assess
    expect(text).toContain(`  • Status: ${label}\n`);
    for (const field of FORM_FIELDS) expect(text).toMatch(new RegExp(`^  • ${literally(field.label)}: `, 'm'));
  });
});

describe('the progress report', () => {
  // one action per status, then one answered without a status, then one unanswered
  const refs = [...UPDATE_STATUSES.map((_, i) => `1.${i + 1}`), '2.1', '2.2'];
  const doc = aReportDocument({
    actions: refs.map((ref, i) => anAction(ref, { order: i })),
    updates: [
      ...UPDATE_STATUSES.map((s, i) => anUpdate({ actionRef: `1.${i + 1}`, status: s.key })),
      anUpdate({ actionRef: '2.1', status: null, summary: 'No status' }),
    ],
  });
  const html = renderReportPage(doc);

  it.each(STATUSES)('counts %s in the headline', (label) => {
    // Assess
    expect(doc.headline.find((f) => f.label === label)?.count).toBe(1);
  });

  it.each(STATUSES)('shows %s on its RAG colour', (label, status) => {
    // Assess
    expect(html).toContain(`background-color:${status.background};color:${status.text};font-weight:bold">${label}</td>`);
  });

  it.each(STATUSES)('lists %s with its count in the email that delivers the report', (label) => {
    // Act
    const { text } = renderReportDelivery({ doc, files: [], attach: true });

    // Assess
    expect(text).toContain(`\n  ${label}: 1\n`);
  });
});

describe("the demo's scripted replies", () => {
  it('answer with every status of the vocabulary, each as the parser reads it', () => {
    // Act
    const read = SCRIPTED_STATUSES.map(parseStatus);

    // Assess
    expect(read).not.toContain(null);
    expect(new Set(read)).toEqual(new Set(STATUS_KEYS));
  });
});
