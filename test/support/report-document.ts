/**
 * Report documents for the renderers' tests and the bench: rows of every state, long and
 * hostile text, several themes and objectives, and changes since the draft for the final
 * stages. The figures (headline, themes, trends, overdue, exceptions) are counted from the
 * rows here, the way `buildReportDocument` counts them, so every document adds up.
 */
import type { ReportStage } from '#domain/model';
import { STATUS_DEFINITIONS, UPDATE_STATUSES } from '#domain/vocabulary';
import type { ExceptionItem, ExceptionKind, Figure, ReportDocument, ReportRow, RowState, TrackerRow, Trend } from '#reports/document';

/** The states in headline order, with their words. */
export const STATE_LABELS: Record<RowState, string> = {
  ...(Object.fromEntries(UPDATE_STATUSES.map((s) => [s.key, s.label])) as Record<(typeof UPDATE_STATUSES)[number]['key'], string>),
  no_update: 'No update received',
  no_status: 'No status given',
  bounced: 'Email bounced',
  out_of_office: 'Out of office',
};
export const STATES = Object.keys(STATE_LABELS) as RowState[];

/** Text a spreadsheet would run as a formula, and markup a careless renderer would run. */
export const FORMULA = "=cmd|' /C calc'!A0";
export const SCRIPT = '<script>alert("x")</script> & <b>bold</b>';
export const UNICODE = 'Zoë’s café — naïve “quotes”, 日本語, emoji 🎉, Ŵelsh ŷ';
export const LONG =
  'The virtual school head has met every designated teacher this term; attendance is up from 88% to 93%, ' +
  'exclusions are down by a third, and the personal education plans audited in March were all rated good or better. ' +
  'A further review is planned with the children in care council in the autumn, and the findings will go to the board.';

const RANK: Record<string, number> = { off_track: 0, at_risk: 1, on_track: 2, complete: 3 };

/** An action's row: on track, answered, not overdue, unless told otherwise. */
export function aReportRow(ref: string, overrides: Partial<ReportRow> = {}): ReportRow {
  const state = overrides.state ?? 'on_track';
  const answered = !['no_update', 'bounced', 'out_of_office'].includes(state);
  return {
    ref,
    title: `Action ${ref}`,
    theme: 'Education',
    objective: null,
    owners: 'Lorna Beedham',
    due: '2026-09-30',
    revisedDue: null,
    state,
    stateLabel: STATE_LABELS[state],
    lastCycle: null,
    trend: state in RANK ? 'new' : null,
    overdue: false,
    evidence: answered ? `Evidence for ${ref}` : null,
    summary: answered ? `Summary for ${ref}` : null,
    risks: answered ? `Risks for ${ref}` : null,
    mitigation: answered ? `Mitigation for ${ref}` : null,
    answeredBy: answered ? 'Lorna Beedham' : null,
    answeredAt: answered ? '2026-06-01T13:05:00.000Z' : null,
    late: false,
    changes: [],
    flags: [],
    ...overrides,
  };
}

const trendOf = (row: ReportRow): Trend | null => {
  if (!(row.state in RANK)) return null;
  if (!row.lastCycle) return 'new';
  const diff = RANK[row.state]! - RANK[row.lastCycle]!;
  return diff > 0 ? 'improved' : diff < 0 ? 'worse' : 'same';
};

