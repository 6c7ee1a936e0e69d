import type { MiddlewareObj } from '@middy/core';
import type * as z from 'zod';
import { logger } from '#composition/aws';

/**
 * Parses the event with a zod schema before the handler runs, so a handler body starts with
 * typed data (the Powertools parser's idea, with our own schemas). A malformed event fails
 * with a ZodError naming the field, and the use case is never called.
 */
export function parseEvent<S extends z.ZodType>(schema: S): MiddlewareObj<z.output<S>> {
  return {
    before: (request) => {
      request.event = schema.parse(request.event);
    },
  };
}

/**
 * The one place a function's failure is decided. With `toResponse` (an HTTP function) the
 * error becomes the answer; without it the error is rethrown, so the event source's retry
 * (then its dead-letter queue) takes over. Only failures that are ours (no response, or a 5xx)
 * are logged as errors: a caller's bad request is answered, not alarmed on.
 */
export function handleErrors<R extends { statusCode: number }>(toResponse?: (error: unknown) => R): MiddlewareObj<unknown, R> {
  return {
    onError: (request) => {
      const response = toResponse?.(request.error);
      if (!response || response.statusCode >= 500) logger.error('invocation failed', { error: request.error as Error });
      if (response) request.response = response;
    },
  };
}
