import { formatLongDate, londonIso } from '#domain/calendar';
import type { Action, Cycle, Note, Person, Plan, ReportStage } from '#domain/model';
import type { CurrentAnswer } from '#domain/updates';
import { FIELD_LABELS, FORM_FIELDS, STATUS_DEFINITIONS, UPDATE_STATUSES } from '#domain/vocabulary';
import { esc, escLines, htmlPage, MUTED_COLOUR } from '#mail/templates/layout';

export const NO_UPDATE = 'No update received';
export const BOUNCED = 'Email bounced';
/** An answer recorded without a status (`status: null`). */
export const NO_STATUS = 'No status given';

export const STAGE_TITLES: Record<ReportStage, string> = {
  draft: 'Draft progress report',
  'chairs-briefing': "Chair's briefing",
  final: 'Final progress report',
  board: 'Board pack',
};

export interface ReportRow {
  action: Action;
  owners: string;
  answer: CurrentAnswer | null;
  /** No answer because every owner's email bounced: "Email bounced", not "No update received". */
  bounced: boolean;
}

export interface ReportModel {
  plan: Plan;
  cycle: Cycle;
  stage: ReportStage;
  generatedAt: Date;
  themes: Array<{ theme: string; rows: ReportRow[] }>;
  counts: { actions: number; answered: number; byStatus: Record<string, number> };
  notes: Array<{ owner: string; kind: Note['kind']; text: string; receivedAt: string }>;
}

/** Groups every action of the plan by theme, in plan order, with its current answer (pure). */
export function buildReport(input: {
  plan: Plan;
  cycle: Cycle;
  stage: ReportStage;
  actions: Action[];
  people: Person[];
  answers: Map<string, CurrentAnswer>;
  generatedAt: Date;
  /** Person keys whose email address bounced or complained. */
  undeliverable?: Set<string>;
  /** Out-of-office replies and notes owners wrote outside the form. */
  notes?: Note[];
}): ReportModel {
  const people = new Map(input.people.map((p) => [p.key, p]));
  const themes: ReportModel['themes'] = [];
  const byStatus: Record<string, number> = {};
  let answered = 0;
  for (const action of input.actions) {
    const theme = action.theme ?? 'Other actions';
    let group = themes.find((t) => t.theme === theme);
    if (!group) {
      group = { theme, rows: [] };
      themes.push(group);
    }
    const answer = input.answers.get(action.ref) ?? null;
    if (answer) answered += 1;
    const emailed = action.owners.filter((k) => people.get(k)?.email);
    const bounced = !answer && emailed.length > 0 && emailed.every((k) => input.undeliverable?.has(k));
    const key = answer ? (answer.status ?? 'no_status') : bounced ? 'bounced' : 'none';
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    const owners = action.owners.length ? action.owners.map((k) => people.get(k)?.name ?? k).join(', ') : (action.ownerText ?? 'No owner');
    group.rows.push({ action, owners, answer, bounced });
  }
  return {
    plan: input.plan,
    cycle: input.cycle,
    stage: input.stage,
    generatedAt: input.generatedAt,
    themes,
    counts: { actions: input.actions.length, answered, byStatus },
    notes: (input.notes ?? []).map((n) => ({ owner: people.get(n.ownerKey)?.name ?? n.ownerKey, kind: n.kind, text: n.text, receivedAt: n.receivedAt })),
  };
}

/** One figure of a report's headline: what it counts and how many actions. */
export interface HeadlineFigure {
  label: string;
  count: number;
}

/**
 * The figures of a report's headline: each status (always, in the vocabulary's order), then
 * "No status given" when some answers have none, "No update received", and "Email bounced"
 * when some addresses bounced. Each action is counted in exactly one figure, so the figures
 * add up to `counts.actions`. Without a `none` count, the unanswered actions that did not
 * bounce are counted as "No update received".
 */
