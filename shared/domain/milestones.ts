/**
 * The milestone vocabulary: default calendar, wall-clock hours, schedule names. Free of the
 * bank-holiday calendar, so the functions that run milestones and read replies can use it;
 * planning dates from working days is in milestone-planning.ts.
 */
import type { MilestoneKind, MilestonePolicy } from './model.ts';

export const DEFAULT_POLICY: MilestonePolicy = {
  opensWorkingDaysBeforeDraft: 15,
  reminderWorkingDaysBeforeDraft: [5, 1],
  escalationWorkingDaysAfterDraft: 1,
};

/** Local wall-clock hour of each milestone. */
export const MILESTONE_HOURS = {
  'requests-open': 9,
  reminder: 9,
  escalation: 9,
  draft: 17,
  'chairs-briefing': 8,
  final: 17,
  board: 8,
} as const;

/** The schedule of a cycle's milestone is named deterministically, so creating it twice replaces it. */
export const scheduleName = (cycleId: string, kind: MilestoneKind) => `${cycleId}.${kind}`;
