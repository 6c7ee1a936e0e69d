import * as z from 'zod';
import { ImportError } from '#domain/errors';
import { Slug, type Action, type Person, type Plan } from '#domain/model';
import { planAfterImport } from '#domain/plan';
import { readPeopleSheet } from '#import/people-sheet';
import { readPlanSheet, type ImportWarning, type UnresolvedOwner } from '#import/plan-sheet';
import { readTable } from '#import/table';
import { resolveOwner, splitOwners } from '#import/owners';
import { Actor } from './audit.ts';
import type { Deps } from './deps.ts';

const File = z.object({ fileName: z.string().min(1), content: z.instanceof(Buffer) });

export const ImportPlanInput = z.object({
  planId: Slug,
  name: z.string().trim().min(1).optional(),
  plan: File,
  people: File.optional(),
  coordinators: z.array(z.string().email()).default([]),
  /** The board chair's addresses (the chair's briefing goes to them too); none given keeps the stored ones. */
  chairs: z.array(z.string().email()).default([]),
  /** `Header text=field` overrides. */
  map: z.array(z.string()).default([]),
  /** Who an owner text is, where the importer cannot tell: owner text → person key (or initials). */
  owners: z.record(z.string(), z.string().trim().min(1)).default({}),
  sheet: z.string().optional(),
  dryRun: z.boolean().default(false),
  /** Who imports (the audit log's "who"). */
  actor: Actor,
});
export type ImportPlanInput = z.input<typeof ImportPlanInput>;

/** Fields compared to tell a changed action on re-import. */
const COMPARED = [
  'theme',
  'objective',
  'title',
  'ownerText',
  'measure',
  'baseline',
  'target',
  'dueText',
  'status',
  'outcomeOwner',
  'revisedDueText',
  'comments',
] as const;

export interface PlanChanges {
  added: string[];
  changed: Array<{ ref: string; fields: string[] }>;
  archived: string[];
  restored: string[];
}

export interface ImportPlanResult {
  plan: Plan;
  planFile: string;
  actions: Action[];
  people: Person[];
  /** The owners chosen by hand (owner text → person key), as given. */
  chosenOwners: Record<string, string>;
  warnings: Array<ImportWarning & { file: string }>;
  resolvedOwners: string[];
  unresolvedOwners: UnresolvedOwner[];
  /** Actions none of whose owners can be emailed. */
  unreachableActions: string[];
  changes: PlanChanges;
  stored: boolean;
}

/** What re-importing `next` over `stored` changes; archived actions are carried over, never lost. */
export function diffPlan(stored: Action[], next: Action[]): { changes: PlanChanges; toSave: Action[] } {
  const before = new Map(stored.map((a) => [a.ref, a]));
  const nextRefs = new Set(next.map((a) => a.ref));
  const changes: PlanChanges = { added: [], changed: [], archived: [], restored: [] };
  for (const a of next) {
    const old = before.get(a.ref);
    if (!old) changes.added.push(a.ref);
    else if (old.archived) changes.restored.push(a.ref);
    else {
      const fields = COMPARED.filter((f) => (old[f] ?? null) !== (a[f] ?? null));
      if (JSON.stringify(old.owners) !== JSON.stringify(a.owners) && !fields.includes('ownerText')) fields.push('ownerText');
      if (JSON.stringify(old.outcomeOwners) !== JSON.stringify(a.outcomeOwners) && !fields.includes('outcomeOwner')) fields.push('outcomeOwner');
      if (fields.length) changes.changed.push({ ref: a.ref, fields });
    }
  }
  const kept = stored.filter((a) => !nextRefs.has(a.ref));
  for (const a of kept) if (!a.archived) changes.archived.push(a.ref);
  const toSave = [...next, ...kept.map((a, i) => ({ ...a, archived: true, order: next.length + i }))];
  return { changes, toSave };
}

/**
 * Loads or re-loads a plan from the council's own spreadsheet. All-or-nothing: both files
 * are read and understood completely before anything is stored.
 * 1. read the people file (none given: a stored plan's people)  2. read the plan (header, columns, rows, owners and outcome owners, dates)
 * 3. compare with the stored plan (added, changed, archived); the plan keeps its own settings
 *    (`planAfterImport`)  4. store, unless a dry run
 */