/** A document of these rows, every figure counted from them. */
export function aReportDocument(stage: ReportStage, rows: ReportRow[], overrides: Partial<ReportDocument> = {}): ReportDocument {
  const figures = (of: ReportRow[]): Figure[] =>
    STATES.map((state) => ({ state, label: STATE_LABELS[state], count: of.filter((r) => r.state === state).length }));
  const themes: ReportDocument['themes'] = [];
  for (const row of rows) {
    let theme = themes.find((t) => t.theme === row.theme);
    if (!theme) {
      theme = { theme: row.theme, objectives: [] };
      themes.push(theme);
    }
    let objective = theme.objectives.find((o) => o.objective === row.objective);
    if (!objective) {
      objective = { objective: row.objective, rows: [] };
      theme.objectives.push(objective);
    }
    objective.rows.push(row);
  }
  const trends: Record<Trend, number> = { improved: 0, worse: 0, same: 0, new: 0 };
  for (const row of rows) if (row.trend) trends[row.trend] += 1;
  const kinds: Array<[ExceptionKind, (r: ReportRow) => boolean]> = [
    ['off_track', (r) => r.state === 'off_track'],
    ['at_risk', (r) => r.state === 'at_risk'],
    ['overdue', (r) => r.overdue],
    ['no_update', (r) => r.state === 'no_update'],
  ];
  const exceptions: ExceptionItem[] = [];
  const seen = new Set<string>();
  for (const [kind, test] of kinds) {
    for (const row of rows) {
      if (!seen.has(row.ref) && test(row)) {
        seen.add(row.ref);
        exceptions.push({ kind, row });
      }
    }
  }
  const owners = [...new Set(rows.map((r) => r.owners))];
  const tracker: TrackerRow[] = owners.map((owner, i) => {
    const own = rows.filter((r) => r.owners === owner);
    const answered = own.find((r) => r.answeredAt);
    return {
      owner,
      email: i % 5 === 4 ? null : `${owner.toLowerCase().replace(/[^a-z]+/g, '.')}@council.example.org`,
      actions: own.length,
      askedAt: '2026-05-18T08:00:00.000Z',
      remindedAt: answered ? [] : ['2026-05-28T08:00:00.000Z', '2026-06-02T08:00:00.000Z'],
      answeredAt: answered?.answeredAt ?? null,
      bounced: own.every((r) => r.state === 'bounced'),
      outOfOffice: own.some((r) => r.state === 'out_of_office'),
      held: i % 7 === 3 ? 1 : 0,
    };
  });
  const answered = rows.filter((r) => r.answeredAt).length;
  const titles: Record<ReportStage, string> = {
    draft: 'Draft progress report',
    'chairs-briefing': "Chair's briefing",
    final: 'Final progress report',
    board: 'Board pack',
  };
  return {
    stage,
    title: `${titles[stage]}: Corporate Parenting Promise Action Plan - Q1 2026/27`,
    planName: 'Corporate Parenting Promise Action Plan',
    cycleId: 'cyc-q1',
    cycleName: 'Q1 2026/27',
    meeting: { name: 'Corporate Parenting Board', date: '2026-06-22' },
    generatedAt: '2026-06-08T09:00:00.000Z',
    headline: figures(rows),
    response: { actions: rows.length, answered, ownersAsked: tracker.length, ownersAnswered: tracker.filter((t) => t.answeredAt).length },
    trends,
    themes,
    themeSummaries: themes.map((t) => {
      const own = t.objectives.flatMap((o) => o.rows);
      return { theme: t.theme, actions: own.length, byState: figures(own), overdue: own.filter((r) => r.overdue).length };
    }),
    overdue: rows.filter((r) => r.overdue),
    tracker,
    exceptions,
    lateReplies: rows.filter((r) => r.late),
    toCheck: rows.filter((r) => r.flags.length > 0),
    notes: [
      { owner: 'Morvette Williams', kind: 'auto-reply', text: 'I am out of the office until 15 June.', receivedAt: '2026-05-19T07:30:00.000Z' },
      { owner: 'Lorna Beedham', kind: 'note', text: `Please call me about 1.2. ${SCRIPT}`, receivedAt: '2026-05-20T16:45:00.000Z' },
    ],
    comparedWithDraft: stage === 'final' || stage === 'board',
    ...overrides,
  };
}

/**
 * The sample's rows: every state in three themes (one with two objectives, one without),
 * long, unicode and hostile text, a revised date, an overdue and a late action, and for the
 * final and board stages changes since the draft.
 */
