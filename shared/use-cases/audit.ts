import * as z from 'zod';
import type { AuditEntry } from '#domain/model';
import { csvText } from '#reports/csv';
import type { Deps } from './deps.ts';

/** Who made a decision, as every door names them: the web user, `cli:<login>`, or `system`. */
export const Actor = z.string().trim().min(1).max(200).default('system');

/**
 * Records a decision in the append-only audit log, at the clock's time. The id names the
 * decision itself, so a retried request that made it already adds nothing.
 */
export async function recordDecision(entry: Omit<AuditEntry, 'at'> & { at?: string }, { store, clock }: Pick<Deps, 'store' | 'clock'>): Promise<void> {
  await store.appendAudit({ ...entry, at: entry.at ?? clock.now().toISOString() });
}

const COLUMNS = ['When (UTC)', 'Who', 'Decision', 'Plan', 'Cycle', 'What'] as const;

/** The log as CSV (RFC 4180, a byte-order mark so Excel reads UTF-8; formula-like cells neutralised). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvText(
    COLUMNS,
    entries.map((e) => [e.at, e.actor, e.action, e.planId ?? '', e.cycleId ?? '', e.summary]),
  );
}
