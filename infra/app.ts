/**
 * CDK entry point (cdk.json "app"). One stage per command, configured by config/<stage>.json:
 *   npx cdk deploy --all -c stage=prod
 * `-c <key>=<value>` overrides a key of the file. Without -c stage, `dev` (example values), so
 * `npx cdk synth` works offline on a clean clone. See docs/infra.md.
 */
import { App } from 'aws-cdk-lib';
import { definePlanPulse } from './planpulse.ts';
import { StageConfigError } from './stage-config.ts';

try {
  definePlanPulse(new App());
} catch (e) {
  // A bad config is the operator's to fix: the message names each key, no stack trace needed.
  if (!(e instanceof StageConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}
