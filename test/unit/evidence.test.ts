/**
 * The evidence checks (`domain/evidence.ts`): each rule on answers it must flag and on ones it
 * must not, on actions as the seed plans write them (the 2011 plan's baselines and targets
 * inside the measure text, the 2012 plan's own Baseline and Target columns), then the plan's
 * switches and properties over generated answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvidence, EVIDENCE_RULE_IDS, EvidenceRules, type EvidenceInput, type EvidenceRuleId, rulesOn } from '#domain/evidence';
import { Plan, UpdateStatus } from '#domain/model';
import { anAction } from '#support/models';

/** 3.1.1 of the 2011 plan: two targets in the measure text. */
const PEP = anAction('3.1.1', {
  measure: 'PEP completion rate increased.\nBaseline: 87% - (Jan 2011)\nTarget: 99% in city\nTarget: 85% out of city',
  due: '2011-06-01',
});
/** 5.3.1 of the 2011 plan: "Target: 95%". */
const ACCOMMODATION = anAction('5.3.1', {
  measure: 'Development of new accommodation services.\nCare leavers in suitable accommodation – Baseline: 80.5% - Dec 2010\nTarget: 95%',
  due: '2012-03-31',
});
/** 1.1.1 of the 2011 plan: a baseline with a date, a target "not yet determined". */
const SDQ = anAction('1.1.1', {
  measure: 'Reported rate of SDQ completion (data quality report).\nBaseline (Feb 2011) – 52.8%\nTarget (March 2012): not yet determined',
  due: '2012-03-01',
});
/** 2.1.1 of the 2011 plan: no figure anywhere. */
const POLICY = anAction('2.1.1', { measure: 'Policy exists in revised “Social Care Policy & Procedures Manual”', due: '2011-05-30' });
/** Rows of the 2012 plan, with their own baseline and target cells. */
const OFFICERS = anAction('17', { measure: 'Number of additional LAC Achievement Officers recruited', baseline: '2', target: 'TBC' });
const ADOPTERS = anAction('27', {
  measure: 'Number of adoptors from protected characteristics at least stays the same',
  baseline: 'TBC',
  target: 'no decline',
});
const FLOOR = anAction('11', { measure: 'Termly monitoring of LAC in below floor target schools', baseline: 'TBC (currently low)', target: 'TBC' });
const BOOKLET = anAction('1', { measure: 'Booklet will be completed and will be approved by Children in Care Council', baseline: 'N/A', target: 'N/A' });

const TODAY = '2026-05-01';

function check(action: EvidenceInput['action'], answer: Partial<EvidenceInput['answer']>, more: Partial<EvidenceInput> = {}) {
  return checkEvidence({ action, answer: { status: null, evidence: null, summary: null, ...answer }, previous: null, today: TODAY, ...more });
}
const rules = (flags: ReturnType<typeof check>) => flags.map((f) => f.rule);
const flag = (flags: ReturnType<typeof check>, rule: EvidenceRuleId) => flags.find((f) => f.rule === rule);

describe('no-evidence: On track or Complete with no evidence', () => {
  it.each(['on_track', 'complete'] as const)('flags %s with no evidence, and asks what shows it', (status) => {
    // Act
    const found = flag(check(POLICY, { status, summary: 'Going well.' }, { today: '2011-01-01' }), 'no-evidence');

    // Assess
    expect(found?.reason).toBe(`${status === 'complete' ? 'Complete' : 'On track'} with no evidence given.`);
    expect(found?.question).toMatch(status === 'complete' ? /^What shows that this action is complete — / : /^What shows that this action is on track — /);
  });

  it.each(['n/a', '-', 'As above.', 'TBC', '  ', 'On track', 'no change'])('reads %j as no evidence', (evidence) => {
    // Act / Assess
    expect(rules(check(POLICY, { status: 'on_track', evidence }, { today: '2011-01-01' }))).toEqual(['no-evidence']);
  });

  it('asks for the figure itself when the measure has a target', () => {
    // Act
    const found = flag(check(ACCOMMODATION, { status: 'on_track' }, { today: '2011-01-01' }), 'no-evidence');

    // Assess
    expect(found?.question).toBe('The target is 95% — what is the figure now, and where does it come from?');
  });

  it.each(['at_risk', 'off_track', null] as const)('leaves %s without evidence alone', (status) => {
    // Act / Assess
    expect(rules(check(POLICY, { status }, { today: '2011-01-01' }))).not.toContain('no-evidence');
  });

  it('takes "see summary" as evidence when the summary says something', () => {
    // Act / Assess
    expect(
      rules(check(POLICY, { status: 'on_track', evidence: 'See summary', summary: 'Policy published on the intranet.' }, { today: '2011-01-01' })),
    ).toEqual([]);
    expect(rules(check(POLICY, { status: 'on_track', evidence: 'See summary' }, { today: '2011-01-01' }))).toEqual(['no-evidence']);
  });
});

