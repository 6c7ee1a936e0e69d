import { ZodError } from 'zod';
import { UserError } from '#domain/errors';

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

/** The one place errors become HTTP: `{"error": {"message", "field"}}` with 400/404/409, else 500. */
export function errorResponse(e: unknown): HttpResult {
  if (e instanceof UserError) return json(e.status, { error: { message: e.message, field: e.field } });
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    const field = issue?.path.join('.') || null;
    return json(400, { error: { message: `${field ?? 'body'}: ${issue?.message ?? 'invalid'}`, field } });
  }
  if (e instanceof SyntaxError) return json(400, { error: { message: 'the body is not valid JSON', field: null } });
  return json(500, { error: { message: 'internal error', field: null } });
}
