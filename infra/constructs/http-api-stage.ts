import { RemovalPolicy } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';

/**
 * The `$default` stage of an HTTP API, deployed on every change, with every request in an
 * access log (kept a year, retained with the stack's data: who did what, and when) and the
 * stage's throttle. Both PlanPulse APIs are set up this way; they differ in auth and limits.
 */
export function addLoggedStage(scope: Construct, api: HttpApi, throttle: { rateLimit: number; burstLimit: number }): void {
  const accessLogs = new LogGroup(scope, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
  api.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    throttle,
  });
}
