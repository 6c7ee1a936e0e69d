import * as z from 'zod';
import { previousCycleOf } from '#domain/cycle';
import { NotFoundError } from '#domain/errors';
import type { Cycle, Plan, PrivacyReview, Report, ReportStage } from '#domain/model';
import { type ReportFile, renderReportDelivery } from '#mail/templates/report-delivery';
import { STAGE_TITLES, type ReportDocument } from '#reports/document';
import { CONTENT_TYPES, REPORT_FORMATS, RENDERERS, type ReportFormat } from '#reports/formats';
import { buildReportDocument, type ReportInput } from '#reports/report-model';
import type { OutgoingEmail } from '#ports/mailer';
import type { Deps } from './deps.ts';
import { reviewPersonalData, tellOwnersWithheld } from './privacy-review.ts';
import { sendOnce } from './send-once.ts';

/** Where a cycle's compiled reports are kept: every stage and format of it, and nothing else, is under it. */
export const reportPrefix = (cycleId: string) => `reports/${cycleId}/`;

/** Where a stage's file of a cycle is kept: one stable name per cycle, stage and format. */
export const reportKey = (cycleId: string, stage: ReportStage, ext: ReportFormat | 'json') => `${reportPrefix(cycleId)}${stage}.${ext}`;

/** The message size up to which the files are attached (SES takes 10 MB; base64 adds a third). */
export const ATTACH_LIMIT_BYTES = 7 * 1024 * 1024;
/** SES's limit on a whole message, never to be reached. */
export const SES_LIMIT_BYTES = 10 * 1024 * 1024;
/** How long a download link in a report email works (S3 presigning allows at most 7 days). */
export const LINK_EXPIRY_SECONDS = 7 * 24 * 3600;

export interface CompiledFile extends ReportFile {
  format: ReportFormat;
  key: string;
}

export interface CompiledReport {
  report: Report;
  /** Board pack: the checks whose entries it holds back (pending a coordinator's decision). */
  withheld: PrivacyReview[];
  doc: ReportDocument;
  files: CompiledFile[];
  /** Where the HTML page is kept (`blobs.locate`). */
  location: string;
}

/** What the final report reads back of the draft's document: its rows (validated, the rest kept as it is). */
const StoredDocument = z.looseObject({
  stage: z.string(),
  generatedAt: z.string(),
  themes: z.array(z.looseObject({ objectives: z.array(z.looseObject({ rows: z.array(z.looseObject({ ref: z.string(), stateLabel: z.string() })) })) })),
});

async function storedDocument(key: string, blobs: Deps['blobs']): Promise<ReportDocument | null> {
  const body = await blobs.get(key);
  if (!body) return null;
  const value: unknown = JSON.parse(body.toString('utf8'));
  // Checked, then used as written: zod's output would put its keys first, and the JSON is compared as written.
  return StoredDocument.safeParse(value).success ? (value as ReportDocument) : null;
}

/** The plan's cycle before this one (by draft date, not cancelled), or null. */
async function previousCycle(cycle: Cycle, store: Deps['store']): Promise<Cycle | null> {
  return previousCycleOf(cycle, await store.listCycles(cycle.planId));
}

/**
 * What a cycle's report is built from, read with queries only: the plan's actions and people;
 * the cycle's updates, notes, requests, the send ledger's forms and reminders, held replies;
 * the previous cycle's updates; the address states. Also what the web pages show of a cycle.
 */
export async function reportSources(cycle: Cycle, plan: Plan, store: Deps['store']): Promise<Omit<ReportInput, 'stage' | 'draft' | 'now'>> {
  const [actions, people, updates, notes, requests, sends, held, previous] = await Promise.all([
    store.getActions(plan.id),
    store.getPeople(plan.id),
    store.getUpdates(cycle.id),
    store.getNotes(cycle.id),
    store.getRequests(cycle.id),
    store.getUpdateRequestSends(cycle.id),
    store.getHeld(cycle.id),
    previousCycle(cycle, store),
  ]);
  const [addressStates, previousUpdates] = await Promise.all([
    store.getAddressStates(people.flatMap((p) => (p.email ? [p.email] : []))),
    previous ? store.getUpdates(previous.id) : Promise.resolve([]),
  ]);
  return {
    plan,
    cycle,
    actions,
    people,
    updates,
    previous: previous ? { cycle: previous, updates: previousUpdates } : null,
    notes,
    addressStates,
    requests,
    sends,
    held,
  };
}

/** The document as JSON with its compile time left out, to tell whether anything else changed. */
const contentOf = (doc: ReportDocument) => JSON.stringify({ ...doc, generatedAt: null });

/**
 * Compiles a cycle's report at a stage, in every format (or those asked for).
 * 1. load with queries only: cycle, plan, actions, people, updates, notes, requests, the send
 *    ledger's forms and reminders, held replies, the previous cycle's updates, address states
 * 2. final and board: read the draft's document back, to mark what changed since
 * 3. build the document; when it says the same as the one already kept for this stage, keep
 *    that one's compile time, so recompiling gives the same files
 * 4. render, keep each file under its stable name (and the document as JSON), record it
 */
