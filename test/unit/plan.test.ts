import { describe, expect, it } from 'vitest';
import { Action, type Plan } from '#domain/model';
import { planAfterImport } from '#domain/plan';

const NOW = '2026-04-20T08:00:00.000Z';
const STORED: Plan = {
  id: 'nottingham-2011',
  name: 'Corporate Parenting Promise Action Plan',
  coordinators: ['cpb.support@nottingham.example.org'],
  createdAt: '2025-09-01T09:00:00.000Z',
  milestonePolicy: { opensWorkingDaysBeforeDraft: 10, reminderWorkingDaysBeforeDraft: [3], escalationWorkingDaysAfterDraft: null },
};

describe('planAfterImport', () => {
  it('starts a new plan now, named after its id when no name is given', () => {
    // Act
    const plan = planAfterImport(null, { id: 'notts-2012', coordinators: ['lac.team@notts.example.org'] }, NOW);

    // Assess
    expect(plan).toEqual({ id: 'notts-2012', name: 'notts-2012', coordinators: ['lac.team@notts.example.org'], createdAt: NOW });
  });

  it('keeps every setting of the stored plan the import does not give: creation time, calendar, name, coordinators', () => {
    // Act
    const plan = planAfterImport(STORED, { id: STORED.id, coordinators: [] }, NOW);

    // Assess
    expect(plan).toEqual(STORED);
  });

  it('takes a new name and coordinators from the import', () => {
    // Act
    const plan = planAfterImport(STORED, { id: STORED.id, name: 'Promise 2012', coordinators: ['chair@nottingham.example.org'] }, NOW);

    // Assess
    expect(plan).toEqual({ ...STORED, name: 'Promise 2012', coordinators: ['chair@nottingham.example.org'] });
  });
});

describe('Action read back from the store', () => {
  it('reads an action stored before outcome owners were resolved as having none', () => {
    // Prepare: an item as written before `outcomeOwners` existed
    const stored = {
      planId: 'nottingham-2011',
      ref: '1.1',
      theme: 'Be Healthy',
      objective: null,
      title: 'Health assessments',
      ownerText: 'PTO',
      owners: ['PTO'],
      measure: null,
      baseline: null,
      target: null,
      due: null,
      dueText: null,
      status: null,
      order: 0,
      outcomeOwner: 'Helen Blackman',
    };

    // Act
    const action = Action.parse(stored);

    // Assess
    expect(action.outcomeOwner).toBe('Helen Blackman');
    expect(action.outcomeOwners).toEqual([]);
  });
});
