import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { FunctionName } from '#composition/functions';
import { INSTALLED_MODULES } from '../../infra/constructs/planpulse-function.ts';

// The bank-holiday calendar (date-holidays and its data, about 1 MB) is only needed to plan
// milestones in working days. Every function loads its whole bundle at cold start, so the
// functions that only run milestones, read replies or record bounces must not carry it.

/** The modules in a function's bundle, built as the CDK builds it (infra/constructs/planpulse-function.ts). */
async function bundledModules(name: FunctionName): Promise<string[]> {
  const result = await build({
    entryPoints: [`functions/${name}/handler.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    external: INSTALLED_MODULES,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
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
});
