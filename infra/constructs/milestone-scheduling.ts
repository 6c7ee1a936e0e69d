import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { PlanPulseFunction } from './planpulse-function.ts';

export interface MilestoneSchedulingProps {
  /** What each schedule invokes with `{cycleId, milestone, version}`. */
  milestoneFunction: IFunction;
  /** @default 'planpulse' (the SCHEDULE_GROUP default in shared/config) */
  groupName?: string;
}

/**
 * Where the one-time milestone schedules live. The schedules themselves are created at run
 * time by the cycle API (with ActionAfterCompletion=DELETE, which CloudFormation cannot
 * express); this construct provides what they need: a group, a role the scheduler assumes
 * to invoke the milestone function, and a dead-letter queue for deliveries that fail.
 */
export class MilestoneScheduling extends Construct {
  readonly group: ScheduleGroup;
  readonly role: Role;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: MilestoneSchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.group = new ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.groupName ?? 'planpulse',
      // Deleting the group deletes its schedules; after a redeploy the cycle API re-creates them.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      // The longest SQS allows: a failed milestone must be noticed and replayed by hand.
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    this.role = new Role(this, 'InvokeRole', {
      description: 'Assumed by EventBridge Scheduler to deliver PlanPulse milestones',
      // Only schedules of this account's group may use the role (confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*` }),
          },
        },
      }),
    });
    // The unqualified function only (grantInvoke would add its versions, `<arn>:*`): schedules
    // target MILESTONE_FUNCTION_ARN or the milestone's own invokedFunctionArn, both unqualified.
    this.role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.milestoneFunction.functionArn] }));
    // The scheduler sends undeliverable events to the DLQ with the schedule's role.
    this.deadLetterQueue.grants.sendMessages(this.role);
  }

  /**
   * Lets a function create, update and delete schedules in the group, and hand the
   * invoke role to the scheduler; sets the variables the scheduler adapter reads. The
   * target is `milestoneFunction`, or (for the milestone function itself, which schedules
   * the continuation of a large fan-out) the function's own ARN from its invocation context:
   * naming itself in its own environment would be a circular reference.
   */
  allowManagingSchedules(fn: PlanPulseFunction, { milestoneFunction }: { milestoneFunction?: IFunction } = {}): void {
    const stack = Stack.of(this);
    fn.setEnvironment('SCHEDULE_GROUP', this.group.scheduleGroupName)
      .setEnvironment('SCHEDULER_ROLE_ARN', this.role.roleArn)
      .setEnvironment('SCHEDULE_DLQ_ARN', this.deadLetterQueue.queueArn);
    if (milestoneFunction) fn.setEnvironment('MILESTONE_FUNCTION_ARN', milestoneFunction.functionArn);

    fn.function.addToRolePolicy(
      new PolicyStatement({
        // What the scheduler adapter calls (no GetSchedule: a create that conflicts is updated).
        // `<group>/*`: schedules are made at run time, one per cycle milestone.
        actions: ['scheduler:CreateSchedule', 'scheduler:UpdateSchedule', 'scheduler:DeleteSchedule'],
        resources: [stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${this.group.scheduleGroupName}/*` })],
      }),
    );
    fn.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
