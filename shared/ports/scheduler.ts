import type { MilestoneEvent } from '#domain/model';

export interface ScheduledMilestone {
  /** Deterministic: the same cycle+milestone always has the same name. */
  name: string;
  /** ISO-8601 instant with offset. */
  at: string;
  event: MilestoneEvent;
}

/** One-time schedules that deliver a MilestoneEvent to the milestone handler at a time. */
export interface Scheduler {
  /** Creates or replaces each schedule (idempotent by name). */
  upsert(schedules: ScheduledMilestone[]): Promise<void>;
  remove(names: string[]): Promise<void>;
}
