import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { awsDeps, logger } from '#composition/aws';
import { ingestReply } from '#use-cases/ingest-reply';
import { quarantine, shouldQuarantine } from '#use-cases/quarantine';

const deps = await awsDeps();

const Verdict = z.object({ status: z.string() }).optional();

/** The SES receipt-rule Lambda event (the fields we use). */
const SesEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().min(1) }),
          receipt: z.object({ spamVerdict: Verdict, virusVerdict: Verdict, dmarcVerdict: Verdict, dmarcPolicy: z.string().optional() }),
        }),
      }),
    )
    .min(1),
});

/**
 * Invoked by the SES receipt rule after its S3 action stored the raw mail at
 * `inbound/<SES message id>`. Spam, virus or DMARC failures are quarantined unread.
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (rawEvent: unknown) => {
    const event = SesEvent.parse(rawEvent);
    const results = [];
    for (const { ses } of event.Records) {
      const key = `inbound/${ses.mail.messageId}`;
      const { spamVerdict, virusVerdict, dmarcVerdict, dmarcPolicy } = ses.receipt;
      const verdicts = { spam: spamVerdict?.status, virus: virusVerdict?.status, dmarc: dmarcVerdict?.status, dmarcPolicy };
      if (shouldQuarantine(verdicts)) {
        results.push({ ...(await quarantine({ rawKey: key, verdicts }, deps)), key });
        continue;
      }
      const raw = await deps.blobs.get(key);
      if (!raw) throw new Error(`raw mail ${key} is missing from the bucket`);
      results.push(await ingestReply({ raw, rawKey: key }, deps));
    }
    return results;
  });
