import type { Plan } from './model.ts';

/** What importing a plan file says about the plan itself (the file and the import's options). */
export interface PlanFromImport {
  id: string;
  /** The plan's name, when the import gives one. */
  name?: string;
  /** Coordinators given with the import; none given keeps the stored ones. */
  coordinators: string[];
  /** The chair's addresses given with the import; none given keeps the stored ones. */
  chairs?: string[];
}

/**
 * The plan after an import: the import may set its name and coordinators (when it gives them);
 * everything else the stored plan holds — when it was created, its milestone calendar, and any
 * setting added later — is the plan's own and is kept. A first import starts the plan at `now`.
 */
export function planAfterImport(stored: Plan | null, imported: PlanFromImport, now: string): Plan {
  return {
    ...stored,
    id: imported.id,
    name: imported.name ?? stored?.name ?? imported.id,
    coordinators: imported.coordinators.length > 0 ? imported.coordinators : (stored?.coordinators ?? []),
    ...(imported.chairs?.length ? { chairs: imported.chairs } : {}),
    createdAt: stored?.createdAt ?? now,
  };
}
