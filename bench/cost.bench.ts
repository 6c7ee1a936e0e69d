/**
 * Cost: the requests of one whole demo cycle (the sample 36-action plan: forms out, scripted
 * replies in, reminders, four report stages), counted by the middleware on the SDK clients
 * (`RequestCounter`), the local folder standing in for S3 and the local scheduler and SMTP
 * server standing in for Lambda invocations; priced per cycle, and per year for 150 councils
 * × 4 cycles. Fixed monthly costs are listed apart.
 * Prices: AWS list prices for US East (N. Virginia), us-east-1, as published on
 * aws.amazon.com/pricing in 2025 (London, eu-west-2, is about 10-15% dearer). They could
 * not be re-checked from this machine (no internet): update PRICES when quoting.
 * Run: npx tsx bench/cost.bench.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestCounter } from '#adapters/request-counter';
import { runDemo } from '#local/demo-cycle';
import { silentLogger } from '#ports/logger';
import { emit } from './emit.ts';

const PRICES = {
  region: 'us-east-1',
  published: '2025',
  /** DynamoDB on-demand, per million write / read request units (items up to 1 KB / 4 KB). */
  dynamoWritePerMillion: 0.625,
  dynamoReadPerMillion: 0.125,
  /** SES: per 1,000 emails sent; per 1,000 received (plus per 1,000 incoming 256 KB chunks). */
  sesSendPerThousand: 0.1,
  sesReceivePerThousand: 0.1,
  sesChunkPerThousand: 0.09,
  /** Lambda arm64: per GB-second and per million requests. */
  lambdaGbSecond: 0.0000133334,
  lambdaPerMillion: 0.2,
  /** S3 Standard: per 1,000 PUT and per 1,000 GET requests. */
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  /** EventBridge Scheduler, per million invocations (the first 14 million a month are free). */
  schedulerPerMillion: 1.0,
  /** Fixed: a secret per month; a standard alarm per month; log ingestion per GB; point-in-time recovery per GB-month. */
  secretPerMonth: 0.4,
  alarmPerMonth: 0.1,
  logsIngestPerGb: 0.5,
  pitrPerGbMonth: 0.2,
};
/** Assumed Lambda sizes and durations (from the functions' settings; the local run has no Lambda to time). */
const LAMBDA = { milestone: { gb: 0.5, seconds: 3 }, 'inbound-mail': { gb: 0.5, seconds: 0.5 } } as const;
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);
const COUNCILS = 150;
const CYCLES_PER_YEAR = 4;

const counter = new RequestCounter();
const outDir = await mkdtemp(join(tmpdir(), 'planpulse-cost-'));
try {
  const demo = await runDemo({ outDir, logger: silentLogger, counter });
  const requests = counter.snapshot();
  const units = counter.units();
  const sum = (pick: (key: string) => boolean, from: Record<string, number>) => Object.entries(from).reduce((n, [k, v]) => n + (pick(k) ? v : 0), 0);
  const op = (k: string) => k.split(' ')[1] ?? '';
  const writes = sum((k) => k.startsWith('DynamoDB ') && WRITES.has(op(k)), units);
  const reads = sum((k) => k.startsWith('DynamoDB ') && READS.has(op(k)), units);
  const sent = requests['SES SendRawEmail'] ?? 0;
  const received = requests['SES Receive'] ?? 0;
  const puts = requests['S3 PutObject'] ?? 0;
  const gets = requests['S3 GetObject'] ?? 0;
  const milestones = requests['Lambda milestone'] ?? 0;
  const inbound = requests['Lambda inbound-mail'] ?? 0;
  const gbSeconds = milestones * LAMBDA.milestone.gb * LAMBDA.milestone.seconds + inbound * LAMBDA['inbound-mail'].gb * LAMBDA['inbound-mail'].seconds;
  const parts = {
    dynamodb: (writes / 1e6) * PRICES.dynamoWritePerMillion + (reads / 1e6) * PRICES.dynamoReadPerMillion,
    ses: (sent / 1000) * PRICES.sesSendPerThousand + (received / 1000) * (PRICES.sesReceivePerThousand + PRICES.sesChunkPerThousand),
    // SES receiving writes each message to S3 before the Lambda reads it
    s3: ((puts + received) / 1000) * PRICES.s3PutPerThousand + ((gets + received) / 1000) * PRICES.s3GetPerThousand,
    lambda: gbSeconds * PRICES.lambdaGbSecond + ((milestones + inbound) / 1e6) * PRICES.lambdaPerMillion,
    scheduler: (milestones / 1e6) * PRICES.schedulerPerMillion,
  };
  const perCycle = Object.values(parts).reduce((a, b) => a + b, 0);
  const perYear = perCycle * COUNCILS * CYCLES_PER_YEAR;
  // per stage (council): 2 secrets (token keys, web session), about 14 alarms, ~1 GB logs and ~0.1 GB table a month
  const fixedPerStageMonth = 2 * PRICES.secretPerMonth + 14 * PRICES.alarmPerMonth + 1 * PRICES.logsIngestPerGb + 0.1 * PRICES.pitrPerGbMonth;
  const usd = (n: number) => `$${n < 0.01 ? n.toFixed(5) : n.toFixed(2)}`;
  const lines = [
    `One demo cycle of the sample plan (${demo.actions.length} actions, ${demo.requestsSent} owners asked, ${demo.repliesSent} replies, ${demo.remindersSent} reminders, four report stages): ` +
      `${writes} DynamoDB write units and ${reads} read units, ${sent} emails sent and ${received} received, ${puts} S3 writes and ${gets} reads, ${milestones} milestone and ${inbound} inbound Lambda runs.`,
    `Per cycle: ${usd(perCycle)} (DynamoDB ${usd(parts.dynamodb)}, SES ${usd(parts.ses)}, S3 ${usd(parts.s3)}, Lambda ${usd(parts.lambda)}, Scheduler ${usd(parts.scheduler)}).`,
    `Per year, ${COUNCILS} councils × ${CYCLES_PER_YEAR} cycles: ${usd(perYear)}.`,
    `Fixed, per stage (council) and month: about ${usd(fixedPerStageMonth)} (2 secrets, ~14 alarms, ~1 GB of logs, point-in-time recovery of a small table), ${usd(fixedPerStageMonth * 12 * COUNCILS)} a year for ${COUNCILS} stages.`,
    `Prices: ${PRICES.region} list prices as published in ${PRICES.published} (not re-checked here); Lambda durations assumed (${LAMBDA.milestone.seconds} s for a milestone, ${LAMBDA['inbound-mail'].seconds} s for a reply, 512 MB).`,
  ];
  for (const line of lines) console.log(line);
  emit({ requests, units, perCycleUsd: perCycle, perYearUsd: perYear, fixedPerStageMonthUsd: fixedPerStageMonth, prices: PRICES, lambda: LAMBDA, lines });
} finally {
  await rm(outDir, { recursive: true, force: true });
}
