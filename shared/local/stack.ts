import type { RequestCounter } from '#adapters/request-counter';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import dynalite from 'dynalite';
import sesLocalModule from 'aws-ses-v2-local';
import type { EmlOutbox } from '#adapters/local/eml-outbox';
import type { LocalScheduler } from '#adapters/local/local-scheduler';
import { makePrivate, PRIVATE_DIR } from '#adapters/local/private-files';
import { localDeps } from '#composition/local';
import type { Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { ingestReply } from '#use-cases/ingest-reply';
import { serveReports } from './report-files.ts';
import { startSmtpInbound } from './smtp-inbound.ts';

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
  /** Also keep every email sent as an `.eml` file in this folder. */
  outboxDir?: string;
  /** The largest message the SMTP server takes (552 above it); SES's 40 MB when not given. */
  smtpMaxMessageBytes?: number;
  /**
   * Serve the compiled reports at `<inbox>reports/…` and link them there from report emails
   * (default). Off for a stack that lives only as long as one command: links are file:// then.
   */
  serveReports?: boolean;
  /** Counts the SDK requests the stack's clients make (the benchmark and the cost estimate). */
  counter?: RequestCounter;
}

export interface LocalStack {
  deps: Deps;
  scheduler: LocalScheduler;
  /** The emails kept in `outboxDir`, when one was given. */
  outbox: EmlOutbox | null;
  endpoints: { dynamodb: string; ses: string; inbox: string; smtpPort: number | null; reports: string | null };
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePort((server.address() as AddressInfo).port));
  });
}

/** SES's local stand-in is an ESM/CJS hybrid: take the start function either way. */
const startSesLocal = (sesLocalModule as unknown as { default?: typeof sesLocalModule }).default ?? sesLocalModule;

/**
 * Starts dynalite, aws-ses-v2-local and the inbound SMTP server in this process and wires
 * the use cases to them through the local composition root (`localDeps`). The local
 * scheduler is created but not started (callers decide). The data folder is private:
 * folders 0700 and files 0600, tightened on start when they were looser.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : null;
  if (dataDir) {
    mkdirSync(join(dataDir, 'dynamodb'), { recursive: true, mode: PRIVATE_DIR });
    makePrivate(dataDir);
  }
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
    reports: options.serveReports === false ? null : `http://localhost:${sesPort}/reports/`,
  };
  const { deps, store, scheduler, outbox } = localDeps({
    dynamodbEndpoint: endpoints.dynamodb,
    sesEndpoint: endpoints.ses,
    blobDir,
    ...(endpoints.reports ? { reportsBaseUrl: `http://localhost:${sesPort}/` } : {}),
    clock: options.clock,
    logger: options.logger,
    sesRatePerSecond: options.sesRatePerSecond,
    ...(options.counter ? { counter: options.counter } : {}),
    outboxDir: options.outboxDir,
  });
  await store.createTable();
  if (endpoints.reports) serveReports(sesServer, deps.blobs);

  let smtp: { port: number; close: () => Promise<void> } | null = null;
  if (options.smtpPort !== null) {
    smtp = await startSmtpInbound({
      port: options.smtpPort ?? 0,
      maxMessageBytes: options.smtpMaxMessageBytes,
      inboundDomain: deps.mail.inboundDomain,
      onMessage: async (raw) => {
        // what would be one invocation of the inbound-mail function in AWS (SES receiving: one more S3 write)
        options.counter?.count('Lambda', 'inbound-mail');
        options.counter?.count('SES', 'Receive');
        await ingestReply({ raw }, deps);
      },
      onError: (e) => options.logger.error('inbound mail failed', { error: String(e) }),
    });
    endpoints.smtpPort = smtp.port;
  }

  return {
    deps,
    scheduler,
    outbox,
    endpoints,
    async stop() {
      await scheduler.stop();
      await smtp?.close();
      await new Promise<void>((r) => sesServer.close(() => r()));
      await new Promise<void>((r) => dynamoServer.close(() => r()));
      // LevelDB creates its files 0644 whatever we ask: its folder (0700) kept them unreadable
      // to others while running, and this leaves the files themselves 0600 as well.
      if (dataDir) makePrivate(join(dataDir, 'dynamodb'));
      if (!dataDir) rmSync(blobDir, { recursive: true, force: true });
    },
  };
}
