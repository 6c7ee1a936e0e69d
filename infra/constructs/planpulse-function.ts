import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Config } from '#config/config';
import type { FunctionName } from '#composition/functions';
import { ASYNC_RETRY_DELAYS_MS } from '#domain/delivery-policy';
import { repoRoot } from '../settings.ts';

/**
 * Packages installed next to the bundle instead of bundled, each loaded on first use
 * (shared/lazy/, shared/reports/chart.ts), not at cold start:
 * - the chart's rasteriser is a native addon (esbuild cannot bundle a `.node` file) and its
 *   fonts are files it reads; they are installed for the functions' architecture (arm64), not
 *   the deploying machine's (a real `cdk synth` put `@resvg/resvg-js-linux-arm64-gnu` in the asset);
 * - the charset tables, format=flowed unwrapping and the large-message parser, needed by few
 *   replies; the spreadsheet and Word writers, needed by reports and workbook imports.
 * - the first-name list of the personal-data guard (about 620 KB), for the board pack's check.
 * They would be most of each bundle (about 2.2 MB) and of its import time.
 */
export const INSTALLED_MODULES = [
  '@resvg/resvg-js',
  'dejavu-fonts-ttf',
  'docx',
  'exceljs',
  'gender-detection-from-name',
  'iconv-lite',
  'libmime',
  'mailparser',
] as const;
export type InstalledModule = (typeof INSTALLED_MODULES)[number];

const CHART: InstalledModule[] = ['@resvg/resvg-js', 'dejavu-fonts-ttf'];
const NAMES: InstalledModule[] = ['gender-detection-from-name'];

/**
 * Modules our code loads with require() on first use (esbuild does not see those): by the file
 * that loads them. test/infra/bundles.test.ts adds them for a bundle holding the file.
 */
export const REQUIRED_BY: Record<string, readonly InstalledModule[]> = {
  'shared/reports/chart.ts': CHART,
  'shared/privacy/first-names.ts': NAMES,
};
const MAIL: InstalledModule[] = ['iconv-lite', 'libmime', 'mailparser'];
const WRITERS: InstalledModule[] = ['docx', 'exceljs'];

/**
 * What each function installs: what its bundle can load (test/infra/bundles.test.ts derives it
 * from the bundle and requires this list to match). Only the functions that compile reports
 * carry the rasteriser (about 6 MB).
 */
export const FUNCTION_MODULES: Record<FunctionName, readonly InstalledModule[]> = {
  milestone: [...CHART, ...NAMES, ...WRITERS, ...MAIL],
  'inbound-mail': MAIL,
  'cycle-api': MAIL,
  'ses-events': [],
  web: [...CHART, ...NAMES, ...WRITERS, ...MAIL],
  watchdog: [],
};

/**
 * The newest Node runtime the CDK offers (cdk-nag's L1 and LatestVersion rules check it), and
 * the esbuild target that goes with it. test/infra/bundles.test.ts and bench/bundles.bench.ts
 * build with the same target.
 */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;
export const BUNDLE_TARGET = 'node24';

/** Environment variables a function may be given: the names shared/config/config.ts reads. */
export type EnvName = keyof Config | 'NODE_OPTIONS' | 'POWERTOOLS_SERVICE_NAME';

export interface PlanPulseFunctionProps {
  /** Folder under functions/ whose handler.ts exports `handler`; also its key in FUNCTION_PORTS. */
  entry: FunctionName;
  description: string;
  timeout: Duration;
  /** @default 512 */
  memorySize?: number;
  /** The variables every PlanPulse function needs (config fails fast without them). */
  environment: { INBOUND_DOMAIN: string } & Partial<Record<EnvName, string>>;
  /** Prefixes of the mail bucket its blob store reads and writes (only for a function with the blobs port). */
  mailPrefixes?: string[];
  /** Reserved concurrency: the most copies that run at once (the stack says why for each). */
  reservedConcurrency: number;
}

/** A queue of work that never ran: kept 14 days (the most SQS allows), encrypted, TLS only. */
export function failureQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
}

/**
 * A PlanPulse Lambda: Node 24 on ARM, bundled locally by esbuild (never Docker) as ESM,
 * with its own log group. Permissions and the variables that go with them are added by
 * the `bind…`/`allow…` methods, so a stack reads as a list of decisions.
 */
