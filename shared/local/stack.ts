import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import dynalite from 'dynalite';
import sesLocalModule from 'aws-ses-v2-local';
import { HmacTokenSigner } from '#adapters/crypto/hmac-token-signer';
import { DynamoStore } from '#adapters/dynamodb/store';
import { FolderBlobStore } from '#adapters/local/folder-blob-store';
import { LocalScheduler } from '#adapters/local/local-scheduler';
import { SesMailer } from '#adapters/ses/mailer';
import { RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import { systemClock, type Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { ingestReply } from '#use-cases/ingest-reply';
import { runMilestone } from '#use-cases/run-milestone';
import { startSmtpInbound } from './smtp-inbound.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const REGION = 'eu-west-2';

export const LOCAL_DEFAULTS = {
  mailFrom: 'Corporate Parenting Board <updates@notify.example.org>',
  inboundDomain: 'replies.example.org',
  messageIdDomain: 'notify.example.org',
  /** Local only: a fixed development key (AWS reads keys from Secrets Manager). */
  tokenKeys: 'local1:planpulse-local-development-key-not-secret',
  tableName: 'planpulse',
};

export interface LocalStackOptions {
  /** Folder for dynalite data, raw mail and reports; null keeps the store in memory. */
  dataDir: string | null;
  clock: Clock;
  logger: Logger;
  dynamoPort?: number;
  sesPort?: number;
  /** null: no SMTP server. */
  smtpPort?: number | null;
  sesRatePerSecond?: number;
}

export interface LocalStack {
  deps: Deps;
  scheduler: LocalScheduler;
  endpoints: { dynamodb: string; ses: string; inbox: string; smtpPort: number | null };
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** SES's local stand-in is an ESM/CJS hybrid: take the start function either way. */
const startSesLocal = ((sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule);

/** Builds the same ports the Lambdas use, on top of endpoints of the local stand-ins. */
export function localDeps(options: {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  blobDir: string;
  clock: Clock;
  logger: Logger;
  /** SES send rate to hold (default 14/s, SES's usual production rate). */
  sesRatePerSecond?: number;
}): { deps: Deps; scheduler: LocalScheduler } {
  const dynamo = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  const ses = new SESClient({
    endpoint: options.sesEndpoint,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    // aws-ses-v2-local hangs on actions it does not know: never wait forever.
    requestHandler: { requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
  const store = new DynamoStore(dynamo, LOCAL_DEFAULTS.tableName, options.clock);
  const scheduler = new LocalScheduler(dynamo, LOCAL_DEFAULTS.tableName, options.clock);
  const deps: Deps = {
    store,
    scheduler,
    mailer: new RateLimitedMailer(new SesMailer(ses, LOCAL_DEFAULTS.mailFrom), {
      perSecond: options.sesRatePerSecond ?? 14,
      // Real time, not the (possibly sped-up) virtual clock: the rate is SES's.
      clock: systemClock,
      logger: options.logger,
    }),
    blobs: new FolderBlobStore(options.blobDir),
    signer: new HmacTokenSigner(LOCAL_DEFAULTS.tokenKeys),
    clock: options.clock,
    logger: options.logger,
    mail: {
      inboundDomain: LOCAL_DEFAULTS.inboundDomain,
      replyLocalPart: 'update',
      messageIdDomain: LOCAL_DEFAULTS.messageIdDomain,
      tokenGraceDays: 30,
    },
  };
  scheduler.fire = (event) => runMilestone(event, deps);
  scheduler.onError = (name, error) => options.logger.error('milestone failed', { schedule: name, error: String(error) });
  return { deps, scheduler };
}

/**
 * Starts dynalite, aws-ses-v2-local and the inbound SMTP server in this process and wires
 * the use cases to them. The local scheduler is created but not started (callers decide).
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  // Without a data folder everything is temporary: blobs go to a temp folder removed on stop.
  const blobDir = dataDir ? join(dataDir, 'blobs') : mkdtempSync(join(tmpdir(), 'planpulse-blobs-'));

  const dynamoServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(dataDir ? { path: join(dataDir, 'dynamodb') } : {}) });
  const dynamoPort = await listen(dynamoServer, options.dynamoPort ?? 0);
  const sesServer = await startSesLocal({ host: '127.0.0.1', port: options.sesPort ?? 0 });
  const sesPort = (sesServer.address() as AddressInfo).port;

  const endpoints = {
    dynamodb: `http://127.0.0.1:${dynamoPort}`,
    ses: `http://127.0.0.1:${sesPort}`,
    inbox: `http://localhost:${sesPort}/`,
    smtpPort: null as number | null,
  };
  const { deps, scheduler } = localDeps({
    dynamodbEndpoint: endpoints.dynamodb,
    sesEndpoint: endpoints.ses,
    blobDir,
    clock: options.clock,
    logger: options.logger,
    sesRatePerSecond: options.sesRatePerSecond,
  });
  await (deps.store as DynamoStore).createTable();

  let smtp: { port: number; close: () => Promise<void> } | null = null;
  if (options.smtpPort !== null) {
    smtp = await startSmtpInbound({
      port: options.smtpPort ?? 0,
      inboundDomain: deps.mail.inboundDomain,
      onMessage: async (raw) => {
        await ingestReply({ raw }, deps);
      },
      onError: (e) => options.logger.error('inbound mail failed', { error: String(e) }),
    });
    endpoints.smtpPort = smtp.port;
  }

  return {
    deps,
    scheduler,
    endpoints,
    async stop() {
      await scheduler.stop();
      await smtp?.close();
      await new Promise<void>((r) => sesServer.close(() => r()));
      await new Promise<void>((r) => dynamoServer.close(() => r()));
      if (!dataDir) rmSync(blobDir, { recursive: true, force: true });
    },
  };
}
