import { addWorkingDays, londonInstant, londonIso } from './calendar.ts';
import type { CycleDates, IsoDate, Milestone, MilestoneKind, MilestonePolicy } from './model.ts';

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

/** The default opening date for a draft deadline: N working days before it. */
export function defaultOpens(draft: IsoDate, policy: MilestonePolicy = DEFAULT_POLICY): IsoDate {
  return addWorkingDays(draft, -policy.opensWorkingDaysBeforeDraft);
}

/**
 * Turns a cycle's dates into its milestones, in time order. Pure: the same function drives
 * the EventBridge schedules, the local scheduler and the tests.
 *
 * requests-open 09:00 on the opening day; reminder-N 09:00 N working days before the draft
 * deadline (dropped unless after the opening day); escalation 09:00 N working days after
 * it; draft 17:00 on the draft deadline; chair's briefing 08:00; final 17:00; board 08:00.
 * Working days skip weekends and England & Wales bank holidays; times are Europe/London
 * wall-clock (a time in the missing spring hour moves forward).
 */
export function planMilestones(dates: CycleDates, policy: MilestonePolicy = DEFAULT_POLICY): Milestone[] {
  const H = MILESTONE_HOURS;
  const list: Array<{ kind: MilestoneKind; at: Date }> = [{ kind: 'requests-open', at: londonInstant(dates.opens, H['requests-open']) }];
  for (const n of [...new Set(policy.reminderWorkingDaysBeforeDraft)].sort((a, b) => b - a)) {
    const day = addWorkingDays(dates.draft, -n);
    if (day > dates.opens) list.push({ kind: `reminder-${n}`, at: londonInstant(day, H.reminder) });
  }
  if (policy.escalationWorkingDaysAfterDraft !== null) {
    list.push({ kind: 'escalation', at: londonInstant(addWorkingDays(dates.draft, policy.escalationWorkingDaysAfterDraft), H.escalation) });
  }
  list.push(
    { kind: 'draft', at: londonInstant(dates.draft, H.draft) },
    { kind: 'chairs-briefing', at: londonInstant(dates.briefing, H['chairs-briefing']) },
    { kind: 'final', at: londonInstant(dates.final, H.final) },
    { kind: 'board', at: londonInstant(dates.board, H.board) },
  );
  return list.sort((a, b) => a.at.getTime() - b.at.getTime()).map((m) => ({ kind: m.kind, at: londonIso(m.at) }));
}
