import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '#config/config';
import type { DynamoStore } from '#adapters/dynamodb/store';

// Powertools' Tracer turns itself on only inside Lambda (AWS_EXECUTION_ENV), at import:
// each case imports the AWS composition root afresh with the environment it needs. No AWS
// call is made: the clients are built, never used.
const cfg = parseConfig({ TABLE_NAME: 'planpulse-test', INBOUND_DOMAIN: 'replies.council.example', AWS_REGION: 'eu-west-2' });

async function storeClientMiddleware(): Promise<string[]> {
  vi.resetModules();
  const { awsDeps } = await import('#composition/aws');
  const deps = await awsDeps('ses-events', { config: cfg });
  return (deps.store as DynamoStore).client.middlewareStack.identify();
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('X-Ray tracing of the SDK clients', () => {
  it('traces the DynamoDB client inside Lambda, so a slow run shows which calls took the time', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'planpulse-test-ses-events');
    vi.stubEnv('_X_AMZN_TRACE_ID', 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1');

    const middleware = await storeClientMiddleware();

    expect(middleware).toContain('XRaySDKInstrumentation - build');
  });

  it('leaves the client as it is outside Lambda (tests, the operator CLI)', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', '');

    const middleware = await storeClientMiddleware();

    expect(middleware.filter((m) => m.startsWith('XRaySDK'))).toEqual([]);
  });
});
