import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { localConfig } from '#config/config';
import type { TestStack } from './given.ts';

/** The outputs of the `dev` stage's two stacks, as CloudFormation would describe them. */
export const DEV_OUTPUTS = {
  'PlanPulse-dev-Stateful': {
    TableName: 'planpulse',
    MailBucketName: 'planpulse-dev-mail',
    TokenKeysSecretArn: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:planpulse/dev/token-keys-AbCdEf',
  },
  'PlanPulse-dev-Stateless': {
    MilestoneFunctionName: 'PlanPulse-dev-Stateless-Milestone',
    InboundMailFunctionName: 'PlanPulse-dev-Stateless-InboundMail',
    SesEventsFunctionName: 'PlanPulse-dev-Stateless-SesEvents',
    ScheduleDeadLetterQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/111111111111/milestone-dlq',
    InboundMailFailuresQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/111111111111/inbound-failures',
    SesEventsFailuresQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/111111111111/ses-events-failures',
    AlarmTopicArn: 'arn:aws:sns:eu-west-2:111111111111:PlanPulse-dev-alarms',
  },
};

/** CloudFormation answering DescribeStacks for the dev stage's stacks with DEV_OUTPUTS. */
export function mockDevStacks() {
  const cloudFormation = mockClient(CloudFormationClient);
  for (const [stackName, outputs] of Object.entries(DEV_OUTPUTS)) {
    cloudFormation.on(DescribeStacksCommand, { StackName: stackName }).resolves({
      Stacks: [
        {
          StackName: stackName,
          CreationTime: new Date('2026-01-01T00:00:00Z'),
          StackStatus: 'UPDATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    });
  }
  return cloudFormation;
}

/**
 * Lambda answering GetFunctionConfiguration for the dev stage's functions with the variables
 * the stack gives them, pointed at the local stack's dynalite and SES (the rest is mocked).
 */
export function mockDevFunctions(stack: TestStack) {
  const local = localConfig();
  const lambda = mockClient(LambdaClient);
  const Variables = {
    TABLE_NAME: local.TABLE_NAME,
    INBOUND_DOMAIN: local.INBOUND_DOMAIN,
    MAIL_FROM: local.MAIL_FROM,
    TOKEN_KEYS: local.TOKEN_KEYS,
    MAIL_BUCKET: DEV_OUTPUTS['PlanPulse-dev-Stateful'].MailBucketName,
    SCHEDULE_GROUP: 'planpulse-dev',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/scheduler',
    SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-2:111111111111:milestone-dlq',
    SES_RATE_PER_SECOND: '1000',
    DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    SES_ENDPOINT: stack.endpoints.ses,
  };
  for (const name of Object.values(DEV_OUTPUTS['PlanPulse-dev-Stateless']).filter((v) => v.startsWith('PlanPulse-dev-Stateless-'))) {
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: name }).resolves({
      FunctionName: name,
      FunctionArn: `arn:aws:lambda:eu-west-2:111111111111:function:${name}`,
      Environment: { Variables },
    });
  }
  return lambda;
}
