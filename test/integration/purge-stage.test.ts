import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GetFunctionConfigurationCommand, type GetFunctionConfigurationCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, formatLongDate, londonDate } from '#domain/calendar';
import type { Cycle } from '#domain/model';
import { DEV_OUTPUTS, mockDevFunctions, mockDevStacks } from '#support/deployed-stage';
import { givenAStackWithThePlan, PLAN_ID, type TestStack } from '#support/given';
import { anUpdate } from '#support/reports';
import { createCycle } from '#use-cases/set-cycle-dates';
import { planpulseIn } from '../e2e/cli-run.ts';

// `planpulse --stage dev purge` through the AWS composition root: the stage's table in dynalite,
// its bucket's listings and deletes as the exact S3 requests (ListObjectsV2 pages, DeleteObjects).
const home = '/nonexistent/planpulse-home-never-used';
const BUCKET = DEV_OUTPUTS['PlanPulse-dev-Stateful'].MailBucketName;
const MILESTONE = DEV_OUTPUTS['PlanPulse-dev-Stateless'].MilestoneFunctionName;
const OLD_RAW = 'inbound/0abc1def2ghi3jkl';

let stack: TestStack;
let cycle: Cycle;
beforeAll(async () => {
  stack = await givenAStackWithThePlan(new Date());
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  ({ cycle } = await createCycle(
    { planId: PLAN_ID, name: 'Q4 2019/20', dates: { draft: '2020-02-05', briefing: '2020-02-12', final: '2020-02-19', board: '2020-03-04' }, allowPast: true },
    stack.deps,
  ));
  await stack.deps.store.putUpdate(
    anUpdate({ cycleId: cycle.id, actionRef: '3.1.3', receivedAt: '2020-01-20T10:00:00.000Z', rawKey: OLD_RAW, summary: 'Twelve carers approved' }),
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await stack.stop();
});

describe('planpulse --stage <stage> purge', () => {
  mockDevStacks();
  mockClient(SchedulerClient);
  const s3 = mockClient(S3Client);
  let lambda: ReturnType<typeof mockDevFunctions>;
  beforeAll(() => {
    lambda = mockDevFunctions(stack);
  });
  afterEach(() => s3.reset());

  /** The bucket: the old raw mail on the first page of inbound/, a recent one on the second; one report file of the cycle. */
  function givenTheBucket() {
    s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });
    s3.on(ListObjectsV2Command, { Bucket: BUCKET, Prefix: 'inbound/', ContinuationToken: undefined }).resolves({
      IsTruncated: true,
      NextContinuationToken: 'next',
      Contents: [{ Key: OLD_RAW, LastModified: new Date('2020-01-20T10:00:01Z') }],
    });
    s3.on(ListObjectsV2Command, { Bucket: BUCKET, Prefix: 'inbound/', ContinuationToken: 'next' }).resolves({
      IsTruncated: false,
      Contents: [{ Key: 'inbound/recent', LastModified: new Date() }],
    });
    s3.on(ListObjectsV2Command, { Bucket: BUCKET, Prefix: `reports/${cycle.id}/` }).resolves({
      IsTruncated: false,
      Contents: [{ Key: `reports/${cycle.id}/draft.html`, LastModified: new Date('2020-02-05T17:00:00Z') }],
    });
    s3.on(DeleteObjectsCommand).resolves({});
  }

  it('counts on a dry run from the stage’s table and bucket, and deletes nothing', async () => {
    givenTheBucket();

    const run = await planpulseIn({ home }, '--stage', 'dev', 'purge', '--before', '1/1/2021', '--dry-run');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run, nothing deleted or recorded. A purge would delete what was received before 1 January 2021');
    expect(run.stdout).toMatch(/ 1 {2}updates\n/);
    expect(run.stdout).toMatch(/ 1 {2}raw mail messages\n/);
    expect(run.stdout).toMatch(/ 1 {2}report files\n/);
    expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
    expect(await stack.deps.store.getUpdates(cycle.id)).toHaveLength(1);
  });

  it('deletes the old raw mail and report file in one DeleteObjects, and the update from the table', async () => {
    givenTheBucket();

    const run = await planpulseIn({ home }, '--stage', 'dev', 'purge', '--before', '2021-01-01');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Recorded in the audit log (purge#2021-01-01#2021-01-01).');
    expect(s3.commandCalls(ListObjectsV2Command).map((c) => c.args[0].input)).toEqual(
      expect.arrayContaining([
        { Bucket: BUCKET, Prefix: 'inbound/', ContinuationToken: undefined },
        { Bucket: BUCKET, Prefix: 'inbound/', ContinuationToken: 'next' },
      ]),
    );
    expect(s3.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Delete: { Objects: [{ Key: OLD_RAW }, { Key: `reports/${cycle.id}/draft.html` }], Quiet: true } },
    ]);
    expect(await stack.deps.store.getUpdates(cycle.id)).toEqual([]);
    expect((await stack.deps.store.listAudit()).filter((e) => e.action === 'purge').map((e) => e.actor)).toEqual([expect.stringMatching(/^cli/)]);
  });

  it('without --before, refuses a stage whose functions do not say their retention', async () => {
    const run = await planpulseIn({ home }, '--stage', 'dev', 'purge', '--dry-run');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('redeploy it (npx cdk deploy --all -c stage=<stage>), or give the day yourself, e.g. purge --before 2019-04-01');
  });

  it('without --before, purges by the retention the stage’s milestone function was deployed with', async () => {
    // Prepare: the milestone function's settings as the stack now sets them.
    givenTheBucket();
    const deployed = (await new LambdaClient({ region: 'eu-west-2' }).send(
      new GetFunctionConfigurationCommand({ FunctionName: MILESTONE }),
    )) as GetFunctionConfigurationCommandOutput;
    const Variables = { ...deployed.Environment!.Variables, UPDATE_RETENTION_DAYS: '2557', RAW_MAIL_RETENTION_DAYS: '365' };
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: MILESTONE }).resolves({ ...deployed, Environment: { Variables } });

    // Act
    const run = await planpulseIn({ home }, '--stage', 'dev', 'purge', '--dry-run');

    // Assess
    const today = londonDate(new Date());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `what was received before ${formatLongDate(addDays(today, -2557))} (raw mail: before ${formatLongDate(addDays(today, -365))})`,
    );
  });
});
