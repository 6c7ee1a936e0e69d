import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/settings.ts';
import { DEV_EXAMPLE, loadStageConfig, SES_RECEIVING_REGIONS } from '../../infra/stage-config.ts';
import { synthesize } from './synth.ts';

// One committed, checked file per stage (config/<stage>.json): a bad one stops synth naming
// the key with an example, and two stages never share a physical name.

const PROD_EXAMPLE = JSON.parse(readFileSync(join(repoRoot, 'config/prod.example.json'), 'utf8')) as Record<string, unknown>;

/** A repository root holding only config/<stage>.json with these contents. */
function rootWith(files: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'planpulse-config-'));
  mkdirSync(join(root, 'config'));
  for (const [stage, content] of Object.entries(files)) {
    writeFileSync(join(root, 'config', `${stage}.json`), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

/** A valid prod file, changed by `change` (a key set to undefined is left out). */
const prod = (change: Record<string, unknown> = {}) => ({ ...PROD_EXAMPLE, tokenKeysSecretName: 'planpulse/prod/token-keys', ...change });
const loadProd = (change: Record<string, unknown> = {}, context: Record<string, unknown> = {}) =>
  loadStageConfig({ stage: 'prod', root: rootWith({ prod: prod(change) }), context });

describe('the stage config loader', () => {
  it('reads a complete real stage', () => {
    const { config, file } = loadProd();
    expect(file).toBe('config/prod.json');
    expect(config).toMatchObject({ region: 'eu-west-2', senderAddress: 'updates@notify.council.example', tokenKeysSecretName: 'planpulse/prod/token-keys' });
  });

  it('refuses an unknown key, naming it', () => {
    // A misspelt key would otherwise be ignored and its value never deployed.
    expect(() => loadProd({ sendAddress: 'a@b.example' })).toThrow(
      /config\/prod\.json: "sendAddress" is not a setting PlanPulse knows; the settings are region, .*senderAddress/,
    );
  });

  it('refuses a missing key of a real stage, with an example of it', () => {
    // The example.org defaults are for dev only: a council's stage must say where its mail goes.
    expect(() => loadProd({ alarmEmail: undefined })).toThrow('config/prod.json: "alarmEmail" is missing, for example "alarmEmail": "ops@council.gov.uk"');
  });

  it('refuses a malformed address, with an example', () => {
    expect(() => loadProd({ senderAddress: 'updates at council' })).toThrow(
      'config/prod.json: "senderAddress" must be an email address, for example "updates@notify.council.gov.uk"',
    );
    expect(() => loadProd({ coordinatorAddresses: ['ok@council.example', 'nope'] })).toThrow(/"coordinatorAddresses\.1" must be a list of email addresses/);
  });

  it('refuses a region without SES email receiving', () => {
    // eu-west-3 (Paris) sends but does not receive: the receipt rule would never get a reply.
    expect(SES_RECEIVING_REGIONS).not.toContain('eu-west-3');
    expect(() => loadProd({ region: 'eu-west-3' })).toThrow(
      /config\/prod\.json: "region" must be a region where SES receives email \(us-east-1, .*eu-west-2.*\), for example "eu-west-2"/,
    );
  });

  it('refuses a token-key secret name without the stage in it', () => {
    // Two stages sharing the secret would overwrite each other's keys.
    expect(() => loadProd({ tokenKeysSecretName: 'planpulse/token-keys' })).toThrow(
      /"tokenKeysSecretName" must contain the stage name "prod".*for example "planpulse\/prod\/token-keys"/,
    );
  });

  it('refuses an update retention shorter than a year, or not whole days, with an example', () => {
    // Purge without a date deletes what is older than this: less than a year could take the
    // answers of a cycle whose board has not met yet.
    expect(() => loadProd({ updateRetentionDays: 90 })).toThrow(
      'config/prod.json: "updateRetentionDays" must be at least 365 days (a shorter one would delete updates before their board has met), for example 2557',
    );
    expect(() => loadProd({ updateRetentionDays: 7.5 })).toThrow('"updateRetentionDays" must be a whole number of days, for example 2557');
    expect(() => loadProd({ updateRetentionDays: undefined })).toThrow(
      'config/prod.json: "updateRetentionDays" is missing, for example "updateRetentionDays": 2557',
    );
  });

  it('lists every bad key at once', () => {
    const attempt = () => loadProd({ chairAddress: 'x', logRetentionDays: 31, sesSendRatePerSecond: 0 });
    expect(attempt).toThrow(
      /"chairAddress" must be an email address[\s\S]*"sesSendRatePerSecond" must be more than 0[\s\S]*"logRetentionDays" must be one of 1, 3/,
    );
  });

  it('stops when a real stage has no file', () => {
    expect(() => loadStageConfig({ stage: 'prod', root: rootWith({}) })).toThrow(
      'config/prod.json: not found. Stage "prod" needs its own settings: copy config/prod.example.json',
    );
  });

  it('refuses a stage name that cannot go into resource names', () => {
    expect(() => loadStageConfig({ stage: 'Prod_1', root: rootWith({}) })).toThrow(/-c stage: "Prod_1" must be lower-case letters/);
  });

  it('lets -c override a key, typed as the file would be', () => {
    // Context values arrive as strings from the command line.
    const { config } = loadProd({}, { sesSendRatePerSecond: '40', createSesIdentities: 'false', coordinatorAddresses: 'a@council.example, b@council.example' });
    expect(config).toMatchObject({ sesSendRatePerSecond: 40, createSesIdentities: false, coordinatorAddresses: ['a@council.example', 'b@council.example'] });
  });

  it('names -c as the source of a bad override', () => {
    expect(() => loadProd({}, { senderAddress: 'nope' })).toThrow('-c senderAddress (over config/prod.json): "senderAddress" must be an email address');
  });

  it('refuses the retired -c keys and a wrongly cased one', () => {
    // The old -c mailFrom would now be silently ignored: the deploy would send as example.org.
    expect(() => loadProd({}, { mailFrom: 'Board <x@council.example>' })).toThrow(/-c mailFrom: is no longer read \(use senderAddress and senderName/);
    expect(() => loadProd({}, { inbounddomain: 'replies.council.example' })).toThrow(/-c inbounddomain: is not a setting; did you mean -c inboundDomain=/);
  });

  it('fills a key missing from dev with the shipped example value', () => {
    // A clean clone synthesises with no setup; config/dev.json holds the same values as the code.
    const shipped = loadStageConfig({ root: repoRoot }).config;
    expect(loadStageConfig({ root: rootWith({ dev: {} }) }).config).toEqual(shipped);
    expect(loadStageConfig({ root: rootWith({}) }).config).toEqual(shipped);
    expect(shipped.senderAddress).toBe(DEV_EXAMPLE.senderAddress);
  });

  it('reads the example real stage from config/prod.example.json', () => {
    expect(loadStageConfig({ stage: 'prod-example', root: repoRoot }).file).toBe('config/prod.example.json');
  });
});

describe('a real synth with a bad config', () => {
  it('exits 1 printing the key and an example, without a stack trace', async () => {
    // The path an operator sees: `npx cdk synth -c stage=... -c senderAddress=...` runs infra/app.ts.
    const run = promisify(execFile)(join(repoRoot, 'node_modules/.bin/tsx'), ['infra/app.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({ stage: 'prod-example', senderAddress: 'updates@' }),
        CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'planpulse-cdkout-')),
      },
    });
    const failure = await run.then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(
      '-c senderAddress (over config/prod.example.json): "senderAddress" must be an email address, for example "updates@notify.council.gov.uk"',
    );
    expect(failure?.stderr).not.toContain('    at ');
  });
});

