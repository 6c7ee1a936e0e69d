import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { cloudFormationClient, lambdaClient, sqsClient } from '#adapters/aws-clients';
import { awsDeps } from '#composition/aws';
import type { Logger } from '#ports/logger';
import { ingestReply, type IngestOutcome } from '#use-cases/ingest-reply';
import { deployedSettings, explainAwsError, output, readOutputs, StageError, type OutputName, type Stage } from './stage.ts';

export interface ReplayClients {
  cloudFormation: CloudFormationClient;
  lambda: LambdaClient;
  sqs: SQSClient;
}

export function replayClients(stage: Stage): ReplayClients {
  const region = stage.config.region;
  return { cloudFormation: cloudFormationClient({ region }), lambda: lambdaClient({ region }), sqs: sqsClient({ region }) };
}

/** Each asynchronous function and the queue its failed events end up in (docs/infra.md, Hardening). */
const QUEUES = [
  { fn: 'milestone', queue: 'ScheduleDeadLetterQueueUrl', function: 'MilestoneFunctionName' },
  { fn: 'inbound-mail', queue: 'InboundMailFailuresQueueUrl', function: 'InboundMailFunctionName' },
  { fn: 'ses-events', queue: 'SesEventsFailuresQueueUrl', function: 'SesEventsFunctionName' },
] as const satisfies readonly { fn: string; queue: OutputName; function: OutputName }[];

type Fn = (typeof QUEUES)[number]['fn'];

/** Which of the shapes a dead letter has, and the event the function was (or should have been) invoked with. */
export type DeadLetter =
  | { shape: 'lambda-on-failure'; condition: string; event: unknown }
  | { shape: 'scheduler'; errorCode: string; event: unknown }
  | { shape: 'sns'; event: unknown };

/**
 * The original event of a dead letter:
 * - Lambda's on-failure record `{requestContext: {condition}, requestPayload}`: the payload;
 * - EventBridge Scheduler's dead letter (milestone queue): the body is the schedule's input,
 *   with the `ERROR_CODE` message attribute;
 * - SNS's subscription dead letter (ses-events queue): the notification envelope, re-wrapped
 *   as the `{Records: [{Sns}]}` event Lambda gets from SNS.
 * Anything else is null: left in the queue for a person to read.
 */
export function originalEvent(fn: Fn, message: Pick<Message, 'Body' | 'MessageAttributes'>): DeadLetter | null {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null) return null;
  const record = body as { requestContext?: { condition?: unknown }; requestPayload?: unknown; Type?: unknown; Message?: unknown };
  if (typeof record.requestContext?.condition === 'string' && 'requestPayload' in record) {
    return { shape: 'lambda-on-failure', condition: record.requestContext.condition, event: record.requestPayload };
  }
  if (fn === 'ses-events' && record.Type === 'Notification' && typeof record.Message === 'string') {
    return { shape: 'sns', event: { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: body }] } };
  }
  const errorCode = message.MessageAttributes?.ERROR_CODE?.StringValue;
  if (fn === 'milestone' && errorCode !== undefined) return { shape: 'scheduler', errorCode, event: body };
  return null;
}

/** What replay did with one dead letter. */
export interface Replayed {
  fn: Fn;
  messageId: string;
  letter: DeadLetter | null;
  outcome: 'listed' | 'redriven' | 'unreadable' | 'failed';
  error?: string;
}

/** At most this many receives per queue in one run: a queue refilling as fast as it drains must not keep replay going forever. */
const MAX_BATCHES = 100;

/**
 * Re-drives every dead letter of the stage: for each message of each queue, its original
 * event is sent again to its function (Lambda Invoke, InvocationType Event, so it runs with
 * its usual retries and on-failure destination), and the message is deleted only after
 * Lambda accepted the invoke. A message that cannot be read, or whose invoke failed, stays
 * (visible again after the visibility timeout). With `dryRun`, lists them and hands each back
 * at once (visibility 0). The functions are idempotent (leases, ledgers), so a re-drive of
 * something that has since run is harmless.
 */
export async function replayDeadLetters(stage: Stage, clients: ReplayClients, options: { dryRun: boolean }): Promise<Replayed[]> {
  const outputs = await readOutputs(stage, clients.cloudFormation);
  const done: Replayed[] = [];
  for (const q of QUEUES) {
    const queueUrl = output(outputs, q.queue, stage);
    const functionName = output(outputs, q.function, stage);
    const seen = new Set<string>();
    const toRelease: string[] = [];
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const received = await clients.sqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            // Long polling asks every SQS server, so an empty answer means an empty queue.
            WaitTimeSeconds: 1,
            // Long enough to invoke and delete; a failed one comes back after it.
            VisibilityTimeout: 300,
            MessageAttributeNames: ['All'],
          }),
        )
        .catch((e: unknown) => {
          throw explainAwsError(e, stage);
        });
      const messages = (received.Messages ?? []).filter((m) => m.MessageId && m.ReceiptHandle && !seen.has(m.MessageId));
      if (messages.length === 0) break;
      for (const m of messages) {
        const messageId = m.MessageId!;
        seen.add(messageId);
        const letter = originalEvent(q.fn, m);
        if (options.dryRun || !letter) {
          toRelease.push(m.ReceiptHandle!);
          done.push({ fn: q.fn, messageId, letter, outcome: letter ? 'listed' : 'unreadable' });
          continue;
        }
        try {
          const out = await clients.lambda.send(
            new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(letter.event)) }),
          );
          if (out.StatusCode !== 202) throw new Error(`Lambda answered ${out.StatusCode} to the invoke`);
        } catch (e) {
          done.push({ fn: q.fn, messageId, letter, outcome: 'failed', error: (explainAwsError(e, stage) as Error).message });
          continue;
        }
        await clients.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle! }));
        done.push({ fn: q.fn, messageId, letter, outcome: 'redriven' });
      }
    }
    // Listed or unreadable: visible again now, not in five minutes.
    for (const handle of toRelease) {
      await clients.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
    }
  }
  return done;
}

/**
 * Takes one raw mail from the stage's bucket through ingestion again, exactly as the
 * inbound-mail function would (its settings, the AWS composition root), without SES's
 * verdicts. Idempotent: a message whose Message-ID the ledger holds as done is a duplicate.
 */
export async function reingestMail(stage: Stage, key: string, clients: ReplayClients, logger: Logger): Promise<IngestOutcome> {
  const outputs = await readOutputs(stage, clients.cloudFormation);
  const { config } = await deployedSettings(stage, clients.lambda, output(outputs, 'InboundMailFunctionName', stage));
  const deps = await awsDeps('inbound-mail', { config, logger }).catch((e: unknown) => {
    throw explainAwsError(e, stage);
  });
  const raw = await deps.blobs.get(key).catch((e: unknown) => {
    throw explainAwsError(e, stage);
  });
  if (!raw) {
    throw new StageError(
      `no mail at ${deps.blobs.locate(key)}. List what is there: aws s3 ls s3://${config.MAIL_BUCKET}/inbound/ --region ${stage.config.region}`,
      'mail',
    );
  }
  return ingestReply({ raw, rawKey: key }, deps);
}
