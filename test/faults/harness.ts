import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDbClient } from '#adapters/aws-clients';
import { addressOf, sentEmails, type StoredEmail } from '#adapters/local/ses-local-inbox';
import { localDeps } from '#composition/local';
import { localConfig } from '#config/config';
import type { Cycle, MilestoneEvent } from '#domain/model';
import { addWorkingDays } from '#domain/working-days';
import { startLocalStack, type LocalStack } from '#local/stack';
import { VirtualClock } from '#local/virtual-clock';
import { silentLogger, type Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { importPlan } from '#use-cases/import-plan';
import { runMilestone } from '#use-cases/run-milestone';
import { createCycle } from '#use-cases/set-cycle-dates';
import { Instance, withCrashPoints, type CrashPoint } from './crash.ts';
import { FaultProxy, type FaultSchedule } from './proxy.ts';

export const OWNERS = 40;
export const PLAN_ID = 'faults-plan';

/** Each owner leads two actions, so a reply stores two updates (a crash can fall between them). */
export const refsOf = (i: number) => [`${i + 1}.1`, `${i + 1}.2`];

export interface FaultStack {
  /**
   * The owners' mail domain, one per stack: aws-ses-v2-local keeps one inbox per process, so
   * scenarios running side by side tell their emails apart by it.
   */
  domain: string;
  ownerEmail(i: number): string;
  /** The stand-ins themselves (dynalite, the local SES) and deps on their real endpoints: for setting up and for reading the outcome. */
  stack: LocalStack;
  clock: VirtualClock;
  dynamodb: FaultProxy;
  ses: FaultProxy;
  /** What the instances logged as warnings (a resend that may duplicate is one). */
  warnings: Array<{ message: string; extra?: Record<string, unknown> }>;
  /**
   * A new Lambda instance: a fresh local composition (new SDK clients, store, mailer) on the
   * proxies' endpoints, with its ports behind `crashAt`.
   */
  instance(crashAt: CrashPoint): { deps: Deps; life: Instance };
  /** Wire faults from now on, on both proxies (each its own stream from the seed); SES may have its own schedule. */
  inject(schedule: FaultSchedule | null, sesSchedule?: FaultSchedule | null): void;
  stop(): Promise<void>;
}

let stacks = 0;

/** A private local stack on a clock that only moves when told, with a fault proxy in front of dynalite and one in front of the local SES. */
export async function givenAFaultStack(): Promise<FaultStack> {
  const clock = new VirtualClock(new Date('2026-04-20T08:00:00Z'), 0);
  const stack = await startLocalStack({ dataDir: null, clock, logger: silentLogger, smtpPort: null, sesRatePerSecond: 1000 });
  const domain = `council${++stacks}.example.org`;
  const dynamodb = await FaultProxy.start('dynamodb', stack.endpoints.dynamodb);
  const ses = await FaultProxy.start('ses', stack.endpoints.ses);
  const blobDir = mkdtempSync(join(tmpdir(), 'planpulse-faults-'));
  const warnings: FaultStack['warnings'] = [];
  const logger: Logger = { ...silentLogger, warn: (message, extra) => warnings.push({ message, extra }) };
  return {
    domain,
    ownerEmail: (i) => `owner${i}@${domain}`,
    stack,
    clock,
    dynamodb,
    ses,
    warnings,
    instance(crashAt) {
      const life = new Instance(crashAt);
      const { deps } = localDeps({ dynamodbEndpoint: dynamodb.url, sesEndpoint: ses.url, blobDir, clock, logger, sesRatePerSecond: 1000 });
      return { deps: withCrashPoints(deps, life), life };
    },
    inject(schedule, sesSchedule = schedule) {
      dynamodb.inject(schedule);
      // A different stream for SES, so the two services do not fail in lockstep.
      ses.inject(sesSchedule && { ...sesSchedule, seed: sesSchedule.seed ^ 0x5e5 });
    },
    async stop() {
      await dynamodb.stop();
      await ses.stop();
      await stack.stop();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** 40 owners with two actions each, and a cycle of their plan (set up without faults). */
export async function givenFortyOwners(fs: FaultStack): Promise<{ cycle: Cycle; event: MilestoneEvent }> {
  const people = ['Initials,Name,Email', ...Array.from({ length: OWNERS }, (_, i) => `O${i},Owner ${i},${fs.ownerEmail(i)}`)];
  const actions = ['Ref,Action,Lead', ...Array.from({ length: OWNERS }, (_, i) => refsOf(i).map((ref) => `${ref},Action ${ref},O${i}`)).flat()];
  await importPlan(
    {
      planId: PLAN_ID,
      name: 'Fault plan',
      plan: { fileName: 'plan.csv', content: Buffer.from(actions.join('\n')) },
      people: { fileName: 'people.csv', content: Buffer.from(people.join('\n')) },
      coordinators: [`cpb.support@${fs.domain}`],
    },
    fs.stack.deps,
  );
  const draft = addWorkingDays(fs.clock.now().toISOString().slice(0, 10), 20);
  const [briefing, final, board] = [5, 10, 15].map((d) => addWorkingDays(draft, d)) as [string, string, string];
  const { cycle } = await createCycle({ planId: PLAN_ID, name: 'Faults Q1', dates: { draft, briefing, final, board } }, fs.stack.deps);
  return { cycle, event: { cycleId: cycle.id, milestone: 'requests-open', version: cycle.version } };
}

/** The forms sent, opened once without faults through the stand-ins themselves (the setup of the reply scenarios). */
export async function givenTheFormsSent(fs: FaultStack, event: MilestoneEvent): Promise<StoredEmail[]> {
  await runMilestone(event, fs.stack.deps);
  return (await sent(fs)).filter(isForm);
}

export const isForm = (e: StoredEmail) => e.subject.startsWith('Update request');
export const isConfirmation = (e: StoredEmail) => e.subject.startsWith('Update recorded');
export const recipientOf = (e: StoredEmail) => addressOf(e.destination.to[0] ?? '');

/** Every email the local SES accepted for this stack's owners, read from it directly (not through the proxy). */
export async function sent(fs: FaultStack): Promise<StoredEmail[]> {
  return (await sentEmails(fs.stack.endpoints.ses)).filter((e) => recipientOf(e).endsWith(`@${fs.domain}`));
}

/**
 * Ledger entries still `claimed`: a claim nobody finished or gave back. Read with a Scan of
 * the whole (test) table straight from dynalite, so an entry is found whatever its key.
 */
export async function stuckClaims(stack: Pick<LocalStack, 'endpoints'>): Promise<Array<Record<string, unknown>>> {
  const cfg = localConfig();
  const doc = DynamoDBDocumentClient.from(
    dynamoDbClient({ endpoint: stack.endpoints.dynamodb, region: cfg.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: cfg.TABLE_NAME,
        FilterExpression: '#s = :claimed',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':claimed': 'claimed' },
        ExclusiveStartKey,
      }),
    );
    items.push(...((page.Items ?? []) as Array<Record<string, unknown>>));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  doc.destroy();
  return items;
}

/** The warnings sendOnce logs when it sends again an email whose earlier attempt did not finish. */
export const resendWarnings = (fs: FaultStack) => fs.warnings.filter((w) => /resend/i.test(w.message)).length;

/** Counts per value. */
export function tally<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Copies beyond the first, summed over all values. */
export const extras = (counts: Map<unknown, number>) => [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
