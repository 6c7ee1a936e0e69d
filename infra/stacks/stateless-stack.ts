import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { DeliveryEvents } from '../constructs/delivery-events.ts';
import { MailIntake } from '../constructs/mail-intake.ts';
import { MailStore } from '../constructs/mail-store.ts';
import { ManagerApi } from '../constructs/manager-api.ts';
import { MilestoneScheduling } from '../constructs/milestone-scheduling.ts';
import { PlanPulseFunction } from '../constructs/planpulse-function.ts';
import type { PlanPulseSettings } from '../settings.ts';

export interface StatelessStackProps extends StackProps {
  settings: PlanPulseSettings;
  table: Table;
  mailBucket: Bucket;
  tokenKeys: ISecret;
}

/**
 * The behaviour: three functions and what triggers them. Holds no data of its own, so it
 * can be destroyed and redeployed freely (pending schedules are re-created by the cycle API).
 */
export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { settings, table, mailBucket, tokenKeys } = props;
    const { INBOUND_PREFIX, REPORTS_PREFIX } = MailStore;
    const environment = { INBOUND_DOMAIN: settings.inboundDomain };
    // Every send names this configuration set, so bounces and complaints come back to us.
    const configurationSetName = 'planpulse';

    // Fired by a schedule at each milestone: emails owners, compiles reports.
    const milestone = new PlanPulseFunction(this, 'Milestone', {
      entry: 'milestone',
      description: 'PlanPulse: runs one milestone of a cycle (requests, reminders, reports)',
      // A requests-open milestone sends one email per owner at the SES rate.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment,
    })
      .bindTable({ table, access: 'read-write' })
      .bindMailBucket({ bucket: mailBucket, read: [REPORTS_PREFIX], write: [REPORTS_PREFIX] })
      .bindTokenKeys(tokenKeys)
      .allowSendingMail({ mailFrom: settings.mailFrom, configurationSetName });

    // Invoked by the SES receipt rule after the raw message is in the bucket.
    const inbound = new PlanPulseFunction(this, 'InboundMail', {
      entry: 'inbound-mail',
      description: 'PlanPulse: parses an owner reply and stores the update',
      timeout: Duration.minutes(1),
      environment,
    })
      .bindTable({ table, access: 'read-write' })
      .bindMailBucket({ bucket: mailBucket, read: [INBOUND_PREFIX], write: [INBOUND_PREFIX] })
      .bindTokenKeys(tokenKeys)
      .allowSendingMail({ mailFrom: settings.mailFrom, configurationSetName });

    // SES bounce and complaint events: mark the address, tell the coordinators once.
    const sesEvents = new PlanPulseFunction(this, 'SesEvents', {
      entry: 'ses-events',
      description: 'PlanPulse: records SES bounces and complaints',
      timeout: Duration.minutes(1),
      environment,
    })
      .bindTable({ table, access: 'read-write' })
      .bindTokenKeys(tokenKeys)
      .bindMailBucket({ bucket: mailBucket })
      .allowSendingMail({ mailFrom: settings.mailFrom, configurationSetName });
    new DeliveryEvents(this, 'DeliveryEvents', { eventsFunction: sesEvents, configurationSetName });

    // Behind the manager HTTP API: stores cycle dates and (re)schedules their milestones.
    const cycleApi = new PlanPulseFunction(this, 'CycleApi', {
      entry: 'cycle-api',
      description: 'PlanPulse: manager API for cycles',
      timeout: Duration.seconds(29),
      environment,
    })
      .bindTable({ table, access: 'read-write' })
      .bindTokenKeys(tokenKeys)
      // The AWS composition root builds every port at cold start, so it needs these two
      // values; the cycle API itself neither sends mail nor touches the bucket (no grants).
      .bindMailBucket({ bucket: mailBucket })
      .setEnvironment('MAIL_FROM', settings.mailFrom);

    // The cycle API depends on the scheduling pieces, never the other way round: no cycle.
    const scheduling = new MilestoneScheduling(this, 'Scheduling', { milestoneFunction: milestone.function });
    scheduling.allowManagingSchedules(cycleApi, { milestoneFunction: milestone.function });
    // A fan-out too big for one run schedules its own continuation.
    scheduling.allowManagingSchedules(milestone);

    new MailIntake(this, 'MailIntake', {
      inboundDomain: settings.inboundDomain,
      bucket: mailBucket,
      objectKeyPrefix: INBOUND_PREFIX,
      inboundFunction: inbound.function,
    });

    new ManagerApi(this, 'ManagerApi', { cycleApiFunction: cycleApi.function });

    new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', { value: scheduling.deadLetterQueue.queueUrl });
  }
}
