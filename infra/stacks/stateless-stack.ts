import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { RUN_TIMEOUT_MS } from '#domain/delivery-policy';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { FUNCTION_NAMES, FUNCTION_PORTS, type AwsPort, type FunctionName } from '#composition/functions';
import { DeliveryEvents } from '../constructs/delivery-events.ts';
import { MailIntake } from '../constructs/mail-intake.ts';
import { MailStore } from '../constructs/mail-store.ts';
import { ManagerApi } from '../constructs/manager-api.ts';
import { MilestoneScheduling } from '../constructs/milestone-scheduling.ts';
import { OpsAlarms } from '../constructs/ops-alarms.ts';
import { PlanPulseFunction } from '../constructs/planpulse-function.ts';
import { WebApp } from '../constructs/web-app.ts';
import type { WebSignIn } from '../constructs/web-sign-in.ts';
import type { PlanPulseSettings } from '../settings.ts';

export interface StatelessStackProps extends StackProps {
  settings: PlanPulseSettings;
  table: Table;
  mailBucket: Bucket;
  tokenKeys: ISecret;
  webSignIn: WebSignIn;
}

/**
 * The behaviour: six functions and what triggers them. Holds no data of its own, so it
 * can be destroyed and redeployed freely (pending schedules are re-created by the cycle API).
 */
