import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { parseLocalConfig } from '#config/config';

/**
 * One deployment ("stage") of PlanPulse is configured by one committed file,
 * `config/<stage>.json`, read through the schema below. `-c key=value` on a cdk command
 * overrides a key. A bad value stops `cdk synth` naming the key, with an example.
 */

/**
 * Regions where SES receives email (the receipt rule needs one). Source: the "Email
 * receiving endpoints" table of "Amazon Simple Email Service endpoints and quotas", AWS
 * General Reference (https://docs.aws.amazon.com/general/latest/gr/ses.html), as of 2024,
 * plus eu-north-1 (its inbound-smtp.eu-north-1.amazonaws.com endpoint is in use). AWS adds
 * regions from time to time: if yours now offers receiving, add it here.
 */
export const SES_RECEIVING_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'eu-north-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-northeast-1',
] as const;

/** The values CloudWatch Logs accepts for a log group's retention (days). */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A stage name goes into every physical name (stacks, rule set, schedule group...): keep it short and plain. */
const STAGE = /^[a-z][a-z0-9-]{0,19}$/;
const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

const email = (what: string) => z.email({ message: `must be ${what}` }).transform((v) => v.toLowerCase());
const domain = z
  .string({ message: 'must be a domain name' })
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => DOMAIN.test(v), { message: 'must be a domain name' });

