import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { definePlanPulse } from '../../infra/planpulse.ts';

/** The same feature flags as `npx cdk synth`, plus: skip esbuild (CDK properties only). */
export function synthesize(context: Record<string, unknown> = {}) {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context } });
  const stacks = definePlanPulse(app, {});
  return { stacks, stateful: Template.fromStack(stacks.stateful), stateless: Template.fromStack(stacks.stateless) };
}
