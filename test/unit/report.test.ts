import { describe, expect, it } from 'vitest';
import { type Action, STATUS_LABELS, UpdateStatus, type Cycle, type Person, type Plan, type Update } from '#domain/model';
import { currentAnswers, type CurrentAnswer } from '#domain/updates';
import { renderReportDelivery } from '#mail/templates/report-delivery';
import { BOUNCED, buildReport, headlineFigures, NO_STATUS, NO_UPDATE, renderReportHtml } from '#reports/progress-report';
import { anAction } from '#support/models';

const PLAN: Plan = {
  id: 'nottingham-2011',
  name: 'Nottingham Promise',
  coordinators: ['cpb@nottingham.example.org'],
  createdAt: '2011-05-01T09:00:00.000Z',
};

const CYCLE: Cycle = {
  id: 'cyc-q1',
  planId: 'nottingham-2011',
  name: 'Q1 2011/12',
  dates: { opens: '2011-05-16', draft: '2011-06-06', briefing: '2011-06-13', final: '2011-06-15', board: '2011-06-20' },
  version: 1,
  state: 'open',
  createdAt: '2011-05-01T09:00:00.000Z',
};

const PEOPLE: Person[] = [
  { key: 'LB', name: 'Lorna Beedham', initials: 'LB', email: 'lorna.beedham@nottingham.example.org', role: null },
  { key: 'MW', name: 'Morvette Williams', initials: 'MW', email: 'morvette.williams@nottingham.example.org', role: null },
];

/** An action of the 2011 plan owned by LB and MW, due 1 June 2011. */
const planAction = (ref: string, theme: string | null, order: number, overrides: Partial<Action> = {}): Action =>
  anAction(ref, { theme, order, ownerText: 'LB/MW', owners: ['LB', 'MW'], due: '2011-06-01', dueText: '1/6/11', ...overrides });

function anUpdate(overrides: Partial<Update>): Update {
  return {
    cycleId: 'cyc-q1',
    actionRef: '3.1.1',
    status: null,
    evidence: null,
    summary: null,
    risks: null,
    mitigation: null,
    from: 'lorna.beedham@nottingham.example.org',
    ownerKey: 'LB',
    late: false,
    onBehalfOf: null,
    receivedAt: '2011-06-01T09:00:00.000Z',
    messageId: '<m1@example.org>',
    rawKey: 'inbound/2011-06-01/m1.eml',
    replyKey: null,
    overflow: {},
    ...overrides,
  };
}

function anAnswer(actionRef: string, overrides: Partial<CurrentAnswer> = {}): CurrentAnswer {
  return {
    actionRef,
    status: 'on_track',
    evidence: null,
    summary: null,
    risks: null,
    mitigation: null,
    from: 'lorna.beedham@nottingham.example.org',
    receivedAt: '2011-06-01T09:00:00.000Z',
    replies: 1,
    late: false,
    ...overrides,
  };
}

function aReport(actions: Action[], answers: CurrentAnswer[]) {
  return buildReport({
    plan: PLAN,
    cycle: CYCLE,
    stage: 'draft',
    actions,
    people: PEOPLE,
    answers: new Map(answers.map((a) => [a.actionRef, a])),
    generatedAt: new Date('2011-06-06T16:00:00.000Z'),
  });
}

