import { STATUS_LABELS, type UpdateField, type UpdateStatus } from '#domain/model';
import { FORM_FIELDS } from '#domain/vocabulary';
import { CONFIRMATION_BANNER } from '../quote-headers.ts';
import { bullets, esc, escLines, FOOTER_STYLE, h1, h2, htmlPage, MUTED_COLOUR, oneLine, para } from './layout.ts';
import { firstName, formHtml, formText, type FormAction } from './update-form.ts';

/**
 * One action as recorded: its status and the other fields of the form, and the follow-up
 * questions the evidence checks ask about it (`domain/evidence.ts`; none: nothing to ask).
 */
export type RecordedUpdate = { ref: string; title: string; status: UpdateStatus | null; questions?: readonly string[] } & {
  [F in Exclude<UpdateField, 'status'>]: string | null;
};

export interface ConfirmationModel {
  ownerName: string;
  planName: string;
  cycleName: string;
  token: string;
  recorded: RecordedUpdate[];
  /** Said under the lead, e.g. that the reply was late or came from a delegate. */
  notice?: string | null;
  /** Problems, each already worded for the owner ("3.3.1: status "Partly" is not one of …"). */
  problems: string[];
  /** Actions still without an update from this owner. */
  outstanding: string[];
  /**
   * Form blocks to answer again (actions with a problem, then outstanding ones), so a reply
   * to this confirmation is read like a reply to the request.
   */
  form?: FormAction[];
}

/**
 * The read-back lists every field of the form, under the form's own labels, each after a
 * bullet: a `• Status: …` line is not a label line, so even a reader that missed the banner
 * could not take it for an answer.
 */
const FIELDS = FORM_FIELDS.map((f): [UpdateField, string] => [f.key, f.label]);

/** A recorded value with its line breaks as `\n` only. */
function fieldText(u: RecordedUpdate, field: UpdateField): string {
  if (field === 'status') return u.status ? STATUS_LABELS[u.status] : '(not recorded)';
  return (u[field] ?? '(blank)').replace(/\r\n|[\r\u2028\u2029\u0085]/g, '\n');
}

const BULLET = '\u2022';
const QUESTION_LABEL = 'Follow-up question';
/** A question stands out by a rule at its side and its words, not by colour alone (#1d70b8 is 5.2:1 on white). */
const QUESTION_STYLE = 'margin:0 0 12px 0;padding:2px 0 2px 10px;border-left:4px solid #1d70b8';
/** The banner is for the reader of a reply, not for the owner: small and quiet. */
const BANNER_STYLE = `font-size:12px;color:${MUTED_COLOUR}`;

/** How many follow-up questions the read-back asks. */
const questionCount = (recorded: readonly RecordedUpdate[]) => recorded.reduce((n, u) => n + (u.questions?.length ?? 0), 0);

/**
 * What the reply did, said first in the subject and the heading: "Update recorded", "Update
 * recorded — 2 points to check" (one per problem listed under "Please check"), "Update
 * recorded — 1 follow-up question" (asked under its action), both, or "Nothing recorded —
 * please reply again".
 */
function outcome({ recorded, problems }: Pick<ConfirmationModel, 'recorded' | 'problems'>): string {
  if (recorded.length === 0) return 'Nothing recorded — please reply again';
  const questions = questionCount(recorded);
  const parts = [
    problems.length > 0 ? `${problems.length} ${problems.length === 1 ? 'point' : 'points'} to check` : null,
    questions > 0 ? `${questions} follow-up ${questions === 1 ? 'question' : 'questions'}` : null,
  ].filter(Boolean);
  return parts.length === 0 ? 'Update recorded' : `Update recorded — ${parts.join(', ')}`;
}

/** Said once under the read-back when it asks questions: why, and how to answer. */
function questionsLead(recorded: readonly RecordedUpdate[], inForm: boolean): string {
  const count = questionCount(recorded);
  const actions = recorded.filter((u) => u.questions?.length).length;
  const asked = count === 1 ? 'one follow-up question' : `${count} follow-up questions`;
  const where = actions === 1 ? (count === 1 ? 'It is under its action above' : 'They are under their action above') : 'They are under their actions above';
  const how = inForm
    ? `To answer, reply to this email and type after the labels in the ${actions === 1 ? "action's block" : "actions' blocks"} below.`
    : 'To answer, reply to the original update request with the action block filled in.';
  return `We have ${asked}, so that the board can see what ${actions === 1 ? 'the status rests' : 'each status rests'} on. ${where}. ${how}`;
}