describe('overdue-on-track: On track after the due date', () => {
  it('flags On track once the due date has passed, naming the date, and asks when it will be done', () => {
    // Act
    const found = flag(check(POLICY, { status: 'on_track', evidence: 'Policy drafted.' }), 'overdue-on-track');

    // Assess
    expect(found).toEqual({
      rule: 'overdue-on-track',
      reason: 'On track, but its due date (30 May 2011) has passed and it is not complete.',
      question: 'It was due by 30 May 2011: is it complete now, or by what date will it be finished?',
    });
  });

  it('judges by the revised due date when there is one', () => {
    // Prepare
    const revised = anAction('24', { due: '2012-09-30', revisedDue: '2026-06-30' });

    // Act / Assess
    expect(rules(check(revised, { status: 'on_track', evidence: 'Paper to the board.' }))).toEqual([]);
    expect(flag(check(revised, { status: 'on_track', evidence: 'Paper to the board.' }, { today: '2026-07-01' }), 'overdue-on-track')?.reason).toBe(
      'On track, but its revised due date (30 June 2026) has passed and it is not complete.',
    );
  });

  it('is not overdue on the due date itself, nor without a date ("Ongoing")', () => {
    // Act / Assess
    expect(rules(check(POLICY, { status: 'on_track', evidence: 'Drafted.' }, { today: '2011-05-30' }))).toEqual([]);
    expect(rules(check(anAction('4', { dueText: 'N/A - Ongoing' }), { status: 'on_track', evidence: 'Reviewed.' }))).toEqual([]);
  });

  it.each(['complete', 'at_risk', 'off_track'] as const)('leaves %s past its date to the report’s overdue list', (status) => {
    // Act / Assess
    expect(rules(check(POLICY, { status, evidence: 'Policy drafted.' }))).not.toContain('overdue-on-track');
  });
});

describe('no-figure: a numeric baseline or target, but no figure in the update', () => {
  it('flags evidence without a figure when the measure has targets, and asks for the figures', () => {
    // Act
    const found = flag(check(PEP, { status: 'at_risk', evidence: 'NI 99 and NI 100 results for 2010/11 are not published until July.' }), 'no-figure');

    // Assess
    expect(found).toEqual({
      rule: 'no-figure',
      reason: 'The measure has targets of 99% in city and 85% out of city, but the update gives no figure.',
      question: 'The targets are 99% in city and 85% out of city — what are the figures now?',
    });
  });

  it('asks about the baseline when the target is not set yet', () => {
    // Act
    const found = flag(check(SDQ, { status: 'at_risk', evidence: 'Data quality report due in June.' }), 'no-figure');

    // Assess
    expect(found?.question).toBe('The baseline is 52.8% (Feb 2011) — what is the figure now?');
  });

  it("reads the 2012 plan's Baseline column: a count is a figure too", () => {
    // Act / Assess
    expect(flag(check(OFFICERS, { status: 'at_risk', evidence: 'Recruitment under way.' }), 'no-figure')?.question).toBe(
      'The baseline is 2 — what is the figure now?',
    );
  });

  it.each([
    ['PEP completion 91% in city and 79% out of city (April 2011).', 'evidence'],
    ['14 young people at the April CiC Council, up from 9 in January.', 'evidence'],
    ['1 in 4 still late.', 'summary'],
  ])('is satisfied by a figure: %j in the %s', (text, field) => {
    // Act / Assess
    expect(rules(check(PEP, { status: 'at_risk', [field]: text }))).not.toContain('no-figure');
  });

  it.each([
    ['no figure anywhere', POLICY],
    ['placeholders only (N/A)', BOOKLET],
    ['"TBC (currently low)" and "target" as a word in the measure', FLOOR],
  ])('does not apply to a measure with %s', (_what, action) => {
    // Act / Assess
    expect(rules(check(action, { status: 'at_risk', evidence: 'Work continues.' }))).not.toContain('no-figure');
  });

  it('is not asked again when no-evidence or complete-target-missing already asks for the figure', () => {
    // Act / Assess
    expect(rules(check(ACCOMMODATION, { status: 'on_track' }, { today: '2011-01-01' }))).toEqual(['no-evidence']);
    expect(rules(check(ACCOMMODATION, { status: 'complete', evidence: 'Signed off at the board.' }))).toEqual(['complete-target-missing']);
  });

  it('asks when no-evidence is switched off', () => {
    // Act / Assess
    expect(rules(check(ACCOMMODATION, { status: 'on_track' }, { today: '2011-01-01', rules: { off: ['no-evidence'] } }))).toEqual(['no-figure']);
  });
});

