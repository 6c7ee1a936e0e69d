import type {
  Action,
  AuditEntry,
  AddressState,
  Cycle,
  Delegate,
  HeldReply,
  IsoDate,
  MilestoneKind,
  Note,
  Person,
  Plan,
  PrivacyReview,
  Report,
  ReportStage,
  Request,
  Update,
} from '#domain/model';

export interface PlanStore {
  /**
   * Saves the plan, its people and its actions. People no longer listed are removed;
   * actions are never deleted (the caller passes removed ones as archived).
   */
  savePlan(plan: Plan, people: Person[], actions: Action[]): Promise<void>;
  getPlan(planId: string): Promise<Plan | null>;
  listPlans(): Promise<Plan[]>;
  getPeople(planId: string): Promise<Person[]>;
  /** Actions in plan order; archived ones only when asked for. */
  getActions(planId: string, options?: { includeArchived?: boolean }): Promise<Action[]>;
  /** The actions with these refs, in the order asked (refs not in the plan left out): one owner's, whatever the plan's size. */
  getActionsByRef(planId: string, refs: readonly string[]): Promise<Action[]>;
}

export interface CycleStore {
  /** Stores a new cycle; ConflictError if the id exists. */
  createCycle(cycle: Cycle): Promise<void>;
  /**
   * Changes a cycle's name, dates, version and/or state, only if it is still at
   * `expectedVersion` (ConflictError otherwise: someone changed it meanwhile).
   */
  reviseCycle(cycleId: string, expectedVersion: number, changes: Partial<Pick<Cycle, 'name' | 'dates' | 'version' | 'state' | 'policy'>>): Promise<void>;
  /** Moves a cycle along (open, closed) unless it was cancelled; the version is untouched. */
  setCycleState(cycleId: string, state: Cycle['state']): Promise<void>;
  getCycle(cycleId: string): Promise<Cycle | null>;
  listCycles(planId: string): Promise<Cycle[]>;
}

export interface RequestStore {
  putRequest(request: Request): Promise<void>;
  getRequests(cycleId: string): Promise<Request[]>;
  /** The request a reply token's request id points to. */
  findRequest(requestId: string): Promise<Request | null>;
}

export interface UpdateStore {
  /** Idempotent: the same cycle+action+reply stores one item, the first written. */
  putUpdate(update: Update): Promise<void>;
  /** Every update of a cycle, oldest first per action. */
  getUpdates(cycleId: string): Promise<Update[]>;
  /** Which of these actions have at least one update in the cycle (a read per action, whatever the plan's size). */
  answeredActions(cycleId: string, refs: readonly string[]): Promise<Set<string>>;
  /** The updates of these actions in a cycle, oldest first per action (a query per action, whatever the plan's size). */
  getUpdatesFor(cycleId: string, refs: readonly string[]): Promise<Update[]>;
}

export interface AddressStore {
  /** Records that an address bounced or complained (the latest event wins). */
  markAddress(state: AddressState): Promise<void>;
  /** The known problem states of these addresses (absent: no problem known). */
  getAddressStates(emails: string[]): Promise<Map<string, AddressState>>;
  /** Requests sent to an address, across cycles. */
  findRequestsByEmail(email: string): Promise<Request[]>;
}

export interface ReplyStore {
  putNote(note: Note): Promise<void>;
  getNotes(cycleId: string): Promise<Note[]>;
  putDelegate(delegate: Delegate): Promise<void>;
  removeDelegate(planId: string, ownerKey: string, email: string): Promise<void>;
  getDelegates(planId: string): Promise<Delegate[]>;
  putHeld(held: HeldReply): Promise<void>;
  getHeld(cycleId: string): Promise<HeldReply[]>;
}

/** The personal-data checks of a cycle's answers, one per action (shared/use-cases/privacy-review.ts). */
export interface PrivacyReviewStore {
  /**
   * Stores a pending review unless the action's review is already of this text (`textHash`):
   * a decision made on the same text is never undone by checking it again.
   */
  putPrivacyReview(review: PrivacyReview): Promise<void>;
  /** The cycle's reviews, by action ref (one query). */
  getPrivacyReviews(cycleId: string): Promise<PrivacyReview[]>;
  /**
   * Records a coordinator's decision on a pending review of exactly this text; ConflictError
   * when it was decided meanwhile or the answer changed (two decisions never both count).
   */
  decidePrivacyReview(
    cycleId: string,
    actionRef: string,
    textHash: string,
    decision: { state: 'redacted' | 'cleared'; decidedBy: string; decidedAt: string },
  ): Promise<void>;
}

