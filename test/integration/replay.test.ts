import { InvokeCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEV_OUTPUTS, mockDevFunctions, mockDevStacks } from '#support/deployed-stage';
import { givenALocalStack, type TestStack } from '#support/given';
import { planpulseIn } from '../e2e/cli-run.ts';

const OUT = DEV_OUTPUTS['PlanPulse-dev-Stateless'];
const home = '/nonexistent/planpulse-home-never-used';
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
mockDevStacks();
let stack: TestStack;
let lambda: ReturnType<typeof mockDevFunctions>;

beforeAll(async () => {
  stack = await givenALocalStack(new Date());
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  lambda = mockDevFunctions(stack);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await stack.stop();
});
beforeEach(() => {
  sqs.reset();
  lambda.resetHistory();
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  // Every queue empty unless a test says otherwise.
  sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
});

const milestoneEvent = { cycleId: 'cpb-2026-07-12', milestone: 'draft', version: 3 };
const inboundEvent = { Records: [{ ses: { mail: { messageId: 'abc' }, receipt: {} } }] };
const snsEnvelope = {
  Type: 'Notification',
  MessageId: 'sns-1',
  TopicArn: 'arn:aws:sns:eu-west-2:111111111111:ses-events',
  Message: '{"notificationType":"Bounce"}',
};
const payloadOf = (input: { Payload?: unknown }) => JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array));

/** The queue answers with these messages once, then is empty. */
function givenDeadLetters(
  queueUrl: string,
  messages: { MessageId: string; ReceiptHandle: string; Body: string; MessageAttributes?: Record<string, { DataType: string; StringValue: string }> }[],
) {
  sqs.on(ReceiveMessageCommand, { QueueUrl: queueUrl }).resolvesOnce({ Messages: messages }).resolves({ Messages: [] });
}

describe('planpulse replay --stage (dead letters)', () => {
  beforeEach(() => {
    givenDeadLetters(OUT.ScheduleDeadLetterQueueUrl, [
      {
        MessageId: 'm1',
        ReceiptHandle: 'h-m1',
        Body: JSON.stringify(milestoneEvent),
        MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'AWS.Lambda.ThrottledException' } },
      },
      {
        MessageId: 'm2',
        ReceiptHandle: 'h-m2',
        Body: JSON.stringify({ version: '1.0', requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 }, requestPayload: milestoneEvent }),
      },
    ]);
    givenDeadLetters(OUT.InboundMailFailuresQueueUrl, [
      { MessageId: 'i1', ReceiptHandle: 'h-i1', Body: JSON.stringify({ requestContext: { condition: 'EventAgeExceeded' }, requestPayload: inboundEvent }) },
      { MessageId: 'i2', ReceiptHandle: 'h-i2', Body: 'not json at all' },
    ]);
    givenDeadLetters(OUT.SesEventsFailuresQueueUrl, [{ MessageId: 's1', ReceiptHandle: 'h-s1', Body: JSON.stringify(snsEnvelope) }]);
  });

  it('invokes each function again with the original event, and deletes only what Lambda accepted', async () => {
    // The second milestone letter's invoke fails: it must stay in the queue.
    lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 202 }).rejectsOnce(new Error('Rate exceeded')).resolves({ StatusCode: 202 });

    const run = await planpulseIn({ home }, 'replay', '--stage', 'dev');

    expect(run.code).toBe(1);
    const invokes = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invokes.map((i) => [i.FunctionName, i.InvocationType, payloadOf(i)])).toEqual([
      [OUT.MilestoneFunctionName, 'Event', milestoneEvent],
      [OUT.MilestoneFunctionName, 'Event', milestoneEvent],
      [OUT.InboundMailFunctionName, 'Event', inboundEvent],
      [OUT.SesEventsFunctionName, 'Event', { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: snsEnvelope }] }],
    ]);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input)).toEqual([
      { QueueUrl: OUT.ScheduleDeadLetterQueueUrl, ReceiptHandle: 'h-m1' },
      { QueueUrl: OUT.InboundMailFailuresQueueUrl, ReceiptHandle: 'h-i1' },
      { QueueUrl: OUT.SesEventsFailuresQueueUrl, ReceiptHandle: 'h-s1' },
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]!.args[0].input).toEqual({
      QueueUrl: OUT.ScheduleDeadLetterQueueUrl,
      MaxNumberOfMessages: 10,
      WaitTimeSeconds: 1,
      VisibilityTimeout: 300,
      MessageAttributeNames: ['All'],
    });
    expect(run.stdout).toContain('failed     milestone    m2');
    expect(run.stdout).toContain('unreadable inbound-mail i2');
    expect(run.stdout).toContain('Re-driven: 3. Failed: 1, unreadable: 1');
  });

  it('with --dry-run lists them, invokes nothing, deletes nothing and hands every message back', async () => {
    const run = await planpulseIn({ home }, 'replay', '--stage', 'dev', '--dry-run');

    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(['h-m1', 'h-m2', 'h-i1', 'h-i2', 'h-s1']);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]!.args[0].input).toEqual({
      QueueUrl: OUT.ScheduleDeadLetterQueueUrl,
      ReceiptHandle: 'h-m1',
      VisibilityTimeout: 0,
    });
    expect(run.stdout).toContain('listed     milestone    m1  scheduler AWS.Lambda.ThrottledException');
    expect(run.stdout).toContain('listed     milestone    m2  lambda-on-failure RetriesExhausted');
    expect(run.stdout).toContain('Dry run: 4 to re-drive, 1 unreadable');
  });
});

describe('planpulse replay --stage --mail <key>', () => {
  const raw = Buffer.from(
    'From: someone@example.org\r\nTo: update@replies.example.org\r\nSubject: Re: hello\r\nMessage-ID: <replay-1@example.org>\r\nDate: Mon, 20 Apr 2026 08:00:00 +0000\r\n\r\nNo token here.\r\n',
  );
  beforeEach(() => {
    s3.reset();
    s3.on(GetObjectCommand, { Bucket: DEV_OUTPUTS['PlanPulse-dev-Stateful'].MailBucketName, Key: 'inbound/abc' }).callsFake(() => ({
      Body: { transformToByteArray: async () => new Uint8Array(raw) },
    }));
  });

  it('takes the raw mail from the bucket through ingestion once; a second run is a duplicate', async () => {
    const first = await planpulseIn({ home }, 'replay', '--stage', 'dev', '--mail', 'inbound/abc');
    const second = await planpulseIn({ home }, 'replay', '--stage', 'dev', '--mail', 'inbound/abc');

    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).outcome).not.toBe('duplicate');
    expect(JSON.parse(second.stdout)).toEqual({ outcome: 'duplicate' });
    expect(s3.commandCalls(GetObjectCommand)[0]!.args[0].input).toEqual({ Bucket: 'planpulse-dev-mail', Key: 'inbound/abc' });
  });

  it('says where to look when the key is not in the bucket', async () => {
    s3.on(GetObjectCommand, { Key: 'inbound/missing' }).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    const run = await planpulseIn({ home }, 'replay', '--stage', 'dev', '--mail', 'inbound/missing');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('aws s3 ls s3://planpulse-dev-mail/inbound/');
  });
});
