import type { CfnElement } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { RUN_TIMEOUT_MS } from '#domain/delivery-policy';
import { AWS_PORTS, FUNCTION_NAMES, FUNCTION_PORTS, type AwsPort, type FunctionDeps, type FunctionName } from '#composition/functions';
import type { receiveReply } from '#use-cases/receive-reply';
import type { recordDeliveryEvent } from '#use-cases/record-delivery-event';
import type { runMilestone } from '#use-cases/run-milestone';
import type { cancelCycle, createCycle, updateCycle } from '#use-cases/set-cycle-dates';
import type { compileReport } from '#use-cases/compile-report';
import type { acceptHeld } from '#use-cases/held-replies';
import type { importPlan } from '#use-cases/import-plan';
import type { StatelessStack } from '../../infra/stacks/stateless-stack.ts';
import { synthesize } from './synth.ts';

// Each Lambda builds only the ports FUNCTION_PORTS lists (shared/composition/aws.ts), and
// tsc refuses a handler that hands them to a use case needing more (the last test). These tests close the loop on the AWS side: a port a function builds but its role
// cannot use fails here, not in production at the first email (as the cycle API's owner
// notices once did, with no SES grant).

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** What each port's adapter calls, and on which resource (a fragment of the resource's ARN or logical id). */
const NEEDS: Record<AwsPort, Array<{ action: string; on: string }>> = {
  store: [
    ...['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'BatchWriteItem'].map((a) => ({ action: `dynamodb:${a}`, on: 'DataTable' })),
    // GSI1: cycles of a plan, requests by owner.
    { action: 'dynamodb:Query', on: '/index/*' },
  ],
  mailer: [
    { action: 'ses:SendRawEmail', on: ':identity/*' },
    // Every send names the configuration set, and IAM checks it too.
    { action: 'ses:SendRawEmail', on: ':configuration-set/planpulse-dev' },
  ],
  scheduler: [
    ...['CreateSchedule', 'UpdateSchedule', 'DeleteSchedule'].map((a) => ({ action: `scheduler:${a}`, on: ':schedule/planpulse-dev/*' })),
    { action: 'iam:PassRole', on: 'SchedulingInvokeRole' },
  ],
  blobs: [
    { action: 's3:GetObject', on: 'MailBucket' },
    { action: 's3:PutObject', on: 'MailBucket' },
  ],
  signer: [{ action: 'secretsmanager:GetSecretValue', on: 'TokenKeysSecret' }],
};

/**
 * The actions of a port's service (and, where other ports' resources share the service, the
 * resource): a function without the port must have none of them. The web function reads a
 * secret of its own (the session secret), never the token keys.
 */
const SERVICE: Record<AwsPort, { action: RegExp; on?: string }> = {
  store: { action: /^dynamodb:/ },
  mailer: { action: /^ses:/ },
  scheduler: { action: /^(scheduler:|iam:PassRole$)/ },
  blobs: { action: /^s3:/ },
  signer: { action: /^secretsmanager:/, on: 'TokenKeysSecret' },
};

/** The variables each port's builder reads at cold start (shared/composition/aws.ts). */
const VARIABLES: Record<AwsPort, string[]> = {
  store: ['TABLE_NAME'],
  mailer: ['MAIL_FROM', 'SES_CONFIGURATION_SET'],
  scheduler: ['SCHEDULE_GROUP', 'SCHEDULER_ROLE_ARN', 'SCHEDULE_DLQ_ARN'],
  blobs: ['MAIL_BUCKET'],
  signer: ['TOKEN_KEYS_SECRET_ARN'],
};

/** Where each function's blob store reads and writes: reports are compiled, raw replies read. */
const BLOB_PREFIX: Partial<Record<FunctionName, string[]>> = {
  milestone: ['/reports/*'],
  'inbound-mail': ['/inbound/*'],
  // Held replies (raw mail, long answers kept whole), reports (compiled, downloaded) and the
  // import's staged files (without them the preview's PutObject is denied in AWS).
  web: ['/inbound/*', '/reports/*', '/uploads/*'],
};

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
/** Whether a policy action (which may end in a wildcard, `s3:GetObject*`) covers `action`. */
const covers = (pattern: string, action: string) => (pattern.endsWith('*') ? action.startsWith(pattern.slice(0, -1)) : pattern === action);

let stack: StatelessStack;
let template: Template;
beforeAll(() => {
  const synth = synthesize();
  stack = synth.stacks.stateless;
  template = synth.stateless;
});

/** Every Allow statement of the policies attached to a function's execution role. */
function statementsOf(name: FunctionName): Statement[] {
  const role = stack.functions[name].function.role!;
  const roleId = stack.getLogicalId(role.node.defaultChild as CfnElement);
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => s.Effect === 'Allow');
}

function allows(statements: Statement[], action: string, on: string): boolean {
  return statements.some((s) => actionsOf(s).some((a) => covers(a, action)) && JSON.stringify(s.Resource).includes(on));
}

