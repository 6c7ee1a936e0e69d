import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASYNC_RETRY_DELAYS_MS } from '#domain/delivery-policy';
import { synthesize } from './synth.ts';

/** The stage config's raw-mail retention (set through context here): the bucket's expiry follows it. */
const RAW_MAIL_DAYS = 90;

let stateful: Template;
let stateless: Template;
beforeAll(() => {
  ({ stateful, stateless } = synthesize({ alarmEmail: 'ops@council.example', rawMailRetentionDays: String(RAW_MAIL_DAYS) }));
});

/** Logical id of the function of a PlanPulseFunction construct (`Milestone`, `InboundMail`, ...). */
function functionId(name: string): string {
  const id = Object.keys(stateless.findResources('AWS::Lambda::Function')).find((k) => k.startsWith(`${name}Function`));
  expect(id, name).toBeDefined();
  return id!;
}
function queueId(prefix: string): string {
  const id = Object.keys(stateless.findResources('AWS::SQS::Queue')).find((k) => k.startsWith(prefix));
  expect(id, prefix).toBeDefined();
  return id!;
}

describe('failed asynchronous runs', () => {
  it.each([
    ['Milestone', 'SchedulingDeadLetterQueue'],
    ['InboundMail', 'InboundMailFailedInvocations'],
    ['SesEvents', 'SesEventsFailedInvocations'],
  ])('%s sends a failed event to %s after the retries the leases assume', (fn, queue) => {
    // Without a destination a run that fails three times is gone without a trace.
    stateless.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId(fn) },
      MaximumRetryAttempts: ASYNC_RETRY_DELAYS_MS.length,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId(queue), 'Arn'] } } },
    });
  });

  it('encrypts every queue, keeps messages 14 days and refuses plain HTTP', () => {
    // Failed events carry owners' replies and addresses; replay needs time to be noticed.
    const queues = stateless.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(3);
    for (const q of Object.values(queues)) {
      expect(q.Properties).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    }
    const policies = stateless.findResources('AWS::SQS::QueuePolicy', {
      Properties: {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      },
    });
    expect(Object.keys(policies)).toHaveLength(3);
  });

  it('dead-letters what SNS cannot deliver to the ses-events function into its queue', () => {
    // A bounce lost between SNS and Lambda would keep mailing a dead address.
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [queueId('SesEventsFailedInvocations'), 'Arn'] } },
    });
  });

  it.each([
    ['Milestone', 1],
    ['InboundMail', 5],
    ['SesEvents', 2],
    ['CycleApi', 5],
    ['Web', 10],
  ])('reserves %s concurrency of %i', (fn, n) => {
    // The milestone's one-at-a-time run keeps fan-outs within the SES rate; the rest are bounded.
    const props = stateless.findResources('AWS::Lambda::Function')[functionId(fn)]!.Properties;
    expect(props.ReservedConcurrentExecutions).toBe(n);
    // X-Ray shows where a slow run spends its time.
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
  });
});

describe('alarms', () => {
  it('publish to an ops topic encrypted with a rotating key, with the alarm email subscribed', () => {
    // Alarms nobody receives are no alarms; CloudWatch needs our own key to publish.
    stateless.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    stateless.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'PlanPulse alarms', KmsMasterKeyId: Match.anyValue() });
    stateless.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@council.example' });
    const alarms = stateless.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(18);
    for (const a of Object.values(alarms)) {
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.AlarmActions[0].Ref).toMatch(/^AlarmsTopic/);
    }
  });

  it.each(['SchedulingDeadLetterQueue', 'InboundMailFailedInvocations', 'SesEventsFailedInvocations'])('fire on any message in %s', (q) => {
    // Each message is a milestone, reply or bounce that did not run.
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId(q), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it.each(['Milestone', 'InboundMail', 'SesEvents', 'CycleApi', 'Web'])('fire on errors and throttles of %s', (fn) => {
    // A failing or starved function is found before the council notices missing emails.
    for (const metric of ['Errors', 'Throttles']) {
      stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId(fn) } }],
        Threshold: 0,
      });
    }
  });

  it('fire on 5xx of both HTTP APIs', () => {
    // Managers and coordinators see these as error pages.
    const fivexx = stateless.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/ApiGateway', MetricName: '5xx' } });
    expect(Object.keys(fivexx)).toHaveLength(2);
  });

  it('fire at the SES review thresholds: bounces 5%, complaints 0.1%', () => {
    // Past these SES reviews the account, and then pauses all sending.
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.BounceRate',
      Threshold: 0.05,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SES',
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.001,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire when a milestone starts more than 30 minutes after its time', () => {
    // Owners asked late get less time to reply before the report is compiled.
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'AsyncEventAge',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('Milestone') } }],
      Statistic: 'Maximum',
      Threshold: 30 * 60 * 1000,
    });
  });

  it('fire when a milestone never ran, or the watchdog that counts them stopped', () => {
    // A schedule that was never made (or was deleted) has no event to age: the watchdog runs
    // every 15 minutes and counts such milestones; silence from it is as bad as a count.
    stateless.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId('Watchdog'), 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    stateless.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'PlanPulse',
      MetricName: 'MilestonesMissed',
      Dimensions: Match.arrayWith([
        { Name: 'FunctionName', Value: { Ref: functionId('Watchdog') } },
        { Name: 'service', Value: 'planpulse' },
      ]),
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'breaching',
    });
  });
});

describe('mail bucket', () => {
  it('expires raw mail, staged uploads after a day, and old versions', () => {
    // Raw mail about children in care is not kept forever; staged imports are scratch.
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: RAW_MAIL_DAYS, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'uploads/', ExpirationInDays: 1, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: 'Enabled' }),
        ]),
      },
    });
  });

  it('logs every access to a separate, private, TLS-only bucket', () => {
    // Who read which raw reply must be answerable after the fact.
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^MailAccessLogs') }, LogFilePrefix: 'mail-bucket/' },
    });
    const logBucketId = Object.keys(stateful.findResources('AWS::S3::Bucket')).find((k) => k.startsWith('MailAccessLogs'))!;
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });
});

describe('manager API', () => {
  it('throttles its stage', () => {
    // A runaway script cannot flood the cycle API (and the schedules it writes).
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      ApiId: { Ref: Match.stringLikeRegexp('^ManagerApi') },
      DefaultRouteSettings: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 },
    });
  });
});

describe('sending domain', () => {
  it('has a custom MAIL FROM domain, with the records to publish as outputs', () => {
    // The envelope sender then aligns with the From domain, so SPF passes for DMARC; until its
    // MX resolves SES uses its own MAIL FROM rather than refusing to send.
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'notify.example.org',
      MailFromAttributes: { MailFromDomain: 'bounce.notify.example.org', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    expect(Object.values(stateful.findOutputs('*')).map((o) => o.Value)).toEqual(
      expect.arrayContaining([
        'bounce.notify.example.org MX 10 feedback-smtp.eu-west-2.amazonses.com',
        'bounce.notify.example.org TXT "v=spf1 include:amazonses.com ~all"',
      ]),
    );
  });
});
