import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { z } from 'zod';
import { awsDeps, logger } from '#composition/aws';
import { NotFoundError, UserError } from '#domain/errors';
import { cancelCycle, createCycle, getCycle, listCycles, updateCycle, type CycleResult } from '#use-cases/set-cycle-dates';
import { errorResponse, json } from './http-errors.ts';

const deps = await awsDeps();

/** API Gateway HTTP API (payload 2.0), the fields we use. */
const HttpEvent = z.object({
  routeKey: z.string(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

const CreateBody = z.object({
  name: z.string(),
  dates: z.object({ opens: z.string().optional(), draft: z.string(), briefing: z.string(), final: z.string(), board: z.string() }),
  allowPast: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

const UpdateBody = z.object({
  name: z.string().optional(),
  dates: z.object({ opens: z.string(), draft: z.string(), briefing: z.string(), final: z.string(), board: z.string() }).partial().optional(),
  allowPast: z.boolean().optional(),
  dryRun: z.boolean().optional(),
});

const present = ({ cycle, milestones, fired, warnings }: CycleResult) => ({ ...cycle, milestones, fired, warnings });

function body(event: z.infer<typeof HttpEvent>): unknown {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  return JSON.parse(text || '{}');
}

/** Managers' cycle API: one route, one use case. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (rawEvent: unknown) => {
    try {
      const event = HttpEvent.parse(rawEvent);
      const p = event.pathParameters ?? {};
      switch (event.routeKey) {
        case 'POST /plans/{plan}/cycles': {
          const input = CreateBody.parse(body(event));
          return json(201, present(await createCycle({ planId: p.plan ?? '', ...input }, deps)));
        }
        case 'GET /plans/{plan}/cycles':
          return json(200, { cycles: (await listCycles(p.plan ?? '', deps)).map(present) });
        case 'GET /cycles/{id}':
          return json(200, present(await getCycle(p.id ?? '', deps)));
        case 'PUT /cycles/{id}': {
          const input = UpdateBody.parse(body(event));
          return json(200, present(await updateCycle({ cycleId: p.id ?? '', ...input }, deps)));
        }
        case 'DELETE /cycles/{id}':
          return json(200, present(await cancelCycle({ cycleId: p.id ?? '' }, deps)));
        default:
          throw new NotFoundError(`no route ${event.routeKey}`);
      }
    } catch (e) {
      if (!(e instanceof UserError)) logger.error('cycle API failed', { error: e as Error });
      return errorResponse(e);
    }
  });
