import { SEND_LEASE_MS } from '#domain/delivery-policy';
import { BusyError } from '#domain/errors';
import type { OutgoingEmail } from '#ports/mailer';
import type { SendKey } from '#ports/store';
import type { Deps } from './deps.ts';

/**
 * Sends an email at most once per send key: the key is claimed (conditional write) before
 * the send and marked with the SES message id after. A send another live run holds is not
 * skipped but fails with BusyError (retried later). A crash between SES accepting and the
 * mark, or a lost SES response, can cause one duplicate when the work is retried; that case
 * is logged.
 */
export async function sendOnce(
  key: SendKey,
  email: OutgoingEmail,
  { store, mailer, logger }: Pick<Deps, 'store' | 'mailer' | 'logger'>,
): Promise<'sent' | 'skipped'> {
  const claim = await store.claimSend(key, SEND_LEASE_MS);
  if (claim.outcome === 'skip') {
    if (claim.state === 'done') return 'skipped';
    throw new BusyError(`another run is sending this email now (${key.kind}); try again later`);
  }
  if (claim.outcome === 'retry') {
    logger.warn('resending an email whose earlier attempt did not finish; the recipient may get it twice', { send: key, to: email.to });
  }
  let providerId: string;
  try {
    ({ providerId } = await mailer.send(email));
  } catch (e) {
    // Not sent: free the key so the retry of this work sends it.
    await store.releaseSend(key);
    throw e;
  }
  await store.completeSend(key, { providerId, messageId: email.messageId, to: email.to });
  return 'sent';
}
