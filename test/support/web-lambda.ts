import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import { Readable } from 'node:stream';
import { vi } from 'vitest';
import { localConfig } from '#config/config';
import { USER_POOL_ID, CLIENT_ID } from './cognito.ts';
import type { TestStack } from './given.ts';

/** What the web Lambda answers API Gateway (payload 2.0). */
export type LambdaResult = { statusCode: number; headers?: Record<string, string>; cookies?: string[]; body: string; isBase64Encoded: boolean };
export type WebHandler = (event: unknown, context: unknown) => Promise<LambdaResult>;

export const lambdaContext = { functionName: 'web', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 29_000 };
export const HOST = 'abc123.execute-api.eu-west-2.amazonaws.com';
export const MAIL_BUCKET = 'planpulse-mail';

/**
 * The real web Lambda handler (functions/web/handler.ts), built by the AWS composition root
 * with the variables the stack gives it, against the test stack's dynalite and local SES.
 * Imported after the variables are set: the handler builds its ports at cold start.
 */
export async function webLambda(stack: TestStack): Promise<WebHandler> {
  const local = localConfig();
  Object.assign(process.env, {
    TABLE_NAME: local.TABLE_NAME,
    INBOUND_DOMAIN: local.INBOUND_DOMAIN,
    MAIL_FROM: local.MAIL_FROM,
    MAIL_BUCKET,
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/scheduler',
    MILESTONE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-2:111111111111:function:milestone',
    COGNITO_USER_POOL_ID: USER_POOL_ID,
    COGNITO_CLIENT_ID: CLIENT_ID,
    WEB_SESSION_SECRET: 'a-web-session-secret-of-at-least-32-characters',
    DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    SES_ENDPOINT: stack.endpoints.ses,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  return (await import('../../functions/web/handler.ts')).handler as never;
}

/** An HTTP API request as API Gateway delivers it to the web function (payload 2.0). */
export function lambdaEvent(method: string, path: string, options: { headers?: Record<string, string>; cookies?: string[]; body?: Buffer } = {}) {
  return {
    version: '2.0',
    routeKey: path === '/' ? 'ANY /' : 'ANY /{proxy+}',
    rawPath: path,
    rawQueryString: '',
    cookies: options.cookies,
    headers: { host: HOST, 'x-forwarded-proto': 'https', ...options.headers },
    requestContext: {
      domainName: HOST,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: 'r1',
      stage: '$default',
    },
    // API Gateway base64-encodes a body that is not text, multipart and urlencoded forms among them.
    ...(options.body ? { body: options.body.toString('base64'), isBase64Encoded: true } : { isBase64Encoded: false }),
  };
}

/** A multipart/form-data body: text fields and files, as a browser sends it. */
export function multipart(fields: Record<string, string>, files: Record<string, { name: string; type: string; content: Buffer }> = {}) {
  const boundary = '----planpulseTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  for (const [k, f] of Object.entries(files)) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`, 'utf8'),
      f.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The cookies a response sets, as API Gateway's `cookies` of the next request (name=value). */
export const cookiePairs = (res: LambdaResult) => (res.cookies ?? []).map((c) => c.split(';')[0]!);

/** The pool's JWKS address, as aws-jwt-verify derives it from the pool id. */
export const JWKS_URL = `https://cognito-idp.eu-west-2.amazonaws.com/${USER_POOL_ID}/.well-known/jwks.json`;

/**
 * Answers the verifier's HTTPS GET of the pool's JWKS with `jwks`, and nothing else: any
 * other HTTPS request goes to Node as it would. aws-jwt-verify fetches with Node's
 * `https.request` (its `https-node.js`), imported as a named ESM binding, hence the sync.
 * Returns the JWKS requests seen (URLs) and a restore.
 */
export function answerJwks(jwks: unknown): { requests: string[]; restore: () => void } {
  const requests: string[] = [];
  const real = https.request;
  const spy = vi.spyOn(https, 'request').mockImplementation(((...args: unknown[]) => {
    const url = String(args[0]);
    if (url !== JWKS_URL) return (real as (...a: unknown[]) => ReturnType<typeof https.request>)(...args);
    requests.push(url);
    const callback = args.find((a) => typeof a === 'function') as (res: Readable) => void;
    const response = Object.assign(Readable.from([Buffer.from(JSON.stringify(jwks))]), { statusCode: 200, headers: { 'content-type': 'application/json' } });
    // Just enough of a ClientRequest for aws-jwt-verify: it listens for errors and ends the request.
    const request = Object.assign(new Readable({ read() {} }), {
      end: () => process.nextTick(() => callback(response)),
      socket: null,
    });
    return request;
  }) as unknown as typeof https.request);
  syncBuiltinESMExports();
  return {
    requests,
    restore: () => {
      spy.mockRestore();
      syncBuiltinESMExports();
    },
  };
}
