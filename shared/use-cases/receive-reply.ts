import type { Deps } from './deps.ts';
import { ingestReply, type IngestOutcome } from './ingest-reply.ts';
import { quarantine, senderVerified, shouldQuarantine, type Verdicts } from './quarantine.ts';

/** A reply the SES receipt rule has already stored raw (its S3 action), with SES's verdicts on it. */
export interface ReceivedMail {
  /** Where the raw mail is in the blob store. */
  rawKey: string;
  verdicts: Verdicts;
}

export type ReceiveOutcome = IngestOutcome | { outcome: 'quarantined'; key: string };

/**
 * Takes in one reply as SES received it.
 * 1. spam, virus, or a DMARC failure under a reject/quarantine policy: quarantined, never read or answered
 * 2. read the raw mail from the blob store (missing: an error, so the invocation is retried)
 * 3. ingest it (ingestReply: de-duplicate, parse, verify, store, confirm)
 */
export async function receiveReply(
  mail: ReceivedMail,
  deps: Pick<Deps, 'store' | 'blobs' | 'signer' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<ReceiveOutcome> {
  if (shouldQuarantine(mail.verdicts)) return { ...(await quarantine(mail, deps)), key: mail.rawKey };
  const raw = await deps.blobs.get(mail.rawKey);
  if (!raw) throw new Error(`raw mail ${mail.rawKey} is missing from the mail store`);
  return ingestReply({ raw, rawKey: mail.rawKey, authenticated: senderVerified(mail.verdicts) }, deps);
}
