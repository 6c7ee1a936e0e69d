import { describe, expect, it } from 'vitest';
import { CountingMailer } from '#adapters/metrics/counting-mailer';
import type { Mailer, OutgoingEmail } from '#ports/mailer';

const email: OutgoingEmail = { to: ['owner@council.example'], subject: 'Update', text: 'Please reply.' } as OutgoingEmail;

/** A mailer that accepts or refuses every send, and a sink that keeps what was counted. */
const mailer = (fails: boolean): Mailer => ({
  send: async () => {
    if (fails) throw new Error('SES refused');
    return { providerId: 'ses-1' };
  },
});
const sink = () => {
  const counted: Array<[string, string, number]> = [];
  return { counted, addMetric: (name: string, unit: 'Count', value: number) => counted.push([name, unit, value]) };
};

describe('the counting mailer', () => {
  it('counts each email SES accepted as EmailsSent', async () => {
    const metrics = sink();

    const sent = await new CountingMailer(mailer(false), metrics).send(email);

    expect(sent).toEqual({ providerId: 'ses-1' });
    expect(metrics.counted).toEqual([['EmailsSent', 'Count', 1]]);
  });

  it('counts nothing when the send fails', async () => {
    const metrics = sink();

    await expect(new CountingMailer(mailer(true), metrics).send(email)).rejects.toThrow('SES refused');

    expect(metrics.counted).toEqual([]);
  });
});
