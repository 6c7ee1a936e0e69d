import type { OutgoingEmail } from '#ports/mailer';
import type { SendKey } from '#ports/store';
import type { Deps } from './deps.ts';

/** How long a claimed send is protected from other workers before it counts as crashed. */
const SEND_LEASE_MS = 5 * 60_000;

/**
 * Sends an email at most once per send key: the key is claimed (conditional write) before
 * the send and marked with the SES message id after. A crash between SES accepting and the
 * mark can cause one duplicate when the work is retried; that case is logged.
 */
export async function sendOnce(
  key: SendKey,
  email: OutgoingEmail,
  { store, mailer, logger }: Pick<Deps, 'store' | 'mailer' | 'logger'>,
): Promise<'sent' | 'skipped'> {
  const claim = await store.claimSend(key, SEND_LEASE_MS);
  if (claim.outcome === 'skip') return 'skipped';
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
