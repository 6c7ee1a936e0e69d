import { Action } from '#domain/model';

/** An action with every optional field empty, as import would store it; `overrides` set what a test needs. */
export const anAction = (ref: string, overrides: Partial<Action> = {}): Action =>
  Action.parse({
    planId: 'nottingham-2011',
    ref,
    theme: null,
    objective: null,
    title: `Action ${ref}`,
    ownerText: null,
    owners: [],
    measure: null,
    baseline: null,
    target: null,
    due: null,
    dueText: null,
    status: null,
    order: 0,
    ...overrides,
  });
