import { z } from 'zod';
import { ImportError } from '#domain/errors';
import { Slug, type Person, type Plan } from '#domain/model';
import { readPeopleCsv, readPlanCsv } from '#import/csv-plan';
import type { Deps } from './deps.ts';

export const ImportPlanInput = z.object({
  planId: Slug,
  name: z.string().min(1).optional(),
  plan: z.object({ fileName: z.string(), content: z.instanceof(Buffer) }),
  people: z.object({ fileName: z.string(), content: z.instanceof(Buffer) }).optional(),
  coordinators: z.array(z.string().email()).default([]),
  dryRun: z.boolean().default(false),
});
export type ImportPlanInput = z.input<typeof ImportPlanInput>;

export interface ImportPlanResult {
  plan: Plan;
  actions: number;
  people: number;
  unreachableActions: string[];
  warnings: Array<{ file: string; row: number; message: string }>;
  stored: boolean;
}

/**
 * Loads a plan from its files. All-or-nothing: the files are read and checked completely
 * before anything is stored.
 * 1. read people  2. read plan rows, resolve owners  3. store plan, people, actions
 */
export async function importPlan(
  rawInput: ImportPlanInput,
  { store, clock }: Pick<Deps, 'store' | 'clock'>,
): Promise<ImportPlanResult> {
  const input = ImportPlanInput.parse(rawInput);
  const people: Person[] = input.people ? readPeopleCsv(input.people.fileName, input.people.content) : [];
  const { actions, warnings } = readPlanCsv(input.plan.fileName, input.plan.content, input.planId, people);
  const existing = await store.getPlan(input.planId);
  const plan: Plan = {
    id: input.planId,
    name: input.name ?? existing?.name ?? input.planId,
    coordinators: input.coordinators.length > 0 ? input.coordinators : (existing?.coordinators ?? []),
    createdAt: existing?.createdAt ?? clock.now().toISOString(),
  };
  if (plan.coordinators.length === 0) {
    throw new ImportError('No coordinator given: add --coordinator <email> so reports have somewhere to go.', 'coordinators');
  }
  const reachable = new Set(people.filter((p) => p.email).map((p) => p.key));
  const unreachableActions = actions.filter((a) => !a.owners.some((k) => reachable.has(k))).map((a) => a.ref);
  if (!input.dryRun) await store.savePlan(plan, people, actions);
  return {
    plan,
    actions: actions.length,
    people: people.length,
    unreachableActions,
    warnings: warnings.map((w) => ({ file: input.plan.fileName, ...w })),
    stored: !input.dryRun,
  };
}
