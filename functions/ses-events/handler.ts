import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import * as z from 'zod';
import { awsDeps, logger, metrics, tracer } from '#composition/aws';
import { recordDeliveryEvent, SesNotification } from '#use-cases/record-delivery-event';
import { handleErrors, parseEvent } from '../middleware.ts';

const deps = await awsDeps('ses-events');

/** SNS carries the SES notification as JSON text. */
const JsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** SNS delivering SES bounce and complaint notifications (the fields we use). */
const SnsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ MessageId: z.string(), Message: JsonText.pipe(SesNotification) }) })).min(1),
});

/**
 * Subscribed to the SES configuration set's SNS topic. Each message is one bounce or
 * complaint; recording it is idempotent (the notice to coordinators goes once).
 */
export const handler = middy<z.output<typeof SnsEvent>>()
  // An X-Ray segment per invocation (the SDK calls appear under it); off outside Lambda.
  .use(captureLambdaHandler(tracer))
  // Publishes the invocation's metrics (EmailsSent, …) as EMF when it ends, even on an error.
  .use(logMetrics(metrics))
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors())
  .use(parseEvent(SnsEvent))
  .handler(async (event) => {
    const results = [];
    for (const { Sns } of event.Records) results.push(await recordDeliveryEvent(Sns.Message, deps));
    return results;
  });
