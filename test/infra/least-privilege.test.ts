import { FUNCTION_NAMES } from '#composition/functions';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './synth.ts';

// Every policy statement of the stateless stack, read from the synthesized template: what a
// function (or the scheduler) may do if its code has a bug or its credentials leak.

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

function statements(template: Template): Statement[] {
  return [...Object.values(template.findResources('AWS::IAM::Policy')), ...Object.values(template.findResources('AWS::IAM::ManagedPolicy'))].flatMap(
    (p) => p.Properties.PolicyDocument.Statement as Statement[],
  );
}

function mailFromVariables(template: Template): string[] {
  return Object.values(template.findResources('AWS::Lambda::Function'))
    .map((f) => (f.Properties.Environment?.Variables as Record<string, unknown> | undefined)?.MAIL_FROM)
    .filter((v): v is string => typeof v === 'string');
}

describe.each([
  ['dev', 'updates@notify.example.org'],
  ['prod-example', 'updates@notify.council.example'],
])('sending mail in the %s stage', (stage, sender) => {
  let template: Template;
  beforeAll(() => {
    template = synthesize({ stage }).stateless;
  });

  it('allows only ses:SendRawEmail, and only From the configured sender address', () => {
    // Without the condition a bug or a leaked role could send as any verified identity of the
    // account (another service's domain), with our reputation and our quota.
    const ses = statements(template).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));

    expect(ses.length).toBeGreaterThan(0);
    for (const s of ses) {
      expect(s.Effect).toBe('Allow');
      expect(actionsOf(s)).toEqual(['ses:SendRawEmail']);
      expect(s.Condition).toEqual({ StringEquals: { 'ses:FromAddress': sender } });
    }
  });

  it('gives every sending function the same From address the condition allows', () => {
    // A MAIL_FROM other than the condition's address would have every send denied in AWS.
    const froms = mailFromVariables(template);

    expect(froms.length).toBe(5);
    for (const from of froms) expect(from).toMatch(new RegExp(`<${sender.replaceAll('.', '\\.')}>$`));
  });
});

describe('the stateless stack policies', () => {
  let template: Template;
  beforeAll(() => {
    template = synthesize().stateless;
  });

  it('name every action in full: no action wildcards', () => {
    // `s3:GetObject*` or `s3:List*` grant versions, ACLs and listings no adapter calls.
    const wildcards = statements(template).flatMap((s) => actionsOf(s).filter((a) => a.includes('*')));

    expect(wildcards).toEqual([]);
  });

  it('use the resource `*` only for X-Ray, which has no resource-level permissions', () => {
    const anywhere = statements(template).filter((s) => resourcesOf(s).includes('*'));

    expect(anywhere.length).toBeGreaterThan(0);
    expect([...new Set(anywhere.flatMap(actionsOf))].sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  });

  it('write logs only to the function’s own log group, without the AWS managed basic execution policy', () => {
    // AWSLambdaBasicExecutionRole allows streams in every log group of the account.
    const roles = Object.values(template.findResources('AWS::IAM::Role'));
    const logs = statements(template).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));

    expect(roles.every((r) => r.Properties.ManagedPolicyArns === undefined)).toBe(true);
    expect(logs).toHaveLength(FUNCTION_NAMES.length);
    for (const s of logs) {
      expect(actionsOf(s)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      expect(s.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^(Milestone|InboundMail|SesEvents|CycleApi|Web|Watchdog)Logs/), 'Arn'] });
    }
  });

  it('read secrets with GetSecretValue only, and the bucket with GetObject, PutObject and ListBucket only', () => {
    const all = statements(template).flatMap(actionsOf);

    expect([...new Set(all.filter((a) => a.startsWith('secretsmanager:')))]).toEqual(['secretsmanager:GetSecretValue']);
    expect([...new Set(all.filter((a) => a.startsWith('s3:')))].sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(all.filter((a) => /^dynamodb:(Scan|DescribeTable|GetRecords|GetShardIterator|ConditionCheckItem)$/.test(a))).toEqual([]);
  });
});
