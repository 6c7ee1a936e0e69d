import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MISSED_MILESTONES_METRIC } from '#use-cases/missed-milestones';

/** SES puts an account under review at these rates (SES Developer Guide, reputation metrics). */
export const SES_REVIEW_BOUNCE_RATE = 0.05;
export const SES_REVIEW_COMPLAINT_RATE = 0.001;
/** How late a milestone may start before someone is told. */
export const MILESTONE_LATE_AFTER = Duration.minutes(30);

export interface OpsAlarmsProps {
  /** Who is told: subscribed to the topic by email (they must confirm the subscription). */
  alarmEmail: string;
  /** Queues of work that never ran: any message in one is a failure to look at. */
  deadLetterQueues: Record<string, IQueue>;
  /** Functions run asynchronously: throttling only delays them, so only sustained throttling alarms. */
  asyncFunctions: Record<string, IFunction>;
  /** Functions behind an HTTP API: a throttle is an error page for someone. */
  syncFunctions: Record<string, IFunction>;
  httpApis: Record<string, IHttpApi>;
  /** Functions run by a recurring rule: errors alarm, a throttle only skips one run. */
  scheduledFunctions: Record<string, IFunction>;
  /** The function the milestone schedules invoke. */
  milestoneFunction: IFunction;
  /** The function that counts milestones that never ran (functions/watchdog). */
  watchdogFunction: IFunction;
}

/**
 * Everything ops must hear about, sent to one encrypted SNS topic with the alarm email
 * subscribed. The topic's key is our own: CloudWatch cannot publish to a topic encrypted
 * with the AWS-managed SNS key, whose policy cannot grant it.
 */
export class OpsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OpsAlarmsProps) {
    super(scope, id);

    const key = new Key(this, 'TopicKey', {
      description: 'PlanPulse ops alarms topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', { displayName: 'PlanPulse alarms', masterKey: key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);

    const alarm = (name: string, metric: IMetric, o: { threshold: number; description: string; periods?: number; atLeast?: boolean }) => {
      const a = new Alarm(this, name, {
        metric,
        threshold: o.threshold,
        evaluationPeriods: o.periods ?? 1,
        datapointsToAlarm: o.periods ?? 1,
        comparisonOperator: o.atLeast ? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD : ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No data is no failure: an idle month sends no datapoints.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: o.description,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = Duration.minutes(5);

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}DeadLetters`, queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }), {
        threshold: 0,
        description: `${name}: an event did not run and waits in its queue. Read it, fix the cause, replay it (docs/infra.md).`,
      });
    }

    for (const [name, fn] of Object.entries({ ...props.asyncFunctions, ...props.syncFunctions, ...props.scheduledFunctions })) {
      alarm(`${name}Errors`, fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), {
        threshold: 0,
        description: `${name}: a run failed. Its log group says why.`,
      });
    }
    for (const [name, fn] of Object.entries(props.asyncFunctions)) {
      // Lambda keeps and retries a throttled async event, and milestones due together queue
      // behind the one-at-a-time milestone run on purpose: only half an hour of it is a problem.
      alarm(`${name}Throttles`, fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }), {
        threshold: 0,
        periods: 6,
        description: `${name}: throttled for 30 minutes; its work is waiting. Check reserved concurrency and what is running.`,
      });
    }
    for (const [name, fn] of Object.entries(props.syncFunctions)) {
      alarm(`${name}Throttles`, fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }), {
        threshold: 0,
        description: `${name}: requests were refused for lack of concurrency; someone saw an error.`,
      });
    }

    for (const [name, api] of Object.entries(props.httpApis)) {
      alarm(`${name}ServerErrors`, api.metricServerError({ period: fiveMinutes, statistic: 'Sum' }), {
        threshold: 0,
        description: `${name}: the API answered 5xx. The function's log and the API's access log say why.`,
      });
    }

    // Account-wide reputation, over the representative volume SES measures it on.
    const reputation = (metricName: string) => new Metric({ namespace: 'AWS/SES', metricName, period: Duration.hours(1), statistic: 'Maximum' });
    alarm('SesBounceRate', reputation('Reputation.BounceRate'), {
      threshold: SES_REVIEW_BOUNCE_RATE,
      atLeast: true,
      description:
        'SES bounce rate reached 5%: SES puts the account under review here and pauses sending at 10%. Check held addresses and the plan owners list.',
    });
    alarm('SesComplaintRate', reputation('Reputation.ComplaintRate'), {
      threshold: SES_REVIEW_COMPLAINT_RATE,
      atLeast: true,
      description: 'SES complaint rate reached 0.1%: SES puts the account under review here and pauses sending at 0.5%.',
    });

    // A late milestone: the schedule fires on time (flexible window off) and hands the event
    // to Lambda at once, so the age of the event when the function finally starts is how late
    // the milestone runs (throttled behind other runs, or retried after failures). A milestone
    // that never starts ends in the scheduling dead-letter queue, which alarms above.
    alarm(
      'MilestoneLate',
      new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'AsyncEventAge',
        dimensionsMap: { FunctionName: props.milestoneFunction.functionName },
        period: fiveMinutes,
        statistic: 'Maximum',
      }),
      {
        threshold: MILESTONE_LATE_AFTER.toMilliseconds(),
        description: 'A milestone started more than 30 minutes after its time. Owners were asked (or reminded) late.',
      },
    );

    // A milestone that never started at all (its schedule was never made, or was deleted) has
    // no event to age: the watchdog counts those every 15 minutes. No count for an hour means
    // the watchdog itself is not running, which is as bad: missing data alarms too.
    const missed = new Alarm(this, 'MilestoneMissed', {
      metric: new Metric({
        namespace: 'PlanPulse',
        metricName: MISSED_MILESTONES_METRIC,
        dimensionsMap: { service: 'planpulse', FunctionName: props.watchdogFunction.functionName },
        period: Duration.hours(1),
        statistic: 'Maximum',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.BREACHING,
      alarmDescription:
        'A milestone has not run 30 minutes after its time, or the watchdog stopped counting. The watchdog log names the cycle and milestone; `planpulse cycle` shows its schedule.',
    });
    missed.addAlarmAction(action);
    this.alarms.push(missed);
  }
}
