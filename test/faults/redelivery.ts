import { ASYNC_RETRY_DELAYS_MS } from '#domain/delivery-policy';
import type { VirtualClock } from '#local/virtual-clock';

export interface Attempt<T> {
  /** The virtual time the attempt started. */
  at: string;
  result?: T;
  error?: string;
}

export interface Delivery<T> {
  attempts: Attempt<T>[];
  /** `dead-letter`: every attempt failed; the event was not handled. */
  final: 'handled' | 'dead-letter';
}

/**
 * Delivers one event as Lambda's async invocation does (the retry delays of
 * #domain/delivery-policy, the ones the leases are made for): the first attempt, then after
 * each failure the same event again on a fresh instance (`attempt` builds it: new clients, new
 * store and mailer objects, no memory of the failed one), the virtual clock moved on by the
 * retry delay first; after the last retry, the dead-letter queue.
 */
export async function deliverAsync<T>(clock: VirtualClock, attempt: (n: number) => Promise<T>): Promise<Delivery<T>> {
  const attempts: Attempt<T>[] = [];
  for (let n = 0; ; n++) {
    const at = clock.now().toISOString();
    try {
      attempts.push({ at, result: await attempt(n) });
      return { attempts, final: 'handled' };
    } catch (e) {
      attempts.push({ at, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      const delay = ASYNC_RETRY_DELAYS_MS[n];
      if (delay === undefined) return { attempts, final: 'dead-letter' };
      clock.advanceTo(new Date(clock.now().getTime() + delay));
    }
  }
}
