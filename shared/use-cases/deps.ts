import type { BlobStore } from '#ports/blob-store';
import type { Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Mailer } from '#ports/mailer';
import type { Scheduler } from '#ports/scheduler';
import type { Store } from '#ports/store';
import type { TokenSigner } from '#ports/token-signer';

export interface MailSettings {
  /** Domain of the reply address: `${replyLocalPart}+TOKEN@${inboundDomain}`. */
  inboundDomain: string;
  replyLocalPart: string;
  /** Domain for the Message-IDs we generate. */
  messageIdDomain: string;
  /** Days after the board date that a reply token stays valid. */
  tokenGraceDays: number;
  /** Owners a fan-out works on at once (`fanOutConcurrency` of the SES rate). */
  sendConcurrency: number;
}

/** How long personal content is kept (days): what `purge` deletes when no date is given. */
export interface RetentionSettings {
  /** Updates, notes, held replies, records of mail not acted on, and reports of cycles whose board met. */
  updateDays: number;
  /** Raw inbound mail. */
  rawMailDays: number;
}

/** Every port a use case may need; each use case declares the subset it uses with Pick<>. */
export interface Deps {
  store: Store;
  mailer: Mailer;
  scheduler: Scheduler;
  blobs: BlobStore;
  signer: TokenSigner;
  clock: Clock;
  logger: Logger;
  mail: MailSettings;
  /** Null where the settings do not say (a function other than the milestone one, or a stage deployed before retention). */
  retention: RetentionSettings | null;
}

export const replyAddress = (mail: MailSettings, token: string) => `${mail.replyLocalPart}+${token}@${mail.inboundDomain}`;
