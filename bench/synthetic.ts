/**
 * Synthetic plans for the benchmark: `owners` people with an email each, and `actions`
 * actions shared out among them in plan order (12 themes, 4 objectives each), as stored
 * objects (for a store that is filled directly) or as the council's CSV files (for the importer).
 */
import type { Action, Person, Plan } from '#domain/model';

export interface SyntheticPlan {
  plan: Plan;
  people: Person[];
  actions: Action[];
}

const THEMES = 12;
const OBJECTIVES = 4;
const initialsOf = (i: number) => `P${i.toString(36).toUpperCase()}`;

export function syntheticPlan(planId: string, owners: number, actions: number): SyntheticPlan {
  const people: Person[] = Array.from({ length: owners }, (_, i) => ({
    key: initialsOf(i),
    name: `Officer ${i} Example`,
    initials: initialsOf(i),
    email: `officer.${i}@council.example.org`,
    role: 'Service manager',
  }));
  const list: Action[] = Array.from({ length: actions }, (_, i) => {
    const theme = i % THEMES;
    const objective = Math.floor(i / THEMES) % OBJECTIVES;
    return {
      planId,
      ref: `${theme + 1}.${objective + 1}.${i + 1}`,
      theme: `Theme ${theme + 1}: children in care are safe and supported`,
      objective: `Objective ${theme + 1}.${objective + 1}`,
      title: `Action ${i + 1}: review placement stability and report the figures to the board`,
      ownerText: initialsOf(i % owners),
      owners: [initialsOf(i % owners)],
      measure: 'Percentage of children with a plan reviewed on time',
      baseline: '82%',
      target: '95%',
      due: '2027-03-31',
      dueText: 'March 2027',
      status: null,
      order: i,
      outcomeOwner: null,
      outcomeOwners: [],
      revisedDue: null,
      revisedDueText: null,
      comments: null,
      extra: {},
      rows: [i + 2],
      archived: false,
    };
  });
  const plan: Plan = { id: planId, name: `Synthetic plan ${planId}`, coordinators: ['coordinator@council.example.org'], createdAt: '2026-11-01T09:00:00.000Z' };
  return { plan, people, actions: list };
}

/** The plan as the two files a council imports: the plan sheet and the people sheet (CSV). */
export function syntheticFiles({ people, actions }: SyntheticPlan): { plan: Buffer; people: Buffer } {
  const names = new Map(people.map((p) => [p.key, p.name]));
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const planRows = [
    'Ref,Theme,Objective,Action,Lead officer,Measure of success,Baseline,Target,Due date,Status',
    ...actions.map((a) =>
      [
        a.ref,
        a.theme ?? '',
        a.objective ?? '',
        a.title,
        names.get(a.owners[0] ?? '') ?? '',
        a.measure ?? '',
        a.baseline ?? '',
        a.target ?? '',
        a.dueText ?? '',
        '',
      ]
        .map(cell)
        .join(','),
    ),
  ];
  const peopleRows = ['Name,Initials,Email,Role', ...people.map((p) => [p.name, p.initials ?? '', p.email ?? '', p.role ?? ''].map(cell).join(','))];
  return { plan: Buffer.from(planRows.join('\n')), people: Buffer.from(peopleRows.join('\n')) };
}
