import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import * as z from 'zod';
import { awsDeps, logger, metrics, tracer } from '#composition/aws';
import { MISSED_MILESTONES_METRIC, missedMilestones } from '#use-cases/missed-milestones';
import { handleErrors, parseEvent } from '../middleware.ts';

const deps = await awsDeps('watchdog');

/** The EventBridge rule's scheduled event (nothing in it is used). */
const ScheduledEvent = z.looseObject({ 'detail-type': z.literal('Scheduled Event') });

/**
 * Every 15 minutes (an EventBridge rule): counts the milestones that never started 30 minutes
 * after their time and publishes the count, 0 included, so the alarm also sees a watchdog that
 * stopped running. Each missed milestone is logged with its cycle.
 */
export const handler = middy<z.output<typeof ScheduledEvent>>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors())
  .use(parseEvent(ScheduledEvent))
  .handler(async (_event, context) => {
    const missed = await missedMilestones(deps);
    for (const m of missed) logger.error('milestone never ran', { ...m });
    // per function name, so each stage's alarm watches its own count
    const single = metrics.singleMetric();
    single.addDimension('FunctionName', context.functionName);
    single.addMetric(MISSED_MILESTONES_METRIC, MetricUnit.Count, missed.length);
    return { missed: missed.length };
  });