export class PlanPulseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly entry: FunctionName;
  readonly mailPrefixes: readonly string[];
  /** Where its failed asynchronous invocations go (set by `handleAsyncFailures`). */
  failedInvocations?: IQueue;

  constructor(scope: Construct, id: string, props: PlanPulseFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.mailPrefixes = props.mailPrefixes ?? [];

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      // Logs belong to the stateless stack: they go when it goes.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole (streams in any log group): writes
    // to this function's log group only. X-Ray and each bind…/allow… add to its policy.
    const role = new Role(this, 'ExecutionRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));

    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: join(repoRoot, 'functions', props.entry, 'handler.ts'),
      handler: 'handler',
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      // X-Ray traces show where a slow run spends its time (SES, DynamoDB, S3).
      tracing: Tracing.ACTIVE,
      logGroup,
      projectRoot: repoRoot,
      depsLockFilePath: join(repoRoot, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'planpulse',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        // Prefer the ES module build of dependencies: smaller bundles through tree shaking.
        mainFields: ['module', 'main'],
        // CommonJS dependencies call require(); ESM output has none unless we define one.
        banner: "import { createRequire as __planpulseCreateRequire } from 'node:module'; const require = __planpulseCreateRequire(import.meta.url);",
        minify: true,
        sourceMap: true,
        // Stack traces only need the mappings; leaving sources out halves the .map files.
        sourcesContent: false,
        // Ship the one pinned @aws-sdk version the code is tested with, not the runtime's.
        bundleAwsSDK: true,
        forceDockerBundling: false,
        nodeModules: [...FUNCTION_MODULES[props.entry]],
        // what a function does not install must not be bundled either: it is never loaded there
        externalModules: INSTALLED_MODULES.filter((m) => !FUNCTION_MODULES[props.entry].includes(m)),
        // npm installs the optional binary package of the target platform (npm 10 or later)
        environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
      },
    });
  }

  /**
   * What happens when an asynchronous invocation fails: Lambda retries it exactly as often as
   * shared/domain/delivery-policy.ts assumes (its leases are sized for those retries), then
   * sends the event with the error to `queue` (a new encrypted queue if none is given), where
   * an alarm sees it and an operator can replay it. Events older than `maxEventAge` (waiting
   * out throttling or an outage) go there too instead of being dropped.
   */
  handleAsyncFailures({ queue, maxEventAge }: { queue?: IQueue; maxEventAge: Duration }): IQueue {
    const onFailure = queue ?? failureQueue(this, 'FailedInvocations');
    this.function.configureAsyncInvoke({
      onFailure: new SqsDestination(onFailure),
      retryAttempts: ASYNC_RETRY_DELAYS_MS.length,
      maxEventAge,
    });
    this.failedInvocations = onFailure;
    return onFailure;
  }

  /** Sets one environment variable (names checked against the config schema). */
  setEnvironment(name: EnvName, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  /**
   * TABLE_NAME and the item actions the DynamoDB store calls, on the single table and its
   * index (`table/…/index/*`: GSI1). No Scan, no streams, no DescribeTable, no transactions.
   */
  bindTable({ table, access }: { table: Table; access: 'read' | 'read-write' }): this {
    this.setEnvironment('TABLE_NAME', table.tableName);
    const reads = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    table.grant(this.function, ...reads, ...(access === 'read-write' ? writes : []));
    return this;
  }

  /**
   * MAIL_BUCKET and GetObject/PutObject on prefixes of it (`<prefix>*`: keys are made per
   * message, report or upload at run time). Writes are Put only: the pipeline never deletes
   * raw mail or reports. ListBucket on the bucket (no prefix condition: S3 checks it on a
   * GetObject) so a missing key answers NoSuchKey, which the blob store reads as "absent",
   * instead of AccessDenied.
   */
  bindMailBucket({ bucket, read = [], write = [] }: { bucket: Bucket; read?: string[]; write?: string[] }): this {
    this.setEnvironment('MAIL_BUCKET', bucket.bucketName);
    if (read.length > 0) {
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: read.map((p) => bucket.arnForObjects(`${p}*`)) }));
    }
    if (write.length > 0) {
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: write.map((p) => bucket.arnForObjects(`${p}*`)) }));
    }
    return this;
  }

  /** TOKEN_KEYS_SECRET_ARN and GetSecretValue of it (read through a cache with a max age). */
  bindTokenKeys(secret: ISecret): this {
    this.setEnvironment('TOKEN_KEYS_SECRET_ARN', secret.secretArn);
    this.allowReadingSecret(secret);
    return this;
  }

  /**
   * COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID: the web app's sign-in. No IAM grant: the
   * sign-in (InitiateAuth) is an unauthenticated call of the app client, and the pool's
   * signing keys are public.
   */
  bindUserPool({ userPool, client }: { userPool: IUserPool; client: IUserPoolClient }): this {
    this.setEnvironment('COGNITO_USER_POOL_ID', userPool.userPoolId);
    this.setEnvironment('COGNITO_CLIENT_ID', client.userPoolClientId);
    return this;
  }

  /** WEB_SESSION_SECRET_ARN and GetSecretValue of it (the web app loads it at cold start). */
  bindWebSessionSecret(secret: ISecret): this {
    this.setEnvironment('WEB_SESSION_SECRET_ARN', secret.secretArn);
    this.allowReadingSecret(secret);
    return this;
  }

  /** Only GetSecretValue (grantRead adds DescribeSecret, which nothing calls); AWS-managed key, so no KMS grant. */
  private allowReadingSecret(secret: ISecret): void {
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }));
  }

  /**
   * MAIL_FROM and ses:SendRawEmail, only From `fromAddress` (the `ses:FromAddress` condition):
   * a bug or a stolen role cannot send as another identity of the account. The resource is
   * every identity of this account and region because, in the SES sandbox, recipients are
   * identities that IAM checks too; the condition is what limits the sender. No SendEmail,
   * no sending authorisation (SourceArn/FromArn) of other accounts' identities.
   */
  allowSendingMail({ mailFrom, fromAddress, configurationSetName }: { mailFrom: string; fromAddress: string; configurationSetName?: string }): this {
    this.setEnvironment('MAIL_FROM', mailFrom);
    const stack = Stack.of(this);
    const resources = [stack.formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })];
    if (configurationSetName) {
      // Sends name the configuration set (so bounces come back to us); IAM checks it too.
      this.setEnvironment('SES_CONFIGURATION_SET', configurationSetName);
      resources.push(stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSetName }));
    }
    this.function.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendRawEmail'],
        resources,
        // SES reads the From header of a raw message (we never pass Source) for this key.
        conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
      }),
    );
    return this;
  }
}
