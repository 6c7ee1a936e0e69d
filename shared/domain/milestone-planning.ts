/**
 * Planning a cycle's milestones from its dates, in working days. Loads the bank-holiday
 * calendar (working-days.ts), so only code that creates or re-plans cycles imports it.
 */
import { londonInstant, londonIso } from './calendar.ts';
import { DEFAULT_POLICY, MILESTONE_HOURS } from './milestones.ts';
import type { CycleDates, IsoDate, Milestone, MilestoneKind, MilestonePolicy } from './model.ts';
import { addWorkingDays } from './working-days.ts';

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
