import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { FunctionName } from '#composition/functions';
import { BUNDLE_TARGET, INSTALLED_MODULES } from '../../infra/constructs/planpulse-function.ts';

// The bank-holiday calendar (date-holidays and its data, about 1 MB) is only needed to plan
// milestones in working days. Every function loads its whole bundle at cold start, so the
// functions that only run milestones, read replies or record bounces must not carry it.

/**
 * The modules in a function's bundle, built as the CDK builds it (infra/constructs/planpulse-function.ts):
 * those with code in the output, not every file esbuild read (tree shaking drops the rest).
 */
async function bundledModules(name: FunctionName): Promise<string[]> {
  const result = await build({
    entryPoints: [`functions/${name}/handler.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    external: INSTALLED_MODULES,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((out) =>
    Object.entries(out.inputs).flatMap(([path, input]) => (input.bytesInOutput > 0 ? [path] : [])),
  );
}

const holidays = (modules: string[]) => modules.filter((m) => /node_modules\/date-holidays[^/]*\/|shared\/domain\/working-days\.ts$/.test(m));

describe('the function bundles', () => {
  it.each(['milestone', 'inbound-mail', 'ses-events'] as const)('leave the bank-holiday calendar out of %s', async (name) => {
    const modules = await bundledModules(name);

    expect(holidays(modules)).toEqual([]);
  });

  it('carry the bank-holiday calendar in the cycle API, which plans milestones', async () => {
    const modules = await bundledModules('cycle-api');

    expect(modules).toContain('shared/domain/working-days.ts');
    expect(modules.some((m) => m.includes('node_modules/date-holidays/'))).toBe(true);
  });

  it('bundle the web app with its sign-in (the Cognito client and the JWT verifier)', async () => {
    // The web Lambda serves the Hono app through its Lambda adapter and verifies Cognito's ID tokens.
    const modules = await bundledModules('web');

    expect(modules).toContain('shared/web/app.ts');
    expect(modules.some((m) => m.includes('node_modules/hono/dist/adapter/aws-lambda/'))).toBe(true);
    expect(modules.some((m) => m.includes('node_modules/aws-jwt-verify/'))).toBe(true);
    expect(modules.some((m) => m.includes('node_modules/@aws-sdk/client-cognito-identity-provider/'))).toBe(true);
  });

  it.each(['milestone', 'inbound-mail', 'ses-events', 'cycle-api'] as const)('leave the web sign-in out of %s', async (name) => {
    // Only the web function signs people in; the others would carry the Cognito client for nothing.
    const modules = await bundledModules(name);

    expect(modules.filter((m) => /aws-jwt-verify|client-cognito-identity-provider/.test(m))).toEqual([]);
  });
});
