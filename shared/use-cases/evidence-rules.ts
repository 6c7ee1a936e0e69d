import * as z from 'zod';
import { NotFoundError, ValidationError } from '#domain/errors';
import { EVIDENCE_RULES, EvidenceRuleId, type EvidenceRules, rulesOn } from '#domain/evidence';
import type { Plan } from '#domain/model';
import { Actor, recordDecision } from './audit.ts';
import type { Deps } from './deps.ts';

const SetEvidenceRulesInput = z.object({
  planId: z.string().min(1),
  /** Rules to switch off, and to switch on again (none of either: only show them). */
  off: z.array(EvidenceRuleId).default([]),
  on: z.array(EvidenceRuleId).default([]),
  actor: Actor,
});
type SetEvidenceRulesInput = z.input<typeof SetEvidenceRulesInput>;

/** One rule as a plan has it. */
export interface PlanRule {
  id: EvidenceRuleId;
  description: string;
  on: boolean;
}

export interface EvidenceRulesResult {
  plan: Plan;
  rules: PlanRule[];
  /** Rules this call switched off and on (empty: nothing changed, nothing stored). */
  switchedOff: EvidenceRuleId[];
  switchedOn: EvidenceRuleId[];
}

/**
 * Shows a plan's evidence checks, and switches some off or on again. Applies to replies read
 * and reports compiled from then on (stored updates are never changed).
 * 1. refuse a rule named both off and on  2. find the plan  3. store the new list of rules off
 * 4. audit `plan.evidence-rules` when something changed
 */
export async function setEvidenceRules(rawInput: SetEvidenceRulesInput, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<EvidenceRulesResult> {
  const input = SetEvidenceRulesInput.parse(rawInput);
  const both = input.off.filter((id) => input.on.includes(id));
  if (both.length > 0) throw new ValidationError(`${both.join(', ')}: named both on and off; say one.`, 'rules');
  const plan = await store.getPlan(input.planId);
  if (!plan) throw new NotFoundError(`plan "${input.planId}" does not exist: import it first (planpulse import).`, 'plan');
  const before = rulesOn(plan.evidenceRules);
  const off = new Set(plan.evidenceRules?.off ?? []);
  for (const id of input.off) off.add(id);
  for (const id of input.on) off.delete(id);
  const evidenceRules: EvidenceRules = { off: EVIDENCE_RULES.map((r) => r.id).filter((id) => off.has(id)) };
  const after = rulesOn(evidenceRules);
  const switchedOff = EVIDENCE_RULES.map((r) => r.id).filter((id) => before.has(id) && !after.has(id));
  const switchedOn = EVIDENCE_RULES.map((r) => r.id).filter((id) => !before.has(id) && after.has(id));
  let updated = plan;
  if (switchedOff.length + switchedOn.length > 0) {
    updated = { ...plan, evidenceRules };
    await store.savePlan(updated, await store.getPeople(plan.id), await store.getActions(plan.id, { includeArchived: true }));
    const at = clock.now().toISOString();
    const said = [switchedOff.length ? `switched off ${switchedOff.join(', ')}` : null, switchedOn.length ? `switched on ${switchedOn.join(', ')}` : null];
    await recordDecision(
      {
        id: `plan.evidence-rules#${plan.id}#${at}`,
        at,
        actor: input.actor,
        action: 'plan.evidence-rules',
        planId: plan.id,
        cycleId: null,
        summary: `Evidence checks of ${plan.name}: ${said.filter(Boolean).join('; ')}.`,
      },
      { store, clock },
    );
  }
  return { plan: updated, rules: EVIDENCE_RULES.map((r) => ({ id: r.id, description: r.description, on: after.has(r.id) })), switchedOff, switchedOn };
}
