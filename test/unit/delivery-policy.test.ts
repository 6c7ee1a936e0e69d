import { describe, expect, it } from 'vitest';
import {
  ASYNC_RETRY_DELAYS_MS,
  INBOUND_LEASE_MS,
  LAST_RETRY_AFTER_MS,
  MILESTONE_LEASE_MS,
  RUN_TIMEOUT_MS,
  SEND_LEASE_MS,
  STOP_MARGIN_MS,
} from '#domain/delivery-policy';

// The leases and the platform's retries only work together: these are the conditions.
describe('leases against the retry policy', () => {
  const asynchronous = { milestone: MILESTONE_LEASE_MS, 'inbound-mail': INBOUND_LEASE_MS } as const;

  it.each(Object.entries(asynchronous))('gives %s a lease exactly as long as its timeout, so a live run is never taken over', (fn, lease) => {
    expect(lease).toBe(RUN_TIMEOUT_MS[fn as keyof typeof asynchronous]);
  });

  it.each(Object.entries(asynchronous))('lets the last retry of %s take over a run that died at any moment, or find it finished', (_fn, lease) => {
    // A run that claimed at t and died (or is still running) at any f >= t leaves a lease
    // ending at t + lease <= f + lease: the last retry, at f + LAST_RETRY_AFTER_MS, must come after.
    expect(lease).toBeLessThan(LAST_RETRY_AFTER_MS);
  });

  it('retries twice, one minute and then two more after a failure, as Lambda does for asynchronous invocations', () => {
    expect(ASYNC_RETRY_DELAYS_MS).toEqual([60_000, 120_000]);
  });

  it('holds a send no shorter than any run that makes one, so a live send is never taken over', () => {
    expect(SEND_LEASE_MS).toBeGreaterThanOrEqual(Math.max(...Object.values(RUN_TIMEOUT_MS)));
  });

  it('stops a fan-out in time to record its progress before the milestone function times out', () => {
    expect(STOP_MARGIN_MS).toBeLessThan(RUN_TIMEOUT_MS.milestone / 2);
    expect(STOP_MARGIN_MS).toBeGreaterThanOrEqual(10_000);
  });
});
