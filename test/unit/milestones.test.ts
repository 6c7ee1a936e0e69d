import { describe, expect, it } from 'vitest';
import { addDays, addWorkingDays } from '#domain/calendar';
import { defaultOpens, planMilestones } from '#domain/milestones';
import type { CycleDates, MilestoneKind } from '#domain/model';

/** A summer cycle with no bank holiday near its working-day arithmetic. */
const SUMMER: CycleDates = {
  opens: '2026-06-23',
  draft: '2026-07-14',
  briefing: '2026-07-21',
  final: '2026-07-28',
  board: '2026-08-04',
};

const ALL_KINDS: MilestoneKind[] = ['requests-open', 'reminder', 'draft', 'chairs-briefing', 'final', 'board'];

const atOf = (dates: CycleDates, kind: MilestoneKind) => planMilestones(dates).find((m) => m.kind === kind)?.at;

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/London wall clock of an instant, as `YYYY-MM-DD HH:mm`, computed independently with Intl. */
function londonWallClock(iso: string): string {
  const parts = Object.fromEntries(LONDON_CLOCK.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

describe('planMilestones', () => {
  it('opens requests at 09:00 London time on the opening day', () => {
    // Act
    const at = atOf(SUMMER, 'requests-open');

    // Assess
    expect(at).toBe('2026-06-23T09:00:00.000+01:00');
  });

  it('sends the reminder at 09:00 five working days before the draft deadline', () => {
    // Act
    const at = atOf(SUMMER, 'reminder');

    // Assess
    expect(at).toBe('2026-07-07T09:00:00.000+01:00');
  });

  it('closes the draft at 17:00 on the draft deadline', () => {
    // Act
    const at = atOf(SUMMER, 'draft');

    // Assess
    expect(at).toBe('2026-07-14T17:00:00.000+01:00');
  });

  it("holds the chair's briefing at 08:00", () => {
    // Act
    const at = atOf(SUMMER, 'chairs-briefing');

    // Assess
    expect(at).toBe('2026-07-21T08:00:00.000+01:00');
  });

  it('closes the final report at 17:00', () => {
    // Act
    const at = atOf(SUMMER, 'final');

    // Assess
    expect(at).toBe('2026-07-28T17:00:00.000+01:00');
  });

  it('marks the board at 08:00', () => {
    // Act
    const at = atOf(SUMMER, 'board');

    // Assess
    expect(at).toBe('2026-08-04T08:00:00.000+01:00');
  });

  it('gives the six milestones in time order', () => {
    // Act
    const kinds = planMilestones(SUMMER).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(ALL_KINDS);
  });

  it('drops the reminder when it would fall on the opening day', () => {
    // Prepare
    const dates: CycleDates = { ...SUMMER, opens: addWorkingDays(SUMMER.draft, -5) };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(['requests-open', 'draft', 'chairs-briefing', 'final', 'board']);
  });

  it('drops the reminder when requests open after it', () => {
    // Prepare
    const dates: CycleDates = { ...SUMMER, opens: '2026-07-09' };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).not.toContain('reminder');
  });

  it("orders by time, so a chair's briefing on the draft day comes before the draft closes", () => {
    // Prepare: briefing 08:00 and draft 17:00 on the same day
    const dates: CycleDates = { ...SUMMER, briefing: SUMMER.draft };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(['requests-open', 'reminder', 'chairs-briefing', 'draft', 'final', 'board']);
  });

  it('keeps each wall-clock time across the spring clock change', () => {
    // Prepare: opens in March (GMT), clocks go forward on 29 March, draft in April (BST)
    const dates: CycleDates = {
      opens: '2026-03-23',
      draft: '2026-04-21',
      briefing: '2026-04-28',
      final: '2026-05-12',
      board: '2026-05-19',
    };

    // Act
    const milestones = planMilestones(dates);

    // Assess
    expect(milestones).toEqual([
      { kind: 'requests-open', at: '2026-03-23T09:00:00.000+00:00' },
      { kind: 'reminder', at: '2026-04-14T09:00:00.000+01:00' },
      { kind: 'draft', at: '2026-04-21T17:00:00.000+01:00' },
      { kind: 'chairs-briefing', at: '2026-04-28T08:00:00.000+01:00' },
      { kind: 'final', at: '2026-05-12T17:00:00.000+01:00' },
      { kind: 'board', at: '2026-05-19T08:00:00.000+01:00' },
    ]);
  });

  describe('for a cycle drafted in every week of 2025-2030', () => {
    const EXPECTED_TIME: Record<MilestoneKind, string> = {
      'requests-open': '09:00',
      reminder: '09:00',
      draft: '17:00',
      'chairs-briefing': '08:00',
      final: '17:00',
      board: '08:00',
    };
    const cycles: CycleDates[] = [];
    for (let draft = '2025-01-07'; draft < '2031-01-01'; draft = addDays(draft, 7)) {
      const briefing = addWorkingDays(draft, 5);
      const final = addWorkingDays(briefing, 5);
      cycles.push({ opens: defaultOpens(draft), draft, briefing, final, board: addWorkingDays(final, 5) });
    }

    it('plans every one of the six milestones exactly once', () => {
      // Act
      const kindLists = cycles.map((dates) => planMilestones(dates).map((m) => m.kind).sort());

      // Assess
      expect(cycles.length).toBeGreaterThan(300);
      for (const kinds of kindLists) expect(kinds).toEqual([...ALL_KINDS].sort());
    });

    it('writes every time as a parseable instant with a +00:00 or +01:00 offset', () => {
      // Act
      const ats = cycles.flatMap((dates) => planMilestones(dates).map((m) => m.at));

      // Assess
      for (const at of ats) {
        expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0[01]:00$/);
        expect(Number.isNaN(Date.parse(at))).toBe(false);
      }
    });

    it('puts every milestone at its London wall-clock time on its day', () => {
      // Act
      const planned = cycles.flatMap((dates) => planMilestones(dates));

      // Assess: an independent Intl reading of each instant shows the day and hour it was planned for
      for (const m of planned) {
        expect(londonWallClock(m.at)).toBe(`${m.at.slice(0, 10)} ${EXPECTED_TIME[m.kind]}`);
      }
    });
  });
});

describe('defaultOpens', () => {
  it('opens requests fifteen working days before the draft deadline', () => {
    // Act
    const opens = defaultOpens('2026-07-14');

    // Assess
    expect(opens).toBe('2026-06-23');
  });
});
