import { type App, Aspects, type IAspect, Tags } from 'aws-cdk-lib';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConstruct } from 'constructs';
import { readSettings, type PlanPulseSettings } from './settings.ts';
import { StatefulStack } from './stacks/stateful-stack.ts';
import { StatelessStack } from './stacks/stateless-stack.ts';

export interface PlanPulseStacks {
  settings: PlanPulseSettings;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/** Every log group keeps its logs for the stage's logRetentionDays (one setting, wherever the group is made). */
class LogRetention implements IAspect {
  constructor(private readonly days: number) {}
  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup) node.retentionInDays = this.days;
  }
}

/** Adds the PlanPulse stacks of one stage (`-c stage=<name>`, config/<stage>.json) to an app. Used by app.ts and the tests. */
export function definePlanPulse(app: App, env: Record<string, string | undefined> = process.env): PlanPulseStacks {
  const settings = readSettings(app, env);
  const stackEnv = { account: settings.account, region: settings.region };

  const stateful = new StatefulStack(app, settings.names.statefulStack, {
    description: 'PlanPulse data: table, mail bucket, token keys, web users, SES identities (retained)',
    env: stackEnv,
    settings,
  });

  const stateless = new StatelessStack(app, settings.names.statelessStack, {
    description: 'PlanPulse behaviour: functions, milestone scheduling, mail intake, manager API, web app',
    env: stackEnv,
    settings,
    table: stateful.data.table,
    mailBucket: stateful.mail.bucket,
    tokenKeys: stateful.tokenKeys.secret,
    webSignIn: stateful.webSignIn,
  });

  Tags.of(app).add('project', 'planpulse');
  Tags.of(app).add('planpulse:stage', settings.stage);
  for (const stack of [stateful, stateless]) Aspects.of(stack).add(new LogRetention(settings.logRetentionDays));
  return { settings, stateful, stateless };
}
