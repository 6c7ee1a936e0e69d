/**
 * A compiled report as renderers see it: every figure already counted, every row already
 * flagged, so the HTML, Word, Excel and CSV renderers only lay it out and can never disagree.
 * `buildReportDocument` (report-model.ts) makes it from stored data; `STAGE_LAYOUTS` says
 * which sections each stage shows, in which order. Pure data: JSON-serialisable (the draft's
 * document is kept so the final report can mark what changed since).
 */
import type { EvidenceFlag } from '#domain/evidence';
import type { ReportStage, UpdateStatus } from '#domain/model';
import type { FieldKey } from '#domain/vocabulary';

/**
 * What an action's row says about its answer, one of each:
 * a status key, `no_status` (answered without one), `out_of_office` (only an automatic
 * reply came back), `bounced` (every owner's address bounced), `no_update`.
 */
export type RowState = UpdateStatus | 'no_status' | 'out_of_office' | 'bounced' | 'no_update';

/** Status compared with the last cycle's, in the order off track < at risk < on track < complete. */
export type Trend = 'improved' | 'worse' | 'same' | 'new';

export interface ReportRow {
  ref: string;
  title: string;
  theme: string;
  objective: string | null;
  /** Owner names, comma separated (or the plan's owner text when none resolved). */
  owners: string;
  /** Due date as ISO date when known, else as written ("Ongoing"), else null. */
  due: string | null;
  /** Revised due date (ISO or as written), null when not revised. */
  revisedDue: string | null;
  state: RowState;
  /** The state in words: "On track", "No update received", "Email bounced"... (never colour alone). */
  stateLabel: string;
  /** Last cycle's status (its current answer), null when none or no last cycle. */
  lastCycle: UpdateStatus | null;
  /** null when there is no status now. */
  trend: Trend | null;
  /** Due (revised if revised) before the report's day and not complete. */
  overdue: boolean;
  evidence: string | null;
  summary: string | null;
  risks: string | null;
  mitigation: string | null;
  /** Who answered last (name) and when (ISO instant); null without an answer. */
  answeredBy: string | null;
  answeredAt: string | null;
  /** The last answer arrived after the final deadline: carried to the next cycle. */
  late: boolean;
  /** Final and board stages: what changed since the draft report, per field. Empty otherwise. */
  changes: FieldChange[];
  /**
   * What the evidence checks found in the answer (`domain/evidence.ts`, the plan's rules, on
   * the report's day): each with its reason, shown in words in every format. Empty without an
   * answer or a flag.
   */
  flags: EvidenceFlag[];
}

/** One change since the draft, for the final report's marks ("the chair's corrections"). */
export interface FieldChange {
  field: FieldKey | 'state' | 'revisedDue';
  before: string | null;
  after: string | null;
}

/** One figure of the headline; the figures add up to the number of actions. */
export interface Figure {
  state: RowState;
  label: string;
  count: number;
}

export interface ThemeSummary {
  theme: string;
  actions: number;
  /** Count per state, every state present (0 when none), in headline order. */
  byState: Figure[];
  overdue: number;
}

export interface TrackerRow {
  owner: string;
  email: string | null;
  actions: number;
  /** ISO instants; null when not asked / never. */
  askedAt: string | null;
  remindedAt: string[];
  answeredAt: string | null;
  bounced: boolean;
  outOfOffice: boolean;
  /** Replies from other senders held for a coordinator. */
  held: number;
}

export type ExceptionKind = 'off_track' | 'at_risk' | 'overdue' | 'no_update';

export interface ExceptionItem {
  kind: ExceptionKind;
  row: ReportRow;
}

export interface ReportDocument {
  stage: ReportStage;
  /** "Draft progress report: <plan> - <cycle>" */
  title: string;
  planName: string;
  cycleId: string;
  cycleName: string;
  meeting: { name: string; date: string };
  /** ISO instant the report was compiled (from the injected clock). */
  generatedAt: string;
  headline: Figure[];
  response: { actions: number; answered: number; ownersAsked: number; ownersAnswered: number };
  trends: Record<Trend, number>;
  themes: Array<{ theme: string; objectives: Array<{ objective: string | null; rows: ReportRow[] }> }>;
  themeSummaries: ThemeSummary[];
  overdue: ReportRow[];
  tracker: TrackerRow[];
  /** Exceptions first: off track, at risk, overdue, no update (an action once, under its first kind). */
  exceptions: ExceptionItem[];
  /** Late replies, listed in the board pack as carried to the next cycle. */
  lateReplies: ReportRow[];
  /** The updates the evidence checks flagged, in plan order: "Updates to check" in the chair's briefing. */
  toCheck: ReportRow[];
  notes: Array<{ owner: string; kind: 'auto-reply' | 'note'; text: string; receivedAt: string }>;
  /** Final and board: whether a draft was there to compare with. */
  comparedWithDraft: boolean;
  /** The day (Europe/London, YYYY-MM-DD) overdue is judged on: the day of `generatedAt`. */
  reportDay?: string;
  /** The board paper's purpose, one paragraph (every stage has it; the board pack shows it). */
  purpose?: string;
  /** The summary of progress in sentences, each figure from this document ("36 actions: 20 on track, ..."). */
  progressSummary?: string[];
  /** Final and board: how many rows carry a change since the draft. */
  changedRows?: number;
}

/** Each stage's title, as the report and its email name it. */
export const STAGE_TITLES: Record<ReportStage, string> = {
  draft: 'Draft progress report',
  'chairs-briefing': "Chair's briefing",
  final: 'Final progress report',
  board: 'Board pack',
};

/** The sections a stage shows, in order; every renderer follows this. */
export type Section =
  | 'one-page-summary'
  | 'purpose'
  | 'headline'
  | 'response'
  | 'overdue'
  | 'trends'
  | 'chart'
  | 'tracker'
  | 'exceptions'
  | 'checks'
  | 'theme-lines'
  | 'changes'
  | 'table'
  | 'late-replies'
  | 'notes';

export const STAGE_LAYOUTS: Record<ReportStage, readonly Section[]> = {
  draft: ['headline', 'response', 'overdue', 'trends', 'chart', 'tracker', 'table', 'notes'],
  'chairs-briefing': ['headline', 'exceptions', 'checks', 'theme-lines'],
  final: ['headline', 'response', 'changes', 'overdue', 'trends', 'chart', 'tracker', 'table', 'notes'],
  board: ['one-page-summary', 'purpose', 'headline', 'trends', 'chart', 'table', 'late-replies', 'tracker', 'notes'],
};
