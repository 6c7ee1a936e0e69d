import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { awsDeps, logger } from '#composition/aws';
import { recordDeliveryEvent } from '#use-cases/record-delivery-event';

const deps = await awsDeps();

/** SNS delivering SES bounce and complaint notifications (the fields we use). */
const SnsEvent = z.object({ Records: z.array(z.object({ Sns: z.object({ MessageId: z.string(), Message: z.string() }) })).min(1) });

/**
 * Subscribed to the SES configuration set's SNS topic. Each message is one bounce or
 * complaint; recording it is idempotent (the notice to coordinators goes once).
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (rawEvent: unknown) => {
    const event = SnsEvent.parse(rawEvent);
    const results = [];
    for (const { Sns } of event.Records) results.push(await recordDeliveryEvent(JSON.parse(Sns.Message) as unknown, deps));
    return results;
  });