export async function importPlan(rawInput: ImportPlanInput, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<ImportPlanResult> {
  const input = ImportPlanInput.parse(rawInput);
  const warnings: ImportPlanResult['warnings'] = [];
  const existing = await store.getPlan(input.planId);
  let people: Person[] = [];
  if (input.people) {
    const read = readPeopleSheet(await readTable(input.people.fileName, input.people.content));
    people = read.people;
    warnings.push(...read.warnings.map((w) => ({ file: input.people!.fileName, ...w })));
  } else if (existing) {
    // Re-importing the plan alone keeps its people (and so its owners), rather than dropping them.
    people = await store.getPeople(input.planId);
  }
  const sheet = readPlanSheet(await readTable(input.plan.fileName, input.plan.content, { sheet: input.sheet }), {
    planId: input.planId,
    people,
    map: input.map,
    owners: input.owners,
  });
  warnings.push(...sheet.warnings.map((w) => ({ file: input.plan.fileName, ...w })));

  const stored = existing ? await store.getActions(input.planId, { includeArchived: true }) : [];
  const { changes, toSave } = diffPlan(stored, sheet.actions);
  const plan = planAfterImport(
    existing,
    { id: input.planId, name: input.name, coordinators: input.coordinators, chairs: input.chairs },
    clock.now().toISOString(),
  );
  if (plan.coordinators.length === 0 && !input.dryRun) {
    throw new ImportError('No coordinator given: add --coordinator <email> so reports and escalations have somewhere to go.', 'coordinators');
  }
  const reachable = new Set(people.filter((p) => p.email).map((p) => p.key));
  const unreachableActions = sheet.actions.filter((a) => !a.owners.some((k) => reachable.has(k))).map((a) => a.ref);
  if (!input.dryRun) {
    await store.savePlan(plan, people, toSave);
    const at = clock.now().toISOString();
    const n = (k: keyof PlanChanges) => changes[k].length;
    await store.appendAudit({
      id: `plan.import#${plan.id}#${at}`,
      at,
      actor: input.actor,
      action: 'plan.import',
      planId: plan.id,
      cycleId: null,
      summary: `Imported ${input.plan.fileName}: ${sheet.actions.length} actions (${n('added')} added, ${n('changed')} changed, ${n('archived')} archived, ${n('restored')} restored), ${people.length} people.`,
    });
  }
  return {
    plan,
    planFile: input.plan.fileName,
    actions: sheet.actions,
    people,
    chosenOwners: input.owners,
    warnings,
    resolvedOwners: sheet.resolved,
    unresolvedOwners: sheet.unresolved,
    unreachableActions,
    changes,
    stored: !input.dryRun,
  };
}

/** The `import --json` object (issue 3's shape). */
export function importJson(result: ImportPlanResult) {
  const themes: Array<{ name: string | null; actions: number }> = [];
  for (const a of result.actions) {
    const t = themes.find((x) => x.name === a.theme);
    if (t) t.actions += 1;
    else themes.push({ name: a.theme, actions: 1 });
  }
  return {
    plan: result.plan.id,
    actions: result.actions.length,
    themes,
    owners: {
      resolved: result.resolvedOwners,
      // issue 3's {owner, rows}, and why, and which column (outcome owners are listed too).
      unresolved: result.unresolvedOwners.map((u) => ({ owner: u.owner, rows: u.rows, field: u.field, reason: u.reason, candidates: u.candidates })),
    },
    warnings: result.warnings.map((w) => ({ row: w.row, message: w.file === result.planFile ? w.message : `${w.file}: ${w.message}` })),
    items: result.actions.map((a) => ({
      ref: a.ref,
      theme: a.theme,
      objective: a.objective,
      title: a.title,
      // Each owner as resolved (the person's name), or as written when nobody matched.
      owners: splitOwners(a.ownerText ?? '').map((t) => resolveOwner(t, result.people, result.chosenOwners)?.person.name ?? t),
      measure: a.measure,
      baseline: a.baseline,
      target: a.target,
      due: { date: a.due, text: a.dueText },
      status: a.status,
    })),
  };
}
