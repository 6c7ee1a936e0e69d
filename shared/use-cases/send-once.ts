import type { OutgoingEmail } from '#ports/mailer';
import type { Deps } from './deps.ts';

/** How long a claimed send is protected from other workers before it counts as crashed. */
const SEND_LEASE_MS = 5 * 60_000;

/**
 * Sends an email at most once per ledger entry: the entry is claimed (conditional write)
 * before the send and marked with the SES message id after. A crash between SES accepting
 * and the mark can cause one duplicate when the work is retried; that case is logged.
 */
export async function sendOnce(
  entry: { scope: string; name: string },
  email: OutgoingEmail,
  { store, mailer, logger }: Pick<Deps, 'store' | 'mailer' | 'logger'>,
): Promise<'sent' | 'skipped'> {
  const claim = await store.claim(entry.scope, entry.name, SEND_LEASE_MS);
  if (claim.outcome === 'skip') return 'skipped';
  if (claim.outcome === 'retry') {
    logger.warn('resending an email whose earlier attempt did not finish; the recipient may get it twice', {
      ledger: entry.name,
      to: email.to,
    });
  }
  let providerId: string;
  try {
    ({ providerId } = await mailer.send(email));
  } catch (e) {
    // Not sent: free the entry so the retry of this work sends it.
    await store.release(entry.scope, entry.name);
    throw e;
  }
  await store.complete(entry.scope, entry.name, { providerId, messageId: email.messageId, to: email.to });
  return 'sent';
}
