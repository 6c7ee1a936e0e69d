import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearSentEmails } from '#adapters/local/ses-local-inbox';
import type { Cycle } from '#domain/model';
import { compileReport } from '#use-cases/compile-report';
import { recordDeliveryEvent } from '#use-cases/record-delivery-event';
import { runMilestone } from '#use-cases/run-milestone';
import { COORDINATOR, emailsTo, givenACycle, givenALocalStack, givenThePlan, sent, type TestStack } from '#support/given';

const LORNA = 'lorna.beedham@nottingham.example.org';
const bounce = (email: string, bounceType = 'Permanent') => ({
  notificationType: 'Bounce',
  bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email, diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] },
  mail: { messageId: 'ses-0001', timestamp: '2026-04-20T09:00:01.000Z' },
});

let stack: TestStack;
let cycle: Cycle;
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
  cycle = await givenACycle(stack);
  await runMilestone({ cycleId: cycle.id, milestone: 'requests-open', version: 1 }, stack.deps);
});
afterAll(() => stack.stop());
beforeEach(() => clearSentEmails(stack.endpoints.ses));

describe('an SES bounce', () => {
  it('keeps the address on a transient bounce', async () => {
    const result = await recordDeliveryEvent(bounce(LORNA, 'Transient'), stack.deps);

    expect(result).toEqual({ marked: [], told: 0 });
    expect((await stack.deps.store.getAddressStates([LORNA])).size).toBe(0);
  });

  it('marks the address and tells the coordinators once, however often SES reports it', async () => {
    const first = await recordDeliveryEvent(bounce(`Lorna Beedham <${LORNA}>`), stack.deps);
    await recordDeliveryEvent(bounce(LORNA), stack.deps);

    expect(first).toEqual({ marked: [LORNA], told: 1 });
    expect((await stack.deps.store.getAddressStates([LORNA])).get(LORNA)).toMatchObject({ state: 'bounced', reason: 'smtp; 550 5.1.1 user unknown' });
    const notices = emailsTo(await sent(stack), COORDINATOR);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe(`Email bounced: Lorna Beedham <${LORNA}> (Corporate Parenting Promise Action Plan)`);
    expect(notices[0]!.body.text).toContain('3.1.1 Improve PEP process');
  });

  it('is not emailed again: the reminder skips the address', async () => {
    await runMilestone({ cycleId: cycle.id, milestone: 'reminder-5', version: 1 }, stack.deps);

    const reminders = await sent(stack);
    expect(reminders.length).toBeGreaterThan(5);
    expect(emailsTo(reminders, LORNA)).toHaveLength(0);
  });

  it('shows "Email bounced" in the report for actions whose only owner bounced', async () => {
    const { doc, files } = await compileReport(cycle.id, 'draft', stack.deps);

    const rows = doc.themes.flatMap((t) => t.objectives.flatMap((o) => o.rows));
    expect(rows.find((r) => r.ref === '3.1.1')).toMatchObject({ state: 'bounced', answeredAt: null });
    expect(rows.find((r) => r.ref === '1.2.1')).toMatchObject({ state: 'no_update', answeredAt: null });
    expect(doc.headline.find((f) => f.state === 'bounced')?.count).toBeGreaterThan(0);
    expect(files.find((f) => f.format === 'html')?.content.toString()).toContain('Email bounced');
  });

  it('treats a complaint like a bounce', async () => {
    const complaint = {
      notificationType: 'Complaint',
      complaint: { complainedRecipients: [{ emailAddress: 'jon.rea@nottingham.example.org' }], complaintFeedbackType: 'abuse' },
      mail: { messageId: 'ses-0002' },
    };

    const result = await recordDeliveryEvent(complaint, stack.deps);

    expect(result.told).toBe(1);
    expect((await stack.deps.store.getAddressStates(['jon.rea@nottingham.example.org'])).get('jon.rea@nottingham.example.org')?.state).toBe('complained');
  });

  it('rejects something that is not an SES notification', async () => {
    await expect(recordDeliveryEvent({ hello: 'world' }, stack.deps)).rejects.toThrow(/not an SES notification|mail/);
  });
});
