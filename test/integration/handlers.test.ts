import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { CreateScheduleCommand, DeleteScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

/** An HTTP API request as API Gateway delivers it (payload 2.0); a body is sent as JSON unless given as text. */
const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => ({
  version: '2.0',
  rawPath: path,
  requestContext: { http: { method, path } },
  headers: body === undefined ? {} : headers,
  body: body === undefined || typeof body === 'string' ? body : JSON.stringify(body),
  isBase64Encoded: false,
});
const post = (body: unknown) => request('POST', `/plans/${PLAN_ID}/cycles`, body);

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

  it('answers a body without a name with 400 naming the field', async () => {
    const res = await handlers.cycleApi(post({ dates: { draft: '2027-09-12', briefing: '2027-09-19', final: '2027-09-26', board: '2027-10-09' } }), context);

    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { message: expect.stringMatching(/^name: /), field: 'name' } });
  });

  it('answers an unknown cycle with 404', async () => {
    const missing = await handlers.cycleApi(request('GET', '/cycles/nope'), context);

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

    const res = await handlers.cycleApi(request('PUT', `/cycles/${id}`, { dates: { board: '2027-11-16' } }), context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ version: 2, dates: { board: '2027-11-16' } });
    const board = scheduler
      .commandCalls(CreateScheduleCommand)
      .map((c) => c.args[0].input)
      .find((i) => i.Name === `${id}.board`);
    expect(board).toMatchObject({
      ScheduleExpression: 'at(2027-11-16T08:00:00)',
      Target: { Input: JSON.stringify({ cycleId: id, milestone: 'board', version: 2 }) },
    });
  });

  it('cancels with DELETE and then refuses changes with 409', async () => {
    const created = await handlers.cycleApi(
      post({ name: 'Q4', dates: { draft: '2028-01-12', briefing: '2028-01-19', final: '2028-01-26', board: '2028-02-09' } }),
      context,
    );
    const id = JSON.parse(created.body).id as string;

    const cancelled = await handlers.cycleApi(request('DELETE', `/cycles/${id}`), context);
    const change = await handlers.cycleApi(request('PUT', `/cycles/${id}`, { name: 'Renamed' }), context);

    expect(JSON.parse(cancelled.body)).toMatchObject({ state: 'cancelled' });
    expect(scheduler.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input.Name)).toContain(`${id}.draft`);
    expect(change.statusCode).toBe(409);
  });

  it('answers a body that is not valid JSON with 400', async () => {
    const res = await handlers.cycleApi(request('POST', `/plans/${PLAN_ID}/cycles`, '{"name": "Q'), context);

    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({ error: { message: 'the body is not valid JSON', field: null } });
  });

  it('answers a body sent without a JSON content type with 415', async () => {
    const res = await handlers.cycleApi(request('POST', `/plans/${PLAN_ID}/cycles`, '{}', { 'content-type': 'text/plain' }), context);

    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body)).toEqual({ error: { message: expect.stringContaining('application/json'), field: null } });
  });

  it('reads a base64-encoded body', async () => {
    const body = { name: 'Base64', dates: { draft: '2028-03-13', briefing: '2028-03-20', final: '2028-03-27', board: '2028-04-10' }, dryRun: true };
    const event = { ...post(body), body: Buffer.from(JSON.stringify(body)).toString('base64'), isBase64Encoded: true };

    const res = await handlers.cycleApi(event, context);

    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'Base64' });
  });

  it('answers an unknown route with 404', async () => {
    const res = await handlers.cycleApi(request('PATCH', '/cycles/x'), context);

    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ error: { message: 'no route PATCH /cycles/x', field: null } });
  });

  it('refuses a cycle overlapping a live one with 409, and creates it when the body allows it', async () => {
    // Prepare: a live cycle with these dates
    const body = { name: 'Overlap', dates: { draft: '2028-10-12', briefing: '2028-10-19', final: '2028-10-26', board: '2028-11-09' } };
    expect((await handlers.cycleApi(post(body), context)).statusCode).toBe(201);

    // Act: the same dates again, first as they are, then explicitly allowed
    const refused = await handlers.cycleApi(post(body), context);
    const res = await handlers.cycleApi(post({ ...body, allowOverlap: true }), context);

    // Assess: refused with 409 naming the live cycle, then created
    expect(refused.statusCode).toBe(409);
    expect(JSON.parse(refused.body)).toEqual({ error: { message: expect.stringContaining(`overlap cycle ${PLAN_ID}-2028-10-12`), field: 'dates' } });
    expect(res.statusCode).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ id: `${PLAN_ID}-2028-10-12-2`, name: 'Overlap' });
  });

  it('lists the cycles of a plan', async () => {
    const res = await handlers.cycleApi(request('GET', `/plans/${PLAN_ID}/cycles`), context);

    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).cycles.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['Q2', 'Q3', 'Q4']));
  });
});

