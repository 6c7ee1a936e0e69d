import { fanOutConcurrency } from '#domain/delivery-policy';
import { dynamoDbClient, sesClient } from '#adapters/aws-clients';
import type { RequestCounter } from '#adapters/request-counter';
import { HmacTokenSigner } from '#adapters/crypto/hmac-token-signer';
import { DynamoStore } from '#adapters/dynamodb/store';
import { EmlOutbox } from '#adapters/local/eml-outbox';
import { FolderBlobStore } from '#adapters/local/folder-blob-store';
import { LocalScheduler } from '#adapters/local/local-scheduler';
import { SesMailer } from '#adapters/ses/mailer';
import { RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import { localConfig, mailFromDomain, type LocalConfig } from '#config/config';
import { systemClock, type Clock } from '#ports/clock';
import type { BlobStore } from '#ports/blob-store';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { runMilestone } from '#use-cases/run-milestone';

/** The folder standing in for S3, its puts and gets counted as the S3 requests they stand for. */
function countedBlobs(blobs: BlobStore, counter: RequestCounter | undefined): BlobStore {
  if (!counter) return blobs;
  return {
    put: (key, body, type) => {
      counter.count('S3', 'PutObject');
      return blobs.put(key, body, type);
    },
    get: (key) => {
      counter.count('S3', 'GetObject');
      return blobs.get(key);
    },
    list: (prefix) => {
      counter.count('S3', 'ListObjectsV2');
      return blobs.list(prefix);
    },
    delete: (keys) => {
      counter.count('S3', 'DeleteObjects');
      return blobs.delete(keys);
    },
    locate: (key) => blobs.locate(key),
    link: (key, seconds) => blobs.link(key, seconds),
  };
}

/** The local stand-ins accept any credentials; fixed ones keep the SDK from looking for real ones. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalDepsOptions {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  /** Folder standing in for S3 (raw mail, reports). */
  blobDir: string;
  /** The local web address reports are served at (`<baseUrl>reports/…`); without one, links are file:// URLs. */
  reportsBaseUrl?: string;
  clock: Clock;
  logger: Logger;
  /** Overrides SES_RATE_PER_SECOND (tests send as fast as the local SES takes it). */
  sesRatePerSecond?: number;
  /** Also keep every email sent as an `.eml` file in this folder (see EmlOutbox). */
  outboxDir?: string;
  /** The settings to wire with; the process's local configuration when not given. */
  settings?: LocalConfig;
  /** Counts the SDK requests made (the benchmark and the cost estimate). */
  counter?: RequestCounter;
}

export interface LocalDeps {
  deps: Deps;
  /** The same object as `deps.store`, typed: the stack creates its table. */
  store: DynamoStore;
  scheduler: LocalScheduler;
  /** Set when `outboxDir` was given: what it kept. */
  outbox: EmlOutbox | null;
}

/**
 * The local composition root: the same ports the Lambdas use, on the endpoints of the local
 * stand-ins (dynalite, aws-ses-v2-local), a folder for S3 and the local scheduler, with the
 * settings from `localConfig()`. The scheduler fires milestones through these same deps.
 */
export function localDeps(options: LocalDepsOptions): LocalDeps {
  const cfg = options.settings ?? localConfig();
  const client = { region: cfg.AWS_REGION, credentials: LOCAL_CREDENTIALS, ...(options.counter ? { counter: options.counter } : {}) };
  const dynamo = dynamoDbClient({ ...client, endpoint: options.dynamodbEndpoint });
  // aws-ses-v2-local hangs on actions it does not know: never wait forever.
  const ses = sesClient({ ...client, endpoint: options.sesEndpoint, requestTimeoutMs: 10_000 });
  const store = new DynamoStore(dynamo, cfg.TABLE_NAME, options.clock);
  const scheduler = new LocalScheduler(dynamo, cfg.TABLE_NAME, options.clock);
  const sesMailer = new RateLimitedMailer(new SesMailer(ses, cfg.MAIL_FROM), {
    perSecond: options.sesRatePerSecond ?? cfg.SES_RATE_PER_SECOND,
    // Real time, not the (possibly sped-up) virtual clock: the rate is SES's.
    clock: systemClock,
    logger: options.logger,
  });
  const outbox = options.outboxDir ? new EmlOutbox(sesMailer, options.outboxDir, cfg.MAIL_FROM, options.clock) : null;
  const deps: Deps = {
    store,
    scheduler,
    mailer: outbox ?? sesMailer,
    blobs: countedBlobs(
      new FolderBlobStore(options.blobDir, options.reportsBaseUrl ? { baseUrl: options.reportsBaseUrl, prefix: 'reports/' } : null),
      options.counter,
    ),
    signer: new HmacTokenSigner(cfg.TOKEN_KEYS),
    clock: options.clock,
    logger: options.logger,
    mail: {
      inboundDomain: cfg.INBOUND_DOMAIN,
      replyLocalPart: cfg.REPLY_LOCAL_PART,
      messageIdDomain: mailFromDomain(cfg.MAIL_FROM) ?? cfg.INBOUND_DOMAIN,
      tokenGraceDays: cfg.TOKEN_GRACE_DAYS,
      sendConcurrency: fanOutConcurrency(options.sesRatePerSecond ?? cfg.SES_RATE_PER_SECOND),
    },
    retention: { updateDays: cfg.UPDATE_RETENTION_DAYS, rawMailDays: cfg.RAW_MAIL_RETENTION_DAYS },
  };
  scheduler.fire = (event) => {
    // what would be one invocation of the milestone function in AWS
    options.counter?.count('Lambda', 'milestone');
    return runMilestone(event, deps);
  };
  scheduler.onError = (name, error) => options.logger.error('milestone failed', { schedule: name, error: String(error) });
  return { deps, store, scheduler, outbox };
}
