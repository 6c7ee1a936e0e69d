import { ZodError } from 'zod';
import { BusyError, UserError } from '#domain/errors';

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The message of an error thrown by @middy/http-json-body-parser (it names the package in its cause), else null. */
function bodyParserMessage(e: unknown): string | null {
  const fromParser = e instanceof Error && (e.cause as { package?: unknown } | undefined)?.package === '@middy/http-json-body-parser';
  return fromParser ? e.message : null;
}

/** How errors become HTTP: `{"error": {"message", "field"}}` with 400/404/409/415, 503 when another run holds the work, else 500. Used by the error middleware. */
export function errorResponse(e: unknown): HttpResult {
  if (e instanceof UserError) return json(e.status, { error: { message: e.message, field: e.field } });
  // Held by another run right now: the caller may simply try again shortly.
  if (e instanceof BusyError)
    return {
      ...json(503, { error: { message: `${e.message}; try again in a minute`, field: null } }),
      headers: { 'content-type': 'application/json', 'retry-after': '60' },
    };
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    const field = issue?.path.join('.') || null;
    return json(400, { error: { message: `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`, field } });
  }
  const parser = bodyParserMessage(e);
  if (parser === 'Unsupported Media Type') {
    return json(415, { error: { message: 'send the body as JSON, with content-type: application/json', field: null } });
  }
  // The parser says 415 for a missing or malformed body too; that is a bad request.
  if (parser !== null || e instanceof SyntaxError) return json(400, { error: { message: 'the body is not valid JSON', field: null } });
  return json(500, { error: { message: 'internal error', field: null } });
}
