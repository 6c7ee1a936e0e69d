import type { ExpectStatic } from 'vitest';

/** What one scenario did and what came of it. */
export interface Figures {
  scenario: string;
  /** Events delivered (1 fan-out, or one per reply). */
  events: number;
  /** Wire faults the proxies injected (both services). */
  faults: number;
  /** Instances that died at a crash point. */
  crashes: number;
  /** Attempts after the first (redeliveries). */
  retries: number;
  /** Events whose every attempt failed (to the dead-letter queue). */
  deadLetters: number;
  /** Owners never asked, or replies never confirmed. */
  omissions: number;
  /** Replies with an answered action never stored. */
  lost: number;
  /** Emails beyond the first of the same form or confirmation. */
  duplicates: number;
  /**
   * Duplicates the scenario may cause: one per email SES accepted whose record was never
   * written (a crash between the two, or the record's write failing), one per SES answer lost on the wire.
   */
  allowedDuplicates: number;
  /**
   * Duplicates nobody logged: beyond the SES answers lost on the wire (the SDK's resend, out of
   * our sight), every duplicate must come with the resend warning of sendOnce.
   */
  unlogged: number;
  /** Updates stored more than once for the same reply and action. */
  storedTwice: number;
  /** Ledger entries left `claimed` after the retries. */
  stuck: number;
}

const COLUMNS: Array<[keyof Figures, string]> = [
  ['scenario', 'scenario'],
  ['events', 'events'],
  ['faults', 'faults'],
  ['crashes', 'crashes'],
  ['retries', 'retries'],
  ['deadLetters', 'dead-letter'],
  ['omissions', 'omissions'],
  ['lost', 'lost'],
  ['duplicates', 'dups'],
  ['allowedDuplicates', 'dups allowed'],
  ['unlogged', 'dups unlogged'],
  ['storedTwice', 'stored twice'],
  ['stuck', 'stuck claims'],
];

/** The figures as a Markdown table (what docs/reliability.md quotes). */
export function table(rows: Figures[]): string {
  const cells = [COLUMNS.map(([, h]) => h), ...rows.map((r) => COLUMNS.map(([k]) => String(r[k])))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `| ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}

/** The bounds every scenario must hold: nothing omitted, lost, stored twice or stuck; duplicates only where allowed, and logged. */
export function expectWithinBounds(expect: ExpectStatic, f: Figures): void {
  expect(
    {
      deadLetters: f.deadLetters,
      omissions: f.omissions,
      lost: f.lost,
      storedTwice: f.storedTwice,
      stuck: f.stuck,
      duplicatesPastAllowed: Math.max(0, f.duplicates - f.allowedDuplicates),
      unlogged: f.unlogged,
    },
    `${f.scenario}\n${table([f])}`,
  ).toEqual({ deadLetters: 0, omissions: 0, lost: 0, storedTwice: 0, stuck: 0, duplicatesPastAllowed: 0, unlogged: 0 });
}
