import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '#composition/functions';
import { synthesize } from './synth.ts';

let stateful: Template;
let stateless: Template;
beforeAll(() => {
  ({ stateful, stateless } = synthesize({ inboundDomain: 'replies.council.example', senderName: 'Board', senderAddress: 'updates@notify.council.example' }));
});

describe('stateful stack', () => {
  it('keys the table by PK/SK with a GSI1PK/GSI1SK index, on demand', () => {
    // The DynamoDB adapter and docs/data-model.md rely on exactly these names.
    stateful.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        }),
      ],
    });
  });

  it('keeps the table recoverable and retained', () => {
    // Plans, updates and the dispatch ledger cannot be rebuilt from anywhere else.
    stateful.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
    });
  });

  it('encrypts the mail bucket, blocks public access and retains it', () => {
    // Raw replies hold personal data about children in care.
    stateful.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
    });
  });

  it('denies non-TLS access to the mail bucket', () => {
    // enforceSSL: nothing reads raw mail over plain HTTP.
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('lets SES of this account only put objects under inbound/', () => {
    // Without it the receipt rule's S3 action fails and replies are lost; the condition stops other accounts.
    const policy = Object.values(stateful.findResources('AWS::S3::BucketPolicy')).find((p) => /^MailBucket/.test(p.Properties.Bucket.Ref))!;
    const sesStatements = (policy.Properties.PolicyDocument.Statement as Array<Record<string, unknown>>).filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'ses.amazonaws.com' }),
    );
    expect(sesStatements).toHaveLength(1);
    expect(sesStatements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^MailBucket/), 'Arn'] }, '/inbound/*']] },
    });
  });

  it('generates the token keys secret and retains it', () => {
    // Losing the keys invalidates every Reply-To address already sent.
    stateful.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'secret', ExcludePunctuation: true }),
      }),
    });
  });
});

