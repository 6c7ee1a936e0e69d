import type { ImportCyclesResult } from '#use-cases/import-cycles';
import type { ImportPlanResult } from '#use-cases/import-plan';
import { cyclesJson, type CycleResult } from '#use-cases/set-cycle-dates';
import type { PlanView } from '#use-cases/show-plan';

const list = (refs: string[]) => (refs.length > 12 ? `${refs.slice(0, 12).join(', ')} and ${refs.length - 12} more` : refs.join(', '));

/** The human summary of an import: counts, the diff, every owner and outcome owner that could not be resolved or reached (with its rows), warnings by row. */
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
    const who = u.field === 'outcomeOwner' ? 'Outcome owner' : 'Owner';
    const why =
      u.reason === 'no-email'
        ? 'has no email address in the people file'
        : u.reason === 'ambiguous'
          ? `could be any of ${u.candidates.join(', ')} in the people file; write it so it names one`
          : 'matches nobody in the people file';
    console.log(`  ${who} "${u.owner}" ${why} (row${u.rows.length === 1 ? '' : 's'} ${u.rows.join(', ')}).`);
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

const wallClock = (iso: string) => iso.slice(0, 16).replace('T', ' ') + (iso.endsWith('+01:00') ? ' BST' : ' GMT');

/** Cycles with their milestones and each one's state (see `milestoneStates`) in UK time; or the `--json` shape. */
export function printCycles(results: CycleResult[], json: boolean, note = ''): void {
  if (json) {
    console.log(JSON.stringify(cyclesJson(results), null, 2));
    for (const r of results) for (const w of r.warnings) console.error(`warning: ${r.cycle.id} ${w}`);
    return;
  }
  if (note) console.log(note);
  if (results.length === 0) console.log('No cycles.');
  for (const r of results) {
    const { cycle } = r;
    console.log(`Cycle ${cycle.id} "${cycle.name}" (${cycle.state}, version ${cycle.version}) of plan ${cycle.planId}`);
    for (const m of r.timeline) console.log(`  ${m.kind.padEnd(16)} ${wallClock(m.at)}  ${m.state}`);
    if (r.removed.length) console.log(`  schedules removed: ${r.removed.join(', ')}`);
    if (r.notified) console.log(`  owners told: ${r.notified}`);
    for (const w of r.warnings) console.log(`  warning: ${w}`);
  }
}

export function printCycleImport(r: ImportCyclesResult, fileName: string): void {
  if (r.errors.length) {
    console.log(`${fileName}: nothing imported; fix these rows and import again:`);
    for (const e of r.errors) console.log(`  row ${e.row}: ${e.message}`);
    return;
  }
  console.log(`${r.stored ? 'Created' : 'Checked (dry run, nothing stored)'} ${r.cycles.length} cycle(s) from ${fileName}.`);
  for (const u of r.unchanged) console.log(`  row ${u.row}: already stored as ${u.cycleId}`);
  printCycles(r.cycles, false);
}
