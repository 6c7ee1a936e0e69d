import { fanOutConcurrency } from '#domain/delivery-policy';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { dynamoDbClient, s3Client, schedulerClient, secretsClient, sesClient } from '#adapters/aws-clients';
import { HmacTokenSigner } from '#adapters/crypto/hmac-token-signer';
import { MaxAgeCache, RefreshingTokenSigner } from '#adapters/crypto/refreshing-token-signer';
import type { TokenSigner } from '#ports/token-signer';
import { DynamoStore } from '#adapters/dynamodb/store';
import { S3BlobStore } from '#adapters/s3/s3-blob-store';
import { EventBridgeScheduler } from '#adapters/scheduler/eventbridge-scheduler';
import { SesMailer } from '#adapters/ses/mailer';
import { RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import { CountingMailer } from '#adapters/metrics/counting-mailer';
import type { Logger as PortLogger } from '#ports/logger';
import { config, ConfigError, mailFromDomain, type Config } from '#config/config';
import { systemClock } from '#ports/clock';
import type { Deps } from '#use-cases/deps';
import { FUNCTION_PORTS, type AwsPort, type FunctionDeps, type FunctionName } from './functions.ts';

export const logger = new PowertoolsLogger({ serviceName: 'planpulse' });

/** X-Ray segments of each invocation; Powertools turns it off by itself outside Lambda. */
export const tracer = new Tracer({ serviceName: 'planpulse' });

/** An SDK client whose calls appear as subsegments of the invocation's trace (unchanged where tracing is off). */
const traced = <C>(client: C): C => tracer.captureAWSv3Client(client);

/**
 * Powertools Metrics (CloudWatch EMF in the function's log) that publishes only inside Lambda:
 * in tests and anywhere else the AWS root runs, metrics are dropped, never printed. An
 * invocation without a metric (most web requests) publishes nothing and warns nothing.
 */
class LambdaMetrics extends Metrics {
  constructor(
    options: MetricsOptions,
    private readonly inLambda: () => boolean,
  ) {
    super(options);
  }

  override publishStoredMetrics(): this {
    if (this.inLambda() && this.hasStoredMetrics()) return super.publishStoredMetrics();
    this.clearMetrics();
    this.clearDimensions();
    this.clearMetadata();
    return this;
  }
}

/** Counts that matter to an operator: EmailsSent (the mailer port), RepliesRecorded/Held/Rejected (inbound-mail). */
export const metrics: Metrics = new LambdaMetrics(
  { namespace: 'PlanPulse', serviceName: 'planpulse', logger },
  () => config().AWS_LAMBDA_FUNCTION_NAME !== undefined,
);

/**
 * The token keys: TOKEN_KEYS, or the Secrets Manager secret. The secret holds either the
 * generated first key `{"kid":"k1","secret":"…"}` or, after a rotation, `k2:new,k1:old`.
 */
export async function loadTokenKeys(cfg: Config, secrets: SecretsManagerClient = secretsClient()): Promise<string> {
  if (cfg.TOKEN_KEYS) return cfg.TOKEN_KEYS;
  if (!cfg.TOKEN_KEYS_SECRET_ARN) throw new ConfigError('TOKEN_KEYS or TOKEN_KEYS_SECRET_ARN must be set');
  const out = await secrets.send(new GetSecretValueCommand({ SecretId: cfg.TOKEN_KEYS_SECRET_ARN }));
  const value = out.SecretString ?? '';
  if (value.trim().startsWith('{')) {
    const { kid, secret } = JSON.parse(value) as { kid?: string; secret?: string };
    if (!kid || !secret) throw new ConfigError('the token keys secret must hold {"kid","secret"} or "kid:secret,…"');
    return `${kid}:${secret}`;
  }
  return value;
}

/** How long a warm function keeps the token keys before reading the secret again: a rotation takes effect within this. */
export const TOKEN_KEYS_MAX_AGE_MS = 5 * 60_000;

/**
 * The signer of the AWS root: TOKEN_KEYS as they are, or the secret read through a cache
 * with a max age (TOKEN_KEYS_MAX_AGE_MS), so a rotation reaches warm functions without a redeploy.
 */
export async function tokenSigner(cfg: Config, secrets?: SecretsManagerClient, clock = systemClock): Promise<TokenSigner> {
  if (cfg.TOKEN_KEYS) return new HmacTokenSigner(cfg.TOKEN_KEYS);
  return RefreshingTokenSigner.create(new MaxAgeCache(() => loadTokenKeys(cfg, secrets), TOKEN_KEYS_MAX_AGE_MS, clock));
}

/** Before an invocation that signs or verifies: re-reads the token keys if the cached ones are too old. */
export async function refreshTokenKeys(signer: TokenSigner): Promise<void> {
  if (signer instanceof RefreshingTokenSigner) await signer.refresh();
}

/** What only one invocation can tell: the milestone function targets its own ARN (from its context). */
export interface AwsOverrides {
  milestoneFunctionArn?: string;
  /**
   * The operator's CLI against a deployed stage (shared/ops/stage.ts): the settings read from the
   * deployed function (not this process's environment), and the CLI's logger (not JSON on stdout).
   */
  config?: Config;
  logger?: PortLogger;
}

const required = (value: string | undefined, name: keyof Config): string => {
  if (!value) throw new ConfigError(`${name} must be set`);
  return value;
};

/** How each AWS-backed port is built; the mapped type makes a port without a builder a tsc error. */
function builders(cfg: Config, log: PortLogger, overrides: AwsOverrides): { [P in AwsPort]: () => Deps[P] | Promise<Deps[P]> } {
  // In a Lambda the region is its own (AWS_REGION); the operator's CLI names the stage's.
  const region = cfg.AWS_REGION;
  return {
    // Endpoints are unset in AWS; tests point the real handlers at dynalite and the local SES.
    store: () => new DynamoStore(traced(dynamoDbClient({ endpoint: cfg.DYNAMODB_ENDPOINT, region })), cfg.TABLE_NAME, systemClock),
    mailer: () =>
      new CountingMailer(
        new RateLimitedMailer(new SesMailer(traced(sesClient({ endpoint: cfg.SES_ENDPOINT, region })), cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET), {
          perSecond: cfg.SES_RATE_PER_SECOND,
          clock: systemClock,
          logger: log,
        }),
        metrics,
      ),
    scheduler: () =>
      new EventBridgeScheduler(traced(schedulerClient({ region })), {
        groupName: cfg.SCHEDULE_GROUP,
        targetArn: required(cfg.MILESTONE_FUNCTION_ARN ?? overrides.milestoneFunctionArn, 'MILESTONE_FUNCTION_ARN'),
        roleArn: required(cfg.SCHEDULER_ROLE_ARN, 'SCHEDULER_ROLE_ARN'),
        deadLetterArn: cfg.SCHEDULE_DLQ_ARN,
      }),
    blobs: () => new S3BlobStore(traced(s3Client({ region })), required(cfg.MAIL_BUCKET, 'MAIL_BUCKET')),
    signer: () => tokenSigner(cfg, traced(secretsClient({ region }))),
  };
}

/**
 * The composition root in AWS: the ports `fn` lists in FUNCTION_PORTS (and nothing else, so
 * a function needs neither the variables nor the IAM grants of the others), on the real
 * services. Built once per cold start; a missing variable fails it with the variable's name.
 */
export async function awsDeps<F extends FunctionName>(fn: F, overrides: AwsOverrides = {}): Promise<FunctionDeps<F>> {
  const cfg = overrides.config ?? config();
  const log: PortLogger = overrides.logger ?? {
    info: (m, e) => logger.info(m, e ?? {}),
    warn: (m, e) => logger.warn(m, e ?? {}),
    error: (m, e) => logger.error(m, e ?? {}),
  };
  const build = builders(cfg, log, overrides);
  const ports: readonly AwsPort[] = FUNCTION_PORTS[fn];
  const built = await Promise.all(ports.map(async (port) => [port, await build[port]()] as const));
  const ambient: Pick<Deps, 'clock' | 'logger' | 'mail' | 'retention'> = {
    clock: systemClock,
    logger: log,
    mail: {
      inboundDomain: cfg.INBOUND_DOMAIN,
      replyLocalPart: cfg.REPLY_LOCAL_PART,
      messageIdDomain: mailFromDomain(cfg.MAIL_FROM) ?? cfg.INBOUND_DOMAIN,
      tokenGraceDays: cfg.TOKEN_GRACE_DAYS,
      sendConcurrency: fanOutConcurrency(cfg.SES_RATE_PER_SECOND),
    },
    retention:
      cfg.UPDATE_RETENTION_DAYS !== undefined && cfg.RAW_MAIL_RETENTION_DAYS !== undefined
        ? { updateDays: cfg.UPDATE_RETENTION_DAYS, rawMailDays: cfg.RAW_MAIL_RETENTION_DAYS }
        : null,
  };
  // Each listed port was built above, so the object holds exactly FunctionDeps<F>.
  return { ...ambient, ...Object.fromEntries(built) } as FunctionDeps<F>;
}