describe('currentAnswers', () => {
  it('takes the latest value of each field across replies', () => {
    // Prepare
    const updates = [
      anUpdate({ status: 'at_risk', summary: 'First summary', receivedAt: '2011-06-01T09:00:00.000Z' }),
      anUpdate({ status: 'on_track', summary: 'Second summary', receivedAt: '2011-06-02T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect([answer?.status, answer?.summary]).toEqual(['on_track', 'Second summary']);
  });

  it('keeps an earlier value when a later reply leaves that field empty', () => {
    // Prepare
    const updates = [
      anUpdate({ status: 'at_risk', risks: 'Staff turnover', receivedAt: '2011-06-01T09:00:00.000Z' }),
      anUpdate({ status: 'on_track', risks: null, receivedAt: '2011-06-02T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect(answer?.risks).toBe('Staff turnover');
  });

  it('orders replies by when they were received, not by the order given', () => {
    // Prepare: the later reply comes first in the list
    const updates = [
      anUpdate({ summary: 'Later', from: 'second@example.org', receivedAt: '2011-06-03T09:00:00.000Z' }),
      anUpdate({ summary: 'Earlier', from: 'first@example.org', receivedAt: '2011-06-01T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect(answer).toMatchObject({ summary: 'Later', from: 'second@example.org', receivedAt: '2011-06-03T09:00:00.000Z' });
  });

  it('counts the replies that contributed to an answer', () => {
    // Prepare
    const updates = [
      anUpdate({ status: 'at_risk', receivedAt: '2011-06-01T09:00:00.000Z' }),
      anUpdate({ evidence: 'PEP 91%', receivedAt: '2011-06-02T09:00:00.000Z' }),
      anUpdate({ actionRef: '3.1.2', status: 'complete', receivedAt: '2011-06-02T10:00:00.000Z' }),
    ];

    // Act
    const answers = currentAnswers(updates);

    // Assess
    expect([answers.get('3.1.1')?.replies, answers.get('3.1.2')?.replies]).toEqual([2, 1]);
  });

  it('keeps the answers of different actions apart', () => {
    // Prepare
    const updates = [anUpdate({ actionRef: '3.1.1', summary: 'About PEPs' }), anUpdate({ actionRef: '3.1.2', summary: 'About allowances' })];

    // Act
    const answers = currentAnswers(updates);

    // Assess
    expect([answers.get('3.1.1')?.summary, answers.get('3.1.2')?.summary]).toEqual(['About PEPs', 'About allowances']);
  });
});

describe('buildReport', () => {
  it('groups actions by theme in plan order', () => {
    // Prepare
    const actions = [
      planAction('1.1.1', '1. Be Healthy', 0),
      planAction('2.1.1', '2. Staying Safe', 1),
      planAction('1.1.2', '1. Be Healthy', 2),
      planAction('9.9.9', null, 3),
    ];

    // Act
    const report = aReport(actions, []);

    // Assess
    expect(report.themes.map((t) => [t.theme, t.rows.map((r) => r.action.ref)])).toEqual([
      ['1. Be Healthy', ['1.1.1', '1.1.2']],
      ['2. Staying Safe', ['2.1.1']],
      ['Other actions', ['9.9.9']],
    ]);
  });

  it('counts actions, answered actions and each status', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'T', 0), planAction('1.1.2', 'T', 1), planAction('1.1.3', 'T', 2), planAction('1.1.4', 'T', 3)];
    const answers = [
      anAnswer('1.1.1', { status: 'on_track' }),
      anAnswer('1.1.2', { status: 'on_track' }),
      anAnswer('1.1.3', { status: null, summary: 'No status given' }),
    ];

    // Act
    const report = aReport(actions, answers);

    // Assess
    expect(report.counts).toEqual({ actions: 4, answered: 3, byStatus: { on_track: 2, no_status: 1, none: 1 } });
  });

  it('names the owners from the people list', () => {
    // Act
    const report = aReport([planAction('1.1.1', 'T', 0)], []);

    // Assess
    expect(report.themes[0]?.rows[0]?.owners).toBe('Lorna Beedham, Morvette Williams');
  });

  it('falls back to the owner text when no owner resolved', () => {
    // Act
    const report = aReport([planAction('1.1.1', 'T', 0, { owners: [], ownerText: 'Service Manager CiC' })], []);

    // Assess
    expect(report.themes[0]?.rows[0]?.owners).toBe('Service Manager CiC');
  });
});

describe('renderReportHtml', () => {
  it('says "No update received" for exactly the unanswered actions', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'T', 0), planAction('1.1.2', 'T', 1), planAction('1.1.3', 'T', 2)];
    const report = aReport(actions, [anAnswer('1.1.2', { status: 'at_risk' })]);

    // Act
    const html = renderReportHtml(report);

    // Assess: one status cell per unanswered action (the summary line has its own "No update received: 2")
    const statusCells = [...html.matchAll(/Status<\/th><td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(statusCells).toEqual([NO_UPDATE, 'At risk', NO_UPDATE]);
  });

  it('shows "No status given" for an answer without a status', () => {
    // Prepare
    const report = aReport([planAction('1.1.1', 'T', 0)], [anAnswer('1.1.1', { status: null, summary: 'Some progress' })]);

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).toMatch(/Status<\/th><td[^>]*>No status given<\/td>/);
  });

  it('summarises the counts in one sentence', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'T', 0), planAction('1.1.2', 'T', 1), planAction('1.1.3', 'T', 2)];
    const report = aReport(actions, [anAnswer('1.1.1', { status: 'on_track' }), anAnswer('1.1.2', { status: 'complete' })]);

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).toContain('2 of 3 actions have an update. On track: 1; At risk: 0; Off track: 0; Complete: 1; No update received: 1.');
  });

  it('counts answers without a status in the headline', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'T', 0), planAction('1.1.2', 'T', 1), planAction('1.1.3', 'T', 2)];
    const report = aReport(actions, [anAnswer('1.1.1', { status: 'on_track' }), anAnswer('1.1.2', { status: null, summary: 'Some progress' })]);

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).toContain('2 of 3 actions have an update. On track: 1; At risk: 0; Off track: 0; Complete: 0; No status given: 1; No update received: 1.');
  });

  it('counts bounced owners apart from the rest of the unanswered actions', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'T', 0), planAction('1.1.2', 'T', 1, { owners: ['MW'] }), planAction('1.1.3', 'T', 2)];
    const report = buildReport({
      plan: PLAN,
      cycle: CYCLE,
      stage: 'draft',
      actions,
      people: PEOPLE,
      answers: new Map([['1.1.1', anAnswer('1.1.1', { status: null })]]),
      generatedAt: new Date('2011-06-06T16:00:00.000Z'),
      undeliverable: new Set(['MW']),
    });

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).toContain(
      '1 of 3 actions have an update. On track: 0; At risk: 0; Off track: 0; Complete: 0; No status given: 1; No update received: 1; Email bounced: 1.',
    );
  });

  it('puts the themes in plan order', () => {
    // Prepare
    const report = aReport([planAction('2.1.1', '2. Staying Safe', 0), planAction('1.1.1', '1. Be Healthy', 1)], []);

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect([...html.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1])).toEqual(['2. Staying Safe', '1. Be Healthy']);
  });

  it('escapes user text in titles and answers', () => {
    // Prepare
    const actions = [planAction('1.1.1', 'Health & <b>wellbeing</b>', 0, { title: '<script>alert(1)</script>' })];
    const answers = [anAnswer('1.1.1', { summary: '<img src=x onerror=alert(1)> & more' })];
    const report = aReport(actions, answers);

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).not.toMatch(/<script>|<img|<b>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(html).toContain('Health &amp; &lt;b&gt;wellbeing&lt;/b&gt;');
  });

  it('escapes the plan name in the title', () => {
    // Prepare
    const report = buildReport({
      plan: { ...PLAN, name: 'Promise <2011>' },
      cycle: CYCLE,
      stage: 'board',
      actions: [planAction('1.1.1', 'T', 0)],
      people: PEOPLE,
      answers: new Map(),
      generatedAt: new Date('2011-06-20T07:00:00.000Z'),
    });

    // Act
    const html = renderReportHtml(report);

    // Assess
    expect(html).toContain('<title>Board pack: Promise &lt;2011&gt; - Q1 2011/12</title>');
  });
});

