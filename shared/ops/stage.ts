import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { cloudFormationClient, lambdaClient } from '#adapters/aws-clients';
import { awsDeps } from '#composition/aws';
import { parseConfig } from '#config/config';
import { UserError } from '#domain/errors';
import type { Logger } from '#ports/logger';
import type { Deps } from '#use-cases/deps';
import { repoRoot, stageNames, type StageNames } from '../../infra/settings.ts';
import { loadStageConfig, StageConfigError, type StageConfig } from '../../infra/stage-config.ts';

/** A deployed stage cannot be reached or read: the message says what the operator does next. */
export class StageError extends UserError {}

/** A stage as committed: its config/<stage>.json and the physical names that follow from it. */
export interface Stage {
  stage: string;
  config: StageConfig;
  names: StageNames;
}

/** Reads config/<stage>.json exactly as `cdk deploy -c stage=<stage>` does (no context overrides). */
export function loadStage(stage: string, root: string = repoRoot): Stage {
  try {
    const loaded = loadStageConfig({ stage, root });
    return { stage: loaded.stage, config: loaded.config, names: stageNames(loaded.stage, loaded.config) };
  } catch (e) {
    if (e instanceof StageConfigError) throw new StageError(e.message, 'stage');
    throw e;
  }
}

/** The stack outputs the CLI reads (infra/stacks/*: CfnOutput). */
export const OUTPUTS = {
  stateful: ['TableName', 'MailBucketName', 'TokenKeysSecretArn'],
  stateless: [
    'MilestoneFunctionName',
    'InboundMailFunctionName',
    'SesEventsFunctionName',
    'ScheduleDeadLetterQueueUrl',
    'InboundMailFailuresQueueUrl',
    'SesEventsFailuresQueueUrl',
    'AlarmTopicArn',
  ],
} as const;
export type OutputName = (typeof OUTPUTS)[keyof typeof OUTPUTS][number];

/** An AWS SDK failure as the fix an operator can act on; anything else unchanged. */
export function explainAwsError(e: unknown, stage: Stage): unknown {
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = (e as Error | null)?.message ?? '';
  const region = stage.config.region;
  if (name === 'CredentialsProviderError' || /credential/i.test(message)) {
    return new StageError(
      `no AWS credentials for stage "${stage.stage}" (${message}). Sign in first: \`aws sso login --profile <profile>\` and \`export AWS_PROFILE=<profile>\`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`,
    );
  }
  if (['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId', 'UnrecognizedClientException'].includes(name)) {
    return new StageError(`the AWS credentials were refused (${name}): sign in again (\`aws sso login --profile <profile>\`) and retry.`);
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    return new StageError(`AWS refused a request for stage "${stage.stage}" in ${region}: ${message}. Use a role that may operate this stage.`);
  }
  return e;
}

/** Reads both stacks' outputs. A stack that is not there says how to deploy it. */
export async function readOutputs(stage: Stage, cloudFormation: CloudFormationClient): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const stackName of [stage.names.statefulStack, stage.names.statelessStack]) {
    const stacks = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })).catch((e: unknown) => {
      if (/does not exist/.test((e as Error).message)) {
        throw new StageError(
          `stack ${stackName} is not deployed in ${stage.config.region}. Deploy the stage first: npx cdk deploy --all -c stage=${stage.stage} (README, Deploy).`,
        );
      }
      throw explainAwsError(e, stage);
    });
    for (const o of stacks.Stacks?.[0]?.Outputs ?? []) {
      if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
    }
  }
  return outputs;
}

/** One output, or a StageError saying the stack is older than this CLI. */
export function output(outputs: Record<string, string>, name: OutputName, stage: Stage): string {
  const value = outputs[name];
  if (!value) {
    throw new StageError(
      `the stack outputs of stage "${stage.stage}" have no ${name}: the stage was deployed by an older PlanPulse. Redeploy it: npx cdk deploy --all -c stage=${stage.stage}.`,
    );
  }
  return value;
}

/** The clients finding a stage needs; tests pass mocked ones. */
export interface StageClients {
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
}

export function stageClients(stage: Stage): StageClients {
  const region = stage.config.region;
  return { cloudFormation: cloudFormationClient({ region }), lambda: lambdaClient({ region }) };
}

/**
 * The settings a deployed function runs with: its environment variables, read from Lambda,
 * so the CLI uses exactly the table, bucket, schedule group, roles and secret the stage's own
 * functions use (nothing restated here), plus the function's ARN.
 */
export async function deployedSettings(stage: Stage, lambda: LambdaClient, functionName: string) {
  const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName })).catch((e: unknown) => {
    throw explainAwsError(e, stage);
  });
  const config = parseConfig({ ...(fn.Environment?.Variables ?? {}), AWS_REGION: stage.config.region });
  return { config, functionArn: fn.FunctionArn ?? functionName };
}

/**
 * The ports of a deployed stage, for the CLI: the AWS composition root (awsDeps) with the
 * milestone function's settings (it builds every port: store, mailer, scheduler, blobs,
 * signer) and the operator's credentials, so a command does what the stage's functions do.
 */
export async function stageDeps(stage: Stage, clients: StageClients, logger: Logger): Promise<Deps> {
  const outputs = await readOutputs(stage, clients.cloudFormation);
  const { config, functionArn } = await deployedSettings(stage, clients.lambda, output(outputs, 'MilestoneFunctionName', stage));
  try {
    return await awsDeps('milestone', { config, logger, milestoneFunctionArn: functionArn });
  } catch (e) {
    throw explainAwsError(e, stage);
  }
}
