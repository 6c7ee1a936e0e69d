import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_OUTPUTS, mockDevFunctions, mockDevStacks } from '#support/deployed-stage';
import { fixture, givenALocalStack, type TestStack } from '#support/given';
import { planpulseIn } from '../e2e/cli-run.ts';

// `planpulse --stage dev …` through the AWS composition root: the stage's resources found from
// its stack outputs and its milestone function's settings (both mocked), the table itself in dynalite.
let stack: TestStack;
const home = '/nonexistent/planpulse-home-never-used';

beforeAll(async () => {
  stack = await givenALocalStack(new Date());
  // The operator's credentials; dynalite and the local SES take any.
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await stack.stop();
});

describe('planpulse --stage <stage> <command>', () => {
  const cloudFormation = mockDevStacks();
  let lambda: ReturnType<typeof mockDevFunctions>;
  mockClient(S3Client);
  mockClient(SchedulerClient);
  beforeAll(() => {
    lambda = mockDevFunctions(stack);
  });
  afterEach(() => {
    cloudFormation.resetHistory();
    lambda.resetHistory();
  });

  it('imports a plan into the deployed stage and shows it back from there', async () => {
    const plan = fileURLToPath(fixture('plans/nottingham-promise-2011.csv'));
    const people = fileURLToPath(fixture('plans/nottingham-promise-2011.people.csv'));

    const imported = await planpulseIn(
      { home },
      '--stage',
      'dev',
      'import',
      plan,
      '--people',
      people,
      '--plan',
      'staged-plan',
      '--coordinator',
      'c@example.org',
    );
    const shown = await planpulseIn({ home }, '--stage=dev', 'plan', 'show', 'staged-plan', '--json');

    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout).plan.id).toBe('staged-plan');
    // Exactly the stage's stacks and its milestone function were asked for.
    expect(cloudFormation.commandCalls(DescribeStacksCommand).map((c) => c.args[0].input)).toContainEqual({ StackName: 'PlanPulse-dev-Stateless' });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand).map((c) => c.args[0].input)).toContainEqual({
      FunctionName: DEV_OUTPUTS['PlanPulse-dev-Stateless'].MilestoneFunctionName,
    });
    // And it is in the stage's table, not a local store.
    expect(await stack.deps.store.getPlan('staged-plan')).not.toBeNull();
  });

  it('says which file to create when the stage has no config', async () => {
    const run = await planpulseIn({ home }, '--stage', 'nosuch', 'cycle', 'list', '--plan', 'x');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('config/nosuch.json: not found');
    expect(run.stderr).toContain('copy config/prod.example.json to config/nosuch.json');
  });

  it('tells the operator how to sign in when there are no AWS credentials', async () => {
    const failing = mockClient(CloudFormationClient);
    failing.on(DescribeStacksCommand).rejects(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }));

    const run = await planpulseIn({ home }, '--stage', 'dev', 'delegate', 'list', '--plan', 'x');

    failing.restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no AWS credentials for stage "dev"');
    expect(run.stderr).toContain('aws sso login');
  });

  it('says how to deploy a stage whose stacks are not there', async () => {
    const failing = mockClient(CloudFormationClient);
    failing.on(DescribeStacksCommand).rejects(Object.assign(new Error('Stack with id PlanPulse-dev-Stateful does not exist'), { name: 'ValidationError' }));

    const run = await planpulseIn({ home }, '--stage', 'dev', 'held', 'list', '--cycle', 'x');

    failing.restore();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('npx cdk deploy --all -c stage=dev');
  });

  it('refuses local-only commands with --stage, and --stage without a name', async () => {
    const bounce = await planpulseIn({ home }, '--stage', 'dev', 'bounce', 'a@example.org');
    const bare = await planpulseIn({ home }, '--stage');

    expect(bounce.code).toBe(2);
    expect(bounce.stderr).toContain('bounce works only on the local stack');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--stage needs a stage name');
  });
});
