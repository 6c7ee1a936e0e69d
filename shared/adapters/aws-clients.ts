import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { countRequests, type RequestCounter } from './request-counter.ts';

/**
 * Where an AWS SDK client talks to: nothing in AWS (the SDK's defaults), a local stand-in's
 * endpoint with fixed credentials locally and in tests. The only place SDK clients are built.
 */
export interface ClientOptions {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Milliseconds before a request is abandoned (aws-ses-v2-local hangs on actions it does not know). */
  requestTimeoutMs?: number;
  /** Counts every request (the benchmark and the cost estimate). */
  counter?: RequestCounter;
}

function settings(options: ClientOptions) {
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.requestTimeoutMs ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } } : {}),
  };
}

const counted = <C>(client: C, options: ClientOptions): C => (options.counter ? countRequests(client, options.counter) : client);

export const dynamoDbClient = (options: ClientOptions = {}) => counted(new DynamoDBClient(settings(options)), options);
export const sesClient = (options: ClientOptions = {}) => counted(new SESClient(settings(options)), options);
export const s3Client = (options: ClientOptions = {}) => counted(new S3Client(settings(options)), options);
export const schedulerClient = (options: ClientOptions = {}) => counted(new SchedulerClient(settings(options)), options);
export const secretsClient = (options: ClientOptions = {}) => counted(new SecretsManagerClient(settings(options)), options);
export const cognitoClient = (options: ClientOptions = {}) => counted(new CognitoIdentityProviderClient(settings(options)), options);

// The operator's CLI against a deployed stage (shared/ops): finding the stage, doctor, replay.
export const cloudFormationClient = (options: ClientOptions = {}) => counted(new CloudFormationClient(settings(options)), options);
export const lambdaClient = (options: ClientOptions = {}) => counted(new LambdaClient(settings(options)), options);
export const sqsClient = (options: ClientOptions = {}) => counted(new SQSClient(settings(options)), options);
export const snsClient = (options: ClientOptions = {}) => counted(new SNSClient(settings(options)), options);
export const sesV2Client = (options: ClientOptions = {}) => counted(new SESv2Client(settings(options)), options);
