import * as z from 'zod';
import { EvidenceRules } from './evidence.ts';
import { FIELD_KEYS, STATUS_KEYS, UPDATE_STATUSES } from './vocabulary.ts';

/** ISO calendar date, `YYYY-MM-DD` (a day in Europe/London). */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDate>;

/** An id we accept from users for plans: lower-case letters, digits and dashes. */
export const Slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes, e.g. "nottingham-2011"');

/** An action's status in an update; the statuses are defined in `vocabulary.ts`. */
export const UpdateStatus = z.enum(STATUS_KEYS);
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const STATUS_LABELS = Object.fromEntries(UPDATE_STATUSES.map((s): [string, string] => [s.key, s.label])) as Record<UpdateStatus, string>;

export const Person = z.object({
  /** Stable key within a plan: the initials when known, else a slug of the name. */
  key: z.string().min(1),
  name: z.string().min(1),
  initials: z.string().nullable(),
  email: z.string().email().nullable(),
  role: z.string().nullable(),
});
export type Person = z.infer<typeof Person>;

export const Plan = z.object({
  id: Slug,
  name: z.string().min(1),
  /** Who receives reports and escalations. */
  coordinators: z.array(z.string().email()),
  /** The board's chair (or chairs): the chair's briefing goes to them as well as the coordinators. */
  chairs: z.array(z.string().email()).optional(),
  createdAt: z.string(),
  /** Overrides of the default milestone calendar. */
  milestonePolicy: z.lazy(() => MilestonePolicy).optional(),
  /** Which evidence checks are switched off (`domain/evidence.ts`); absent: all on. */
  evidenceRules: EvidenceRules.optional(),
});
export type Plan = z.infer<typeof Plan>;

export const Action = z.object({
  planId: Slug,
  ref: z.string().min(1),
  theme: z.string().nullable(),
  objective: z.string().nullable(),
  title: z.string().min(1),
  /** Owner text as written in the plan, e.g. "PTO/HB/EP". */
  ownerText: z.string().nullable(),
  /** Person keys the owner text resolved to. */
  owners: z.array(z.string()),
  measure: z.string().nullable(),
  baseline: z.string().nullable(),
  target: z.string().nullable(),
  due: IsoDate.nullable(),
  /** Due as written ("1/3/12", "Ongoing"). */
  dueText: z.string().nullable(),
  status: z.string().nullable(),
  /** Position in the plan, for ordering. */
  order: z.number().int(),
  /** Who owns the outcome the action serves, as written in the plan (shown; one per line when several). */
  outcomeOwner: z.string().nullable().default(null),
  /** Person keys the outcome owner text resolved to at import (escalations go to them). */
  outcomeOwners: z.array(z.string()).default([]),
  revisedDue: IsoDate.nullable().default(null),
  revisedDueText: z.string().nullable().default(null),
  comments: z.string().nullable().default(null),
  /** Columns of the source file that map to no field, by their header: kept, not dropped. */
  extra: z.record(z.string(), z.string()).default({}),
  /** Sheet rows the action came from (for messages). */
  rows: z.array(z.number().int()).default([]),
  /** No longer in the plan file: kept with its history, never asked about again. */
  archived: z.boolean().default(false),
});
export type Action = z.infer<typeof Action>;

export const CycleDates = z.object({
  opens: IsoDate,
  draft: IsoDate,
  briefing: IsoDate,
  final: IsoDate,
  board: IsoDate,
});
export type CycleDates = z.infer<typeof CycleDates>;

export const CycleState = z.enum(['scheduled', 'open', 'closed', 'cancelled']);

export const Cycle = z.object({
  id: z.string().min(1),
  planId: Slug,
  name: z.string().min(1),
  dates: CycleDates,
  /** Bumped on every change of dates; milestone events of older versions are ignored. */
  version: z.number().int().min(1),
  state: CycleState,
  createdAt: z.string(),
  /** The milestone calendar the cycle was planned with (the plan's may change later). */
  policy: z.lazy(() => MilestonePolicy).optional(),
});
export type Cycle = z.infer<typeof Cycle>;