function variablesOf(name: FunctionName): Record<string, unknown> {
  const fn = stack.functions[name].function;
  const fnId = stack.getLogicalId(fn.node.defaultChild as CfnElement);
  return template.toJSON().Resources[fnId].Properties.Environment.Variables as Record<string, unknown>;
}

describe.each(FUNCTION_NAMES)('the %s function', (name) => {
  const declared: readonly AwsPort[] = FUNCTION_PORTS[name];

  it.each(declared)('may use what its %s port calls', (port) => {
    const statements = statementsOf(name);

    const missing = NEEDS[port].filter(({ action, on }) => !allows(statements, action, on));

    expect(missing, `${name} builds a ${port} its role cannot use`).toEqual([]);
  });

  it('is granted nothing for the ports it does not build', () => {
    // Least privilege: the grants follow the ports, so a port no longer built loses its grant.
    const statements = statementsOf(name);
    const others = AWS_PORTS.filter((p) => !declared.includes(p));

    const extra = others.filter((port) =>
      statements.some((s) => actionsOf(s).some((a) => SERVICE[port].action.test(a)) && JSON.stringify(s.Resource).includes(SERVICE[port].on ?? '')),
    );

    expect(extra).toEqual([]);
  });

  it('times out exactly when its leases run out (shared/domain/delivery-policy)', () => {
    // A longer timeout would let a retry take over a run still alive; a shorter one would hold
    // a dead run's work past the retries that could finish it.
    const fn = stack.functions[name].function;
    const fnId = stack.getLogicalId(fn.node.defaultChild as CfnElement);

    expect(template.toJSON().Resources[fnId].Properties.Timeout).toBe(RUN_TIMEOUT_MS[name] / 1000);
  });

  it('has the variables its ports read at cold start', () => {
    // A missing variable fails every invocation of the function with a ConfigError.
    const vars = variablesOf(name);

    const missing = ['INBOUND_DOMAIN', ...declared.flatMap((port) => VARIABLES[port])].filter((v) => vars[v] === undefined);

    expect(missing).toEqual([]);
  });
});

describe('the bucket prefixes', () => {
  it.each(Object.entries(BLOB_PREFIX))('let the %s function read and put only under its prefixes', (name, prefixes) => {
    // Raw replies and reports are kept apart; a function reading the other's prefix is a leak.
    const statements = statementsOf(name as FunctionName);

    for (const prefix of prefixes) {
      expect(allows(statements, 's3:GetObject', prefix)).toBe(true);
      expect(allows(statements, 's3:PutObject', prefix)).toBe(true);
    }
    const objectStatements = statements.filter((s) => actionsOf(s).some((a) => /^s3:(Get|Put)Object/.test(a)));
    expect(objectStatements.every((s) => prefixes.some((prefix) => JSON.stringify(s.Resource).includes(prefix)))).toBe(true);
  });
});

describe('the cycle API', () => {
  it('may send email, for the notices to owners when dates change or a cycle is cancelled', () => {
    // updateCycle and cancelCycle email the owners already asked; without this grant the
    // request fails after the cycle was already changed.
    const statements = statementsOf('cycle-api');

    expect(allows(statements, 'ses:SendRawEmail', ':identity/*')).toBe(true);
    expect(allows(statements, 'ses:SendRawEmail', ':configuration-set/planpulse-dev')).toBe(true);
  });
});

describe('the ports a function builds, as types', () => {
  it('satisfy the use cases its handler calls, and not one needing a port it does not build', () => {
    // Checked by tsc (the first step of `npm test`), not at run time: a handler passing its
    // deps to a use case that needs more does not compile.
    expectTypeOf<FunctionDeps<'milestone'>>().toExtend<Parameters<typeof runMilestone>[1]>();
    expectTypeOf<FunctionDeps<'inbound-mail'>>().toExtend<Parameters<typeof receiveReply>[1]>();
    expectTypeOf<FunctionDeps<'cycle-api'>>().toExtend<Parameters<typeof updateCycle>[1]>();
    expectTypeOf<FunctionDeps<'cycle-api'>>().toExtend<Parameters<typeof cancelCycle>[1]>();
    expectTypeOf<FunctionDeps<'ses-events'>>().toExtend<Parameters<typeof recordDeliveryEvent>[1]>();
    // The web app's pages: imports, cycles, held replies, reports.
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof importPlan>[1]>();
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof createCycle>[1]>();
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof updateCycle>[1]>();
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof cancelCycle>[1]>();
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof acceptHeld>[1]>();
    expectTypeOf<FunctionDeps<'web'>>().toExtend<Parameters<typeof compileReport>[2]>();
    // It sends no update requests, so it builds no token signer.
    expectTypeOf<FunctionDeps<'web'>>().not.toExtend<Parameters<typeof runMilestone>[1]>();
    // ses-events builds no blob store or signer; the cycle API no blob store or signer.
    expectTypeOf<FunctionDeps<'ses-events'>>().not.toExtend<Parameters<typeof receiveReply>[1]>();
    expectTypeOf<FunctionDeps<'cycle-api'>>().not.toExtend<Parameters<typeof runMilestone>[1]>();
  });
});
