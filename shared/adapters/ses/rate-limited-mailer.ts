import type { Clock } from '#ports/clock';
import type { Logger } from '#ports/logger';
import type { Mailer, OutgoingEmail } from '#ports/mailer';

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** SES says "slow down" in several ways depending on the API and the limit hit. */
export function isThrottling(e: unknown): boolean {
  const err = e as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return (
    ['Throttling', 'ThrottlingException', 'TooManyRequestsException'].includes(err?.name ?? err?.Code ?? '') ||
    /maximum sending rate exceeded|rate exceeded/i.test(err?.message ?? '') ||
    err?.$metadata?.httpStatusCode === 429
  );
}

export interface RateLimitOptions {
  /** Sends per second allowed (the account's SES maximum send rate). */
  perSecond: number;
  clock: Clock;
  sleep?: Sleep;
  logger?: Logger;
  /** Attempts per email when SES throttles (the first included). */
  maxAttempts?: number;
  /** First back-off; doubled each retry, with jitter. */
  baseBackoffMs?: number;
  random?: () => number;
}

/**
 * Holds sends to the configured SES rate (evenly spaced, so one process never bursts past
 * it) and retries throttled sends with exponential back-off. Other errors are not retried.
 */
export class RateLimitedMailer implements Mailer {
  private next = 0;
  private readonly sleep: Sleep;
  private readonly interval: number;

  constructor(
    private readonly inner: Mailer,
    private readonly options: RateLimitOptions,
  ) {
    this.sleep = options.sleep ?? realSleep;
    this.interval = 1000 / options.perSecond;
  }

  /** Waits for the next free slot, reserving it before waiting so concurrent callers queue up. */
  private async slot(): Promise<void> {
    const now = this.options.clock.now().getTime();
    const at = Math.max(now, this.next);
    this.next = at + this.interval;
    if (at > now) await this.sleep(at - now);
  }

  async send(email: OutgoingEmail): Promise<{ providerId: string }> {
    const maxAttempts = this.options.maxAttempts ?? 6;
    const base = this.options.baseBackoffMs ?? 250;
    const random = this.options.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      await this.slot();
      try {
        return await this.inner.send(email);
      } catch (e) {
        if (!isThrottling(e) || attempt >= maxAttempts) throw e;
        const wait = base * 2 ** (attempt - 1) * (0.5 + random());
        this.options.logger?.warn('SES throttled a send; backing off', { attempt, waitMs: Math.round(wait), to: email.to });
        await this.sleep(wait);
      }
    }
  }
}
