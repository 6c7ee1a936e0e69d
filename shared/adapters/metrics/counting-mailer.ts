import type { Mailer, OutgoingEmail } from '#ports/mailer';

/** What the counting mailer needs of Powertools Metrics (so a test can pass a plain recorder). */
export interface MetricsSink {
  addMetric(name: string, unit: 'Count', value: number): unknown;
}

/**
 * Counts each email SES accepted as the `EmailsSent` metric: the send volume of every
 * function in one place (the mailer port), not in the use cases.
 */
export class CountingMailer implements Mailer {
  constructor(
    private readonly inner: Mailer,
    private readonly metrics: MetricsSink,
  ) {}

  async send(email: OutgoingEmail): Promise<{ providerId: string }> {
    const sent = await this.inner.send(email);
    this.metrics.addMetric('EmailsSent', 'Count', 1);
    return sent;
  }
}