export function sampleRows(stage: ReportStage): ReportRow[] {
  const withChanges = stage === 'final' || stage === 'board';
  const education = 'Education and learning';
  const health = 'Health and wellbeing';
  const homes = 'Homes — “stable” placements';
  return [
    aReportRow('1.1.1', {
      theme: education,
      objective: 'Every child in care has a personal education plan',
      title: 'Audit personal education plans every term',
      state: 'on_track',
      lastCycle: 'at_risk',
      trend: 'improved',
      evidence: LONG,
      summary: LONG,
      changes: withChanges ? [{ field: 'status', before: 'at_risk', after: 'on_track' }] : [],
    }),
    aReportRow('1.1.2', {
      theme: education,
      objective: 'Every child in care has a personal education plan',
      title: FORMULA,
      state: 'at_risk',
      owners: 'Morvette Williams, Lorna Beedham',
      lastCycle: 'on_track',
      trend: 'worse',
      summary: FORMULA,
      risks: '+44 staff short; -10% budget; @head of service to decide',
      mitigation: SCRIPT,
      revisedDue: '2026-12-31',
      changes: withChanges
        ? [
            { field: 'summary', before: 'Behind on recruitment.', after: FORMULA },
            { field: 'revisedDue', before: null, after: '2026-12-31' },
          ]
        : [],
    }),
    aReportRow('1.2.1', {
      theme: education,
      objective: 'Care leavers go on to education, employment or training',
      title: UNICODE,
      state: 'off_track',
      owners: 'Zoë Ŵilliams',
      lastCycle: 'off_track',
      trend: 'same',
      due: '2026-03-31',
      overdue: true,
      evidence: UNICODE,
      risks: 'Tab\tseparated, "quoted", and\nover two lines',
    }),
    aReportRow('1.2.2', {
      theme: education,
      objective: 'Care leavers go on to education, employment or training',
      state: 'complete',
      lastCycle: 'on_track',
      trend: 'improved',
      flags: [
        {
          rule: 'complete-target-missing',
          reason: 'Complete, but the update does not say whether the target (95%) was met.',
          question: 'The target was 95% — was it met, and what was the final figure?',
        },
        { rule: 'repeated', reason: 'The summary is the same as in the previous cycle (Q4 2025/26).', question: 'What has changed since then?' },
      ],
    }),
    aReportRow('2.1', { theme: health, title: 'Annual health assessments on time', state: 'no_update', owners: 'Dr Priya Shah', due: 'Ongoing' }),
    aReportRow('2.2', { theme: health, state: 'no_status', owners: 'Dr Priya Shah', late: true, due: '2026-05-01', overdue: true }),
    aReportRow('2.3', { theme: health, state: 'bounced', owners: 'Sam Jones' }),
    aReportRow('3.1', { theme: homes, state: 'out_of_office', owners: 'Morvette Williams', due: null }),
    aReportRow('3.2', {
      theme: homes,
      state: 'on_track',
      owners: 'Morvette Williams',
      summary: '\rStarts with a carriage return',
      evidence: '\tStarts with a tab',
    }),
    aReportRow('3.3', { theme: homes, state: 'at_risk', owners: 'Morvette Williams', summary: '-1 placement', lastCycle: 'complete', trend: 'worse' }),
  ];
}

/** The sample document of a stage. */
export const aSampleDocument = (stage: ReportStage): ReportDocument => aReportDocument(stage, sampleRows(stage));

/** `count` plausible rows over 12 themes of 4 objectives and 50 owners, every state present (for the bench and scale tests). */
export function syntheticRows(count: number, withChanges = false): ReportRow[] {
  const statuses = UPDATE_STATUSES.map((s) => s.key);
  return Array.from({ length: count }, (_, i) => {
    const theme = `Theme ${1 + (Math.floor(i / Math.ceil(count / 12)) % 12)}`;
    const state = i % 10 < 8 ? statuses[i % statuses.length]! : (['no_update', 'no_status', 'bounced', 'out_of_office'] as const)[i % 4]!;
    const lastCycle = i % 3 === 0 ? null : statuses[(i + 1) % statuses.length]!;
    const row = aReportRow(`${1 + (i % 12)}.${1 + (i % 4)}.${i}`, {
      theme,
      objective: `${theme}, objective ${1 + (i % 4)}`,
      title: `Improve outcome ${i} for children in care through partnership working`,
      owners: `Owner ${i % 50}`,
      state,
      lastCycle,
      due: `2026-${String(1 + (i % 12)).padStart(2, '0')}-28`,
      overdue: i % 12 < 5 && state !== 'complete',
      evidence: LONG.slice(0, 200),
      summary: LONG.slice(0, 160),
      risks: 'Staffing and budget pressures.',
      mitigation: 'Recruitment under way; review at the next board.',
      late: i % 97 === 0,
      changes: withChanges && i % 20 === 0 ? [{ field: 'status', before: STATUS_DEFINITIONS.at_risk.key, after: state }] : [],
    });
    row.trend = trendOf(row);
    return row;
  });
}
