/**
 * From stored data to the report document every renderer lays out (`document.ts`): each
 * action once with its state, trend and flags, every figure counted once here. Pure: the
 * same input gives the same document, so a recompiled stage says the same thing.
 */
import { formatLongDate, londonDate } from '#domain/calendar';
import { checkEvidence, type EvidenceRules } from '#domain/evidence';
import type { Action, AddressState, Cycle, HeldReply, Note, Person, Plan, PrivacyReview, ReportStage, Request, Update, UpdateStatus } from '#domain/model';
import type { UpdateRequestSend } from '#ports/store';
import { currentAnswers, type CurrentAnswer } from '#domain/updates';
import { FORM_FIELDS, STATUS_DEFINITIONS, UPDATE_STATUSES } from '#domain/vocabulary';
import {
  type ExceptionItem,
  type ExceptionKind,
  type FieldChange,
  type Figure,
  type ReportDocument,
  type ReportRow,
  type RowState,
  STAGE_TITLES,
  type ThemeSummary,
  type TrackerRow,
  type Trend,
} from './document.ts';

/** The states a row can be in, in headline order: the statuses, then why there is none. */
export const ROW_STATES: readonly RowState[] = [...UPDATE_STATUSES.map((s) => s.key), 'no_update', 'no_status', 'bounced', 'out_of_office'];

/** Each state in words (a status's own label; the rest say why there is no status). */
export const STATE_LABELS: Record<RowState, string> = {
  ...(Object.fromEntries(UPDATE_STATUSES.map((s) => [s.key, s.label])) as Record<UpdateStatus, string>),
  no_update: 'No update received',
  no_status: 'No status given',
  bounced: 'Email bounced',
  out_of_office: 'Out of office',
};

/** States without an answer: the "no update" exception and the escalation's "no update" count. */
export const UNANSWERED: ReadonlySet<RowState> = new Set(['no_update', 'bounced', 'out_of_office']);

const MEETING = 'Corporate Parenting Board';
const NO_THEME = 'Other actions';
/** The order a trend is judged in: off track < at risk < on track < complete. */
const RANK: Record<UpdateStatus, number> = { off_track: 0, at_risk: 1, on_track: 2, complete: 3 };
const EXCEPTION_ORDER: readonly ExceptionKind[] = ['off_track', 'at_risk', 'overdue', 'no_update'];
/** The answer fields a change since the draft is looked for in, after the state. */
const CHANGE_FIELDS = FORM_FIELDS.flatMap((f) => (f.key === 'status' ? [] : [f.key]));

export interface ReportInput {
  stage: ReportStage;
  plan: Plan;
  cycle: Cycle;
  /** The plan's actions in plan order (archived ones left out). */
  actions: Action[];
  people: Person[];
  /** Every update of this cycle (history; the current answer is worked out here). */
  updates: Update[];
  /** The plan's previous cycle and its updates, for "last cycle" and trends; null when none. */
  previous: { cycle: Cycle; updates: Update[] } | null;
  /** Out-of-office replies and notes owners wrote outside the form. */
  notes: Note[];
  /** Problem states of addresses, by lower-cased address (`store.getAddressStates`). */
  addressStates: ReadonlyMap<string, AddressState>;
  /** The cycle's requests: who was asked, and when. */
  requests: Request[];
  /** The update forms and reminders the send ledger holds. */
  sends: UpdateRequestSend[];
  held: HeldReply[];
  /** The draft report's document, for the final report and board pack to mark changes; null otherwise. */
  draft: ReportDocument | null;
  /** The compile time (injected clock); overdue is judged on its day in Europe/London. */
  now: Date;
  /**
   * The personal-data checks of the answers, by action ref (shared/use-cases/privacy-review.ts).
   * The board pack only: a pending check withholds the entry's text, a redacted one publishes
   * the proposed text, a cleared one the text as written. Other stages show the text as written.
   */
  privacy?: ReadonlyMap<string, PrivacyReview>;
}

/** What the public board pack shows in place of an entry held back for a personal-data check. */
export const WITHHELD_TEXT = 'Withheld pending review: this update may contain personal details and is being checked before publication.';

/** The board pack's text of a row with a personal-data check; null when the row is published as written. */
function publishedText(row: ReportRow, review: PrivacyReview | undefined): Pick<ReportRow, 'evidence' | 'summary' | 'risks' | 'mitigation'> | null {
  if (!review || review.state === 'cleared') return null;
  if (review.state === 'pending') return { evidence: WITHHELD_TEXT, summary: null, risks: null, mitigation: null };
  return {
    evidence: review.redacted.evidence ?? row.evidence,
    summary: review.redacted.summary ?? row.summary,
    risks: review.redacted.risks ?? row.risks,
    mitigation: review.redacted.mitigation ?? row.mitigation,
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100));