/**
 * The read-back confirmation of a reply: exactly what was recorded, any problem with how to
 * fix it, and the blocks to answer again. The read-back comes before the first block marker,
 * so its `Status: …` lines are never read as answers when the owner replies to it.
 */
export function renderConfirmation(m: ConfirmationModel): { subject: string; text: string; html: string } {
  const hasProblems = m.problems.length > 0;
  const said = outcome(m);
  const subject = oneLine(`${said}: ${m.planName} - ${m.cycleName} [ref ${m.token}]`);
  const heading = `${said}: ${oneLine(m.cycleName)}`;
  const greeting = `Dear ${firstName(m.ownerName)},`;
  const lead =
    m.recorded.length > 0
      ? `Thank you. We recorded your update on ${m.recorded.length === 1 ? '1 action' : `${m.recorded.length} actions`}:`
      : 'Thank you for your reply. We could not find any answers in it, so nothing was recorded.';
  const form = m.form ?? [];
  const fix =
    form.length > 0
      ? 'To correct or add anything, reply to this email and type your answers after the labels in the blocks below (or in the original request); your latest answer for each field replaces the earlier one.'
      : 'To correct anything, reply to the original update request with the action block filled in again; your latest answer for each field replaces the earlier one.';
  const problems = m.problems.map(oneLine);
  const outstanding = m.outstanding.length > 0 ? `Still waiting for: ${m.outstanding.map(oneLine).join(', ')}.` : null;
  const actionLine = (u: RecordedUpdate) => `Action ${oneLine(u.ref)}: ${oneLine(u.title)}`;

  const notice = m.notice ? oneLine(m.notice) : null;
  const lines = [CONFIRMATION_BANNER, '', greeting, '', lead, '', ...(notice ? [notice, ''] : [])];
  const questions = questionCount(m.recorded);
  const askLead = questions > 0 ? questionsLead(m.recorded, form.length > 0) : null;
  for (const u of m.recorded) {
    lines.push(actionLine(u));
    for (const [field, label] of FIELDS) lines.push(`  ${BULLET} ${label}: ${fieldText(u, field).replace(/\n/g, '\n    ')}`);
    // After a bullet too: a question quoted back is never read as an answer.
    for (const q of u.questions ?? []) lines.push(`  ${BULLET} ${QUESTION_LABEL}: ${oneLine(q)}`);
    lines.push('');
  }
  if (askLead) lines.push(askLead, '');
  if (hasProblems) lines.push('Please check:', ...problems.map((p) => `- ${p}`), '');
  if (outstanding) lines.push(outstanding, '');
  lines.push(fix, '');
  if (form.length > 0) lines.push(formText(form), '');

  const recordedHtml = m.recorded
    .map(
      (u) =>
        h2(actionLine(u)) +
        `<p style="margin:0 0 12px 0">${FIELDS.map(([field, label]) => `${BULLET} <strong>${esc(label)}:</strong> ${escLines(fieldText(u, field))}`).join('<br>')}</p>` +
        (u.questions?.length
          ? `<p style="${QUESTION_STYLE}">${u.questions.map((q) => `${BULLET} <strong>${QUESTION_LABEL}:</strong> ${esc(oneLine(q))}`).join('<br>')}</p>`
          : ''),
    )
    .join('');
  const html = htmlPage(
    heading,
    para(CONFIRMATION_BANNER, BANNER_STYLE) +
      h1(heading) +
      para(greeting) +
      para(lead) +
      (notice ? para(notice) : '') +
      recordedHtml +
      (askLead ? para(askLead) : '') +
      (hasProblems ? h2('Please check', '#8a1c00') + bullets(problems) : '') +
      (outstanding ? para(outstanding) : '') +
      para(fix, FOOTER_STYLE) +
      (form.length > 0 ? formHtml(form) : ''),
  );
  return { subject, text: lines.join('\n'), html };
}
