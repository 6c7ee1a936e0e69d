/**
 * Cold start: each Lambda's bundle built as the CDK builds it (esbuild, ESM, minified, the
 * same banner and external modules as infra/constructs/planpulse-function.ts), its size, and
 * the time a fresh Node process takes to import it, against a bundle of the AWS SDK clients
 * alone (the floor: every function needs some of them). Targets: each bundle at most 300 KB
 * minified; import time at most 1.5 x the SDK-only bundle's.
 * Run: npx tsx bench/bundles.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_TARGET, INSTALLED_MODULES } from '../infra/constructs/planpulse-function.ts';
import { emit, quick, spread } from './emit.ts';

const TARGET_BYTES = 300 * 1024;
const REPEATS = quick ? 3 : 7;
// inside the project, so the bundles find the modules the functions ship installed (INSTALLED_MODULES)
const out = join(process.cwd(), 'node_modules', '.cache', `planpulse-bundles-${process.pid}`);
mkdirSync(out, { recursive: true });

/** The AWS SDK's own packages: what the SDK-only bundle holds and every function ships pinned. */
const SDK_PACKAGE = /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws\/lambda-invoke-store|fast-xml-parser|strnum|bowser|tslib)\//;

async function bundle(name: string, entry: string | { contents: string }): Promise<{ file: string; bytes: number; sdkBytes: number }> {
  const file = join(out, name, 'index.mjs');
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: process.cwd(), loader: 'ts' as const } }),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __planpulseCreateRequire } from 'node:module'; const require = __planpulseCreateRequire(import.meta.url);" },
    minify: true,
    external: [...INSTALLED_MODULES],
    outfile: file,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.entries(o.inputs));
  const sdkBytes = inputs.reduce((sum, [path, input]) => sum + (SDK_PACKAGE.test(path) ? input.bytesInOutput : 0), 0);
  return { file, bytes: statSync(file).size, sdkBytes };
}

/** Milliseconds a fresh Node process takes to import the file (its own clock, process start-up left out). */
function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    // what a deployed function's environment holds (example values): a handler that builds its deps on import can
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'eu-west-2',
      TABLE_NAME: 'planpulse-bench',
      INBOUND_DOMAIN: 'replies.example.org',
      TOKEN_KEYS: 'bench:bench-secret-key-0123456789abcdef',
      MAIL_BUCKET: 'planpulse-bench-mail',
      MILESTONE_FUNCTION_ARN: 'arn:aws:lambda:eu-west-2:111111111111:function:planpulse-bench-milestone',
      SCHEDULER_ROLE_ARN: 'arn:aws:iam::111111111111:role/planpulse-bench-scheduler',
      SCHEDULE_DLQ_ARN: 'arn:aws:sqs:eu-west-2:111111111111:planpulse-bench-dlq',
      SES_CONFIGURATION_SET: 'planpulse-bench',
      COGNITO_USER_POOL_ID: 'eu-west-2_BenchPool1',
      COGNITO_CLIENT_ID: 'planpulsebenchclient',
      WEB_SESSION_SECRET: 'a-web-session-secret-of-at-least-32-characters',
    },
  });
  return Number(stdout.trim().split('\n').at(-1));
}

const sdkEntry = {
  contents: [
    "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "export { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "export { SESClient } from '@aws-sdk/client-ses';",
    "export { SchedulerClient } from '@aws-sdk/client-scheduler';",
    "export { S3Client } from '@aws-sdk/client-s3';",
    "export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
  ].join('\n'),
};
try {
  const sdk = await bundle('sdk-only', sdkEntry);
  const sdkMs = spread(Array.from({ length: REPEATS }, () => importMs(sdk.file)));
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-GB')} KB`;
  console.log(`SDK clients only: ${kb(sdk.bytes)}, import ${sdkMs.median} ms (min ${sdkMs.min})`);
  const figures = [];
  for (const name of readdirSync('functions').filter((d) => statSync(join('functions', d)).isDirectory())) {
    const built = await bundle(name, join('functions', name, 'handler.ts'));
    const ms = spread(Array.from({ length: REPEATS }, () => importMs(built.file)));
    const ratio = Math.round((ms.median / sdkMs.median) * 100) / 100;
    figures.push({
      function: name,
      bytes: built.bytes,
      sdkBytes: built.sdkBytes,
      withoutSdkBytes: built.bytes - built.sdkBytes,
      importMs: ms,
      sdkOnlyMs: sdkMs,
      ratio,
      sizeMet: built.bytes <= TARGET_BYTES,
      importMet: ratio <= 1.5,
    });
    console.log(
      `${name.padEnd(14)} ${kb(built.bytes).padStart(9)} (${built.bytes <= TARGET_BYTES ? 'within' : 'OVER'} 300 KB; ${kb(built.bytes - built.sdkBytes)} without the SDK), import ${ms.median} ms = x${ratio} the SDK-only bundle (${ratio <= 1.5 ? 'within' : 'OVER'} x1.5)`,
    );
  }
  emit({ sdkOnly: { bytes: sdk.bytes, importMs: sdkMs }, functions: figures });
} finally {
  rmSync(out, { recursive: true, force: true });
}
