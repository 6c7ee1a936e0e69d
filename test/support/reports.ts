import type { Action, Cycle, Note, Person, Plan, Update } from '#domain/model';
import { buildReportDocument, type ReportInput } from '#reports/report-model';
import { anAction } from './models.ts';

export const REPORT_PLAN: Plan = {
  id: 'nottingham-2011',
  name: 'Nottingham Promise',
  coordinators: ['cpb@nottingham.example.org'],
  createdAt: '2011-05-01T09:00:00.000Z',
};

export const REPORT_CYCLE: Cycle = {
  id: 'cyc-q1',
  planId: 'nottingham-2011',
  name: 'Q1 2011/12',
  dates: { opens: '2011-05-16', draft: '2011-06-06', briefing: '2011-06-13', final: '2011-06-15', board: '2011-06-20' },
  version: 1,
  state: 'open',
  createdAt: '2011-05-01T09:00:00.000Z',
};

export const REPORT_PEOPLE: Person[] = [
  { key: 'LB', name: 'Lorna Beedham', initials: 'LB', email: 'lorna.beedham@nottingham.example.org', role: null },
  { key: 'MW', name: 'Morvette Williams', initials: 'MW', email: 'morvette.williams@nottingham.example.org', role: null },
];

/** An action of the 2011 plan owned by LB, due 1 June 2011 (before the draft day). */
export const aPlanAction = (ref: string, theme: string | null, order: number, overrides: Partial<Action> = {}): Action =>
  anAction(ref, { theme, order, ownerText: 'LB', owners: ['LB'], due: '2011-06-01', dueText: '1/6/11', ...overrides });

let messages = 0;
/** One stored update (a reply's answer about one action) from Lorna Beedham. */
export function anUpdate(overrides: Partial<Update>): Update {
  messages += 1;
  return {
    cycleId: 'cyc-q1',
    actionRef: '1.1',
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
    messageId: `<m${messages}@example.org>`,
    rawKey: `inbound/2011-06-01/m${messages}.eml`,
    replyKey: null,
    overflow: {},
    ...overrides,
  };
}

export const anAutoReply = (ownerKey: string): Note => ({
  cycleId: 'cyc-q1',
  ownerKey,
  kind: 'auto-reply',
  text: 'I am out of the office until Monday 16 May.',
  from: null,
  receivedAt: '2011-05-17T08:00:00.000Z',
  messageId: `<ooo-${ownerKey}@example.org>`,
  replyKey: null,
  overflowKey: null,
});

/** What a report is built from, with nothing stored but what `overrides` give; compiled on draft day, 6 June 2011. */
export function aReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    stage: 'draft',
    plan: REPORT_PLAN,
    cycle: REPORT_CYCLE,
    actions: [],
    people: REPORT_PEOPLE,
    updates: [],
    previous: null,
    notes: [],
    addressStates: new Map(),
    requests: [],
    sends: [],
    held: [],
    draft: null,
    now: new Date('2011-06-06T16:00:00.000Z'),
    ...overrides,
  };
}

export const aReportDocument = (overrides: Partial<ReportInput> = {}) => buildReportDocument(aReportInput(overrides));
