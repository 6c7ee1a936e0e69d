import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';

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
}

function settings(options: ClientOptions) {
  return {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.requestTimeoutMs ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } } : {}),
  };
}

export const dynamoDbClient = (options: ClientOptions = {}) => new DynamoDBClient(settings(options));
export const sesClient = (options: ClientOptions = {}) => new SESClient(settings(options));
export const s3Client = (options: ClientOptions = {}) => new S3Client(settings(options));
export const schedulerClient = (options: ClientOptions = {}) => new SchedulerClient(settings(options));
export const secretsClient = (options: ClientOptions = {}) => new SecretsManagerClient(settings(options));
export const cognitoClient = (options: ClientOptions = {}) => new CognitoIdentityProviderClient(settings(options));
