import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import * as z from 'zod';
import { awsDeps, logger, metrics, refreshTokenKeys, tracer } from '#composition/aws';
import { type ReceiveOutcome, receiveReply } from '#use-cases/receive-reply';
import { handleErrors, parseEvent } from '../middleware.ts';

const deps = await awsDeps('inbound-mail');

/** What an operator watches of inbound mail: updates recorded, replies held for a person, mail refused. */
const REPLY_METRICS: Partial<Record<ReceiveOutcome['outcome'], string>> = {
  recorded: 'RepliesRecorded',
  held: 'RepliesHeld',
  rejected: 'RepliesRejected',
  quarantined: 'RepliesQuarantined',
};

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
  // An X-Ray segment per invocation (the SDK calls appear under it); off outside Lambda.
  .use(captureLambdaHandler(tracer))
  // Publishes the invocation's metrics (EmailsSent, …) as EMF when it ends, even on an error.
  .use(logMetrics(metrics))
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors())
  .use(parseEvent(SesEvent))
  .handler(async (event) => {
    // Rotated token keys reach a warm function within TOKEN_KEYS_MAX_AGE_MS.
    await refreshTokenKeys(deps.signer);
    const results = [];
    for (const mail of event.Records) {
      const result = await receiveReply(mail, deps);
      const metric = REPLY_METRICS[result.outcome];
      if (metric) metrics.addMetric(metric, MetricUnit.Count, 1);
      results.push(result);
    }
    return results;
  });