export class StatelessStack extends Stack {
  /** Each function by its name in FUNCTION_PORTS (the infra tests check each one's grants). */
  readonly functions: Record<FunctionName, PlanPulseFunction>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table, mailBucket, tokenKeys, webSignIn } = props;
    const { INBOUND_PREFIX, REPORTS_PREFIX, UPLOADS_PREFIX } = MailStore;
    const environment = { INBOUND_DOMAIN: settings.inboundDomain };
    // Every send names this configuration set, so bounces and complaints come back to us.
    const configurationSetName = settings.names.configurationSet;

    // Fired by a schedule at each milestone: emails owners, compiles reports.
    const milestone = new PlanPulseFunction(this, 'Milestone', {
      entry: 'milestone',
      description: 'PlanPulse: runs one milestone of a cycle (requests, reminders, reports)',
      // A requests-open milestone sends one email per owner at the SES rate; a fan-out that
      // cannot finish in one run continues in the next. Its leases are exactly this long.
      timeout: Duration.millis(RUN_TIMEOUT_MS.milestone),
      memorySize: 1024,
      environment,
      mailPrefixes: [REPORTS_PREFIX],
      // One run at a time: each run paces its sends to the whole SES rate (SES_RATE_PER_SECOND)
      // with fanOutConcurrency(rate) owners in flight, so two at once would send at twice the rate
      // and spend the run backing off throttled sends. Milestones due together (several plans'
      // cycles at 09:00) wait their turn: Lambda keeps a throttled event and retries it.
      reservedConcurrency: 1,
    });
    // The stage's retention, where `planpulse --stage <stage> purge` reads it (shared/ops/stage.ts
    // reads this function's settings): purge deletes what is older, the bucket's lifecycle raw mail.
    milestone
      .setEnvironment('UPDATE_RETENTION_DAYS', String(settings.updateRetentionDays))
      .setEnvironment('RAW_MAIL_RETENTION_DAYS', String(settings.rawMailRetentionDays));

    // Invoked by the SES receipt rule after the raw message is in the bucket.
    const inbound = new PlanPulseFunction(this, 'InboundMail', {
      entry: 'inbound-mail',
      description: 'PlanPulse: parses an owner reply and stores the update',
      timeout: Duration.millis(RUN_TIMEOUT_MS['inbound-mail']),
      environment,
      mailPrefixes: [INBOUND_PREFIX],
      // Replies arrive a few at a time, and a burst (a reply day) only has to be parsed within
      // minutes; five keeps the table's on-demand bursts small and leaves the account's pool alone.
      reservedConcurrency: 5,
    });

    // SES bounce and complaint events: mark the address, tell the coordinators once.
    const sesEvents = new PlanPulseFunction(this, 'SesEvents', {
      entry: 'ses-events',
      description: 'PlanPulse: records SES bounces and complaints',
      timeout: Duration.millis(RUN_TIMEOUT_MS['ses-events']),
      environment,
      // Bounces and complaints are rare; two absorb a bad list's burst, and each run may email
      // the coordinators, so a storm must not compete with the milestone for the SES rate.
      reservedConcurrency: 2,
    });

    // Behind the manager HTTP API: stores cycle dates, (re)schedules their milestones and
    // tells owners already asked when the dates change or the cycle is cancelled.
    const cycleApi = new PlanPulseFunction(this, 'CycleApi', {
      entry: 'cycle-api',
      description: 'PlanPulse: manager API for cycles',
      timeout: Duration.millis(RUN_TIMEOUT_MS['cycle-api']),
      environment,
      // A handful of managers change cycles by hand; five is more than they can click.
      reservedConcurrency: 5,
    });
    // The web app for coordinators and managers: imports plans (the files staged under
    // uploads/ between preview and commit), sets dates, handles held replies (raw mail under
    // inbound/) and shows and compiles reports (under reports/).
    const web = new PlanPulseFunction(this, 'Web', {
      entry: 'web',
      description: 'PlanPulse: the web app for coordinators and managers',
      timeout: Duration.millis(RUN_TIMEOUT_MS.web),
      // Reading a workbook and rendering a report's chart are the heavy pages.
      memorySize: 1024,
      environment,
      mailPrefixes: [INBOUND_PREFIX, REPORTS_PREFIX, UPLOADS_PREFIX],
      // A few dozen staff behind a stage throttled to 20 requests/s of well under a second each.
      reservedConcurrency: 10,
    });
    // Every 15 minutes: counts milestones that never started half an hour after their time (a
    // schedule never made, or deleted), for the MilestoneMissed alarm. Read-only.
    const watchdog = new PlanPulseFunction(this, 'Watchdog', {
      entry: 'watchdog',
      description: 'PlanPulse: finds milestones that never ran',
      timeout: Duration.millis(RUN_TIMEOUT_MS.watchdog),
      memorySize: 256,
      environment,
      // One check at a time is all there is.
      reservedConcurrency: 1,
    });
    new Rule(this, 'WatchdogEvery15Minutes', {
      description: 'PlanPulse: look for milestones that never ran',
      schedule: Schedule.rate(Duration.minutes(15)),
      // A missed check is no loss (the next one comes 15 minutes later): no retries.
      targets: [new LambdaFunction(watchdog.function, { retryAttempts: 0 })],
    });
    this.functions = { milestone, 'inbound-mail': inbound, 'ses-events': sesEvents, 'cycle-api': cycleApi, web, watchdog };

    // The cycle API depends on the scheduling pieces, never the other way round: no cycle.
    const scheduling = new MilestoneScheduling(this, 'Scheduling', { milestoneFunction: milestone.function, groupName: settings.names.scheduleGroup });

    // Failed asynchronous runs never vanish: each async function has one queue holding every
    // event of it that did not run, whoever dropped it. For the milestone that is the
    // scheduler's dead-letter queue: the scheduler puts there what it could not hand to Lambda
    // (its own 20 retries over 6 h, shared/adapters/scheduler), Lambda what failed after its
    // retries. Six hours (the most Lambda allows) for every function: a late run is still
    // right (runs are idempotent: leases and the dispatch ledger), an owner's reply or a bounce
    // must not be lost to an hour of throttling, and the lateness alarm reports a late milestone.
    milestone.handleAsyncFailures({ queue: scheduling.deadLetterQueue, maxEventAge: Duration.hours(6) });
    const inboundFailures = inbound.handleAsyncFailures({ maxEventAge: Duration.hours(6) });
    const sesEventsFailures = sesEvents.handleAsyncFailures({ maxEventAge: Duration.hours(6) });

    // What each port needs in AWS. A function gets exactly the grants (and variables) of the
    // ports its composition root builds (FUNCTION_PORTS), so the two cannot drift apart.
    const grant: { [P in AwsPort]: (fn: PlanPulseFunction) => void } = {
      store: (fn) => fn.bindTable({ table, access: 'read-write' }),
      mailer: (fn) =>
        fn
          .allowSendingMail({ mailFrom: settings.mailFrom, fromAddress: settings.senderAddress, configurationSetName })
          .setEnvironment('SES_RATE_PER_SECOND', String(settings.sesSendRatePerSecond)),
      // The milestone function schedules the continuation of a large fan-out, targeting itself.
      scheduler: (fn) => scheduling.allowManagingSchedules(fn, fn === milestone ? {} : { milestoneFunction: milestone.function }),
      blobs: (fn) => {
        if (fn.mailPrefixes.length === 0) throw new Error(`${fn.entry} builds a blob store but names no mail bucket prefixes`);
        fn.bindMailBucket({ bucket: mailBucket, read: [...fn.mailPrefixes], write: [...fn.mailPrefixes] });
      },
      signer: (fn) => fn.bindTokenKeys(tokenKeys),
    };
    for (const name of FUNCTION_NAMES) {
      for (const port of FUNCTION_PORTS[name]) grant[port](this.functions[name]);
    }

    new DeliveryEvents(this, 'DeliveryEvents', { eventsFunction: sesEvents, configurationSetName });

    new MailIntake(this, 'MailIntake', {
      inboundDomain: settings.inboundDomain,
      bucket: mailBucket,
      objectKeyPrefix: INBOUND_PREFIX,
      inboundFunction: inbound.function,
      ruleSetName: settings.names.receiptRuleSet,
      ruleName: settings.names.receiptRule,
      joinExistingRuleSet: settings.existingReceiptRuleSetName !== undefined,
    });

    const managerApi = new ManagerApi(this, 'ManagerApi', { cycleApiFunction: cycleApi.function, apiName: settings.names.managerApi });

    const webApp = new WebApp(this, 'WebApp', { webFunction: web, apiName: settings.names.webApi });
    web.bindUserPool(webSignIn).bindWebSessionSecret(webApp.sessionSecret);

    const alarms = new OpsAlarms(this, 'Alarms', {
      alarmEmail: settings.alarmEmail,
      deadLetterQueues: { Milestone: scheduling.deadLetterQueue, InboundMail: inboundFailures, SesEvents: sesEventsFailures },
      asyncFunctions: { Milestone: milestone.function, InboundMail: inbound.function, SesEvents: sesEvents.function },
      syncFunctions: { CycleApi: cycleApi.function, Web: web.function },
      scheduledFunctions: { Watchdog: watchdog.function },
      httpApis: { ManagerApi: managerApi.api, WebApp: webApp.api },
      milestoneFunction: milestone.function,
      watchdogFunction: watchdog.function,
    });

    new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', { value: scheduling.deadLetterQueue.queueUrl });
    // What `planpulse --stage`, `doctor` and `replay` read (shared/ops/stage.ts OUTPUTS).
    new CfnOutput(this, 'MilestoneFunctionName', { value: milestone.function.functionName });
    new CfnOutput(this, 'InboundMailFunctionName', { value: inbound.function.functionName });
    new CfnOutput(this, 'SesEventsFunctionName', { value: sesEvents.function.functionName });
    new CfnOutput(this, 'InboundMailFailuresQueueUrl', { value: inboundFailures.queueUrl });
    new CfnOutput(this, 'SesEventsFailuresQueueUrl', { value: sesEventsFailures.queueUrl });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}