/** The append-only audit log: entries are added, never changed or removed. */
export interface AuditLog {
  /** Adds the entry unless one with its id is there already (a retry records a decision once). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** Every entry, oldest first; only those of one plan with `planId`. */
  listAudit(options?: { planId?: string }): Promise<AuditEntry[]>;
}

export interface ReportStore {
  putReport(report: Report): Promise<void>;
  getReport(cycleId: string, stage: Report['stage']): Promise<Report | null>;
}

export type LedgerState = 'claimed' | 'done';

/** Result of trying to claim a once-only effect. */
export type Claim =
  /** Ours to do now. */
  | { outcome: 'claimed' }
  /** An earlier attempt claimed it but never finished (crash): ours to finish; may duplicate. */
  | { outcome: 'retry'; attrs: Record<string, unknown> }
  /** Already done, or another worker holds a live lease: do nothing. */
  | { outcome: 'skip'; state: LedgerState; attrs: Record<string, unknown> };

/** A once-only record read back: whether it is done, and what its holder wrote. */
export interface LedgerEntry {
  state: LedgerState;
  attrs: Record<string, unknown>;
}

/**
 * Every email that must go at most once, named by what it is. The adapter decides where
 * each is kept; use cases never build storage keys.
 */
export type SendKey =
  /** The update form (requests-open) or a reminder (reminder-N) to one owner. */
  | { kind: 'update-request'; cycleId: string; milestone: MilestoneKind; ownerKey: string }
  /** A notice to an owner already asked (dates changed in version N, cycle cancelled). */
  | { kind: 'owner-notice'; cycleId: string; notice: string; ownerKey: string }
  /** The escalation to the coordinators or to one outcome owner. */
  | { kind: 'escalation'; cycleId: string; recipient: string }
  /** A compiled report to the coordinators. */
  | { kind: 'report'; cycleId: string; stage: ReportStage }
  /** The read-back of one reply (`reply`: a short hash of its Message-ID). */
  | { kind: 'confirmation'; cycleId: string; reply: string }
  /** The notice to the sender of a reply held for a coordinator: once per owner and sender (`sender`: its addressKey). */
  | { kind: 'held-notice'; cycleId: string; to: 'sender'; ownerKey: string; sender: string }
  /** The notice to an owner that someone else replied for them: at most once a day, however many replies. */
  | { kind: 'held-notice'; cycleId: string; to: 'owner'; ownerKey: string; day: IsoDate }
  /** The owner told that the board pack holds back their entries for a personal-data check: once per cycle. */
  | { kind: 'privacy-notice'; cycleId: string; ownerKey: string }
  /** Coordinators told that an address bounced or complained, once per address and plan. */
  | { kind: 'delivery-notice'; email: string; planId: string; event: 'bounced' | 'complained' }
  /**
   * The rate limit on explanations: at most one email per sender per topic (a rejection
   * reason, "no answers") per day, however many problem replies arrive.
   */
  | { kind: 'explanation'; sender: string; topic: string; day: IsoDate };

/** What a completed send records. */
export interface SendReceipt {
  providerId: string;
  messageId: string;
  to: string[];
}

/**
 * Once-only effects, made safe with conditional writes. A claim carries a lease: a claim
 * whose lease has run out (its worker died) can be taken over; a holder completes it after
 * the effect, or releases it when the effect failed so that a retry may claim it at once.
 */
export interface MilestoneLedger {
  claimMilestone(cycleId: string, milestone: MilestoneKind, leaseMs: number): Promise<Claim>;
  completeMilestone(cycleId: string, milestone: MilestoneKind, detail: Record<string, unknown>): Promise<void>;
  releaseMilestone(cycleId: string, milestone: MilestoneKind): Promise<void>;
  /** The milestones of a cycle that have run (done) or are running (claimed), in one query. */
  milestoneRuns(cycleId: string): Promise<Map<MilestoneKind, LedgerState>>;
}

/** An update form (requests-open) or reminder (reminder-N) the send ledger holds for one owner. */
export interface UpdateRequestSend {
  milestone: MilestoneKind;
  ownerKey: string;
  state: LedgerState;
  /** When it was sent (ISO instant); null while only claimed. */
  sentAt: string | null;
}

export interface SendLedger {
  claimSend(key: SendKey, leaseMs: number): Promise<Claim>;
  completeSend(key: SendKey, receipt: SendReceipt): Promise<void>;
  releaseSend(key: SendKey): Promise<void>;
  getSend(key: SendKey): Promise<LedgerEntry | null>;
  /** Every update form and reminder of a cycle in the ledger (two queries, no scan): the report's response tracker. */
  getUpdateRequestSends(cycleId: string): Promise<UpdateRequestSend[]>;
}