export async function compileReport(
  cycleId: string,
  stage: ReportStage,
  { store, blobs, clock }: Pick<Deps, 'store' | 'blobs' | 'clock'>,
  options: { formats?: readonly ReportFormat[] } = {},
): Promise<CompiledReport> {
  const cycle = await store.getCycle(cycleId);
  if (!cycle) throw new NotFoundError(`cycle "${cycleId}" does not exist.`, 'cycle');
  const plan = await store.getPlan(cycle.planId);
  if (!plan) throw new NotFoundError(`plan "${cycle.planId}" of cycle ${cycleId} does not exist.`, 'plan');
  const [sources, draft, kept] = await Promise.all([
    reportSources(cycle, plan, store),
    stage === 'final' || stage === 'board' ? storedDocument(reportKey(cycleId, 'draft', 'json'), blobs) : Promise.resolve(null),
    storedDocument(reportKey(cycleId, stage, 'json'), blobs),
  ]);
  // Final and board: every answer is checked for personal data, so coordinators can release
  // entries before the board pack; only the board pack holds pending ones back.
  const privacy =
    stage === 'final' || stage === 'board'
      ? await reviewPersonalData(cycle, { plan, people: sources.people, updates: sources.updates }, { store, clock })
      : undefined;
  let doc = buildReportDocument({ ...sources, stage, draft, now: clock.now(), ...(privacy ? { privacy } : {}) });
  if (kept && contentOf(kept) === contentOf(doc)) doc = { ...doc, generatedAt: kept.generatedAt };

  const formats = options.formats ?? REPORT_FORMATS;
  const files = await Promise.all(
    formats.map(async (format): Promise<CompiledFile> => {
      const content = await RENDERERS[format](doc);
      return {
        format,
        key: reportKey(cycleId, stage, format),
        filename: `${cycleId}-${stage}.${format}`,
        contentType: CONTENT_TYPES[format],
        content,
        bytes: Buffer.byteLength(content),
        url: null,
      };
    }),
  );
  for (const f of files) await blobs.put(f.key, f.content, f.contentType);
  await blobs.put(reportKey(cycleId, stage, 'json'), JSON.stringify(doc), 'application/json; charset=utf-8');

  const htmlKey = reportKey(cycleId, stage, 'html');
  const report: Report = { cycleId, stage, generatedAt: doc.generatedAt, key: htmlKey, actions: doc.response.actions, answered: doc.response.answered };
  await store.putReport(report);
  const withheld = stage === 'board' && privacy ? [...privacy.values()].filter((r) => r.state === 'pending') : [];
  return { report, doc, files, withheld, location: blobs.locate(htmlKey) };
}

/** Bytes of a body part once base64-encoded in 76-character lines, with its part headers. */
const encodedBytes = (content: Buffer | string) => {
  const base64 = Math.ceil(Buffer.byteLength(content) / 3) * 4;
  return base64 + Math.ceil(base64 / 76) * 2 + 400;
};

/** An upper estimate of the MIME message's size: every part base64 (text parts go as quoted-printable, usually smaller). */
export function estimatedMessageBytes(email: Pick<OutgoingEmail, 'text' | 'html' | 'attachments'>): number {
  return 4096 + encodedBytes(email.text) + encodedBytes(email.html) + (email.attachments ?? []).reduce((n, a) => n + encodedBytes(a.content), 0);
}

/** Who a stage goes to: the coordinators, and the chair too for the chair's briefing. */
export const reportRecipients = (plan: Plan, stage: ReportStage) => [
  ...new Set([...plan.coordinators, ...(stage === 'chairs-briefing' ? (plan.chairs ?? []) : [])].map((a) => a.toLowerCase())),
];

/**
 * Compiles a stage and emails it once (send ledger) with a short summary: the files attached
 * when the whole message stays under 7 MB, otherwise linked (presigned S3 URLs in AWS, the
 * local web address locally). A message is never sent at SES's 10 MB or more.
 */
export async function deliverReport(
  cycle: Cycle,
  plan: Plan,
  stage: ReportStage,
  deps: Pick<Deps, 'store' | 'blobs' | 'clock' | 'mailer' | 'logger' | 'mail'>,
) {
  const { doc, files, location, withheld } = await compileReport(cycle.id, stage, deps);
  let content = renderReportDelivery({ doc, files, attach: true });
  let bytes = estimatedMessageBytes(content);
  const attached = bytes < ATTACH_LIMIT_BYTES;
  if (!attached) {
    const linked = await Promise.all(files.map(async (f) => ({ ...f, url: await deps.blobs.link(f.key, LINK_EXPIRY_SECONDS) })));
    content = renderReportDelivery({ doc, files: linked, attach: false });
    bytes = estimatedMessageBytes(content);
    if (bytes >= SES_LIMIT_BYTES) throw new Error(`the ${stage} report email of ${cycle.id} would be ${bytes} bytes, over SES's limit`);
  }
  const to = reportRecipients(plan, stage);
  const outcome = await sendOnce(
    { kind: 'report', cycleId: cycle.id, stage },
    { to, messageId: `<report-${stage}.${cycle.id}.${cycle.version}@${deps.mail.messageIdDomain}>`, ...content },
    deps,
  );
  // Each owner whose entry the board pack holds back is told once, kindly.
  const told = withheld.length
    ? await tellOwnersWithheld(cycle, plan, withheld, { people: await deps.store.getPeople(plan.id), updates: await deps.store.getUpdates(cycle.id) }, deps)
    : 0;
  deps.logger.info('report compiled', { cycleId: cycle.id, stage: STAGE_TITLES[stage], bytes, attached, withheld: withheld.length, ownersTold: told });
  return { report: location, answered: doc.response.answered, actions: doc.response.actions, emailed: outcome === 'sent', attached, bytes };
}