/**
 * A milestone's kind, unique within a cycle: requests-open, reminder-N (N working days
 * before the draft deadline), escalation, draft, chairs-briefing, final, board.
 */
export const MilestoneKind = z.string().regex(/^(requests-open|reminder-\d{1,2}|escalation|draft|chairs-briefing|final|board)$/, 'not a milestone');
export type MilestoneKind = z.infer<typeof MilestoneKind>;

/** What a milestone does, whatever its number. */
export type MilestoneType = 'requests-open' | 'reminder' | 'escalation' | 'draft' | 'chairs-briefing' | 'final' | 'board';
export const milestoneType = (kind: MilestoneKind): MilestoneType => (kind.startsWith('reminder-') ? 'reminder' : kind) as MilestoneType;

export const Milestone = z.object({
  kind: MilestoneKind,
  /** ISO-8601 instant with the Europe/London offset, e.g. 2026-05-01T09:00:00.000+01:00 */
  at: z.string(),
});
export type Milestone = z.infer<typeof Milestone>;

/** The event a schedule delivers to the milestone handler. */
export const MilestoneEvent = z.object({
  cycleId: z.string().min(1),
  milestone: MilestoneKind,
  version: z.number().int().min(1),
});
export type MilestoneEvent = z.infer<typeof MilestoneEvent>;

/** When milestones happen relative to a cycle's dates (per plan; defaults in domain/milestones). */
export const MilestonePolicy = z.object({
  opensWorkingDaysBeforeDraft: z.number().int().min(1).max(60),
  reminderWorkingDaysBeforeDraft: z.array(z.number().int().min(0).max(30)).max(5),
  escalationWorkingDaysAfterDraft: z.number().int().min(0).max(20).nullable(),
});
export type MilestonePolicy = z.infer<typeof MilestonePolicy>;

/** One owner asked for updates in one cycle. */
export const Request = z.object({
  cycleId: z.string(),
  planId: Slug,
  ownerKey: z.string(),
  ownerName: z.string(),
  email: z.string().email(),
  /** Random id carried (signed) in the reply token. */
  requestId: z.string(),
  token: z.string(),
  actionRefs: z.array(z.string()),
  expiresAt: z.string(),
  createdAt: z.string(),
});
export type Request = z.infer<typeof Request>;

/** One owner's answer about one action in one cycle (history kept: one item per reply). */
export const Update = z.object({
  cycleId: z.string(),
  actionRef: z.string(),
  status: UpdateStatus.nullable(),
  evidence: z.string().nullable(),
  summary: z.string().nullable(),
  risks: z.string().nullable(),
  mitigation: z.string().nullable(),
  from: z.string(),
  ownerKey: z.string(),
  receivedAt: z.string(),
  messageId: z.string(),
  rawKey: z.string(),
  /** Arrived after the final deadline: kept, flagged for the next cycle. */
  late: z.boolean().default(false),
  /** Sent by a delegate, or accepted by a coordinator from another sender. */
  onBehalfOf: z.string().nullable().default(null),
  /**
   * The reply's identity: its Message-ID and a hash of its sender and text, so a retry stores
   * nothing twice and a stranger reusing a Message-ID shadows nothing (null: stored before).
   */
  replyKey: z.string().nullable().default(null),
  /** Fields too long to keep in the item: where the whole text is in the blob store, by field. */
  overflow: z.record(z.string(), z.string()).default({}),
});
export type Update = z.infer<typeof Update>;

/** Text an owner sent that is not an answer: an out-of-office, or a note outside the form. */
export const Note = z.object({
  cycleId: z.string(),
  ownerKey: z.string(),
  kind: z.enum(['auto-reply', 'note']),
  text: z.string(),
  from: z.string().nullable(),
  receivedAt: z.string(),
  messageId: z.string(),
  replyKey: z.string().nullable().default(null),
  /** Where the whole text is when it was too long to keep here. */
  overflowKey: z.string().nullable().default(null),
});
export type Note = z.infer<typeof Note>;