function trendOf(now: UpdateStatus, last: UpdateStatus | null): Trend {
  if (last === null) return 'new';
  return RANK[now] > RANK[last] ? 'improved' : RANK[now] < RANK[last] ? 'worse' : 'same';
}

/** The first exception an action falls under, or null: an action is listed once. */
function exceptionOf(row: ReportRow): ExceptionKind | null {
  if (row.state === 'off_track' || row.state === 'at_risk') return row.state;
  if (row.overdue) return 'overdue';
  if (UNANSWERED.has(row.state)) return 'no_update';
  return null;
}

/** What changed in a row since the draft report: its state, answer fields and revised due date. */
function changesSince(row: ReportRow, before: ReportRow | undefined): FieldChange[] {
  if (!before) return [{ field: 'state', before: null, after: row.stateLabel }];
  const changes: FieldChange[] = [];
  if (before.stateLabel !== row.stateLabel) changes.push({ field: 'state', before: before.stateLabel, after: row.stateLabel });
  for (const field of CHANGE_FIELDS) {
    if (before[field] !== row[field]) changes.push({ field, before: before[field], after: row[field] });
  }
  if (before.revisedDue !== row.revisedDue) changes.push({ field: 'revisedDue', before: before.revisedDue, after: row.revisedDue });
  return changes;
}

interface Context {
  people: Map<string, Person>;
  byEmail: Map<string, Person>;
  answers: Map<string, CurrentAnswer>;
  lastAnswers: Map<string, CurrentAnswer>;
  /** Person keys whose address bounced or complained. */
  undeliverable: Set<string>;
  /** Person keys that sent an automatic reply. */
  autoReplied: Set<string>;
  today: string;
  /** The plan's evidence checks, and the previous cycle's name (for "the same as in …"). */
  rules: EvidenceRules | undefined;
  previousName: string | null;
}

function stateOf(action: Action, answer: CurrentAnswer | null, c: Context): RowState {
  if (answer) return answer.status ?? 'no_status';
  const emailed = action.owners.filter((k) => c.people.get(k)?.email);
  if (emailed.length > 0 && emailed.every((k) => c.undeliverable.has(k))) return 'bounced';
  if (action.owners.some((k) => c.autoReplied.has(k))) return 'out_of_office';
  return 'no_update';
}

function rowOf(action: Action, c: Context): ReportRow {
  const answer = c.answers.get(action.ref) ?? null;
  const state = stateOf(action, answer, c);
  const status = answer?.status ?? null;
  const last = c.lastAnswers.get(action.ref) ?? null;
  const lastCycle = last?.status ?? null;
  const dueBy = action.revisedDue ?? action.due;
  return {
    ref: action.ref,
    title: action.title,
    theme: action.theme ?? NO_THEME,
    objective: action.objective,
    owners: action.owners.length ? action.owners.map((k) => c.people.get(k)?.name ?? k).join(', ') : (action.ownerText ?? 'No owner'),
    due: action.due ?? action.dueText,
    revisedDue: action.revisedDue ?? action.revisedDueText,
    state,
    stateLabel: STATE_LABELS[state],
    lastCycle,
    trend: status ? trendOf(status, lastCycle) : null,
    overdue: dueBy !== null && dueBy < c.today && status !== 'complete',
    evidence: answer?.evidence ?? null,
    summary: answer?.summary ?? null,
    risks: answer?.risks ?? null,
    mitigation: answer?.mitigation ?? null,
    answeredBy: answer ? (c.byEmail.get(answer.from.toLowerCase())?.name ?? answer.from) : null,
    answeredAt: answer?.receivedAt ?? null,
    late: answer?.late ?? false,
    changes: [],
    flags: answer
      ? checkEvidence({
          action,
          answer,
          previous: last && c.previousName !== null ? { cycleName: c.previousName, answer: last } : null,
          today: c.today,
          rules: c.rules,
        })
      : [],
  };
}

const figures = (rows: readonly ReportRow[]): Figure[] =>
  ROW_STATES.map((state) => ({ state, label: STATE_LABELS[state], count: rows.filter((r) => r.state === state).length }));

