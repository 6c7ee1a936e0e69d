import type { Action, AddressState, Cycle, Delegate, HeldReply, Note, Person, Plan, Report, Request, Update } from '#domain/model';

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
  /** Idempotent: the same cycle+action+message stores one item. */
  putUpdate(update: Update): Promise<void>;
  /** Every update of a cycle, oldest first per action. */
  getUpdates(cycleId: string): Promise<Update[]>;
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

/**
 * Once-only effects (a milestone run, an email sent, an inbound message handled), made
 * safe with conditional writes. A claim carries a lease: a claim whose lease has run out
 * (its worker died) can be taken over.
 */
export interface Ledger {
  claim(scope: string, name: string, leaseMs: number): Promise<Claim>;
  complete(scope: string, name: string, attrs?: Record<string, unknown>): Promise<void>;
  /** Gives a claim back (the effect failed before happening) so a retry can claim it at once. */
  release(scope: string, name: string): Promise<void>;
  get(scope: string, name: string): Promise<{ state: LedgerState; attrs: Record<string, unknown> } | null>;
}

export interface Store extends PlanStore, CycleStore, RequestStore, UpdateStore, ReplyStore, ReportStore, AddressStore, Ledger {}