describe('repeated: the same evidence or summary as the previous cycle', () => {
  const previous = { cycleName: 'Q4 2010/11', answer: { evidence: 'PEP completion 91% in city (April 2011).', summary: 'On schedule.' } };

  it('flags evidence word for word the same as last cycle, whitespace and case aside, naming the cycle', () => {
    // Act
    const found = flag(check(PEP, { status: 'at_risk', evidence: 'pep completion  91% in city\n(April 2011)' }, { previous }), 'repeated');

    // Assess
    expect(found).toEqual({
      rule: 'repeated',
      reason: 'The evidence is the same as in the previous cycle (Q4 2010/11).',
      question: 'Your evidence is word for word the same as in Q4 2010/11 — what has changed since then?',
    });
  });

  it('names both fields when both are the same', () => {
    // Act / Assess
    expect(
      flag(check(PEP, { status: 'at_risk', evidence: 'PEP completion 91% in city (April 2011).', summary: 'On schedule.' }, { previous }), 'repeated')?.reason,
    ).toBe('The evidence and summary are the same as in the previous cycle (Q4 2010/11).');
  });

  it('leaves new text, placeholders and a first cycle alone', () => {
    // Act / Assess
    expect(rules(check(PEP, { status: 'at_risk', evidence: 'PEP completion 93% in city (July 2011).' }, { previous }))).not.toContain('repeated');
    expect(
      rules(check(PEP, { status: 'at_risk', evidence: 'n/a' }, { previous: { cycleName: 'Q4', answer: { evidence: 'n/a', summary: null } } })),
    ).not.toContain('repeated');
    expect(rules(check(PEP, { status: 'at_risk', evidence: 'PEP completion 91% in city (April 2011).' }))).not.toContain('repeated');
  });
});

describe("complete-target-missing: Complete while the measure's target is not mentioned", () => {
  it('flags Complete when the update does not say whether the target was met', () => {
    // Act
    const found = flag(
      check(ACCOMMODATION, { status: 'complete', evidence: 'All care leavers seen; 93% in suitable accommodation.' }),
      'complete-target-missing',
    );

    // Assess
    expect(found).toEqual({
      rule: 'complete-target-missing',
      reason: 'Complete, but the update does not say whether the target (95%) was met.',
      question: 'The target was 95% — was it met, and what was the final figure?',
    });
  });

  it.each(['Target met: 96% in suitable accommodation.', '95% in suitable accommodation (March).', 'Exceeded the target.'])(
    'is satisfied when the update mentions the target: %j',
    (evidence) => {
      // Act / Assess
      expect(rules(check(ACCOMMODATION, { status: 'complete', evidence }))).not.toContain('complete-target-missing');
    },
  );

  it('still asks for the figure when the target is named without one', () => {
    // Act / Assess
    expect(rules(check(ACCOMMODATION, { status: 'complete', evidence: 'Exceeded the target.' }))).toEqual(['no-figure']);
  });

  it('quotes a target in words, and is satisfied by its words', () => {
    // Act / Assess
    expect(flag(check(ADOPTERS, { status: 'complete', evidence: 'Annual count done.' }), 'complete-target-missing')?.question).toBe(
      'The target was “no decline” — was it met?',
    );
    expect(rules(check(ADOPTERS, { status: 'complete', evidence: 'No decline this year: 14 adopters, as last year.' }))).toEqual([]);
  });

  it('does not apply without a target, or with one not yet set', () => {
    // Act / Assess
    expect(rules(check(POLICY, { status: 'complete', evidence: 'Policy published.' }))).toEqual([]);
    expect(rules(check(OFFICERS, { status: 'complete', evidence: '3 officers recruited.' }))).toEqual([]);
    expect(rules(check(SDQ, { status: 'complete', evidence: '61% of SDQs completed.' }))).toEqual([]);
  });
});

