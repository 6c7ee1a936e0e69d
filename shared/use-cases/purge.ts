import * as z from 'zod';
import { addDays, formatLongDate, londonDate, londonInstant } from '#domain/calendar';
import { UserError } from '#domain/errors';
import { IsoDate } from '#domain/model';
import type { RecordKind, RecordRef, StoredRecord } from '#ports/store';
import { Actor, recordDecision } from './audit.ts';
import { reportPrefix } from './compile-report.ts';
import type { Deps, RetentionSettings } from './deps.ts';

/** Raw inbound mail: SES's receipt rule writes under it in AWS, ingestReply locally. */
const RAW_MAIL_PREFIX = 'inbound/';
/** The whole text of an answer too long for its item (ingest-reply's `fitted`): part of its update, not raw mail. */
const LONG_TEXT_PREFIX = 'inbound/overflow/';

/** Records deleted in one call of the store (it batches them 25 a request). */
const RECORDS_PER_CALL = 100;
/** Blobs deleted in one call of the blob store (one S3 DeleteObjects takes 1,000). */
const BLOBS_PER_CALL = 1000;

export const PurgeInput = z.object({
  /** Delete what is strictly before this Europe/London day; without it, today minus the retention settings. */
  before: IsoDate.refine((d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d, 'not a real date').optional(),
  /** Count what would go, delete and record nothing. */
  dryRun: z.boolean().default(false),
  actor: Actor,
});
export type PurgeInput = z.input<typeof PurgeInput>;

/** What a purge deletes, by kind, in the order it is printed. */
export const PURGE_KINDS = [
  ['updates', 'update', 'updates'],
  ['notes', 'note (out-of-office or text outside the form)', 'notes (out-of-office or text outside the form)'],
  ['heldReplies', 'held reply', 'held replies'],
  ['privacyReviews', 'personal-data check', 'personal-data checks'],
  ['heldNotices', 'notice to a held reply’s sender', 'notices to held replies’ senders'],
  ['rejections', 'rejected mail record', 'rejected mail records'],
  ['quarantined', 'quarantined mail record', 'quarantined mail records'],
  ['inboundRecords', 'inbound mail record', 'inbound mail records'],
  ['explanations', 'explanation sent to a sender', 'explanations sent to senders'],
  ['reports', 'report record', 'report records'],
  ['reportFiles', 'report file', 'report files'],
  ['rawMail', 'raw mail message', 'raw mail messages'],
  ['longTexts', 'long answer text', 'long answer texts'],
] as const;
export type PurgeCounts = Record<(typeof PURGE_KINDS)[number][0], number>;

/** Which count each kind of stored record goes to. */
const COUNT_OF: Record<RecordKind, keyof PurgeCounts> = {
  update: 'updates',
  note: 'notes',
  held: 'heldReplies',
  'privacy-review': 'privacyReviews',
  'held-notice': 'heldNotices',
  rejection: 'rejections',
  quarantine: 'quarantined',
  inbound: 'inboundRecords',
  explanation: 'explanations',
  report: 'reports',
};

export interface PurgeResult {
  /** Content received before this day went (and the reports of cycles whose board was before it). */
  before: IsoDate;
  /** Raw mail older than this day went too (the same day when `--before` was given). */
  rawMailBefore: IsoDate;
  dryRun: boolean;
  counts: PurgeCounts;
  /** The cycles some of whose content went. */
  cycles: string[];
  /** The audit entry of this purge (null on a dry run, or when there was nothing to delete). */
  auditId: string | null;
}

interface Cutoffs {
  before: IsoDate;
  rawMailBefore: IsoDate;
}

/** The days a purge deletes before: the one given, or today minus each retention. */
function cutoffsOf(before: IsoDate | undefined, today: IsoDate, retention: RetentionSettings | null): Cutoffs {
  if (before !== undefined) {
    if (before > today) {
      throw new UserError(
        `--before ${before} is after today (${today}): only what is already past can be purged. Give today or an earlier day, e.g. --before ${addDays(today, -365)}.`,
        'before',
      );
    }
    return { before, rawMailBefore: before };
  }
  if (!retention) {
    throw new UserError(
      'this stage does not say how long to keep updates (its functions were deployed before retention settings existed): redeploy it (npx cdk deploy --all -c stage=<stage>), or give the day yourself, e.g. purge --before 2019-04-01.',
      'before',
    );
  }
  return { before: addDays(today, -retention.updateDays), rawMailBefore: addDays(today, -retention.rawMailDays) };
}

/** What one purge deletes: found first, in full, so a dry run and a real run count the same. */
interface Plan {
  records: StoredRecord[];
  blobs: { rawMail: string[]; longTexts: string[]; reportFiles: string[] };
  cycles: string[];
}

async function planPurge(cutoffs: Cutoffs, { store, blobs }: Pick<Deps, 'store' | 'blobs'>): Promise<Plan> {
  // The start of each day in London, as an instant.
  const contentBefore = londonInstant(cutoffs.before, 0).getTime();
  const before = (r: StoredRecord) => Date.parse(r.at) < contentBefore;
  const rawBefore = londonInstant(cutoffs.rawMailBefore, 0).getTime();
  const records: StoredRecord[] = [];
  const reportFiles: string[] = [];
  const cycles = new Set<string>();

  const plans = await store.listPlans();
  for (const plan of plans) {
    for (const cycle of await store.listCycles(plan.id)) {
      // A report is one document of its board meeting: it goes once its board date is past the cut.
      const boardMet = cycle.dates.board < cutoffs.before;
      const found = (await store.cycleRecords(cycle.id)).filter((r) => (r.kind === 'report' ? boardMet : before(r)));
      const files = boardMet ? (await blobs.list(reportPrefix(cycle.id))).map((b) => b.key) : [];
      if (found.length > 0 || files.length > 0) cycles.add(cycle.id);
      records.push(...found);
      reportFiles.push(...files);
    }
  }
  for await (const page of store.mailRecords()) records.push(...page.filter(before));

  // Only blobs that are there count (and are deleted): the bucket's lifecycle may have taken a
  // record's raw mail already, and a retried purge finds what the first attempt deleted gone.
  const stored = new Map((await blobs.list(RAW_MAIL_PREFIX)).map((b) => [b.key, b.lastModified.getTime()]));
  const named = new Set(records.flatMap((r) => r.blobs).filter((k) => stored.has(k)));
  const longTexts = [...named].filter((k) => k.startsWith(LONG_TEXT_PREFIX));
  const rawMail = new Set([...named].filter((k) => !k.startsWith(LONG_TEXT_PREFIX)));
  // Raw mail past its own retention goes whatever record it belongs to; a long text stays with its update.
  for (const [key, modified] of stored) if (!key.startsWith(LONG_TEXT_PREFIX) && modified < rawBefore) rawMail.add(key);

  return { records, blobs: { rawMail: [...rawMail].sort(), longTexts: longTexts.sort(), reportFiles }, cycles: [...cycles].sort() };
}

function countsOf(plan: Plan): PurgeCounts {
  const counts = Object.fromEntries(PURGE_KINDS.map(([key]) => [key, 0])) as PurgeCounts;
  for (const r of plan.records) counts[COUNT_OF[r.kind]] += 1;
  counts.rawMail = plan.blobs.rawMail.length;
  counts.longTexts = plan.blobs.longTexts.length;
  counts.reportFiles = plan.blobs.reportFiles.length;
  return counts;
}

const total = (counts: PurgeCounts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** "what was received before 1 April 2024 (raw mail: before …), and the reports of cycles whose board met before then" */
export function describeCut({ before, rawMailBefore }: Cutoffs): string {
  const raw = rawMailBefore === before ? '' : ` (raw mail: before ${formatLongDate(rawMailBefore)})`;
  return `what was received before ${formatLongDate(before)}${raw}, and the reports of cycles whose board met before then`;
}

/** "12 updates, 1 held reply": the kinds with anything in them. */
function describeCounts(counts: PurgeCounts): string {
  const parts = PURGE_KINDS.filter(([key]) => counts[key] > 0).map(([key, one, many]) => `${counts[key]} ${counts[key] === 1 ? one : many}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing';
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Deletes what the plan found: the blobs first, then the records that name them, so a purge
 * stopped part-way never leaves a blob that nothing names any more (the rerun finds the
 * records again, with whatever blobs of theirs are left). Records go kind by kind.
 */
async function execute(plan: Plan, { store, blobs }: Pick<Deps, 'store' | 'blobs'>): Promise<void> {
  for (const keys of chunks([...plan.blobs.longTexts, ...plan.blobs.rawMail, ...plan.blobs.reportFiles], BLOBS_PER_CALL)) await blobs.delete(keys);
  const byKind = new Map<RecordKind, RecordRef[]>();
  for (const r of plan.records) {
    const refs = byKind.get(r.kind) ?? [];
    refs.push(r.ref);
    byKind.set(r.kind, refs);
  }
  for (const refs of byKind.values()) for (const chunk of chunks(refs, RECORDS_PER_CALL)) await store.deleteRecords(chunk);
}

/**
 * Deletes personal content past its retention, keeping plans, actions, people, cycles,
 * requests, the send and milestone ledgers, address states and the audit log
 * (docs/retention.md says what and why).
 * 1. the cut: `before` (a Europe/London day; what is strictly before it goes), or today minus
 *    the update retention, with raw mail older than its own retention too
 * 2. find: each cycle's updates, notes, held replies and notices to their senders received
 *    before the cut (queries of the cycle), the reports and report files of cycles whose board
 *    met before it, then the records of mail not acted on and the inbound ledger (one Scan),
 *    and the raw mail and long answer texts they name (only those still stored)
 * 3. a dry run stops here with the counts
 * 4. the audit entry, counts only: its id is the cut, so a rerun (after a crash, or twice)
 *    records it once; it is written before the first delete, so a purge stopped part-way is
 *    on the log, and running it again finishes it
 * 5. delete blobs, then records; anything already gone is no error
 */
export async function purge(rawInput: PurgeInput, deps: Pick<Deps, 'store' | 'blobs' | 'clock' | 'logger' | 'retention'>): Promise<PurgeResult> {
  const input = PurgeInput.parse(rawInput);
  const cutoffs = cutoffsOf(input.before, londonDate(deps.clock.now()), deps.retention);
  const plan = await planPurge(cutoffs, deps);
  const counts = countsOf(plan);
  const result: PurgeResult = { ...cutoffs, dryRun: input.dryRun, counts, cycles: plan.cycles, auditId: null };
  if (input.dryRun || total(counts) === 0) return result;

  const auditId = `purge#${cutoffs.before}#${cutoffs.rawMailBefore}`;
  await recordDecision(
    {
      id: auditId,
      actor: input.actor,
      action: 'purge',
      planId: null,
      cycleId: null,
      summary: `Purged ${describeCut(cutoffs)}: ${describeCounts(counts)}${plan.cycles.length > 0 ? `, from ${plan.cycles.length} cycle(s)` : ''}.`,
    },
    deps,
  );
  deps.logger.info('purging', { before: cutoffs.before, rawMailBefore: cutoffs.rawMailBefore, ...counts });
  await execute(plan, deps);
  return { ...result, auditId };
}
