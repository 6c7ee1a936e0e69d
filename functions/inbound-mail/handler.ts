import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { awsDeps, logger } from '#composition/aws';
import { receiveReply } from '#use-cases/receive-reply';
import { handleErrors, parseEvent } from '../middleware.ts';

const deps = await awsDeps('inbound-mail');

const Verdict = z.object({ status: z.string() }).optional();

/** The SES receipt-rule Lambda event (the fields we use), as receiveReply's input. */
const SesEvent = z.object({
  Records: z
    .array(
      z
        .object({
          ses: z.object({
            mail: z.object({ messageId: z.string().min(1) }),
            receipt: z.object({
              spamVerdict: Verdict,
              virusVerdict: Verdict,
              spfVerdict: Verdict,
              dkimVerdict: Verdict,
              dmarcVerdict: Verdict,
              dmarcPolicy: z.string().optional(),
            }),
          }),
        })
        .transform(({ ses: { mail, receipt } }) => ({
          // The receipt rule's S3 action stores each message under inbound/ by its SES message id.
          rawKey: `inbound/${mail.messageId}`,
          verdicts: {
            spam: receipt.spamVerdict?.status,
            virus: receipt.virusVerdict?.status,
            spf: receipt.spfVerdict?.status,
            dkim: receipt.dkimVerdict?.status,
            dmarc: receipt.dmarcVerdict?.status,
            dmarcPolicy: receipt.dmarcPolicy,
          },
        })),
    )
    .min(1),
});

/** Invoked by the SES receipt rule after its S3 action stored the raw mail; an error is retried by Lambda. */
export const handler = middy<z.output<typeof SesEvent>>()
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors())
  .use(parseEvent(SesEvent))
  .handler(async (event) => {
    const results = [];
    for (const mail of event.Records) results.push(await receiveReply(mail, deps));
    return results;
  });