export function headlineFigures(counts: { actions: number; answered: number; byStatus: Readonly<Record<string, number>> }): HeadlineFigure[] {
  const { byStatus } = counts;
  const noStatus = byStatus.no_status ?? 0;
  const bounced = byStatus.bounced ?? 0;
  return [
    ...UPDATE_STATUSES.map((s) => ({ label: s.label, count: byStatus[s.key] ?? 0 })),
    ...(noStatus > 0 ? [{ label: NO_STATUS, count: noStatus }] : []),
    { label: NO_UPDATE, count: byStatus.none ?? Math.max(0, counts.actions - counts.answered - bounced) },
    ...(bounced > 0 ? [{ label: BOUNCED, count: bounced }] : []),
  ];
}

function cell(label: string, value: string | null): string {
  return (
    `<tr><th align="left" valign="top" style="padding:4px 8px;width:170px;background:#f3f3f3;font-weight:bold">${esc(label)}</th>` +
    `<td valign="top" style="padding:4px 8px">${value ? escLines(value) : `<span style="color:${MUTED_COLOUR}">-</span>`}</td></tr>`
  );
}

/** The status row: the label on its RAG colour, or, without a status, why there is none. */
function statusRow(answer: CurrentAnswer | null, bounced: boolean): string {
  const status = answer?.status ? STATUS_DEFINITIONS[answer.status] : null;
  const text = (status ? status.label : answer ? NO_STATUS : bounced ? BOUNCED : NO_UPDATE) + (answer?.late ? ' (received after the final deadline)' : '');
  const colours = status ? `background-color:${status.background};color:${status.text}` : `color:${MUTED_COLOUR}`;
  return (
    `<tr><th align="left" style="padding:4px 8px;background:#f3f3f3">${esc(FIELD_LABELS.status)}</th>` +
    `<td style="padding:4px 8px;${colours};font-weight:bold">${esc(text)}</td></tr>`
  );
}

/** The answer's fields after the status, under the form's labels. */
function answerRows(answer: CurrentAnswer): string {
  return FORM_FIELDS.map((f) => (f.key === 'status' ? '' : cell(f.label, answer[f.key]))).join('');
}

/** The progress report as a self-contained HTML document. */
export function renderReportHtml(r: ReportModel): string {
  const title = `${STAGE_TITLES[r.stage]}: ${r.plan.name} - ${r.cycle.name}`;
  const summary =
    `<p>${r.counts.answered} of ${r.counts.actions} actions have an update. ` +
    headlineFigures(r.counts)
      .map((f) => `${esc(f.label)}: ${f.count}`)
      .join('; ') +
    '.</p>' +
    `<p>Corporate Parenting Board: ${esc(formatLongDate(r.cycle.dates.board))}. Compiled ${esc(londonIso(r.generatedAt).slice(0, 16).replace('T', ' '))} (UK time).</p>`;
  const body = r.themes
    .map(
      (t) =>
        `<h2 style="font-size:18px;margin:24px 0 8px 0">${esc(t.theme)}</h2>` +
        t.rows
          .map(
            ({ action, owners, answer, bounced }) =>
              `<h3 style="font-size:15px;margin:16px 0 4px 0">${esc(action.ref)} ${esc(action.title)}</h3>` +
              `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;width:100%;font-size:14px;border:1px solid #d0d0d0">` +
              cell('Owner(s)', owners) +
              cell('Due', action.due ? formatLongDate(action.due) : action.dueText) +
              cell('Measure', action.measure) +
              statusRow(answer, bounced) +
              (answer ? answerRows(answer) : '') +
              '</table>',
          )
          .join(''),
    )
    .join('');
  const notes = r.notes.length
    ? `<h2 style="font-size:18px;margin:24px 0 8px 0">Notes from owners</h2><ul>${r.notes
        .map(
          (n) =>
            `<li><strong>${esc(n.owner)}</strong> (${n.kind === 'auto-reply' ? 'automatic reply' : 'note'}, ${esc(londonIso(new Date(n.receivedAt)).slice(0, 10))}): ${escLines(n.text)}</li>`,
        )
        .join('')}</ul>`
    : '';
  // A report is read on a desktop: full width, not capped like an email.
  return htmlPage(title, `<h1 style="font-size:22px;margin:0 0 12px 0">${esc(title)}</h1>${summary}${body}${notes}`, { maxWidth: null });
}
