import type { ImportPlanResult } from '#use-cases/import-plan';
import type { PlanView } from '#use-cases/show-plan';

const list = (refs: string[]) => (refs.length > 12 ? `${refs.slice(0, 12).join(', ')} and ${refs.length - 12} more` : refs.join(', '));

/** The human summary of an import: counts, the diff, owners that could not be reached, warnings by row. */
export function printImport(r: ImportPlanResult): void {
  const themes = new Set(r.actions.map((a) => a.theme)).size;
  console.log(
    `${r.stored ? 'Imported' : 'Checked (dry run, nothing stored)'} plan ${r.plan.id} "${r.plan.name}": ${r.actions.length} actions in ${themes} themes, ${r.people.length} people.`,
  );
  const c = r.changes;
  if (c.added.length) console.log(`  Added (${c.added.length}): ${list(c.added)}`);
  if (c.changed.length) console.log(`  Changed (${c.changed.length}): ${c.changed.map((x) => `${x.ref} (${x.fields.join(', ')})`).join('; ')}`);
  if (c.archived.length) console.log(`  Archived, no longer in the file (${c.archived.length}): ${list(c.archived)}`);
  if (c.restored.length) console.log(`  Back in the file (${c.restored.length}): ${list(c.restored)}`);
  for (const u of r.unresolvedOwners) {
    const why = u.reason === 'no-email' ? 'has no email address in the people file' : 'matches nobody in the people file';
    console.log(`  Owner "${u.owner}" ${why} (rows ${u.rows.join(', ')}).`);
  }
  if (r.unreachableActions.length) console.log(`  No owner we can email for: ${list(r.unreachableActions)}`);
  for (const w of r.warnings) console.log(`  ${w.file} row ${w.row}: ${w.message}`);
}

export function printPlan(v: PlanView): void {
  console.log(`Plan ${v.plan.id} "${v.plan.name}": ${v.actions.length} actions, ${v.people.length} people; coordinators ${v.plan.coordinators.join(', ') || '(none)'}`);
  let theme: string | null | undefined;
  for (const a of v.actions) {
    if (a.theme !== theme) console.log(`\n${(theme = a.theme) ?? '(no theme)'}`);
    const owners = a.ownerNames.length ? a.ownerNames.join(', ') : (a.ownerText ?? 'no owner');
    console.log(`  ${a.ref.padEnd(8)} ${a.title.split('\n')[0]!.slice(0, 70)}`);
    console.log(`           owners: ${owners}${a.reachable ? '' : '  [no reachable owner]'}; due: ${a.dueText ?? '-'}${a.archived ? '  [archived]' : ''}`);
  }
}
