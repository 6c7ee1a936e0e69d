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
}

export const replyAddress = (mail: MailSettings, token: string) => `${mail.replyLocalPart}+${token}@${mail.inboundDomain}`;