/** A small seeded generator (mulberry32): the same cases on every run, and a failing seed can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plan of up to 30 actions, some with bouncing or no owners, and up to 40 stored updates (statuses, nulls, late, on unknown refs). */
function aGeneratedCase(seed: number) {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people: Person[] = ['LB', 'MW', 'HB', 'SP'].map((key) => ({
    key,
    name: `Person ${key}`,
    initials: key,
    email: random() < 0.8 ? `${key.toLowerCase()}@nottingham.example.org` : null,
    role: null,
  }));
  const actions = Array.from({ length: Math.floor(random() * 31) }, (_, i) =>
    planAction(`${1 + Math.floor(i / 10)}.${i % 10}`, pick(['T1', 'T2', null]), i, {
      owners: people.filter(() => random() < 0.4).map((p) => p.key),
    }),
  );
  const refs = [...actions.map((a) => a.ref), '9.9.9'];
  const statuses = [...UpdateStatus.options, null];
  const updates = Array.from({ length: Math.floor(random() * 41) }, (_, i) =>
    anUpdate({
      actionRef: pick(refs),
      status: pick(statuses),
      summary: random() < 0.5 ? `Summary ${i}` : null,
      late: random() < 0.1,
      receivedAt: new Date(Date.UTC(2011, 5, 1, 9, i)).toISOString(),
      messageId: `<m${i}@example.org>`,
    }),
  );
  const undeliverable = new Set(people.filter(() => random() < 0.3).map((p) => p.key));
  return { actions, people, updates, undeliverable };
}

