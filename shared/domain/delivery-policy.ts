/**
 * How work is retried, and how long a claim on it lasts, in one place: the leases are only
 * right for the retry policy and the timeouts they are made for (test/unit/delivery-policy
 * checks them against each other; the CDK takes its timeouts from here).
 *
 * AWS Lambda retries a failed asynchronous invocation (SES's receipt rule, EventBridge
 * Scheduler, SNS) twice: one minute after the failure, then two minutes after that.
 */
export const ASYNC_RETRY_DELAYS_MS = [60_000, 120_000] as const;

/** Time from a failure until the last retry starts. */
export const LAST_RETRY_AFTER_MS = ASYNC_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);

/**
 * The timeout of each function. A claim (lease) a run takes lasts exactly its timeout:
 * - never shorter, so no other worker takes over work that is still running;
 * - never as long as the retries' reach, so a retry after a crash (or after finding the
 *   work held by a run that then died) can take it over.
 */
export const RUN_TIMEOUT_MS = {
  milestone: 120_000,
  'inbound-mail': 60_000,
  'ses-events': 60_000,
  'cycle-api': 29_000,
  // Behind the HTTP API too, whose integrations time out at 30 s.
  web: 29_000,
  // A few queries per live cycle.
  watchdog: 60_000,
} as const;

/** The lease on a milestone run. */
export const MILESTONE_LEASE_MS = RUN_TIMEOUT_MS.milestone;

/** The lease on handling one inbound message. */
export const INBOUND_LEASE_MS = RUN_TIMEOUT_MS['inbound-mail'];

/**
 * The lease on one email. Sends happen in every function, so it is the longest timeout of
 * them: a send can never be taken over while the run making it is still alive.
 */
export const SEND_LEASE_MS = Math.max(...Object.values(RUN_TIMEOUT_MS));

/** A fan-out stops starting new sends when less than this is left, and continues in a later run. */
export const STOP_MARGIN_MS = 20_000;

/** A fan-out that could not finish continues this long after it stopped. */
export const CONTINUE_AFTER_MS = 60_000;

/**
 * Owners a fan-out works on at once, for an SES rate. Each owner is a few store round trips
 * and one send, in a row; one at a time that capped a fan-out near 8 sends/s whatever SES
 * allowed. The mailer paces the sends to the rate, so this only has to keep it busy: the
 * rate times an owner's time (about 150 ms in AWS; a loaded
 * machine's local stand-ins take longer, so 250 ms), plus one. It is also how many emails a
 * crashed run can have had accepted by SES but not yet recorded (each may go twice when the
 * run is retried, logged): 5 at the default 14/s, at most {@link MAX_FAN_OUT_CONCURRENCY}.
 */
export function fanOutConcurrency(perSecond: number): number {
  return Math.min(MAX_FAN_OUT_CONCURRENCY, Math.max(1, Math.ceil(perSecond * 0.25) + 1));
}
export const MAX_FAN_OUT_CONCURRENCY = 32;