/** The decisions people make, each recorded once in the append-only audit log. */
export const AuditAction = z.enum([
  'plan.import',
  'cycle.create',
  'cycle.dates',
  'cycle.cancel',
  'held.accept',
  'held.reject',
  'delegate.add',
  'delegate.remove',
  'redaction.release',
  'purge',
  'plan.evidence-rules',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * One decision: who, what and when, in plain words. The id is derived from the decision
 * itself (the cycle's new version, the held reply...), so a retried request records it once.
 */
export const AuditEntry = z.object({
  id: z.string().min(1),
  at: z.string(),
  /** The person (web user name, Cognito user, `cli:<login>`), or `system`. */
  actor: z.string().min(1),
  action: AuditAction,
  planId: z.string().nullable().default(null),
  cycleId: z.string().nullable().default(null),
  /** What was decided, in a sentence (never the content of an update or an email). */
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Someone allowed to answer for an owner (registered by a coordinator). */
export const Delegate = z.object({
  planId: z.string(),
  ownerKey: z.string(),
  email: z.string().email(),
  addedAt: z.string(),
});
export type Delegate = z.infer<typeof Delegate>;

/** A reply from someone who is neither the owner nor a delegate, waiting for a coordinator. */
export const HeldReply = z.object({
  cycleId: z.string(),
  heldId: z.string(),
  ownerKey: z.string(),
  from: z.string().nullable(),
  messageId: z.string(),
  rawKey: z.string(),
  receivedAt: z.string(),
  replyKey: z.string().nullable().default(null),
  state: z.enum(['held', 'accepted', 'rejected']),
});
export type HeldReply = z.infer<typeof HeldReply>;

/** The text fields of an update the personal-data guard reads (the status is a word from a list). */
export const TEXT_FIELDS = ['evidence', 'summary', 'risks', 'mitigation'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** One likely item of personal data in an update's field (shared/privacy finds them). */
export const PrivacyFinding = z.object({
  field: z.enum(TEXT_FIELDS),
  kind: z.string(),
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  reason: z.string(),
});
export type PrivacyFinding = z.infer<typeof PrivacyFinding>;

/**
 * The personal-data check of one action's current answer in one cycle, for the public board
 * pack: what was found, the redaction the system proposes, and the coordinator's decision. It
 * holds for the text it was made from (`textHash`): a new answer is checked again.
 */
export const PrivacyReview = z.object({
  cycleId: z.string(),
  actionRef: z.string(),
  ownerKey: z.string(),
  /** sha-256 of the checked fields' text: the review applies to that text only. */
  textHash: z.string(),
  findings: z.array(PrivacyFinding).min(1),
  /** The proposed text of each field with findings: names become "a young person", numbers are removed. */
  redacted: z.partialRecord(z.enum(TEXT_FIELDS), z.string()),
  /** pending: withheld from the board pack; redacted: published as proposed; cleared: published as written. */
  state: z.enum(['pending', 'redacted', 'cleared']),
  foundAt: z.string(),
  decidedBy: z.string().nullable().default(null),
  decidedAt: z.string().nullable().default(null),
});
export type PrivacyReview = z.infer<typeof PrivacyReview>;

/** The answer fields of an update, in form order (`vocabulary.ts`). */
export const UPDATE_FIELDS = FIELD_KEYS;
export type UpdateField = (typeof UPDATE_FIELDS)[number];

export const ReportStage = z.enum(['draft', 'chairs-briefing', 'final', 'board']);
export type ReportStage = z.infer<typeof ReportStage>;

export const Report = z.object({
  cycleId: z.string(),
  stage: ReportStage,
  generatedAt: z.string(),
  /** Where the compiled HTML is kept (blob key). */
  key: z.string(),
  actions: z.number().int(),
  answered: z.number().int(),
});
export type Report = z.infer<typeof Report>;

/** An address SES told us cannot be used: a permanent bounce or a complaint. */
export const AddressState = z.object({
  email: z.string(),
  state: z.enum(['bounced', 'complained']),
  reason: z.string().nullable(),
  at: z.string(),
});
export type AddressState = z.infer<typeof AddressState>;