/** The figures of the rendered headline sentence, e.g. "On track: 2; …; No update received: 1." */
function renderedFigures(html: string): Array<[string, number]> {
  const sentence = /<p>\d+ of \d+ actions have an update\. ([^<]*)\.<\/p>/.exec(html)?.[1] ?? '';
  return sentence.split('; ').map((figure) => {
    const [, label = '', count = ''] = /^(.+): (\d+)$/.exec(figure) ?? [];
    return [label, Number(count)];
  });
}

describe('the report headline on generated updates', () => {
  const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

  it('adds up to the number of actions, each figure named once, in the report and in the email that delivers it', () => {
    const counted = new Set<string>();
    for (const seed of SEEDS) {
      // Prepare
      const { actions, people, updates, undeliverable } = aGeneratedCase(seed);

      // Act
      const report = buildReport({
        plan: PLAN,
        cycle: CYCLE,
        stage: 'draft',
        actions,
        people,
        answers: currentAnswers(updates),
        generatedAt: new Date('2011-06-06T16:00:00.000Z'),
        undeliverable,
      });
      const html = renderReportHtml(report);
      const { text } = renderReportDelivery({
        stageTitle: 'Draft progress report',
        planName: PLAN.name,
        cycleName: CYCLE.name,
        board: CYCLE.dates.board,
        answered: report.counts.answered,
        actions: report.counts.actions,
        byStatus: report.counts.byStatus,
        location: 's3://reports/cyc-q1/draft.html',
        reportHtml: html,
      });

      // Assess
      const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
      const inEmail = [...text.matchAll(/^ {2}.+: (\d+)$/gm)].map((m) => Number(m[1]));
      expect({ seed, figures: sum(headlineFigures(report.counts).map((f) => f.count)) }).toEqual({ seed, figures: actions.length });
      expect({ seed, report: sum(renderedFigures(html).map(([, count]) => count)) }).toEqual({ seed, report: actions.length });
      expect({ seed, email: sum(inEmail) }).toEqual({ seed, email: actions.length });
      const labels = renderedFigures(html).map(([label]) => label);
      expect({ seed, labels }).toEqual({ seed, labels: [...new Set(labels)] });
      for (const [label, count] of renderedFigures(html)) if (count > 0) counted.add(label);
    }

    // Assess: the cases were not vacuous, every kind of figure was counted somewhere
    expect([...counted].sort()).toEqual([...Object.values(STATUS_LABELS), NO_STATUS, NO_UPDATE, BOUNCED].sort());
  });
});
