import { describe, expect, it } from 'vitest';
import { isThrottling, RateLimitedMailer } from '#adapters/ses/rate-limited-mailer';
import { VirtualClock } from '#local/virtual-clock';
import type { Mailer, OutgoingEmail } from '#ports/mailer';

const email = (n: number): OutgoingEmail => ({ to: [`owner${n}@council.example.org`], subject: 's', text: 't', html: 'h', messageId: `<m${n}@x.example.org>` });

/** A clock that only moves when the mailer sleeps: time spent is exactly the waits. */
function fakeTime() {
  const clock = new VirtualClock(new Date('2026-01-01T00:00:00Z'), 0);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advanceTo(new Date(clock.now().getTime() + ms));
  };
  return { clock, sleep, sleeps };
}

const throttle = () => Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });

describe('RateLimitedMailer', () => {
  it('spaces sends to hold the configured rate', async () => {
    // Prepare
    const { clock, sleep } = fakeTime();
    const at: number[] = [];
    const inner: Mailer = {
      send: async () => {
        at.push(clock.now().getTime());
        return { providerId: 'x' };
      },
    };
    const mailer = new RateLimitedMailer(inner, { perSecond: 14, clock, sleep });

    // Act
    for (let i = 0; i < 29; i++) await mailer.send(email(i));

    // Assess: 29 sends at 14/s take two seconds of waiting (Date keeps whole milliseconds)
    expect(Math.abs(at[28]! - at[0]! - 2000)).toBeLessThanOrEqual(1);
    expect(Math.min(...at.slice(1).map((t, i) => t - at[i]!))).toBeGreaterThanOrEqual(71);
  });

  it('retries a throttled send with growing back-off and then succeeds', async () => {
    // Prepare
    const { clock, sleep, sleeps } = fakeTime();
    let calls = 0;
    const inner: Mailer = {
      send: async () => {
        calls += 1;
        if (calls <= 2) throw throttle();
        return { providerId: 'ses-1' };
      },
    };
    const mailer = new RateLimitedMailer(inner, { perSecond: 1000, clock, sleep, baseBackoffMs: 100, random: () => 0.5 });

    // Act
    const result = await mailer.send(email(1));

    // Assess
    expect(result).toEqual({ providerId: 'ses-1' });
    expect(calls).toBe(3);
    expect(sleeps.filter((ms) => ms >= 100)).toEqual([100, 200]);
  });

  it('gives up after the last attempt and rethrows the throttling error', async () => {
    // Prepare
    const { clock, sleep } = fakeTime();
    const mailer = new RateLimitedMailer({ send: async () => Promise.reject(throttle()) }, { perSecond: 1000, clock, sleep, maxAttempts: 3 });

    // Act / Assess
    await expect(mailer.send(email(1))).rejects.toThrow('Maximum sending rate exceeded.');
  });

  it('does not retry an error that is not throttling', async () => {
    // Prepare
    const { clock, sleep } = fakeTime();
    let calls = 0;
    const inner: Mailer = {
      send: async () => {
        calls++;
        throw Object.assign(new Error('Email address is not verified.'), { name: 'MessageRejected' });
      },
    };
    const mailer = new RateLimitedMailer(inner, { perSecond: 1000, clock, sleep });

    // Act / Assess
    await expect(mailer.send(email(1))).rejects.toThrow('not verified');
    expect(calls).toBe(1);
  });

  it('recognises the shapes SES uses to say slow down', () => {
    expect(isThrottling(throttle())).toBe(true);
    expect(isThrottling({ name: 'TooManyRequestsException' })).toBe(true);
    expect(isThrottling({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottling(new Error('boom'))).toBe(false);
  });
});
