import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import { awsDeps, logger, metrics, refreshTokenKeys, tracer } from '#composition/aws';
import type { FunctionDeps } from '#composition/functions';
import { MilestoneEvent } from '#domain/model';
import { runMilestone } from '#use-cases/run-milestone';
import { handleErrors, parseEvent } from '../middleware.ts';

// Built on the first invocation: the function's own ARN (from its context) is the target of
// the continuation schedule of a large fan-out.
let deps: FunctionDeps<'milestone'> | undefined;

/**
 * Invoked by an EventBridge one-time schedule with `{cycleId, milestone, version}`.
 * runMilestone is idempotent: a duplicate delivery is ignored. An error is rethrown so the
 * scheduler's retry policy (then the DLQ) takes over.
 */
export const handler = middy<MilestoneEvent>()
  // An X-Ray segment per invocation (the SDK calls appear under it); off outside Lambda.
  .use(captureLambdaHandler(tracer))
  // Publishes the invocation's metrics (EmailsSent, …) as EMF when it ends, even on an error.
  .use(logMetrics(metrics))
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors())
  .use(parseEvent(MilestoneEvent))
  // The remaining time bounds a large fan-out: it stops in time and continues in a later run.
  .handler(async (event, context) => {
    deps ??= await awsDeps('milestone', { milestoneFunctionArn: context.invokedFunctionArn });
    // Rotated token keys reach a warm function within TOKEN_KEYS_MAX_AGE_MS.
    await refreshTokenKeys(deps.signer);
    return runMilestone(event, deps, { remainingMs: () => context.getRemainingTimeInMillis() });
  });
