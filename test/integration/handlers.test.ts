import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localConfig } from '#config/config';
import { emailsTo, givenALocalStack, givenThePlan, PLAN_ID, replyTo, sent, type TestStack } from '#support/given';

// The real Lambda handlers, built by the AWS composition root, against dynalite and the
// local SES. Only S3 and EventBridge Scheduler (which cannot run here) are mocked.
const s3 = mockClient(S3Client);
const scheduler = mockClient(SchedulerClient);

let stack: TestStack;
let handlers: {
  cycleApi: (e: unknown, c: unknown) => Promise<{ statusCode: number; body: string }>;
  milestone: (e: unknown, c: unknown) => Promise<unknown>;
  inbound: (e: unknown, c: unknown) => Promise<unknown>;
  sesEvents: (e: unknown, c: unknown) => Promise<unknown>;
};
const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 60_000 };

beforeAll(async () => {
  stack = await givenALocalStack(new Date());
  await givenThePlan(stack);
  // The AWS root reads the settings the local stack was built with: same table, domain and keys.
  const local = localConfig();
  Object.assign(process.env, {
    TABLE_NAME: local.TABLE_NAME,
    INBOUND_DOMAIN: local.INBOUND_DOMAIN,
    MAIL_FROM: local.MAIL_FROM,
    TOKEN_KEYS: local.TOKEN_KEYS,
    MAIL_BUCKET: 'planpulse-mail',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/scheduler',
    MILESTONE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-2:111111111111:function:milestone',
    SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-2:111111111111:dlq',
    DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    SES_ENDPOINT: stack.endpoints.ses,
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  handlers = {
    cycleApi: (await import('../../functions/cycle-api/handler.ts')).handler as never,
    milestone: (await import('../../functions/milestone/handler.ts')).handler as never,
    inbound: (await import('../../functions/inbound-mail/handler.ts')).handler as never,
    sesEvents: (await import('../../functions/ses-events/handler.ts')).handler as never,
  };
});
afterAll(() => stack.stop());

const post = (body: unknown) => ({
  routeKey: 'POST /plans/{plan}/cycles',
  pathParameters: { plan: PLAN_ID },
  body: JSON.stringify(body),
});

describe('the cycle API handler', () => {
  it('creates a cycle and one EventBridge schedule per milestone', async () => {
    const res = await handlers.cycleApi(
      post({ name: 'Q2', dates: { draft: '2027-07-12', briefing: '2027-07-19', final: '2027-07-26', board: '2027-08-09' } }),
      context,
    );

    expect(res.statusCode).toBe(201);
    const created = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(created.map((i) => i.Name)).toEqual([
      `${PLAN_ID}-2027-07-12.requests-open`,
      `${PLAN_ID}-2027-07-12.reminder-5`,
      `${PLAN_ID}-2027-07-12.reminder-1`,
      `${PLAN_ID}-2027-07-12.draft`,
      `${PLAN_ID}-2027-07-12.escalation`,
      `${PLAN_ID}-2027-07-12.chairs-briefing`,
      `${PLAN_ID}-2027-07-12.final`,
      `${PLAN_ID}-2027-07-12.board`,
    ]);
    expect(created[3]).toMatchObject({
      ScheduleExpression: 'at(2027-07-12T17:00:00)',
      ScheduleExpressionTimezone: 'Europe/London',
      Target: { Arn: process.env.MILESTONE_FUNCTION_ARN, Input: JSON.stringify({ cycleId: `${PLAN_ID}-2027-07-12`, milestone: 'draft', version: 1 }) },
    });
  });

  it('answers a bad date order with 400 naming the field', async () => {
    const res = await handlers.cycleApi(
      post({ name: 'Bad', dates: { draft: '2027-09-12', briefing: '2027-09-01', final: '2027-09-26', board: '2027-10-09' } }),
      context,
    );

    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { message: expect.stringContaining("chair's briefing"), field: 'briefing' } });
  });

  it('answers an unknown cycle with 404', async () => {
    const missing = await handlers.cycleApi({ routeKey: 'GET /cycles/{id}', pathParameters: { id: 'nope' } }, context);

    expect(missing.statusCode).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ error: { message: 'cycle "nope" does not exist.', field: 'cycle' } });
  });

  it('changes dates with PUT, replacing the schedules with the new version', async () => {
    const created = await handlers.cycleApi(
      post({ name: 'Q3', dates: { draft: '2027-10-12', briefing: '2027-10-19', final: '2027-10-26', board: '2027-11-09' } }),
      context,
    );
    const id = JSON.parse(created.body).id as string;
    scheduler.resetHistory();

    const res = await handlers.cycleApi(
      { routeKey: 'PUT /cycles/{id}', pathParameters: { id }, body: JSON.stringify({ dates: { board: '2027-11-16' } }) },
      context,
    );

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ version: 2, dates: { board: '2027-11-16' } });
    const board = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input).find((i) => i.Name === `${id}.board`);
    expect(board).toMatchObject({ ScheduleExpression: 'at(2027-11-16T08:00:00)', Target: { Input: JSON.stringify({ cycleId: id, milestone: 'board', version: 2 }) } });
  });

  it('cancels with DELETE and then refuses changes with 409', async () => {
    const created = await handlers.cycleApi(
      post({ name: 'Q4', dates: { draft: '2028-01-12', briefing: '2028-01-19', final: '2028-01-26', board: '2028-02-09' } }),
      context,
    );
    const id = JSON.parse(created.body).id as string;

    const cancelled = await handlers.cycleApi({ routeKey: 'DELETE /cycles/{id}', pathParameters: { id } }, context);
    const change = await handlers.cycleApi(
      { routeKey: 'PUT /cycles/{id}', pathParameters: { id }, body: JSON.stringify({ name: 'Renamed' }) },
      context,
    );

    expect(JSON.parse(cancelled.body)).toMatchObject({ state: 'cancelled' });
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input.Name)).toContain(`${id}.draft`);
    expect(change.statusCode).toBe(409);
  });

  it('lists the cycles of a plan', async () => {
    const res = await handlers.cycleApi({ routeKey: 'GET /plans/{plan}/cycles', pathParameters: { plan: PLAN_ID } }, context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).cycles.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Q2', 'Q3', 'Q4']));
  });
});

