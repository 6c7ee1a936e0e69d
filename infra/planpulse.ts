import { type App, Tags } from 'aws-cdk-lib';
import { readSettings, type PlanPulseSettings } from './settings.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface PlanPulseStacks {
  settings: PlanPulseSettings;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Adds the PlanPulse stacks to an app, configured from its context. Used by app.ts and the tests. */
export function definePlanPulse(app: App, env: Record<string, string | undefined> = process.env): PlanPulseStacks {
  const settings = readSettings(app, env);
  const stackEnv = { account: settings.account, region: settings.region };

  const stateful = new StatefulStack(app, 'PlanPulseStateful', {
    description: 'PlanPulse data: table, mail bucket, token keys, web users, SES identities (retained)',
    env: stackEnv,
    settings,
  });

  const stateless = new StatelessStack(app, 'PlanPulseStateless', {
    description: 'PlanPulse behaviour: functions, milestone scheduling, mail intake, manager API, web app',
    env: stackEnv,
    settings,
    table: stateful.data.table,
    mailBucket: stateful.mail.bucket,
    tokenKeys: stateful.tokenKeys.secret,
    webSignIn: stateful.webSignIn,
  });

  Tags.of(app).add('project', 'planpulse');
  return { settings, stateful, stateless };
}