describe("a plan's switches", () => {
  it('turns every rule on when the plan says nothing, and leaves out those switched off', () => {
    // Act / Assess
    expect([...rulesOn(undefined)]).toEqual([...EVIDENCE_RULE_IDS]);
    expect([...rulesOn({ off: ['repeated', 'no-figure'] })]).toEqual(['no-evidence', 'overdue-on-track', 'complete-target-missing']);
  });

  it('is kept with the plan, and refuses a rule it does not know', () => {
    // Prepare
    const plan = { id: 'p', name: 'P', coordinators: [], createdAt: '2026-01-01T00:00:00Z' };

    // Act / Assess
    expect(Plan.parse({ ...plan, evidenceRules: { off: ['repeated'] } }).evidenceRules).toEqual({ off: ['repeated'] });
    expect(Plan.parse(plan).evidenceRules).toBeUndefined();
    expect(EvidenceRules.safeParse({ off: ['no-such-rule'] }).success).toBe(false);
  });

  it('gives no flag at all with every rule off', () => {
    // Act / Assess
    expect(check(ACCOMMODATION, { status: 'on_track' }, { rules: { off: [...EVIDENCE_RULE_IDS] } })).toEqual([]);
  });
});

const anyAnswer = fc.record({
  status: fc.constantFrom(null, ...UpdateStatus.options),
  evidence: fc.constantFrom(null, '', 'n/a', 'Policy drafted.', '91% in city.', 'NI 99 results due July.', 'Target met.', 'See summary'),
  summary: fc.constantFrom(null, 'On schedule.', '14 young people attended.', 'No decline.'),
});
const anyAction = fc.constantFrom(PEP, ACCOMMODATION, SDQ, POLICY, OFFICERS, ADOPTERS, FLOOR, BOOKLET);
const anyToday = fc.constantFrom('2011-01-01', '2011-05-30', '2012-04-01', '2026-05-01');
const anyPrevious = fc.constantFrom(null, { cycleName: 'Q4', answer: { evidence: 'Policy drafted.', summary: 'On schedule.' } });
const anyOff = fc.subarray([...EVIDENCE_RULE_IDS]);

describe('the checks, generated', () => {
  it('never flags a rule the plan switched off, and otherwise flags the same as with every rule on', () => {
    fc.assert(
      fc.property(anyAction, anyAnswer, anyPrevious, anyToday, anyOff, (action, answer, previous, today, off) => {
        const all = checkEvidence({ action, answer, previous, today });
        const some = checkEvidence({ action, answer, previous, today, rules: { off } });
        expect(some.filter((f) => off.includes(f.rule))).toEqual([]);
        // switching a rule off only removes its flag (and may let through one it covered)
        for (const f of all) if (!off.includes(f.rule)) expect(some).toContainEqual(f);
      }),
    );
  });

  it('gives each rule at most once, in rule order, each with a reason and one question', () => {
    fc.assert(
      fc.property(anyAction, anyAnswer, anyPrevious, anyToday, (action, answer, previous, today) => {
        const flags = checkEvidence({ action, answer, previous, today });
        const order = flags.map((f) => EVIDENCE_RULE_IDS.indexOf(f.rule));
        expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
        for (const f of flags) {
          expect(f.reason).toMatch(/^[A-Z].*\.$/);
          expect(f.question).toMatch(/\?$/);
          expect(f.question.split('?').length - 1).toBe(1);
        }
      }),
    );
  });

  it('flags no-evidence exactly for On track and Complete without real evidence', () => {
    fc.assert(
      fc.property(anyAction, anyAnswer, anyToday, (action, answer, today) => {
        const thin = answer.evidence === null || ['', 'n/a'].includes(answer.evidence) || (answer.evidence === 'See summary' && answer.summary === null);
        const expected = (answer.status === 'on_track' || answer.status === 'complete') && thin;
        expect(rules(checkEvidence({ action, answer, previous: null, today })).includes('no-evidence')).toBe(expected);
      }),
    );
  });
});