/** What was made of one inbound message, kept with its ledger entry. */
export interface InboundRecord {
  rawKey: string;
  outcome: string;
  from: string | null;
  attachments: string[];
}

/**
 * An inbound message: its Message-ID, and a hash of what it says (sender, text), so a
 * stranger's mail reusing an owner's Message-ID is a message of its own.
 */
export interface InboundKey {
  messageId: string;
  content: string;
}

/** One entry per inbound message. */
export interface InboundLedger {
  claimInbound(key: InboundKey, leaseMs: number): Promise<Claim>;
  completeInbound(key: InboundKey, record: InboundRecord): Promise<void>;
  releaseInbound(key: InboundKey): Promise<void>;
  /** Every message handled under this Message-ID (ops: "what happened to this mail?"). */
  findInbound(messageId: string): Promise<LedgerEntry[]>;
}

/** A reply we could not act on: an unknown, forged or expired token, a closed cycle, our own mail. */
export interface Rejection {
  messageId: string;
  reason: string;
  from: string | null;
  at: string;
}

/** A message SES's verdicts said not to read (kept in the bucket, never parsed). */
export interface Quarantined {
  rawKey: string;
  verdicts: Record<string, string | undefined>;
  at: string;
}

/** A counted allowance: explanation emails per cycle (null: mail matching no cycle) per hour. */
export type AllowanceKey = { kind: 'explanations'; cycleId: string | null; hour: string };

/**
 * Counters that cap what strangers can make us send. A lost response may count one use
 * twice: the cap errs on the side of sending less.
 */
export interface Allowances {
  /** Takes one use of the allowance if fewer than `limit` were taken; false when spent. */
  takeAllowance(key: AllowanceKey, limit: number): Promise<boolean>;
}

/** Records of mail we did not act on, for coordinators and ops (not once-only effects). */
export interface MailRecords {
  recordRejection(rejection: Rejection): Promise<void>;
  getRejection(messageId: string): Promise<Rejection | null>;
  recordQuarantine(record: Quarantined): Promise<void>;
  getQuarantine(rawKey: string): Promise<Quarantined | null>;
}

/**
 * A stored record that holds what someone wrote, or names someone outside the plan's people,
 * as the purge finds it:
 * - `update`, `note`, `held`: an owner's answers, an out-of-office or a note, a reply held for a coordinator;
 * - `privacy-review`: the personal-data check of an answer (it quotes what it found);
 * - `report`: a compiled report's record (its files are in the blob store under the cycle's reports);
 * - `held-notice`: the notice to the sender of a held reply (its key names their address);
 * - `rejection`, `quarantine`: mail we did not act on (sender, reason, verdicts);
 * - `inbound`: the inbound ledger's entry of one message (sender, raw mail, attachment names);
 * - `explanation`: the rate-limit entry of an explanation sent to a sender (its key names their address).
 */
export type RecordKind = 'update' | 'note' | 'held' | 'privacy-review' | 'report' | 'held-notice' | 'rejection' | 'quarantine' | 'inbound' | 'explanation';

/** Which stored item a record is: made by the store, handed back to `deleteRecords`, never built by a use case. */
export type RecordRef = string & { readonly __recordRef: unique symbol };

export interface StoredRecord {
  kind: RecordKind;
  /** When it was received or recorded (ISO instant); a report's is when it was compiled. */
  at: string;
  /** Blobs it names, deleted with it: the raw mail, and the whole text of an answer too long for the item. */
  blobs: string[];
  ref: RecordRef;
}

/** What retention reads and deletes (shared/use-cases/purge.ts). */
export interface RetentionStore {
  /** One cycle's records of these kinds: update, note, held, privacy-review, report, held-notice (queries of the cycle, no Scan). */
  cycleRecords(cycleId: string): Promise<StoredRecord[]>;
  /**
   * The records kept outside any cycle, keyed by a Message-ID, raw key or sender and so with
   * no index to query: rejection, quarantine, inbound, explanation. One Scan of the table, a
   * page at a time (the only Scan PlanPulse makes, from the CLI's purge, never a function).
   */
  mailRecords(): AsyncIterable<StoredRecord[]>;
  /** Deletes the records, 25 a request, retrying what DynamoDB hands back; one already gone is no error. */
  deleteRecords(refs: readonly RecordRef[]): Promise<void>;
}

export interface Store
  extends PlanStore,
    CycleStore,
    RequestStore,
    UpdateStore,
    ReplyStore,
    PrivacyReviewStore,
    ReportStore,
    AddressStore,
    MilestoneLedger,
    SendLedger,
    InboundLedger,
    Allowances,
    MailRecords,
    RetentionStore,
    AuditLog {}