export const StageConfigSchema = z.strictObject({
  /** Region of both stacks; it must offer SES email receiving. */
  region: z.enum(SES_RECEIVING_REGIONS, { message: `must be a region where SES receives email (${SES_RECEIVING_REGIONS.join(', ')})` }),
  /** Pin the target account (12 digits); without it, the account of the CLI's credentials. */
  account: z
    .string({ message: 'must be a 12-digit AWS account id, in quotes' })
    .regex(/^\d{12}$/, { message: 'must be a 12-digit AWS account id, in quotes' })
    .optional(),
  /** The From address of everything sent; its domain is the SES identity sent as. */
  senderAddress: email('an email address'),
  /** The display name in the From header. */
  senderName: z
    .string({ message: 'must be a name in quotes' })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(64, { message: 'must be at most 64 characters' })
    .refine((v) => !/[<>",;\r\n]/.test(v), { message: 'must not contain < > " , ; or line breaks' }),
  /** Domain whose MX points at SES: replies go to `update+TOKEN@inboundDomain`. */
  inboundDomain: domain,
  /** The corporate parenting coordinators' addresses (the people who run the cycles). */
  coordinatorAddresses: z
    .array(email('a list of email addresses'), { message: 'must be a list of email addresses' })
    .min(1, { message: 'must list at least one email address' }),
  /** The board chair's address (the chair's briefing). */
  chairAddress: email('an email address'),
  /** The account's SES send rate in this region (messages per second), as granted by AWS. */
  sesSendRatePerSecond: z.number({ message: 'must be a number' }).positive({ message: 'must be more than 0' }).max(1000, { message: 'must be at most 1000' }),
  /** Secrets Manager name of the reply-token keys; it must contain the stage name. */
  tokenKeysSecretName: z
    .string({ message: 'must be a secret name' })
    .regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { message: 'must be a secret name of letters, digits and / _ + = . @ -' }),
  /** Days raw inbound mail is kept in the bucket before it expires. */
  rawMailRetentionDays: z
    .number({ message: 'must be a whole number of days' })
    .int({ message: 'must be a whole number of days' })
    .min(1, { message: 'must be at least 1 day' })
    .max(3650, { message: 'must be at most 3650 days' }),
  /**
   * Days updates are kept (and notes, held replies, records of mail not acted on, and the
   * reports of cycles whose board met) before `planpulse purge` deletes them. At least a year:
   * less would delete the answers of a cycle before its board meets.
   */
  updateRetentionDays: z
    .number({ message: 'must be a whole number of days' })
    .int({ message: 'must be a whole number of days' })
    .min(365, { message: 'must be at least 365 days (a shorter one would delete updates before their board has met)' })
    .max(36_500, { message: 'must be at most 36500 days' }),
  /** Days every log group keeps its logs (a value CloudWatch accepts). */
  logRetentionDays: z
    .number({ message: 'must be a number of days' })
    .refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), { message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}` }),
  /** Who the alarms email (they confirm the subscription once). */
  alarmEmail: email('an email address'),
  /** Whether the stateful stack creates the SES domain identities (false if they already exist). */
  createSesIdentities: z.boolean({ message: 'must be true or false' }),
  /** An existing (active) receipt rule set to add our rule to, instead of creating one. */
  existingReceiptRuleSetName: z
    .string({ message: 'must be a rule set name' })
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be a rule set name of letters, digits and _ . -' })
    .optional(),
});

export type StageConfig = z.infer<typeof StageConfigSchema>;
type Key = keyof StageConfig;
const KEYS = Object.keys(StageConfigSchema.shape) as Key[];
const OPTIONAL: readonly Key[] = ['account', 'existingReceiptRuleSetName'];

/** What each key looks like in a real council's file: every message shows one. */
const EXAMPLES: { [K in Key]-?: NonNullable<z.input<typeof StageConfigSchema>[K]> } = {
  region: 'eu-west-2',
  account: '123456789012',
  senderAddress: 'updates@notify.council.gov.uk',
  senderName: 'Corporate Parenting Board',
  inboundDomain: 'replies.council.gov.uk',
  coordinatorAddresses: ['corporate.parenting@council.gov.uk'],
  chairAddress: 'board.chair@council.gov.uk',
  sesSendRatePerSecond: 14,
  tokenKeysSecretName: 'planpulse/prod/token-keys',
  rawMailRetentionDays: 365,
  updateRetentionDays: 2557,
  logRetentionDays: 90,
  alarmEmail: 'ops@council.gov.uk',
  createSesIdentities: true,
  existingReceiptRuleSetName: 'council-inbound',
};

/** The example values of `dev` (and of a missing key in it): the ones the code runs with locally (shared/config). */
const LOCAL = parseLocalConfig({});
const FROM = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(LOCAL.MAIL_FROM);
export const DEV_EXAMPLE: z.input<typeof StageConfigSchema> = {
  region: LOCAL.AWS_REGION as StageConfig['region'],
  senderAddress: FROM?.[2] ?? 'updates@notify.example.org',
  senderName: FROM?.[1] ?? 'Corporate Parenting Board',
  inboundDomain: LOCAL.INBOUND_DOMAIN,
  coordinatorAddresses: ['coordinators@example.org'],
  chairAddress: 'chair@example.org',
  sesSendRatePerSecond: LOCAL.SES_RATE_PER_SECOND,
  tokenKeysSecretName: 'planpulse/dev/token-keys',
  rawMailRetentionDays: 30,
  updateRetentionDays: LOCAL.UPDATE_RETENTION_DAYS,
  logRetentionDays: 30,
  alarmEmail: 'ops@example.org',
  createSesIdentities: true,
};

/** Keys the old `-c` settings used: a deploy still passing them would silently lose them. */
const RETIRED_CONTEXT: Record<string, string> = {
  mailFrom: 'use senderAddress and senderName',
  senderDomain: 'the domain of senderAddress is used',
};

export class StageConfigError extends Error {
  override name = 'StageConfigError';
}

/** Where a stage's file is: `config/<stage>.json`; an example stage `<name>-example` reads `config/<name>.example.json`. */
export function stageConfigFile(stage: string): string {
  const example = /^(.+)-example$/.exec(stage);
  return example ? `config/${example[1]}.example.json` : `config/${stage}.json`;
}

const show = (value: unknown) => JSON.stringify(value);

/** A context value (a string from `-c`, or typed from cdk.json or a test) as the schema's type. */
function fromContext(key: Key, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const example = EXAMPLES[key];
  if (typeof example === 'number') return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  if (typeof example === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (Array.isArray(example)) return text.split(',').map((part) => part.trim());
  return text;
}

export interface LoadStageConfigOptions {
  /** The stage: `-c stage=<name>`, default `dev`. */
  stage?: string;
  /** CDK context (the `-c` values): any config key here overrides the file. */
  context?: Record<string, unknown>;
  /** The folder holding `config/` (the repository root). */
  root: string;
}

/**
 * Reads and checks `config/<stage>.json` with the context overrides. Throws
 * StageConfigError listing every bad key, each with an example of a good value. `dev` fills
 * a missing key with its example value; any other stage must set every required key.
 */
export function loadStageConfig({ stage = 'dev', context = {}, root }: LoadStageConfigOptions): { stage: string; file: string; config: StageConfig } {
  if (!STAGE.test(stage)) {
    throw new StageConfigError(`-c stage: "${stage}" must be lower-case letters, digits and hyphens, starting with a letter (at most 20), for example "prod"`);
  }
  const file = stageConfigFile(stage);
  const path = join(root, file);

  let fromFile: unknown = {};
  if (existsSync(path)) {
    try {
      fromFile = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new StageConfigError(`${file}: is not valid JSON (${(e as Error).message}); compare it with config/prod.example.json`);
    }
    if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
      throw new StageConfigError(`${file}: must be one JSON object of settings, for example { "region": "eu-west-2", ... } (see config/prod.example.json)`);
    }
  } else if (stage !== 'dev') {
    throw new StageConfigError(`${file}: not found. Stage "${stage}" needs its own settings: copy config/prod.example.json to ${file} and fill it in`);
  }

  const problems: string[] = [];
  for (const [key, hint] of Object.entries(RETIRED_CONTEXT)) {
    if (context[key] !== undefined) problems.push(`-c ${key}: is no longer read (${hint}, in ${file} or with -c)`);
  }
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    const known = KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    if (known === key) {
      if (value !== undefined && value !== null && value !== '') overrides[key] = fromContext(known, value);
    } else if (known) {
      problems.push(`-c ${key}: is not a setting; did you mean -c ${known}=${show(EXAMPLES[known]).replace(/^"|"$/g, '')}?`);
    }
  }

  const base = stage === 'dev' ? DEV_EXAMPLE : {};
  const raw: Record<string, unknown> = { ...base, ...(fromFile as Record<string, unknown>), ...overrides };
  const where = (key: PropertyKey) => (typeof key === 'string' && key in overrides ? `-c ${key} (over ${file})` : file);

  for (const key of KEYS) {
    if (raw[key] === undefined && !OPTIONAL.includes(key)) {
      problems.push(`${file}: "${key}" is missing, for example "${key}": ${show(EXAMPLES[key])}`);
    }
  }

  const result = StageConfigSchema.safeParse(raw);
  if (result.success && problems.length === 0) {
    const config = result.data;
    if (!config.tokenKeysSecretName.includes(stage)) {
      problems.push(
        `${where('tokenKeysSecretName')}: "tokenKeysSecretName" must contain the stage name "${stage}" so two stages never share keys, for example "planpulse/${stage}/token-keys"`,
      );
    } else {
      return { stage, file, config };
    }
  }
  for (const issue of result.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push(`${file}: "${key}" is not a setting PlanPulse knows; the settings are ${KEYS.join(', ')} (see config/prod.example.json)`);
      }
      continue;
    }
    const key = issue.path[0] as Key | undefined;
    if (key === undefined || raw[key] === undefined) continue; // reported as missing above
    const example = key in EXAMPLES ? `, for example ${show(key === 'tokenKeysSecretName' ? `planpulse/${stage}/token-keys` : EXAMPLES[key])}` : '';
    problems.push(`${where(key)}: "${issue.path.join('.')}" ${issue.message}${example}`);
  }
  throw new StageConfigError(`PlanPulse stage "${stage}" is not configured correctly:\n  ${problems.join('\n  ')}`);
}
