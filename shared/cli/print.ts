import type { ImportCyclesResult } from '#use-cases/import-cycles';
import type { ImportPlanResult } from '#use-cases/import-plan';
import { cyclesJson, type CycleResult } from '#use-cases/set-cycle-dates';
import type { PlanView } from '#use-cases/show-plan';

/** Where the CLI writes, one line per call: stdout and stderr of the run. */
export interface Print {
  out(line: string): void;
  err(line: string): void;
}

const list = (refs: string[]) => (refs.length > 12 ? `${refs.slice(0, 12).join(', ')} and ${refs.length - 12} more` : refs.join(', '));

/** The human summary of an import: counts, the diff, every owner and outcome owner that could not be resolved or reached (with its rows), warnings by row. */
export function printImport(print: Print, r: ImportPlanResult): void {
  const themes = new Set(r.actions.map((a) => a.theme)).size;
  print.out(
    `${r.stored ? 'Imported' : 'Checked (dry run, nothing stored)'} plan ${r.plan.id} "${r.plan.name}": ${r.actions.length} actions in ${themes} themes, ${r.people.length} people.`,
  );
  const c = r.changes;
  if (c.added.length) print.out(`  Added (${c.added.length}): ${list(c.added)}`);
  if (c.changed.length) print.out(`  Changed (${c.changed.length}): ${c.changed.map((x) => `${x.ref} (${x.fields.join(', ')})`).join('; ')}`);
  if (c.archived.length) print.out(`  Archived, no longer in the file (${c.archived.length}): ${list(c.archived)}`);
  if (c.restored.length) print.out(`  Back in the file (${c.restored.length}): ${list(c.restored)}`);
  for (const u of r.unresolvedOwners) {
    const who = u.field === 'outcomeOwner' ? 'Outcome owner' : 'Owner';
    const why =
      u.reason === 'no-email'
        ? 'has no email address in the people file'
        : u.reason === 'ambiguous'
          ? `could be any of ${u.candidates.join(', ')} in the people file; write it so it names one`
          : 'matches nobody in the people file';
    print.out(`  ${who} "${u.owner}" ${why} (row${u.rows.length === 1 ? '' : 's'} ${u.rows.join(', ')}).`);
  }
  if (r.unreachableActions.length) print.out(`  No owner we can email for: ${list(r.unreachableActions)}`);
  for (const w of r.warnings) print.out(`  ${w.file} row ${w.row}: ${w.message}`);
}

/** A plan's actions by theme, with their owners and due dates. */
export function printPlan(print: Print, v: PlanView): void {
  print.out(
    `Plan ${v.plan.id} "${v.plan.name}": ${v.actions.length} actions, ${v.people.length} people; coordinators ${v.plan.coordinators.join(', ') || '(none)'}${v.plan.chairs?.length ? `; chair ${v.plan.chairs.join(', ')}` : ''}`,
  );
  let theme: string | null | undefined;
  for (const a of v.actions) {
    if (a.theme !== theme) {
      theme = a.theme;
      print.out(`\n${theme ?? '(no theme)'}`);
    }
    const owners = a.ownerNames.length ? a.ownerNames.join(', ') : (a.ownerText ?? 'no owner');
    print.out(`  ${a.ref.padEnd(8)} ${a.title.split('\n')[0]!.slice(0, 70)}`);
    print.out(`           owners: ${owners}${a.reachable ? '' : '  [no reachable owner]'}; due: ${a.dueText ?? '-'}${a.archived ? '  [archived]' : ''}`);
  }
}

const wallClock = (iso: string) => iso.slice(0, 16).replace('T', ' ') + (iso.endsWith('+01:00') ? ' BST' : ' GMT');

/** Cycles with their milestones and each one's state (see `milestoneStates`) in UK time; or the `--json` shape. */
export function printCycles(print: Print, results: CycleResult[], json: boolean, note = ''): void {
  if (json) {
    print.out(JSON.stringify(cyclesJson(results), null, 2));
    for (const r of results) for (const w of r.warnings) print.err(`warning: ${r.cycle.id} ${w}`);
    return;
  }
  if (note) print.out(note);
  if (results.length === 0) print.out('No cycles.');
  for (const r of results) {
    const { cycle } = r;
    print.out(`Cycle ${cycle.id} "${cycle.name}" (${cycle.state}, version ${cycle.version}) of plan ${cycle.planId}`);
    for (const m of r.timeline) print.out(`  ${m.kind.padEnd(16)} ${wallClock(m.at)}  ${m.state}`);
    if (r.removed.length) print.out(`  schedules removed: ${r.removed.join(', ')}`);
    if (r.notified) print.out(`  owners told: ${r.notified}`);
    for (const w of r.warnings) print.out(`  warning: ${w}`);
  }
}

/** What a schedule import created, or every bad row when it stored nothing. */
export function printCycleImport(print: Print, r: ImportCyclesResult, fileName: string): void {
  if (r.errors.length) {
    print.out(`${fileName}: nothing imported; fix these rows and import again:`);
    for (const e of r.errors) print.out(`  row ${e.row}: ${e.message}`);
    return;
  }
  print.out(`${r.stored ? 'Created' : 'Checked (dry run, nothing stored)'} ${r.cycles.length} cycle(s) from ${fileName}.`);
  for (const u of r.unchanged) print.out(`  row ${u.row}: already stored as ${u.cycleId}`);
  printCycles(print, r.cycles, false);
}
