import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { type APIGatewayProxyResult, handle, type LambdaEvent } from 'hono/aws-lambda';
import { awsDeps, logger } from '#composition/aws';
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
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event, context) => serve(event, context));
