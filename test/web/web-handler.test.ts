import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CognitoIdentityProviderClient, InitiateAuthCommand, NotAuthorizedException } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, givenAStackWithThePlan, type TestStack } from '#support/given';
import { CLIENT_ID } from '#support/cognito';
import { cookiePairs, HOST, type LambdaResult, lambdaContext, lambdaEvent, multipart, type WebHandler, webLambda } from '#support/web-lambda';

// The real web Lambda handler (functions/web/handler.ts), built by the AWS composition root
// against dynalite, with API Gateway HTTP API (payload 2.0) events as they arrive: a form
// posted as multipart/form-data comes base64-encoded. Cognito is mocked.
const cognito = mockClient(CognitoIdentityProviderClient);

type Result = LambdaResult;
let stack: TestStack;
let handler: WebHandler;
const context = lambdaContext;
const event = lambdaEvent;

beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date('2026-04-20T08:00:00Z'));
  handler = await webLambda(stack);
});
afterAll(async () => {
  cognito.restore();
  await stack?.stop();
});

const WORKBOOK = readFileSync(fixture('plans/nottinghamshire-cla-2012.xlsx'));

describe('the web Lambda handler', () => {
  it('sends a signed-out request to sign in, over https', async () => {
    const res = await handler(event('GET', '/'), context);

    expect(res.statusCode).toBe(302);
    expect(res.headers?.location).toBe('/sign-in');
  });

  it('reads a multipart sign-in form that API Gateway base64-encoded, every byte of it', async () => {
    cognito.on(InitiateAuthCommand).rejects(new NotAuthorizedException({ message: 'Incorrect username or password.', $metadata: {} }));
    const page = await handler(event('GET', '/sign-in'), context);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect(page.cookies?.[0]).toMatch(/; Secure/);
    // A name and password beyond ASCII, and a binary file alongside: decoding the body as
    // text (not base64) would mangle them.
    const form = multipart(
      { csrf, username: 'zoë.o’brien', password: 'Pässwörd-£9!' },
      { attachment: { name: 'plan.xlsx', type: 'application/octet-stream', content: WORKBOOK } },
    );

    const res = await handler(
      event('POST', '/sign-in', { body: form.body, cookies: cookiePairs(page), headers: { 'content-type': form.contentType, origin: `https://${HOST}` } }),
      context,
    );

    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter a correct username and password');
    expect(res.body).toContain('value="zoë.o’brien"');
    expect(cognito.commandCalls(InitiateAuthCommand).map((c) => c.args[0].input)).toEqual([
      { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: CLIENT_ID, AuthParameters: { USERNAME: 'zoë.o’brien', PASSWORD: 'Pässwörd-£9!' } },
    ]);
  });
});

describe("Hono's Lambda adapter, as the handler uses it", () => {
  it('hands an uploaded workbook to the app byte for byte', async () => {
    // The plan import reads the uploaded file: it must be the file the browser sent.
    const app = new Hono().post('/upload', async (c) => {
      const file = (await c.req.parseBody()).plan as File;
      return c.text(
        createHash('sha256')
          .update(Buffer.from(await file.arrayBuffer()))
          .digest('hex'),
      );
    });
    const form = multipart(
      { name: 'Plan' },
      { plan: { name: 'plan.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: WORKBOOK } },
    );

    const res = (await handle(app)(
      event('POST', '/upload', { body: form.body, headers: { 'content-type': form.contentType } }) as never,
      context as never,
    )) as Result;

    expect(res.body).toBe(createHash('sha256').update(WORKBOOK).digest('hex'));
  });

  it('answers a download base64-encoded, and a page as text', async () => {
    // A Word or Excel report goes back through API Gateway only as base64.
    const app = new Hono()
      .get('/report.xlsx', (c) =>
        c.body(new Uint8Array(WORKBOOK), 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      )
      .get('/page', (c) => c.html('<p>Plans</p>'));

    const download = (await handle(app)(event('GET', '/report.xlsx') as never, context as never)) as Result;
    const page = (await handle(app)(event('GET', '/page') as never, context as never)) as Result;

    expect(download.isBase64Encoded).toBe(true);
    expect(Buffer.from(download.body, 'base64').equals(WORKBOOK)).toBe(true);
    expect(page.isBase64Encoded).toBe(false);
    expect(page.body).toBe('<p>Plans</p>');
  });
});
