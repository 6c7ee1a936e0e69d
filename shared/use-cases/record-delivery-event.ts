import * as z from 'zod';
import { renderDeliveryProblem } from '#mail/templates/delivery-problem';
import type { Deps } from './deps.ts';
import { sendOnce } from './send-once.ts';

/**
 * An SES notification (identity notifications use `notificationType`, configuration-set
 * event publishing uses `eventType`), the fields we use.
 */
export const SesNotification = z
  .object({
    notificationType: z.string().optional(),
    eventType: z.string().optional(),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string().optional(),
        bouncedRecipients: z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() })),
      })
      .optional(),
    complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })), complaintFeedbackType: z.string().optional() }).optional(),
    mail: z.object({ messageId: z.string(), timestamp: z.string().optional() }),
  })
  .refine((n) => n.notificationType || n.eventType, 'not an SES notification (no notificationType or eventType)');
export type SesNotification = z.infer<typeof SesNotification>;

/** The address part of "Name <a@b>" or a bare address, lower-cased. */
const bare = (address: string) => (/<([^>]+)>/.exec(address)?.[1] ?? address).trim().toLowerCase();

/**
 * A bounce or complaint from SES.
 * 1. permanent bounces and complaints mark the address undeliverable (transient bounces are only logged)
 * 2. the coordinators of every plan that asked this address are told, once per address and plan
 * Reports then say "Email bounced" for that owner's actions, and no more mail goes to it.
 */
export async function recordDeliveryEvent(
  raw: unknown,
  deps: Pick<Deps, 'store' | 'clock' | 'mailer' | 'logger' | 'mail'>,
): Promise<{ marked: string[]; told: number }> {
  const n = SesNotification.parse(raw);
  const type = n.notificationType ?? n.eventType;
  let kind: 'bounced' | 'complained';
  let recipients: Array<{ email: string; reason: string | null }>;
  if (type === 'Bounce' && n.bounce) {
    if (n.bounce.bounceType !== 'Permanent') {
      deps.logger.info('transient bounce, address kept', { messageId: n.mail.messageId, type: n.bounce.bounceType });
      return { marked: [], told: 0 };
    }
    kind = 'bounced';
    recipients = n.bounce.bouncedRecipients.map((r) => ({ email: bare(r.emailAddress), reason: r.diagnosticCode ?? n.bounce!.bounceSubType ?? null }));
  } else if (type === 'Complaint' && n.complaint) {
    kind = 'complained';
    recipients = n.complaint.complainedRecipients.map((r) => ({ email: bare(r.emailAddress), reason: n.complaint!.complaintFeedbackType ?? null }));
  } else {
    return { marked: [], told: 0 };
  }

  let told = 0;
  const at = deps.clock.now().toISOString();
  for (const { email, reason } of recipients) {
    await deps.store.markAddress({ email, state: kind, reason, at });
    const requests = await deps.store.findRequestsByEmail(email);
    for (const planId of new Set(requests.map((r) => r.planId))) {
      const plan = await deps.store.getPlan(planId);
      if (!plan || plan.coordinators.length === 0) continue;
      const request = requests.find((r) => r.planId === planId)!;
      const actions = (await deps.store.getActions(planId)).filter((a) => a.owners.includes(request.ownerKey));
      const content = renderDeliveryProblem({ planName: plan.name, email, ownerName: request.ownerName, kind, reason, actions });
      const outcome = await sendOnce(
        { kind: 'delivery-notice', email, planId, event: kind },
        { to: plan.coordinators, messageId: `<${kind}.${planId}.${Buffer.from(email).toString('hex').slice(0, 40)}@${deps.mail.messageIdDomain}>`, ...content },
        deps,
      );
      if (outcome === 'sent') told += 1;
    }
  }
  return { marked: recipients.map((r) => r.email), told };
}