/** Each owner of an action (or asked in this cycle): asked, reminded, answered, bounced, away, held. */
function trackerOf(input: ReportInput, c: Context): TrackerRow[] {
  const owned = new Map<string, number>();
  for (const a of input.actions) for (const k of a.owners) owned.set(k, (owned.get(k) ?? 0) + 1);
  const requests = new Map(input.requests.map((r) => [r.ownerKey, r]));
  const lastAnswer = new Map<string, string>();
  for (const u of input.updates) if (u.receivedAt > (lastAnswer.get(u.ownerKey) ?? '')) lastAnswer.set(u.ownerKey, u.receivedAt);
  const sent = new Map<string, UpdateRequestSend[]>();
  for (const s of input.sends) if (s.sentAt !== null) sent.set(s.ownerKey, [...(sent.get(s.ownerKey) ?? []), s]);
  const held = new Map<string, number>();
  for (const h of input.held) if (h.state === 'held') held.set(h.ownerKey, (held.get(h.ownerKey) ?? 0) + 1);
  const keys = [...new Set([...owned.keys(), ...requests.keys()])];
  const rows = keys.map((key): TrackerRow => {
    const person = c.people.get(key);
    const request = requests.get(key);
    const sends = sent.get(key) ?? [];
    const answeredAt = lastAnswer.get(key) ?? null;
    return {
      owner: person?.name ?? request?.ownerName ?? key,
      email: person?.email ?? request?.email ?? null,
      actions: owned.get(key) ?? 0,
      askedAt: sends.find((s) => s.milestone === 'requests-open')?.sentAt ?? request?.createdAt ?? null,
      remindedAt: sends
        .filter((s) => s.milestone.startsWith('reminder-'))
        .map((s) => s.sentAt!)
        .sort(),
      answeredAt,
      bounced: c.undeliverable.has(key),
      outOfOffice: answeredAt === null && c.autoReplied.has(key),
      held: held.get(key) ?? 0,
    };
  });
  return rows.sort((a, b) => a.owner.localeCompare(b.owner, 'en-GB') || (a.email ?? '').localeCompare(b.email ?? ''));
}

/** The sentences of the summary of progress, every number from the document's own figures. */
function progressSummary(doc: Omit<ReportDocument, 'progressSummary'>): string[] {
  const count = (state: RowState) => doc.headline.find((f) => f.state === state)?.count ?? 0;
  const { actions, answered, ownersAsked, ownersAnswered } = doc.response;
  const statuses = UPDATE_STATUSES.map((s) => `${count(s.key)} ${s.label.toLowerCase()}`).join(', ');
  const without = ROW_STATES.filter((s) => !(s in STATUS_DEFINITIONS) && count(s) > 0).map((s) => `${count(s)} ${STATE_LABELS[s].toLowerCase()}`);
  const lines = [
    `${actions} action${actions === 1 ? '' : 's'}: ${statuses}${without.length ? `; ${without.join(', ')}` : ''}.`,
    `${answered} of ${actions} actions (${percent(answered, actions)}%) have an update; ${ownersAnswered} of ${ownersAsked} owners asked replied.`,
    `${doc.overdue.length} action${doc.overdue.length === 1 ? ' is' : 's are'} overdue (due date passed and not complete).`,
  ];
  const { improved, worse, same } = doc.trends;
  if (improved + worse + same > 0) lines.push(`Compared with the last cycle: ${improved} improved, ${worse} worse, ${same} the same.`);
  if (doc.lateReplies.length) lines.push(`${doc.lateReplies.length} late repl${doc.lateReplies.length === 1 ? 'y is' : 'ies are'} carried to the next cycle.`);
  return lines;
}

/**
 * The report document of a stage, from stored data:
 * 1. the current answer of each action, this cycle's and the previous cycle's
 * 2. one row per action (plan order): state (status, no status given, bounced, out of office,
 *    no update), trend, overdue, late, the evidence checks' flags, and for final and board the
 *    changes since the draft
 * 3. the figures: headline by state (adds up to the actions), response, trends, themes, the
 *    response tracker, exceptions (each action once, under its first kind), late replies,
 *    the updates to check (every flagged row)
 */
