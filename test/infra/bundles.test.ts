import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName } from '#composition/functions';
import { BUNDLE_TARGET, FUNCTION_MODULES, INSTALLED_MODULES, REQUIRED_BY } from '../../infra/constructs/planpulse-function.ts';

// The bank-holiday calendar library (date-holidays with its time-zone data, about 1.3 MB) is not
// in any function: the functions that plan milestones carry a table generated from it
// (shared/domain/bank-holidays.ts, checked against the library in test/unit/bank-holidays.test.ts).

/**
 * The modules in a function's bundle, built as the CDK builds it (infra/constructs/planpulse-function.ts):
 * those with code in the output, not every file esbuild read (tree shaking drops the rest).
 */
async function bundle(name: FunctionName) {
  return await build({
    entryPoints: [`functions/${name}/handler.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    external: [...INSTALLED_MODULES],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

async function bundledModules(name: FunctionName): Promise<string[]> {
  const result = await bundle(name);
  return Object.values(result.metafile.outputs).flatMap((out) =>
    Object.entries(out.inputs).flatMap(([path, input]) => (input.bytesInOutput > 0 ? [path] : [])),
  );
}

describe('the function bundles', () => {
  it.each(FUNCTION_NAMES)('leave the bank-holiday library out of %s', async (name) => {
    const modules = await bundledModules(name);

    expect(modules.filter((m) => /node_modules\/(date-holidays|moment|astronomia)/.test(m))).toEqual([]);
  });

  it('carry the bank-holiday table in the cycle API, which plans milestones in working days', async () => {
    const modules = await bundledModules('cycle-api');

    expect(modules).toContain('shared/domain/working-days.ts');
    expect(modules).toContain('shared/domain/bank-holidays.ts');
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

  it.each(FUNCTION_NAMES)('install exactly the libraries the %s bundle can load on first use', async (name) => {
    // A library left out of the bundle must be installed wherever the bundle can import it, or
    // that path fails in Lambda with "Cannot find module"; one installed for nothing costs space.
    const result = await bundle(name);
    const imported = Object.values(result.metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
    const lazy = new Set<string>(imported.filter((path) => (INSTALLED_MODULES as readonly string[]).includes(path)));
    // what our code loads with require() (the rasteriser, a native addon; the first-name list) esbuild does not list
    for (const [file, modules] of Object.entries(REQUIRED_BY)) if (file in result.metafile.inputs) for (const m of modules) lazy.add(m);

    expect([...lazy].sort()).toEqual([...FUNCTION_MODULES[name]].sort());
  });
});
