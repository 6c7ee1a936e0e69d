import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImportPlanInput } from '#use-cases/import-plan';

const file = (name: string) => fileURLToPath(new URL(`./sample/${name}`, import.meta.url));

/** The sample plan loaded by `npm start` and the demo: Nottingham's 2011 Corporate Parenting Promise. */
export function samplePlanInput(): ImportPlanInput {
  return {
    planId: 'nottingham-2011',
    name: 'Corporate Parenting Promise Action Plan',
    plan: { fileName: 'nottingham-promise-2011.csv', content: readFileSync(file('nottingham-promise-2011.csv')) },
    people: { fileName: 'nottingham-promise-2011.people.csv', content: readFileSync(file('nottingham-promise-2011.people.csv')) },
    coordinators: ['cpb.support@nottingham.example.org'],
    chairs: ['board.chair@nottingham.example.org'],
  };
}
