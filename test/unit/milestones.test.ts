import { describe, expect, it } from 'vitest';
import { addDays } from '#domain/calendar';
import { defaultOpens, planMilestones } from '#domain/milestone-planning';
import { addWorkingDays } from '#domain/working-days';
import { milestoneType, type CycleDates, type MilestoneKind } from '#domain/model';

/** A summer cycle with no bank holiday near its working-day arithmetic. */
const SUMMER: CycleDates = {
  opens: '2026-06-23',
  draft: '2026-07-14',
  briefing: '2026-07-21',
  final: '2026-07-28',
  board: '2026-08-04',
};

const ALL_KINDS: MilestoneKind[] = ['requests-open', 'reminder-5', 'reminder-1', 'draft', 'escalation', 'chairs-briefing', 'final', 'board'];

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

  it('sends reminders at 09:00 five and one working days before the draft deadline', () => {
    // Act
    const at = [atOf(SUMMER, 'reminder-5'), atOf(SUMMER, 'reminder-1')];

    // Assess
    expect(at).toEqual(['2026-07-07T09:00:00.000+01:00', '2026-07-13T09:00:00.000+01:00']);
  });

  it('escalates at 09:00 one working day after the draft deadline', () => {
    // Act
    const at = atOf(SUMMER, 'escalation');

    // Assess
    expect(at).toBe('2026-07-15T09:00:00.000+01:00');
  });

  it('skips bank holidays when counting working days (Easter 2026)', () => {
    // Prepare: draft Tuesday 7 April 2026; Good Friday 3 April and Easter Monday 6 April are bank holidays
    const dates: CycleDates = { opens: '2026-03-16', draft: '2026-04-07', briefing: '2026-04-14', final: '2026-04-21', board: '2026-04-28' };

    // Act
    const reminder1 = atOf(dates, 'reminder-1');
    const reminder5 = atOf(dates, 'reminder-5');
    const escalation = atOf(dates, 'escalation');

    // Assess: one working day back from Tue 7 Apr is Thu 2 Apr; five back is Fri 27 Mar (still GMT)
    expect(reminder1).toBe('2026-04-02T09:00:00.000+01:00');
    expect(reminder5).toBe('2026-03-27T09:00:00.000+00:00');
    expect(escalation).toBe('2026-04-08T09:00:00.000+01:00');
  });

  it('opens requests fifteen working days before a deadline after Christmas, skipping the bank holidays', () => {
    // Act: draft Monday 11 January 2027; Christmas Fri 25 Dec, Boxing Day substitute Mon 28 Dec, New Year Fri 1 Jan
    const opens = defaultOpens('2027-01-11');

    // Assess: an independent count over the England & Wales holidays of winter 2026/27
    const holidays = new Set(['2026-12-25', '2026-12-28', '2027-01-01']);
    let day = '2027-01-11';
    for (let left = 15; left > 0; ) {
      day = addDays(day, -1);
      const dow = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (dow !== 0 && dow !== 6 && !holidays.has(day)) left -= 1;
    }
    expect(opens).toBe(day);
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

  it('gives the eight milestones in time order', () => {
    // Act
    const kinds = planMilestones(SUMMER).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(ALL_KINDS);
  });

  it('drops a reminder that would fall on the opening day', () => {
    // Prepare
    const dates: CycleDates = { ...SUMMER, opens: addWorkingDays(SUMMER.draft, -5) };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(['requests-open', 'reminder-1', 'draft', 'escalation', 'chairs-briefing', 'final', 'board']);
  });

  it('drops a reminder when requests open after it', () => {
    // Prepare
    const dates: CycleDates = { ...SUMMER, opens: '2026-07-09' };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).not.toContain('reminder-5');
    expect(kinds).toContain('reminder-1');
  });

  it('follows a plan policy: other reminder days, no escalation', () => {
    // Act
    const kinds = planMilestones(SUMMER, { opensWorkingDaysBeforeDraft: 15, reminderWorkingDaysBeforeDraft: [3], escalationWorkingDaysAfterDraft: null }).map(
      (m) => m.kind,
    );

    // Assess
    expect(kinds).toEqual(['requests-open', 'reminder-3', 'draft', 'chairs-briefing', 'final', 'board']);
  });

  it("orders by time, so a chair's briefing on the draft day comes before the draft closes", () => {
    // Prepare: briefing 08:00 and draft 17:00 on the same day
    const dates: CycleDates = { ...SUMMER, briefing: SUMMER.draft };

    // Act
    const kinds = planMilestones(dates).map((m) => m.kind);

    // Assess
    expect(kinds).toEqual(['requests-open', 'reminder-5', 'reminder-1', 'chairs-briefing', 'draft', 'escalation', 'final', 'board']);
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
      { kind: 'reminder-5', at: '2026-04-14T09:00:00.000+01:00' },
      { kind: 'reminder-1', at: '2026-04-20T09:00:00.000+01:00' },
      { kind: 'draft', at: '2026-04-21T17:00:00.000+01:00' },
      { kind: 'escalation', at: '2026-04-22T09:00:00.000+01:00' },
      { kind: 'chairs-briefing', at: '2026-04-28T08:00:00.000+01:00' },
      { kind: 'final', at: '2026-05-12T17:00:00.000+01:00' },
      { kind: 'board', at: '2026-05-19T08:00:00.000+01:00' },
    ]);
  });

  describe('for a cycle drafted in every week of 2025-2030', () => {
    const EXPECTED_TIME: Record<ReturnType<typeof milestoneType>, string> = {
      'requests-open': '09:00',
      reminder: '09:00',
      escalation: '09:00',
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

    it('plans every one of the eight milestones exactly once', () => {
      // Act
      const kindLists = cycles.map((dates) =>
        planMilestones(dates)
          .map((m) => m.kind)
          .sort(),
      );

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
        expect(londonWallClock(m.at)).toBe(`${m.at.slice(0, 10)} ${EXPECTED_TIME[milestoneType(m.kind)]}`);
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
