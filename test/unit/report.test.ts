import { describe, expect, it } from 'vitest';
import { UpdateStatus, type Update } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { STATUS_DEFINITIONS } from '#domain/vocabulary';
import { renderReportDelivery } from '#mail/templates/report-delivery';
import { STAGE_LAYOUTS, type ReportDocument } from '#reports/document';
import { renderReportPage } from '#reports/html';
import { buildReportDocument, ROW_STATES, STATE_LABELS } from '#reports/report-model';
import { aPlanAction, anAutoReply, anUpdate, aReportDocument, aReportInput, REPORT_CYCLE, REPORT_PEOPLE } from '#support/reports';

const update311 = (overrides: Partial<Update>) => anUpdate({ actionRef: '3.1.1', ...overrides });
const rowsOf = (doc: ReportDocument) => doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows));
const row = (doc: ReportDocument, ref: string) => rowsOf(doc).find((r) => r.ref === ref)!;

describe('currentAnswers', () => {
  it('takes the latest value of each field across replies', () => {
    // Prepare
    const updates = [
      update311({ status: 'at_risk', summary: 'First summary', receivedAt: '2011-06-01T09:00:00.000Z' }),
      update311({ status: 'on_track', summary: 'Second summary', receivedAt: '2011-06-02T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect([answer?.status, answer?.summary]).toEqual(['on_track', 'Second summary']);
  });

  it('keeps an earlier value when a later reply leaves that field empty', () => {
    // Prepare
    const updates = [
      update311({ status: 'at_risk', risks: 'Staff turnover', receivedAt: '2011-06-01T09:00:00.000Z' }),
      update311({ status: 'on_track', risks: null, receivedAt: '2011-06-02T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect(answer?.risks).toBe('Staff turnover');
  });

  it('orders replies by when they were received, not by the order given', () => {
    // Prepare: the later reply comes first in the list
    const updates = [
      update311({ summary: 'Later', from: 'second@example.org', receivedAt: '2011-06-03T09:00:00.000Z' }),
      update311({ summary: 'Earlier', from: 'first@example.org', receivedAt: '2011-06-01T09:00:00.000Z' }),
    ];

    // Act
    const answer = currentAnswers(updates).get('3.1.1');

    // Assess
    expect(answer).toMatchObject({ summary: 'Later', from: 'second@example.org', receivedAt: '2011-06-03T09:00:00.000Z' });
  });

  it('counts the replies that contributed to an answer', () => {
    // Prepare
    const updates = [
      update311({ status: 'at_risk', receivedAt: '2011-06-01T09:00:00.000Z' }),
      update311({ evidence: 'PEP 91%', receivedAt: '2011-06-02T09:00:00.000Z' }),
      update311({ actionRef: '3.1.2', status: 'complete', receivedAt: '2011-06-02T10:00:00.000Z' }),
    ];

    // Act
    const answers = currentAnswers(updates);

    // Assess
    expect([answers.get('3.1.1')?.replies, answers.get('3.1.2')?.replies]).toEqual([2, 1]);
  });

  it('keeps the answers of different actions apart', () => {
    // Prepare
    const updates = [update311({ actionRef: '3.1.1', summary: 'About PEPs' }), update311({ actionRef: '3.1.2', summary: 'About allowances' })];

    // Act
    const answers = currentAnswers(updates);

    // Assess
    expect([answers.get('3.1.1')?.summary, answers.get('3.1.2')?.summary]).toEqual(['About PEPs', 'About allowances']);
  });
});

describe('buildReportDocument', () => {
  it('lists every action exactly once, by theme and then objective, in plan order', () => {
    // Prepare
    const actions = [
      aPlanAction('1.1', 'Health', 0, { objective: 'Checks' }),
      aPlanAction('2.1', 'Education', 1, { objective: 'Schools' }),
      aPlanAction('1.2', 'Health', 2, { objective: 'Dentists' }),
      aPlanAction('1.3', 'Health', 3, { objective: 'Checks' }),
      aPlanAction('9.1', null, 4),
    ];

    // Act
    const doc = aReportDocument({ actions });

    // Assess
    expect(doc.themes.map((t) => [t.theme, t.objectives.map((o) => [o.objective, o.rows.map((r) => r.ref)])])).toEqual([
      [
        'Health',
        [
          ['Checks', ['1.1', '1.3']],
          ['Dentists', ['1.2']],
        ],
      ],
      ['Education', [['Schools', ['2.1']]]],
      ['Other actions', [[null, ['9.1']]]],
    ]);
    expect(
      rowsOf(doc)
        .map((r) => r.ref)
        .sort(),
    ).toEqual(actions.map((a) => a.ref).sort());
  });

  it('gives each action one state: its status, no status given, email bounced, out of office or no update', () => {
    // Prepare
    const people = [...REPORT_PEOPLE, { key: 'SP', name: 'Sameer Patel', initials: 'SP', email: 'sameer.patel@nottingham.example.org', role: null }];
    const actions = [
      aPlanAction('1.1', 'T', 0),
      aPlanAction('1.2', 'T', 1),
      aPlanAction('1.3', 'T', 2, { owners: ['MW'] }),
      aPlanAction('1.4', 'T', 3, { owners: ['SP'] }),
      aPlanAction('1.5', 'T', 4, { owners: [] }),
    ];
    const addressStates = new Map([
      [
        'morvette.williams@nottingham.example.org',
        { email: 'morvette.williams@nottingham.example.org', state: 'bounced' as const, reason: null, at: '2011-05-16T10:00:00.000Z' },
      ],
    ]);

    // Act
    const doc = aReportDocument({
      actions,
      people,
      addressStates,
      notes: [anAutoReply('SP')],
      updates: [anUpdate({ actionRef: '1.1', status: 'at_risk' }), anUpdate({ actionRef: '1.2', summary: 'Going well' })],
    });

    // Assess
    expect(rowsOf(doc).map((r) => [r.ref, r.state, r.stateLabel])).toEqual([
      ['1.1', 'at_risk', 'At risk'],
      ['1.2', 'no_status', 'No status given'],
      ['1.3', 'bounced', 'Email bounced'],
      ['1.4', 'out_of_office', 'Out of office'],
      ['1.5', 'no_update', 'No update received'],
    ]);
  });

  it('judges each trend against the last cycle: improved, worse, the same, or new', () => {
    // Prepare
    const actions = ['1.1', '1.2', '1.3', '1.4', '1.5'].map((ref, i) => aPlanAction(ref, 'T', i));
    const previous = {
      cycle: { ...REPORT_CYCLE, id: 'cyc-q4', dates: { ...REPORT_CYCLE.dates, draft: '2011-03-07' } },
      updates: [
        anUpdate({ cycleId: 'cyc-q4', actionRef: '1.1', status: 'off_track' }),
        anUpdate({ cycleId: 'cyc-q4', actionRef: '1.2', status: 'complete' }),
        anUpdate({ cycleId: 'cyc-q4', actionRef: '1.3', status: 'at_risk' }),
        anUpdate({ cycleId: 'cyc-q4', actionRef: '1.5', status: 'on_track' }),
      ],
    };
    const updates = [
      anUpdate({ actionRef: '1.1', status: 'at_risk' }),
      anUpdate({ actionRef: '1.2', status: 'on_track' }),
      anUpdate({ actionRef: '1.3', status: 'at_risk' }),
      anUpdate({ actionRef: '1.4', status: 'on_track' }),
    ];

    // Act
    const doc = aReportDocument({ actions, previous, updates });

    // Assess
    expect(rowsOf(doc).map((r) => [r.ref, r.lastCycle, r.trend])).toEqual([
      ['1.1', 'off_track', 'improved'],
      ['1.2', 'complete', 'worse'],
      ['1.3', 'at_risk', 'same'],
      ['1.4', null, 'new'],
      ['1.5', 'on_track', null],
    ]);
    expect(doc.trends).toEqual({ improved: 1, worse: 1, same: 1, new: 1 });
  });

  it('flags an action overdue when its (revised) due date is before the report day and it is not complete', () => {
    // Prepare: the report is compiled on 6 June 2011
    const actions = [
      aPlanAction('1.1', 'T', 0, { due: '2011-06-01' }),
      aPlanAction('1.2', 'T', 1, { due: '2011-06-01' }),
      aPlanAction('1.3', 'T', 2, { due: '2011-06-01', revisedDue: '2011-09-01' }),
      aPlanAction('1.4', 'T', 3, { due: '2011-06-06' }),
      aPlanAction('1.5', 'T', 4, { due: null, dueText: 'Ongoing' }),
    ];

    // Act
    const doc = aReportDocument({ actions, updates: [anUpdate({ actionRef: '1.2', status: 'complete' })] });

    // Assess
    expect(rowsOf(doc).map((r) => [r.ref, r.overdue])).toEqual([
      ['1.1', true],
      ['1.2', false],
      ['1.3', false],
      ['1.4', false],
      ['1.5', false],
    ]);
    expect(doc.overdue.map((r) => r.ref)).toEqual(['1.1']);
    expect(row(doc, '1.5').due).toBe('Ongoing');
  });

  it('lists exceptions off track, at risk, overdue, no update, each action once under its first kind', () => {
    // Prepare: 1.1 at risk and overdue; 1.2 overdue without an update; 1.4 off track; 1.5 no update, not due
    const actions = [
      aPlanAction('1.1', 'T', 0),
      aPlanAction('1.2', 'T', 1),
      aPlanAction('1.3', 'T', 2, { due: '2011-12-01' }),
      aPlanAction('1.4', 'T', 3, { due: '2011-12-01' }),
      aPlanAction('1.5', 'T', 4, { due: '2011-12-01' }),
    ];
    const updates = [
      anUpdate({ actionRef: '1.1', status: 'at_risk' }),
      anUpdate({ actionRef: '1.3', status: 'on_track' }),
      anUpdate({ actionRef: '1.4', status: 'off_track' }),
    ];

    // Act
    const doc = aReportDocument({ stage: 'chairs-briefing', actions, updates });

    // Assess
    expect(doc.exceptions.map((e) => [e.kind, e.row.ref])).toEqual([
      ['off_track', '1.4'],
      ['at_risk', '1.1'],
      ['overdue', '1.2'],
      ['no_update', '1.5'],
    ]);
  });

  it('marks every change since the draft in the final report, and an action the draft did not have', () => {
    // Prepare
    const actions = [aPlanAction('1.1', 'T', 0), aPlanAction('1.2', 'T', 1), aPlanAction('1.3', 'T', 2)];
    const first = [anUpdate({ actionRef: '1.1', status: 'at_risk', summary: 'Behind' }), anUpdate({ actionRef: '1.2', status: 'on_track' })];
    const draft = aReportDocument({ actions: actions.slice(0, 2), updates: first });
    const correction = anUpdate({ actionRef: '1.1', status: 'off_track', summary: 'Slipped', receivedAt: '2011-06-10T09:00:00.000Z' });
    const revised = actions.map((a) => (a.ref === '1.2' ? { ...a, revisedDue: '2011-09-01' } : a));

    // Act
    const final = aReportDocument({ stage: 'final', actions: revised, updates: [...first, correction], draft, now: new Date('2011-06-15T16:00:00.000Z') });

    // Assess
    expect(final.comparedWithDraft).toBe(true);
    expect(row(final, '1.1').changes).toEqual([
      { field: 'state', before: 'At risk', after: 'Off track' },
      { field: 'summary', before: 'Behind', after: 'Slipped' },
    ]);
    expect(row(final, '1.2').changes).toEqual([{ field: 'revisedDue', before: null, after: '2011-09-01' }]);
    expect(row(final, '1.3').changes).toEqual([{ field: 'state', before: null, after: 'No update received' }]);
    expect(final.changedRows).toBe(3);
    expect(rowsOf(draft).every((r) => r.changes.length === 0)).toBe(true);
  });

  it('tracks each owner: asked, reminded, answered, bounced, out of office and replies held', () => {
    // Prepare
    const actions = [aPlanAction('1.1', 'T', 0), aPlanAction('1.2', 'T', 1, { owners: ['MW'] })];
    const request = (ownerKey: string, email: string) => ({
      cycleId: 'cyc-q1',
      planId: 'nottingham-2011',
      ownerKey,
      ownerName: ownerKey,
      email,
      requestId: `r-${ownerKey}`,
      token: 't',
      actionRefs: [],
      expiresAt: '2011-07-01T00:00:00Z',
      createdAt: '2011-05-16T08:59:00.000Z',
    });

    // Act
    const doc = aReportDocument({
      actions,
      requests: [request('LB', REPORT_PEOPLE[0]!.email!), request('MW', REPORT_PEOPLE[1]!.email!)],
      sends: [
        { milestone: 'requests-open', ownerKey: 'LB', state: 'done', sentAt: '2011-05-16T09:00:00.000Z' },
        { milestone: 'requests-open', ownerKey: 'MW', state: 'done', sentAt: '2011-05-16T09:00:01.000Z' },
        { milestone: 'reminder-1', ownerKey: 'MW', state: 'done', sentAt: '2011-06-03T09:00:00.000Z' },
        { milestone: 'reminder-5', ownerKey: 'MW', state: 'done', sentAt: '2011-05-27T09:00:00.000Z' },
      ],
      updates: [anUpdate({ actionRef: '1.1', status: 'on_track', receivedAt: '2011-05-20T10:00:00.000Z' })],
      notes: [anAutoReply('MW')],
      held: [
        {
          cycleId: 'cyc-q1',
          heldId: 'h1',
          ownerKey: 'MW',
          from: 'pa@example.org',
          messageId: '<h1@x>',
          rawKey: 'k',
          receivedAt: '2011-05-18T09:00:00.000Z',
          replyKey: null,
          state: 'held',
        },
      ],
    });

    // Assess
    expect(doc.tracker).toEqual([
      {
        owner: 'Lorna Beedham',
        email: 'lorna.beedham@nottingham.example.org',
        actions: 1,
        askedAt: '2011-05-16T09:00:00.000Z',
        remindedAt: [],
        answeredAt: '2011-05-20T10:00:00.000Z',
        bounced: false,
        outOfOffice: false,
        held: 0,
      },
      {
        owner: 'Morvette Williams',
        email: 'morvette.williams@nottingham.example.org',
        actions: 1,
        askedAt: '2011-05-16T09:00:01.000Z',
        remindedAt: ['2011-05-27T09:00:00.000Z', '2011-06-03T09:00:00.000Z'],
        answeredAt: null,
        bounced: false,
        outOfOffice: true,
        held: 1,
      },
    ]);
    expect(doc.response).toEqual({ actions: 2, answered: 1, ownersAsked: 2, ownersAnswered: 1 });
    expect(row(doc, '1.1').answeredBy).toBe('Lorna Beedham');
  });

  it('lists late replies, carried to the next cycle', () => {
    // Act
    const doc = aReportDocument({
      stage: 'board',
      actions: [aPlanAction('1.1', 'T', 0), aPlanAction('1.2', 'T', 1)],
      updates: [anUpdate({ actionRef: '1.1', status: 'at_risk', late: true }), anUpdate({ actionRef: '1.2', status: 'on_track' })],
    });

    // Assess
    expect(doc.lateReplies.map((r) => r.ref)).toEqual(['1.1']);
  });

  it('gives the same document for the same stored data', () => {
    // Prepare
    const input = aReportInput({ actions: [aPlanAction('1.1', 'T', 0)], updates: [anUpdate({ actionRef: '1.1', status: 'at_risk' })] });

    // Act, Assess
    expect(JSON.stringify(buildReportDocument(input))).toBe(JSON.stringify(buildReportDocument(input)));
  });
});

describe('the report page', () => {
  const doc = aReportDocument({
    actions: [
      aPlanAction('1.1', 'T <b>1</b>', 0, { title: 'Close <script>alert(1)</script> gaps' }),
      ...UpdateStatus.options.map((_, i) => aPlanAction(`2.${i}`, 'T2', i + 1)),
    ],
    updates: UpdateStatus.options.map((status, i) => anUpdate({ actionRef: `2.${i}`, status, summary: `Summary & "${i}"` })),
  });
  const html = renderReportPage(doc);

  it.each(UpdateStatus.options)('shows %s on its colour and in words', (status) => {
    // Assess
    const s = STATUS_DEFINITIONS[status];
    expect(html).toContain(`background-color:${s.background};color:${s.text};font-weight:bold">${s.label}`);
  });

  it('escapes user text', () => {
    // Assess
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('Close &lt;script&gt;alert(1)&lt;/script&gt; gaps');
    expect(html).toContain('T &lt;b&gt;1&lt;/b&gt;');
  });

  it.each(Object.keys(STAGE_LAYOUTS) as Array<keyof typeof STAGE_LAYOUTS>)('shows the sections of the %s in its layout order', (stage) => {
    // Act
    const page = renderReportPage({ ...doc, stage });
    const headings = [...page.matchAll(/<h2 [^>]*>([^<]+)<\/h2>/g)].map((m) => m[1]!);

    // Assess: the first words of each heading, in order, against the layout
    const expected: Record<string, RegExp> = {
      'one-page-summary': /^Summary$/,
      purpose: /Purpose$/,
      headline: /Headline figures|Summary of progress/,
      response: /^Response$/,
      overdue: /^Overdue actions/,
      trends: /Status changes since the last cycle/,
      chart: /Status by theme/,
      tracker: /Response tracker/,
      exceptions: /^Exceptions/,
      checks: /^Updates to check/,
      'theme-lines': /^Themes$/,
      changes: /^Changes since the draft/,
      table: /by theme and objective/,
      'late-replies': /Late replies/,
      notes: /Notes from owners/,
    };
    const wanted = STAGE_LAYOUTS[stage].filter((s) => s !== 'notes' || doc.notes.length > 0);
    expect(headings.length).toBe(wanted.length);
    for (const [i, section] of wanted.entries())
      expect({ section, heading: headings[i] }).toEqual({ section, heading: expect.stringMatching(expected[section]!) });
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

/** A plan of up to 30 actions, some with bouncing, away or no owners, and up to 40 stored updates (statuses, nulls, late, on unknown refs). */
function aGeneratedCase(seed: number) {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people = ['LB', 'MW', 'HB', 'SP'].map((key) => ({
    key,
    name: `Person ${key}`,
    initials: key,
    email: random() < 0.8 ? `${key.toLowerCase()}@nottingham.example.org` : null,
    role: null,
  }));
  const actions = Array.from({ length: Math.floor(random() * 31) }, (_, i) =>
    aPlanAction(`${1 + Math.floor(i / 10)}.${i % 10}`, pick(['T1', 'T2', null]), i, { owners: people.filter(() => random() < 0.4).map((p) => p.key) }),
  );
  const refs = [...actions.map((a) => a.ref), '9.9.9'];
  const statuses = [...UpdateStatus.options, null];
  const updates = Array.from({ length: Math.floor(random() * 41) }, (_, i) =>
    anUpdate({ actionRef: pick(refs), status: pick(statuses), late: random() < 0.1, receivedAt: new Date(Date.UTC(2011, 5, 1, 9, i)).toISOString() }),
  );
  const bounced = people.filter((p) => p.email && random() < 0.3);
  const addressStates = new Map(bounced.map((p) => [p.email!, { email: p.email!, state: 'bounced' as const, reason: null, at: '2011-05-16T10:00:00.000Z' }]));
  const notes = people.filter(() => random() < 0.3).map((p) => anAutoReply(p.key));
  return { actions, people, updates, addressStates, notes };
}

describe('the report headline on generated updates', () => {
  const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

  it('adds up to the number of actions, each state once, in the document, the page and the email', () => {
    const counted = new Set<string>();
    for (const seed of SEEDS) {
      // Prepare
      const input = aGeneratedCase(seed);

      // Act
      const doc = aReportDocument(input);
      const { text } = renderReportDelivery({ doc, files: [], attach: true });
      const page = renderReportPage(doc);

      // Assess
      const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
      const inEmail = [...text.matchAll(/^ {2}(.+): (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])] as const);
      const answered = new Set(input.updates.map((u) => u.actionRef).filter((r) => input.actions.some((a) => a.ref === r))).size;
      expect({ seed, figures: sum(doc.headline.map((f) => f.count)) }).toEqual({ seed, figures: input.actions.length });
      expect({ seed, labels: doc.headline.map((f) => f.state) }).toEqual({ seed, labels: [...ROW_STATES] });
      expect({ seed, email: sum(inEmail.map(([, n]) => n)) }).toEqual({ seed, email: input.actions.length });
      expect({ seed, answered: doc.response.answered }).toEqual({ seed, answered });
      expect({ seed, themes: sum(doc.themeSummaries.map((t) => t.actions)) }).toEqual({ seed, themes: input.actions.length });
      expect(page).toContain(`<strong>${input.actions.length}</strong>`);
      for (const f of doc.headline) if (f.count > 0) counted.add(f.label);
    }

    // Assess: the cases were not vacuous, every kind of figure was counted somewhere
    expect([...counted].sort()).toEqual(Object.values(STATE_LABELS).sort());
  });
});