/** Keys ending in Name that name something inside another resource, not an account-wide physical name. */
const SCOPED_NAMES = new Set([
  'AttributeName', // a DynamoDB key attribute, inside its table
  'IndexName', // a GSI, inside its table
  'StageName', // '$default', inside its HTTP API
  'GroupName', // a Cognito group ('managers'), inside its user pool
  'PolicyName', // an inline IAM policy, inside its role
  'DisplayName', // an SNS topic's label in notifications, not its name
  'MetricName', // the CloudWatch metric an alarm watches (Errors, 5xx), not the alarm's name
]);

/**
 * Every explicit physical name in a template: the string values of a resource's top-level
 * properties ending in Name, and the receipt rule's Rule.Name (deeper ones, such as a user
 * pool's Schema[].Name, name parts of their resource).
 */
function physicalNames(template: Template): Array<[name: string, where: string]> {
  const names: Array<[string, string]> = [];
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  for (const [id, resource] of Object.entries(resources)) {
    const visit = (value: unknown, path: string[]): void => {
      const key = path.at(-1) ?? '';
      if (typeof value === 'string') {
        const named = path.length === 1 || path.join('.') === 'Rule.Name';
        if (named && key.endsWith('Name') && !SCOPED_NAMES.has(key)) names.push([value, `${resource.Type} ${id}.${path.join('.')}`]);
      } else if (Array.isArray(value)) {
        for (const v of value) visit(v, [...path, key]);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) if (!k.startsWith('Fn::') && k !== 'Ref') visit(v, [...path, k]);
      }
    };
    visit(resource.Properties ?? {}, []);
  }
  return names;
}