describe('stateless stack', () => {
  it('stores the raw reply in S3 before invoking the inbound function', () => {
    // The raw mail must be kept even if parsing fails, and the function reads it from S3.
    stateless.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['replies.council.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) },
          { LambdaAction: { FunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InboundMail'), 'Arn'] }, InvocationType: 'Event' } },
        ],
      },
    });
  });

  it('lets SES of this account invoke the inbound function', () => {
    // Without the permission SES drops the Lambda action silently.
    stateless.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^InboundMail'), 'Arn'] },
    });
  });

  it('creates the planpulse schedule group', () => {
    // SCHEDULE_GROUP defaults to planpulse in shared/config; schedules fail without the group.
    stateless.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: 'planpulse-dev' });
  });

  it('gives the scheduler a role it alone assumes that can invoke the milestone function', () => {
    // Every milestone (requests, reminders, reports) is delivered through this role.
    const [roleId, role] = Object.entries(stateless.findResources('AWS::IAM::Role')).find(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    )!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
      }),
    ]);
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'lambda:InvokeFunction',
            // The unqualified function alone: no `:*` for versions or aliases.
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MilestoneFunction'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('keeps a dead-letter queue the scheduler role can send to', () => {
    // A milestone that cannot be delivered must be kept for replay, not lost.
    const queueId = Object.keys(stateless.findResources('AWS::SQS::Queue')).find((id) => id.startsWith('SchedulingDeadLetterQueue'));
    expect(queueId).toBeDefined();
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['sqs:SendMessage']), Resource: { 'Fn::GetAtt': [queueId, 'Arn'] } })]),
      },
    });
  });

  it('lets the cycle API manage schedules of the group and pass only the scheduler role', () => {
    // The cycle API creates the one-time schedules; PassRole is limited to the one role.
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^CycleApiExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([':schedule/planpulse-dev/*'])] },
          }),
          Match.objectLike({
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulingInvokeRole'), 'Arn'] },
          }),
        ]),
      },
    });
  });

  it('lets the milestone function schedule the continuation of a large fan-out', () => {
    // A requests-open to more owners than one run can email continues in a later run that
    // the milestone function schedules itself; without these it would stop half-way.
    stateless.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MilestoneExecutionRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['scheduler:CreateSchedule', 'scheduler:UpdateSchedule']) }),
          Match.objectLike({ Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulingInvokeRole'), 'Arn'] } }),
        ]),
      },
    });
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('runs one milestone'),
      Environment: {
        Variables: Match.objectLike({ SCHEDULE_GROUP: 'planpulse-dev', SCHEDULER_ROLE_ARN: Match.anyValue(), MILESTONE_FUNCTION_ARN: Match.absent() }),
      },
    });
  });

  it('brings SES bounces and complaints back to the ses-events function', () => {
    // Without the configuration set's destination, a dead address would be asked forever
    // and reports would say "No update received" instead of "Email bounced".
    stateless.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: { Ref: Match.stringLikeRegexp('^DeliveryEventsConfigurationSet') },
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: Match.stringLikeRegexp('^DeliveryEventsTopic') } },
      }),
    });
    stateless.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'planpulse-dev' });
    stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsFunction'), 'Arn'] },
    });
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('runs one milestone'),
      Environment: { Variables: Match.objectLike({ SES_CONFIGURATION_SET: 'planpulse-dev' }) },
    });
  });

  it('tells the cycle API where schedules go and what they invoke', () => {
    // The scheduler adapter reads these four variables; a missing one fails at the first cycle.
    stateless.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('manager API'),
      Environment: {
        Variables: Match.objectLike({
          SCHEDULE_GROUP: 'planpulse-dev',
          SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulingInvokeRole'), 'Arn'] },
          MILESTONE_FUNCTION_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MilestoneFunction'), 'Arn'] },
          SCHEDULE_DLQ_ARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SchedulingDeadLetterQueue'), 'Arn'] },
        }),
      },
    });
  });

  it('runs every function on nodejs24.x, arm64, with source maps', () => {
    // The newest runtime AWS supports longest; the ESM bundles (target node24) and stack traces assume it, with source maps.
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'planpulse', INBOUND_DOMAIN: 'replies.council.example' } },
      });
    }
  });

  it('gives each function its own log group with a retention', () => {
    // Lambda-created log groups keep logs forever; these expire after logRetentionDays (30 in config/dev.json).
    const logGroups = stateless.findResources('AWS::Logs::LogGroup');
    const functions = Object.values(stateless.findResources('AWS::Lambda::Function'));
    expect(new Set(functions.map((fn) => fn.Properties.LoggingConfig.LogGroup.Ref)).size).toBe(FUNCTION_NAMES.length);
    for (const fn of functions) {
      expect(fn.Properties.LoggingConfig.LogGroup.Ref).toMatch(/Logs/);
      expect(logGroups[fn.Properties.LoggingConfig.LogGroup.Ref]?.Properties.RetentionInDays).toBe(30);
    }
  });

  it('routes the five manager API routes to the cycle API with IAM auth', () => {
    // Managers call these from the CLI; an unauthenticated route would expose personal data.
    // (The web app has an HTTP API of its own: test/infra/web.test.ts.)
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).filter((r) => JSON.stringify(r.Properties.ApiId).includes('ManagerApi'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'DELETE /cycles/{id}',
      'GET /cycles/{id}',
      'GET /plans/{plan}/cycles',
      'POST /plans/{plan}/cycles',
      'PUT /cycles/{id}',
    ]);
    for (const route of routes) expect(route.Properties.AuthorizationType).toBe('AWS_IAM');
  });

  it('logs every manager API request for a year', () => {
    // Who changed which cycle and when: the audit trail of the manager API (cdk-nag APIG1).
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ManagerApiAccessLogs'), 'Arn'] }, Format: Match.anyValue() },
    });
    stateless.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 }); // logRetentionDays of config/dev.json
  });

  it('reads the inbound domain and sender from context', () => {
    // A deploy is configured only through -c; the functions must see the same values.
    const { stateless: other } = synthesize({ inboundDomain: 'Replies.Other.example', senderName: 'X', senderAddress: 'x@send.other.example' });
    other.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Recipients: ['replies.other.example'] }) });
    other.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: 'X <x@send.other.example>', INBOUND_DOMAIN: 'replies.other.example' }) },
    });
  });

  it('refuses a malformed inbound domain', () => {
    // Failing at synth beats a receipt rule that never matches.
    expect(() => synthesize({ inboundDomain: 'not a domain' })).toThrow(/inboundDomain/);
  });
});
