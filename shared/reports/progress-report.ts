import { formatLongDate, londonIso } from '#domain/calendar';
import { STATUS_LABELS, type Action, type Cycle, type Note, type Person, type Plan, type ReportStage } from '#domain/model';
import type { CurrentAnswer } from '#domain/updates';
import { esc, escLines, htmlPage } from '#mail/templates/layout';

export const NO_UPDATE = 'No update received';
export const BOUNCED = 'Email bounced';

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
    if (!group) themes.push((group = { theme, rows: [] }));
    const answer = input.answers.get(action.ref) ?? null;
    if (answer) answered += 1;
    const emailed = action.owners.filter((k) => people.get(k)?.email);
    const bounced = !answer && emailed.length > 0 && emailed.every((k) => input.undeliverable?.has(k));
    const key = answer ? (answer.status ?? 'no_status') : bounced ? 'bounced' : 'none';
    byStatus[key] = (byStatus[key] ?? 0) + 1;
    const owners = action.owners.length
      ? action.owners.map((k) => people.get(k)?.name ?? k).join(', ')
      : (action.ownerText ?? 'No owner');
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

const STATUS_COLOURS: Record<string, string> = {
  on_track: '#1d6b2b',
  at_risk: '#8a5a00',
  off_track: '#a0181c',
  complete: '#1b4f8a',
};

function cell(label: string, value: string | null): string {
  return (
    `<tr><th align="left" valign="top" style="padding:4px 8px;width:170px;background:#f3f3f3;font-weight:bold">${esc(label)}</th>` +
    `<td valign="top" style="padding:4px 8px">${value ? escLines(value) : '<span style="color:#505050">-</span>'}</td></tr>`
  );
}

/** The progress report as a self-contained HTML document. */
export function renderReportHtml(r: ReportModel): string {
  const title = `${STAGE_TITLES[r.stage]}: ${r.plan.name} - ${r.cycle.name}`;
  const summary =
    `<p>${r.counts.answered} of ${r.counts.actions} actions have an update. ` +
    Object.entries(STATUS_LABELS)
      .map(([k, label]) => `${label}: ${r.counts.byStatus[k] ?? 0}`)
      .join('; ') +
    `; ${NO_UPDATE}: ${r.counts.byStatus.none ?? 0}` +
    (r.counts.byStatus.bounced ? `; ${BOUNCED}: ${r.counts.byStatus.bounced}` : '') +
    '.</p>' +
    `<p>Corporate Parenting Board: ${esc(formatLongDate(r.cycle.dates.board))}. Compiled ${esc(londonIso(r.generatedAt).slice(0, 16).replace('T', ' '))} (UK time).</p>`;
  const body = r.themes
    .map(
      (t) =>
        `<h2 style="font-size:18px;margin:24px 0 8px 0">${esc(t.theme)}</h2>` +
        t.rows
          .map(({ action, owners, answer, bounced }) => {
            const status =
              (answer?.status ? STATUS_LABELS[answer.status] : answer ? 'No status given' : bounced ? BOUNCED : NO_UPDATE) +
              (answer?.late ? ' (received after the final deadline)' : '');
            const colour = answer?.status ? STATUS_COLOURS[answer.status] : '#505050';
            return (
              `<h3 style="font-size:15px;margin:16px 0 4px 0">${esc(action.ref)} ${esc(action.title)}</h3>` +
              `<table role="presentation" cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;width:100%;font-size:14px;border:1px solid #d0d0d0">` +
              cell('Owner(s)', owners) +
              cell('Due', action.due ? formatLongDate(action.due) : action.dueText) +
              cell('Measure', action.measure) +
              `<tr><th align="left" style="padding:4px 8px;background:#f3f3f3">Status</th><td style="padding:4px 8px;color:${colour};font-weight:bold">${esc(status)}</td></tr>` +
              (answer
                ? cell('Evidence update', answer.evidence) +
                  cell('Summary', answer.summary) +
                  cell('Risks', answer.risks) +
                  cell('Actions to address risks', answer.mitigation)
                : '') +
              '</table>'
            );
          })
          .join(''),
    )
    .join('');
  const notes = r.notes.length
    ? `<h2 style="font-size:18px;margin:24px 0 8px 0">Notes from owners</h2><ul>${r.notes
        .map((n) => `<li><strong>${esc(n.owner)}</strong> (${n.kind === 'auto-reply' ? 'automatic reply' : 'note'}, ${esc(londonIso(new Date(n.receivedAt)).slice(0, 10))}): ${escLines(n.text)}</li>`)
        .join('')}</ul>`
    : '';
  // A report is read on a desktop: full width, not capped like an email.
  return htmlPage(title, `<h1 style="font-size:22px;margin:0 0 12px 0">${esc(title)}</h1>${summary}${body}${notes}`, { maxWidth: null });
}