describe('the milestone and inbound handlers', () => {
  it('send the forms, then read a reply stored by SES in S3 and confirm it', async () => {
    await handlers.milestone({ cycleId: `${PLAN_ID}-2027-07-12`, milestone: 'requests-open', version: 1 }, context);
    const request = emailsTo(await sent(stack), 'jon.rea@nottingham.example.org')[0]!;
    const raw = await replyTo(request, { '4.1.1': { status: 'On track', summary: 'Survey out.' } }, '<lambda-1@mail.example.org>');
    s3.on(GetObjectCommand, { Bucket: 'planpulse-mail', Key: 'inbound/ses-abc' }).resolves({
      // The part of the SDK's stream body our S3 adapter uses.
      Body: { transformToByteArray: async () => new Uint8Array(raw) } as never,
    });

    const results = await handlers.inbound(
      { Records: [{ ses: { mail: { messageId: 'ses-abc' }, receipt: { spamVerdict: { status: 'PASS' }, virusVerdict: { status: 'PASS' } } } }] },
      context,
    );

    expect(results).toMatchObject([{ outcome: 'recorded', actions: ['4.1.1'] }]);
    const updates = await stack.deps.store.getUpdates(`${PLAN_ID}-2027-07-12`);
    expect(updates).toMatchObject([{ actionRef: '4.1.1', status: 'on_track', rawKey: 'inbound/ses-abc' }]);
  });

  it('quarantines a message SES marked as a virus without reading it', async () => {
    const results = await handlers.inbound(
      { Records: [{ ses: { mail: { messageId: 'ses-virus' }, receipt: { virusVerdict: { status: 'FAIL' } } } }] },
      context,
    );

    expect(results).toEqual([{ outcome: 'quarantined', key: 'inbound/ses-virus' }]);
    expect(s3.commandCalls(GetObjectCommand, { Key: 'inbound/ses-virus' })).toHaveLength(0);
    const { createHash } = await import('node:crypto');
    const record = await stack.deps.store.get('QUARANTINE', createHash('sha256').update('inbound/ses-virus').digest('hex').slice(0, 16));
    expect(record?.attrs).toMatchObject({ rawKey: 'inbound/ses-virus', virus: 'FAIL' });
  });

  it('quarantines a DMARC failure whose policy is reject, but reads one with policy none', async () => {
    const dmarc = (policy: string) => ({
      Records: [{ ses: { mail: { messageId: `ses-dmarc-${policy}` }, receipt: { dmarcVerdict: { status: 'FAIL' }, dmarcPolicy: policy } } }],
    });
    s3.on(GetObjectCommand, { Key: 'inbound/ses-dmarc-NONE' }).resolves({
      Body: { transformToByteArray: async () => new Uint8Array(Buffer.from('From: someone@elsewhere.example.org\r\nTo: update@replies.example.org\r\nSubject: hello\r\nMessage-ID: <dmarc-none@elsewhere.example.org>\r\n\r\nHello\r\n')) } as never,
    });

    const rejected = await handlers.inbound(dmarc('REJECT'), context);
    const read = await handlers.inbound(dmarc('NONE'), context);

    expect(rejected).toEqual([{ outcome: 'quarantined', key: 'inbound/ses-dmarc-REJECT' }]);
    expect(read).toEqual([{ outcome: 'rejected', reason: 'unknown-request' }]);
  });

  it('record a bounce that SES publishes through SNS', async () => {
    const notification = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'jon.rea@nottingham.example.org' }] },
      mail: { messageId: 'ses-bounce-1' },
    };

    const results = await handlers.sesEvents({ Records: [{ Sns: { MessageId: 'sns-1', Message: JSON.stringify(notification) } }] }, context);

    expect(results).toEqual([{ marked: ['jon.rea@nottingham.example.org'], told: 1 }]);
  });
});