describe('two stages in one account', () => {
  let dev: ReturnType<typeof synthesize>;
  let prodExample: ReturnType<typeof synthesize>;
  beforeAll(() => {
    dev = synthesize();
    prodExample = synthesize({ stage: 'prod-example' });
  });

  it('synthesise, dev with the example.org values and prod-example with its own', () => {
    dev.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Recipients: ['replies.example.org'] }) });
    prodExample.stateless.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Recipients: ['replies.council.example'] }) });
    prodExample.stateless.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ MAIL_FROM: 'Corporate Parenting Board <updates@notify.council.example>', SES_RATE_PER_SECOND: '14' }) },
    });
    prodExample.stateless.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('give the milestone function the stage’s retention, where `--stage <stage> purge` reads it', () => {
    // shared/ops/stage.ts reads the milestone function's settings; without these a stage's
    // purge would have to guess how long the council keeps updates.
    const withRetention = (t: Template) =>
      Object.values(t.findResources('AWS::Lambda::Function'))
        .map((f) => f.Properties.Environment.Variables as Record<string, unknown>)
        .filter((v) => v.UPDATE_RETENTION_DAYS !== undefined);
    expect(withRetention(prodExample.stateless)).toEqual([
      expect.objectContaining({ UPDATE_RETENTION_DAYS: '2557', RAW_MAIL_RETENTION_DAYS: '365', SCHEDULE_GROUP: 'planpulse-prod-example' }),
    ]);
    expect(withRetention(dev.stateless)).toEqual([expect.objectContaining({ UPDATE_RETENTION_DAYS: '2557', RAW_MAIL_RETENTION_DAYS: '30' })]);
  });

  it('have stacks of their own', () => {
    expect([dev.stacks.stateful.stackName, dev.stacks.stateless.stackName]).toEqual(['PlanPulse-dev-Stateful', 'PlanPulse-dev-Stateless']);
    expect([prodExample.stacks.stateful.stackName, prodExample.stacks.stateless.stackName]).toEqual([
      'PlanPulse-prod-example-Stateful',
      'PlanPulse-prod-example-Stateless',
    ]);
  });

  it('share no explicit physical name, and each name carries its stage', () => {
    // Configuration set, rule set and rule, schedule group, secret, user pool: one stage's
    // deploy must never replace or fail on the other's. Generated names (table, bucket, log
    // groups, session secret) derive from the stack name, which carries the stage.
    const devNames = [...physicalNames(dev.stateful), ...physicalNames(dev.stateless)];
    const prodNames = [...physicalNames(prodExample.stateful), ...physicalNames(prodExample.stateless)];
    const expected = [
      'AWS::SES::ConfigurationSet',
      'AWS::SES::ReceiptRuleSet',
      'AWS::SES::ReceiptRule',
      'AWS::Scheduler::ScheduleGroup',
      'AWS::SecretsManager::Secret',
      'AWS::Cognito::UserPool',
      'AWS::ApiGatewayV2::Api',
    ];
    for (const type of expected)
      expect(
        prodNames.some(([, where]) => where.startsWith(type)),
        type,
      ).toBe(true);

    const prodSet = new Set(prodNames.map(([name]) => name));
    const shared = devNames.filter(([name]) => prodSet.has(name)).map(([name, where]) => `${name} (${where})`);
    expect(shared).toEqual([]);
    for (const [name, where] of prodNames) expect(name, where).toContain('prod-example');
    for (const [name, where] of devNames) expect(name, where).toContain('dev');
  });
});
