/**
 * CDK entry point (cdk.json "app"). Configure with context, e.g.
 *   npx cdk deploy --all -c inboundDomain=replies.example.org -c mailFrom='Board <updates@notify.example.org>'
 * Every key has a default, so `npx cdk synth` works offline. See docs/infra.md.
 */
import { App } from 'aws-cdk-lib';
import { definePlanPulse } from './planpulse.ts';

definePlanPulse(new App());