describe('the milestone and inbound handlers', () => {
  it('send the forms, then read a reply stored by SES in S3 and confirm it', async () => {
    // Metrics (EmailsSent, RepliesRecorded) and traces are published only inside Lambda.
    const stdout = vi.spyOn(process.stdout, 'write');
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
    const printed = stdout.mock.calls.map(([chunk]) => String(chunk));
    stdout.mockRestore();
    expect(printed.filter((line) => line.includes('"_aws"'))).toEqual([]);
  });

  it('quarantines a message SES marked as a virus without reading it', async () => {
    const results = await handlers.inbound(
      { Records: [{ ses: { mail: { messageId: 'ses-virus' }, receipt: { virusVerdict: { status: 'FAIL' } } } }] },
      context,
    );

    expect(results).toEqual([{ outcome: 'quarantined', key: 'inbound/ses-virus' }]);
    expect(s3.commandCalls(GetObjectCommand, { Key: 'inbound/ses-virus' })).toHaveLength(0);
    const record = await stack.deps.store.getQuarantine('inbound/ses-virus');
    expect(record).toMatchObject({ rawKey: 'inbound/ses-virus', verdicts: { virus: 'FAIL' } });
  });

  it('quarantines a DMARC failure whose policy is reject, but reads one with policy none', async () => {
    const dmarc = (policy: string) => ({
      Records: [{ ses: { mail: { messageId: `ses-dmarc-${policy}` }, receipt: { dmarcVerdict: { status: 'FAIL' }, dmarcPolicy: policy } } }],
    });
    s3.on(GetObjectCommand, { Key: 'inbound/ses-dmarc-NONE' }).resolves({
      Body: {
        transformToByteArray: async () =>
          new Uint8Array(
            Buffer.from(
              'From: someone@elsewhere.example.org\r\nTo: update@replies.example.org\r\nSubject: hello\r\nMessage-ID: <dmarc-none@elsewhere.example.org>\r\n\r\nHello\r\n',
            ),
          ),
      } as never,
    });

    const rejected = await handlers.inbound(dmarc('REJECT'), context);
    const read = await handlers.inbound(dmarc('NONE'), context);

    expect(rejected).toEqual([{ outcome: 'quarantined', key: 'inbound/ses-dmarc-REJECT' }]);
    expect(read).toEqual([{ outcome: 'rejected', reason: 'unknown-request' }]);
  });

  it('fail, so Lambda retries, when the raw mail is not in the bucket', async () => {
    s3.on(GetObjectCommand, { Key: 'inbound/ses-missing' }).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
    const event = { Records: [{ ses: { mail: { messageId: 'ses-missing' }, receipt: { spamVerdict: { status: 'PASS' } } } }] };

    await expect(handlers.inbound(event, context)).rejects.toThrow('raw mail inbound/ses-missing is missing');
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

describe('the cycle API after the forms went out', () => {
  it('emails the owners already asked when PUT moves the draft deadline', async () => {
    // Prepare: a cycle whose forms have gone out (through the milestone handler)
    const created = await handlers.cycleApi(
      post({ name: 'Notice test', dates: { draft: '2028-06-12', briefing: '2028-06-19', final: '2028-06-26', board: '2028-07-10' } }),
      context,
    );
    const id = JSON.parse(created.body).id as string;
    await handlers.milestone({ cycleId: id, milestone: 'requests-open', version: 1 }, context);
    const asked = await stack.deps.store.getRequests(id);

    // Act
    const res = await handlers.cycleApi(request('PUT', `/cycles/${id}`, { dates: { draft: '2028-06-14' } }), context);

    // Assess: the cycle API sent each owner one notice (so its role must be allowed to send: test/infra)
    expect(res.statusCode).toBe(200);
    const notices = (await sent(stack)).filter((e) => e.subject.startsWith('Dates changed:') && e.subject.includes('Notice test'));
    expect(asked.length).toBeGreaterThan(0);
    expect(notices).toHaveLength(asked.length);
  });
});
