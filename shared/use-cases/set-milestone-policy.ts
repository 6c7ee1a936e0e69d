import * as z from 'zod';
import { NotFoundError } from '#domain/errors';
import { DEFAULT_POLICY } from '#domain/milestones';
import { MilestonePolicy, type Plan } from '#domain/model';
import type { Deps } from './deps.ts';

export const SetPolicyInput = z.object({
  planId: z.string().min(1),
  opensWorkingDaysBeforeDraft: z.number().int().min(1).max(60).optional(),
  reminderWorkingDaysBeforeDraft: z.array(z.number().int().min(0).max(30)).max(5).optional(),
  escalationWorkingDaysAfterDraft: z.number().int().min(0).max(20).nullable().optional(),
});
export type SetPolicyInput = z.input<typeof SetPolicyInput>;

/**
 * Changes a plan's milestone calendar (opening, reminder and escalation days). Applies to
 * cycles created or changed afterwards; cycles already scheduled keep their times.
 */
export async function setMilestonePolicy(rawInput: SetPolicyInput, { store }: Pick<Deps, 'store'>): Promise<Plan> {
  const input = SetPolicyInput.parse(rawInput);
  const plan = await store.getPlan(input.planId);
  if (!plan) throw new NotFoundError(`plan "${input.planId}" does not exist: import it first (planpulse import).`, 'plan');
  const current = plan.milestonePolicy ?? DEFAULT_POLICY;
  const policy = MilestonePolicy.parse({
    opensWorkingDaysBeforeDraft: input.opensWorkingDaysBeforeDraft ?? current.opensWorkingDaysBeforeDraft,
    reminderWorkingDaysBeforeDraft: input.reminderWorkingDaysBeforeDraft ?? current.reminderWorkingDaysBeforeDraft,
    escalationWorkingDaysAfterDraft:
      input.escalationWorkingDaysAfterDraft === undefined ? current.escalationWorkingDaysAfterDraft : input.escalationWorkingDaysAfterDraft,
  });
  const updated = { ...plan, milestonePolicy: policy };
  await store.savePlan(updated, await store.getPeople(plan.id), await store.getActions(plan.id, { includeArchived: true }));
  return updated;
}
