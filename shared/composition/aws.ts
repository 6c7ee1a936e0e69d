import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { HmacTokenSigner } from '#adapters/crypto/hmac-token-signer';
import { DynamoStore } from '#adapters/dynamodb/store';
import { S3BlobStore } from '#adapters/s3/s3-blob-store';
import { EventBridgeScheduler } from '#adapters/scheduler/eventbridge-scheduler';
import { SesMailer } from '#adapters/ses/mailer';
import { RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import type { Logger as PortLogger } from '#ports/logger';
import { config, ConfigError, type Config } from '#config/config';
import { systemClock } from '#ports/clock';
import type { Scheduler } from '#ports/scheduler';
import type { Deps } from '#use-cases/deps';

export const logger = new PowertoolsLogger({ serviceName: 'planpulse' });

/**
 * The token keys: TOKEN_KEYS, or the Secrets Manager secret. The secret holds either the
 * generated first key `{"kid":"k1","secret":"…"}` or, after a rotation, `k2:new,k1:old`.
 */
export async function loadTokenKeys(cfg: Config, secrets = new SecretsManagerClient({})): Promise<string> {
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

/** A scheduler for functions that must never schedule (the milestone and inbound functions). */
const noScheduler: Scheduler = {
  upsert: () => Promise.reject(new ConfigError('this function has no scheduler configured')),
  remove: () => Promise.reject(new ConfigError('this function has no scheduler configured')),
};

/** The composition root in AWS: the same ports as locally, on the real services. Built once per cold start. */
export async function awsDeps(overrides: { milestoneFunctionArn?: string } = {}): Promise<Deps> {
  const cfg = config();
  const milestoneArn = cfg.MILESTONE_FUNCTION_ARN ?? overrides.milestoneFunctionArn;
  const mailDomain = /@([^>\s]+)/.exec(cfg.MAIL_FROM)?.[1] ?? cfg.INBOUND_DOMAIN;
  if (!cfg.MAIL_BUCKET) throw new ConfigError('MAIL_BUCKET must be set');
  const scheduler =
    milestoneArn && cfg.SCHEDULER_ROLE_ARN
      ? new EventBridgeScheduler(new SchedulerClient({}), {
          groupName: cfg.SCHEDULE_GROUP,
          targetArn: milestoneArn,
          roleArn: cfg.SCHEDULER_ROLE_ARN,
          deadLetterArn: cfg.SCHEDULE_DLQ_ARN,
        })
      : noScheduler;
  const log: PortLogger = {
    info: (m, e) => logger.info(m, e ?? {}),
    warn: (m, e) => logger.warn(m, e ?? {}),
    error: (m, e) => logger.error(m, e ?? {}),
  };
  // Endpoints are unset in AWS; tests point the real handlers at dynalite and the local SES.
  const dynamodb = new DynamoDBClient(cfg.DYNAMODB_ENDPOINT ? { endpoint: cfg.DYNAMODB_ENDPOINT } : {});
  const ses = new SESClient(cfg.SES_ENDPOINT ? { endpoint: cfg.SES_ENDPOINT } : {});
  return {
    store: new DynamoStore(dynamodb, cfg.TABLE_NAME, systemClock),
    mailer: new RateLimitedMailer(new SesMailer(ses, cfg.MAIL_FROM, cfg.SES_CONFIGURATION_SET), { perSecond: cfg.SES_RATE_PER_SECOND, clock: systemClock, logger: log }),
    scheduler,
    blobs: new S3BlobStore(new S3Client({}), cfg.MAIL_BUCKET),
    signer: new HmacTokenSigner(await loadTokenKeys(cfg)),
    clock: systemClock,
    logger: log,
    mail: {
      inboundDomain: cfg.INBOUND_DOMAIN,
      replyLocalPart: cfg.REPLY_LOCAL_PART,
      messageIdDomain: mailDomain,
      tokenGraceDays: cfg.TOKEN_GRACE_DAYS,
    },
  };
}
