import { NotFoundError } from '#domain/errors';
import type { Action, Person, Plan } from '#domain/model';
import type { Deps } from './deps.ts';

export interface PlanView {
  plan: Plan;
  people: Person[];
  actions: Array<Action & { ownerNames: string[]; reachable: boolean }>;
}

/** A stored plan with its people and actions, each action with its owners' names and whether any can be emailed. */
export async function showPlan(planId: string, { store }: Pick<Deps, 'store'>, options: { includeArchived?: boolean } = {}): Promise<PlanView> {
  const plan = await store.getPlan(planId);
  if (!plan) throw new NotFoundError(`plan "${planId}" does not exist: import it first (planpulse import).`, 'plan');
  const [people, actions] = await Promise.all([store.getPeople(planId), store.getActions(planId, options)]);
  const byKey = new Map(people.map((p) => [p.key, p]));
  return {
    plan,
    people,
    actions: actions.map((a) => ({
      ...a,
      ownerNames: a.owners.map((k) => byKey.get(k)?.name ?? k),
      reachable: a.owners.some((k) => Boolean(byKey.get(k)?.email)),
    })),
  };
}
