import * as z from 'zod';

/**
 * Days the updates (and the rest of what people wrote: notes, held replies, the reports that
 * quote them) are kept when nothing says otherwise: seven years, the "current year + 6" that
 * council retention schedules give working papers (docs/retention.md).
 */
export const DEFAULT_UPDATE_RETENTION_DAYS = 2557;
/** Days raw inbound mail is kept when nothing says otherwise: as the bucket's lifecycle (infra/constructs/mail-store.ts). */
export const DEFAULT_RAW_MAIL_RETENTION_DAYS = 400;

const retentionDays = z.coerce.number().int().min(1).max(36_500);

/**
 * The one place that reads process.env. Parsed once, failing fast with the name of
 * the variable that is missing or wrong.
 */
const ConfigSchema = z.object({
  /** DynamoDB single table. */
  TABLE_NAME: z.string().min(1),
  /** The From header of everything we send. */
  MAIL_FROM: z.string().min(3).default('Corporate Parenting Board <updates@notify.example.org>'),
  /** Domain that receives replies: Reply-To is `REPLY_LOCAL_PART+TOKEN@INBOUND_DOMAIN`. */
  INBOUND_DOMAIN: z.string().min(3),
  REPLY_LOCAL_PART: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('update'),
  /**
   * Token signing keys, newest first: `kid:secret,kid:secret`. The first signs, all
   * verify (rotation). In AWS this is filled from Secrets Manager at cold start.
   */
  TOKEN_KEYS: z.string().optional(),
  TOKEN_KEYS_SECRET_ARN: z.string().optional(),
  /** Days after the board date that a reply token stays valid. */
  TOKEN_GRACE_DAYS: z.coerce.number().int().min(0).default(30),
  /** S3 bucket (AWS) for raw inbound mail and compiled reports. */
  MAIL_BUCKET: z.string().optional(),
  /** Folder (local) for raw inbound mail and compiled reports. */
  BLOB_DIR: z.string().optional(),
  /** EventBridge Scheduler. */
  SCHEDULE_GROUP: z.string().default('planpulse'),
  SCHEDULER_ROLE_ARN: z.string().optional(),
  MILESTONE_FUNCTION_ARN: z.string().optional(),
  SCHEDULE_DLQ_ARN: z.string().optional(),
  /** SES configuration set whose events (bounces, complaints) reach the ses-events function. */
  SES_CONFIGURATION_SET: z.string().optional(),
  /** SES send rate (messages per second). */
  SES_RATE_PER_SECOND: z.coerce.number().positive().default(14),
  /**
   * Retention (`planpulse purge`): days updates and what else people wrote are kept, and days
   * raw inbound mail is kept. Set on the milestone function, whose settings `--stage` reads;
   * unset in a function deployed before retention existed (purge then needs --before).
   */
  UPDATE_RETENTION_DAYS: retentionDays.optional(),
  RAW_MAIL_RETENTION_DAYS: retentionDays.optional(),
  /** The web app in AWS: the Cognito user pool and app client its sign-in form checks against. */
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, 'must be a user pool id such as eu-west-2_AbC123xyz')
    .optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** What signs the web app's session cookies: the value itself (tests), or the Secrets Manager secret holding it. */
  WEB_SESSION_SECRET: z.string().min(32).optional(),
  WEB_SESSION_SECRET_ARN: z.string().optional(),
  /** Local stand-in endpoints (unset in AWS). */
  DYNAMODB_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/]+/, 'must be a URL such as http://127.0.0.1:4567')
    .optional(),
  SES_ENDPOINT: z
    .string()
    .regex(/^https?:\/\/[^/]+/, 'must be a URL such as http://127.0.0.1:8005')
    .optional(),
  AWS_REGION: z.string().default('eu-west-2'),
  /** Set by Lambda itself: metrics are published only where it is set. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses a config from an env-like record. Throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`PlanPulse configuration is invalid:\n  ${lines.join('\n  ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process configuration, parsed once from process.env. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/**
 * The local runtime's settings (npm start, the CLI, the demo): also only read here. The mail
 * and rate settings are the AWS ones with the same defaults (picked, never restated); the
 * variables AWS requires get local defaults, so a clone runs with nothing set. The retention
 * days have their defaults here, where nothing deploys them.
 */
const LocalConfigSchema = ConfigSchema.pick({
  MAIL_FROM: true,
  REPLY_LOCAL_PART: true,
  TOKEN_GRACE_DAYS: true,
  SES_RATE_PER_SECOND: true,
  AWS_REGION: true,
}).extend({
  TABLE_NAME: ConfigSchema.shape.TABLE_NAME.default('planpulse'),
  INBOUND_DOMAIN: ConfigSchema.shape.INBOUND_DOMAIN.default('replies.example.org'),
  /** A fixed development key: local tokens need no secret (AWS reads keys from Secrets Manager). */
  TOKEN_KEYS: z.string().min(1).default('local1:planpulse-local-development-key-not-secret'),
  UPDATE_RETENTION_DAYS: retentionDays.default(DEFAULT_UPDATE_RETENTION_DAYS),
  RAW_MAIL_RETENTION_DAYS: retentionDays.default(DEFAULT_RAW_MAIL_RETENTION_DAYS),
  /** Data folder of the local stack. */
  PLANPULSE_HOME: z.string().default('.planpulse'),
  PLANPULSE_DYNAMODB_PORT: z.coerce.number().int().min(0).max(65535).default(4567),
  PLANPULSE_SES_PORT: z.coerce.number().int().min(0).max(65535).default(8005),
  PLANPULSE_SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  /** The web app for coordinators and managers (npm start). */
  PLANPULSE_WEB_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Log every step of CLI commands to stderr. */
  PLANPULSE_VERBOSE: z
    .string()
    .optional()
    .transform((v) => Boolean(v && v !== '0' && v !== 'false')),
});
export type LocalConfig = z.infer<typeof LocalConfigSchema>;

/** Parses the local settings from an env-like record. Throws ConfigError naming each bad variable. */
export function parseLocalConfig(env: Record<string, string | undefined>): LocalConfig {
  const result = LocalConfigSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(`PlanPulse local settings are invalid:\n  ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n  ')}`);
  }
  return result.data;
}

let cachedLocal: LocalConfig | undefined;

/** The local runtime's configuration, parsed once from process.env; a bad value stops with its name. */
export function localConfig(): LocalConfig {
  if (!cachedLocal) {
    cachedLocal = parseLocalConfig(process.env);
    // The AWS SDK's notice about Node 20 is noise on every local command.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  }
  return cachedLocal;
}

/** The domain of the From address (`…@notify.example.org>` gives `notify.example.org`): our Message-IDs use it. */
export function mailFromDomain(mailFrom: string): string | undefined {
  return /@([^>\s]+)/.exec(mailFrom)?.[1];
}