export function buildReportDocument(input: ReportInput): ReportDocument {
  const { plan, cycle, stage } = input;
  const people = new Map(input.people.map((p) => [p.key, p]));
  const c: Context = {
    people,
    byEmail: new Map(input.people.flatMap((p) => (p.email ? [[p.email.toLowerCase(), p] as const] : []))),
    answers: currentAnswers(input.updates),
    lastAnswers: input.previous ? currentAnswers(input.previous.updates) : new Map(),
    undeliverable: new Set(input.people.filter((p) => p.email && input.addressStates.has(p.email.toLowerCase())).map((p) => p.key)),
    autoReplied: new Set(input.notes.filter((n) => n.kind === 'auto-reply').map((n) => n.ownerKey)),
    today: londonDate(input.now),
    rules: plan.evidenceRules,
    previousName: input.previous?.cycle.name ?? null,
  };

  const rows = input.actions.map((a) => rowOf(a, c));
  // The board pack is public: entries with a pending check are withheld, redacted ones published as proposed.
  const guarded = new Set<string>();
  const withheld: string[] = [];
  if (stage === 'board' && input.privacy) {
    for (const row of rows) {
      const review = input.privacy.get(row.ref);
      const text = publishedText(row, review);
      if (!text) continue;
      Object.assign(row, text);
      guarded.add(row.ref);
      if (review?.state === 'pending') withheld.push(row.ref);
    }
  }
  const marking = (stage === 'final' || stage === 'board') && input.draft !== null;
  if (marking) {
    const before = new Map(input.draft!.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows)).map((r) => [r.ref, r]));
    for (const row of rows) {
      row.changes = changesSince(row, before.get(row.ref));
      // the draft's text is the text withheld or redacted: never quoted in the board pack
      if (guarded.has(row.ref)) row.changes = row.changes.filter((ch) => ch.field === 'status' || ch.field === 'state' || ch.field === 'revisedDue');
    }
  }

  // Grouped in plan order: a theme (and an objective within it) where its first action is. Maps keep it linear.
  const themes: ReportDocument['themes'] = [];
  const groups = new Map<string, { theme: ReportDocument['themes'][number]; objectives: Map<string | null, ReportRow[]> }>();
  for (const row of rows) {
    let group = groups.get(row.theme);
    if (!group) {
      group = { theme: { theme: row.theme, objectives: [] }, objectives: new Map() };
      groups.set(row.theme, group);
      themes.push(group.theme);
    }
    let objective = group.objectives.get(row.objective);
    if (!objective) {
      objective = [];
      group.objectives.set(row.objective, objective);
      group.theme.objectives.push({ objective: row.objective, rows: objective });
    }
    objective.push(row);
  }
  const themeSummaries: ThemeSummary[] = themes.map((t) => {
    const inTheme = t.objectives.flatMap((o) => o.rows);
    return { theme: t.theme, actions: inTheme.length, byState: figures(inTheme), overdue: inTheme.filter((r) => r.overdue).length };
  });

  const trends: Record<Trend, number> = { improved: 0, worse: 0, same: 0, new: 0 };
  for (const r of rows) if (r.trend) trends[r.trend] += 1;

  const exceptions: ExceptionItem[] = EXCEPTION_ORDER.flatMap((kind) => rows.filter((r) => exceptionOf(r) === kind).map((row) => ({ kind, row })));

  const asked = new Set(input.requests.map((r) => r.ownerKey));
  const replied = new Set(input.updates.map((u) => u.ownerKey).filter((k) => asked.has(k)));

  const doc: Omit<ReportDocument, 'progressSummary'> = {
    stage,
    title: `${STAGE_TITLES[stage]}: ${plan.name} - ${cycle.name}`,
    planName: plan.name,
    cycleId: cycle.id,
    cycleName: cycle.name,
    meeting: { name: MEETING, date: cycle.dates.board },
    generatedAt: input.now.toISOString(),
    reportDay: c.today,
    purpose:
      `To update the ${MEETING} on progress with the ${plan.name} for ${cycle.name}, from the updates action owners ` +
      `sent by the draft deadline of ${formatLongDate(cycle.dates.draft)}, and to note the exceptions: actions off track, at risk, overdue or without an update.` +
      (withheld.length === 0
        ? ''
        : ` The text of ${withheld.length === 1 ? '1 update is' : `${withheld.length} updates are`} withheld pending a personal-data check (${withheld.join(', ')}).`),
    headline: figures(rows),
    response: { actions: rows.length, answered: rows.filter((r) => r.answeredAt !== null).length, ownersAsked: asked.size, ownersAnswered: replied.size },
    trends,
    themes,
    themeSummaries,
    overdue: rows.filter((r) => r.overdue),
    tracker: trackerOf(input, c),
    exceptions,
    lateReplies: rows.filter((r) => r.late),
    toCheck: rows.filter((r) => r.flags.length > 0),
    notes: input.notes.map((n) => ({ owner: people.get(n.ownerKey)?.name ?? n.ownerKey, kind: n.kind, text: n.text, receivedAt: n.receivedAt })),
    comparedWithDraft: marking,
    changedRows: rows.filter((r) => r.changes.length > 0).length,
  };
  return { ...doc, progressSummary: progressSummary(doc) };
}
