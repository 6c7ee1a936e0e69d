import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaEvent } from 'hono/aws-lambda';
import { awsDeps, logger, metrics, tracer } from '#composition/aws';
import { awsWebOptions } from '#composition/web';
import { createWebApp } from '../../shared/web/app.ts';

const deps = await awsDeps('web');
const app = createWebApp(deps, await awsWebOptions(deps.logger));
// Hono's adapter decodes base64 request bodies (API Gateway sends uploads so) and answers
// binary downloads (Word, Excel) base64-encoded; text pages go as they are.
const serve = handle(app);

/**
 * The web app for coordinators and managers, behind its own HTTP API (payload 2.0): every
 * path is the app's. Sign-in is the Cognito user pool's; the app answers its own errors.
 */
export const handler = middy<LambdaEvent, APIGatewayProxyResult, Error, Context>()
  // An X-Ray segment per invocation (the SDK calls appear under it); off outside Lambda.
  .use(captureLambdaHandler(tracer))
  // Publishes the invocation's metrics (EmailsSent, …) as EMF when it ends, even on an error.
  .use(logMetrics(metrics))
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) => serve(event, context));
