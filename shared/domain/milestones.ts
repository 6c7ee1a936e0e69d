import { addWorkingDays, londonInstant, londonIso } from './calendar.ts';
import type { CycleDates, IsoDate, Milestone, MilestoneKind } from './model.ts';

/** When each milestone happens relative to the cycle's dates. Configurable per plan later. */
export interface MilestonePolicy {
  /** Working days before the draft deadline that requests open, when no opening date is given. */
  opensWorkingDaysBeforeDraft: number;
  /** Working days before the draft deadline that the reminder goes. */
  reminderWorkingDaysBeforeDraft: number;
}

export const DEFAULT_POLICY: MilestonePolicy = {
  opensWorkingDaysBeforeDraft: 15,
  reminderWorkingDaysBeforeDraft: 5,
};

/** The default opening date for a draft deadline. */
export function defaultOpens(draft: IsoDate, policy: MilestonePolicy = DEFAULT_POLICY): IsoDate {
  return addWorkingDays(draft, -policy.opensWorkingDaysBeforeDraft);
}

/**
 * Turns a cycle's dates into its milestones, in time order. Pure: the same function drives
 * the EventBridge schedules, the local scheduler and the tests.
 *
 * requests-open 09:00 on the opening day; reminder 09:00 N working days before the draft
 * deadline (dropped when that is not after opening); draft 17:00 on the draft deadline;
 * chair's briefing 08:00; final 17:00; board 08:00. All Europe/London wall-clock.
 */
export function planMilestones(dates: CycleDates, policy: MilestonePolicy = DEFAULT_POLICY): Milestone[] {
  const at = (date: IsoDate, hour: number) => londonInstant(date, hour);
  const list: Array<{ kind: MilestoneKind; at: Date }> = [
    { kind: 'requests-open', at: at(dates.opens, 9) },
  ];
  const reminderDay = addWorkingDays(dates.draft, -policy.reminderWorkingDaysBeforeDraft);
  if (reminderDay > dates.opens) list.push({ kind: 'reminder', at: at(reminderDay, 9) });
  list.push(
    { kind: 'draft', at: at(dates.draft, 17) },
    { kind: 'chairs-briefing', at: at(dates.briefing, 8) },
    { kind: 'final', at: at(dates.final, 17) },
    { kind: 'board', at: at(dates.board, 8) },
  );
  return list
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((m) => ({ kind: m.kind, at: londonIso(m.at) }));
}
