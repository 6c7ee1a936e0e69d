import { describe, expect, it } from 'vitest';
import { checkOverlap, finalDeadline, isLate, milestoneStates, overlappingCycles } from '#domain/cycle';
import { ConflictError } from '#domain/errors';
import { MILESTONE_HOURS } from '#domain/milestones';
import type { Cycle, Milestone } from '#domain/model';

const cycle = (id: string, opens: string, board: string, state: Cycle['state'] = 'scheduled'): Cycle => ({
  id,
  planId: 'plan',
  name: id,
  dates: { opens, draft: opens, briefing: board, final: board, board },
  version: 1,
  state,
  createdAt: '2026-01-01T00:00:00Z',
});

describe('overlapping cycles', () => {
  const q1 = cycle('q1', '2027-01-04', '2027-02-08');

  it('finds a live cycle of the same plan whose time meets this one, including sharing one day', () => {
    expect(overlappingCycles(cycle('q2', '2027-02-08', '2027-03-30'), [q1]).map((c) => c.id)).toEqual(['q1']);
    expect(overlappingCycles(cycle('q2', '2027-02-09', '2027-03-30'), [q1])).toEqual([]);
  });

  it('ignores cancelled and closed cycles, other plans and the cycle itself', () => {
    const same = cycle('x', '2027-01-10', '2027-01-20');
    expect(
      overlappingCycles(same, [{ ...q1, state: 'cancelled' }, { ...q1, id: 'q1b', state: 'closed' }, { ...q1, id: 'q1c', planId: 'other' }, same]),
    ).toEqual([]);
  });

  it('refuses an overlap unless allowed, and then returns it as a warning', () => {
    const q1again = cycle('q1-2', '2027-01-04', '2027-02-08');

    expect(() => checkOverlap(q1again, [q1], false)).toThrow(ConflictError);
    expect(checkOverlap(q1again, [q1], true)).toEqual(['overlaps cycle q1 "q1" (2027-01-04 to 2027-02-08).']);
  });

  it('does not refuse a change again for an overlap that was already accepted', () => {
    const accepted = cycle('q1-2', '2027-01-04', '2027-02-08');
    const moved = { ...accepted, dates: { ...accepted.dates, board: '2027-02-15' } };

    expect(checkOverlap(moved, [q1], false, accepted)).toEqual(['overlaps cycle q1 "q1" (2027-01-04 to 2027-02-08).']);
  });
});

describe('late replies', () => {
  const c = cycle('late', '2027-01-04', '2027-01-26');

  it("reads the final deadline's hour from the milestone calendar, in UK time", () => {
    expect(new Date(finalDeadline(c).getTime()).toISOString()).toBe(`2027-01-26T${String(MILESTONE_HOURS.final).padStart(2, '0')}:00:00.000Z`);
  });

  it('is late only after the final deadline', () => {
    const deadline = finalDeadline(c).getTime();
    expect(isLate(c, new Date(deadline))).toBe(false);
    expect(isLate(c, new Date(deadline + 1))).toBe(true);
  });

  it('follows British Summer Time', () => {
    const summer = cycle('summer', '2027-06-01', '2027-07-06');
    expect(isLate(summer, `2027-07-06T${String(MILESTONE_HOURS.final - 1).padStart(2, '0')}:30:00.000Z`)).toBe(true);
  });
});

describe('milestone states', () => {
  const milestones: Milestone[] = [
    { kind: 'requests-open', at: '2027-01-04T09:00:00.000+00:00' },
    { kind: 'reminder-5', at: '2027-01-10T09:00:00.000+00:00' },
    { kind: 'draft', at: '2027-01-12T17:00:00.000+00:00' },
    { kind: 'board', at: '2027-02-08T08:00:00.000+00:00' },
  ];
  const now = new Date('2027-01-12T12:00:00Z');

  it('says done for what ran, running for what is held, past for what was missed and scheduled for what is ahead', () => {
    const runs = new Map([
      ['requests-open', 'done'],
      ['reminder-5', 'claimed'],
    ] as const);

    expect(milestoneStates({ state: 'open' }, milestones, runs, now).map((m) => m.state)).toEqual(['done', 'running', 'scheduled', 'scheduled']);
    expect(milestoneStates({ state: 'open' }, milestones, new Map(), now).map((m) => m.state)).toEqual(['past', 'past', 'scheduled', 'scheduled']);
  });

  it('says cancelled for what never ran in a cancelled cycle', () => {
    const runs = new Map([['requests-open', 'done']] as const);
    expect(milestoneStates({ state: 'cancelled' }, milestones, runs, now).map((m) => m.state)).toEqual(['done', 'cancelled', 'cancelled', 'cancelled']);
  });
});
