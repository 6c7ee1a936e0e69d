import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpRouterHandler, { type Route } from '@middy/http-router';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { awsDeps, logger, metrics, tracer } from '#composition/aws';
import { NotFoundError } from '#domain/errors';
import { cancelCycle, createCycle, getCycle, listCycles, updateCycle, type CycleResult } from '#use-cases/set-cycle-dates';
import { handleErrors } from '../middleware.ts';
import { errorResponse, json, type HttpResult } from './http-errors.ts';

const deps = await awsDeps('cycle-api');

const PlanPath = z.object({ plan: z.string().min(1) });
const CyclePath = z.object({ id: z.string().min(1) });
const Dates = z.object({ opens: z.string(), draft: z.string(), briefing: z.string(), final: z.string(), board: z.string() });
const Flags = { allowPast: z.boolean().optional(), allowOverlap: z.boolean().optional(), dryRun: z.boolean().optional() };
const CreateBody = z.object({ name: z.string(), dates: Dates.partial({ opens: true }), ...Flags });
const UpdateBody = z.object({ name: z.string().optional(), dates: Dates.partial().optional(), ...Flags });

/** Who called, for the audit log: the IAM caller (the API uses IAM auth), else `api`. */
const actorOf = (event: APIGatewayProxyEventV2): string => {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
  return iam?.userArn ? `api:${iam.userArn}` : 'api';
};

const present = ({ cycle, milestones, timeline, fired, warnings }: CycleResult) => ({ ...cycle, milestones, timeline, fired, warnings });
const params = <S extends z.ZodType>(schema: S, event: APIGatewayProxyEventV2): z.output<S> => schema.parse(event.pathParameters ?? {});

/** A route that takes a JSON body: parsed (base64 too) before the route's own zod schema sees it. */
const withJsonBody = (handler: (event: APIGatewayProxyEventV2) => Promise<HttpResult>) =>
  middy<APIGatewayProxyEventV2, HttpResult>().use(httpJsonBodyParser()).handler(handler);

// Each route parses its path and body with zod first, then calls one use case. Bodies are
// spread into the use cases' inputs, so every flag the API accepts reaches the use case.
const routes: Array<Route<APIGatewayProxyEventV2, HttpResult>> = [
  {
    method: 'POST',
    path: '/plans/{plan}/cycles',
    handler: withJsonBody(async (event) => {
      const { plan } = params(PlanPath, event);
      const body = CreateBody.parse(event.body);
      return json(201, present(await createCycle({ planId: plan, ...body, actor: actorOf(event) }, deps)));
    }),
  },
  {
    method: 'GET',
    path: '/plans/{plan}/cycles',
    handler: async (event: APIGatewayProxyEventV2) => json(200, { cycles: (await listCycles(params(PlanPath, event).plan, deps)).map(present) }),
  },
  {
    method: 'GET',
    path: '/cycles/{id}',
    handler: async (event: APIGatewayProxyEventV2) => json(200, present(await getCycle(params(CyclePath, event).id, deps))),
  },
  {
    method: 'PUT',
    path: '/cycles/{id}',
    handler: withJsonBody(async (event) => {
      const { id } = params(CyclePath, event);
      const body = UpdateBody.parse(event.body);
      return json(200, present(await updateCycle({ cycleId: id, ...body, actor: actorOf(event) }, deps)));
    }),
  },
  {
    method: 'DELETE',
    path: '/cycles/{id}',
    handler: async (event: APIGatewayProxyEventV2) =>
      json(200, present(await cancelCycle({ cycleId: params(CyclePath, event).id, actor: actorOf(event) }, deps))),
  },
];

/** Managers' cycle API (HTTP API, payload 2.0): one route, one use case; every error answered by errorResponse. */
export const handler = middy<APIGatewayProxyEventV2, HttpResult>()
  // An X-Ray segment per invocation (the SDK calls appear under it); off outside Lambda.
  .use(captureLambdaHandler(tracer))
  // Publishes the invocation's metrics (EmailsSent, …) as EMF when it ends, even on an error.
  .use(logMetrics(metrics))
  // Request id and cold start on every log line.
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(handleErrors(errorResponse))
  .handler(
    httpRouterHandler<APIGatewayProxyEventV2, HttpResult>({
      routes,
      notFoundResponse: ({ method, path }) => {
        throw new NotFoundError(`no route ${method} ${path}`);
      },
    }),
  );
