import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { LONDON } from '#domain/calendar';
import type { ScheduledMilestone, Scheduler } from '#ports/scheduler';

export interface EventBridgeSchedulerOptions {
  groupName: string;
  /** The milestone Lambda. */
  targetArn: string;
  /** Role EventBridge Scheduler assumes to invoke the target. */
  roleArn: string;
  deadLetterArn?: string;
}

/** `at(2026-05-01T09:00:00)`: the wall-clock part of an ISO instant that carries the London offset. */
export function atExpression(isoWithOffset: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(isoWithOffset);
  if (!m) throw new Error(`not an ISO-8601 time: ${isoWithOffset}`);
  return `at(${m[1]})`;
}

/** The exact CreateSchedule input for one milestone (also used for UpdateSchedule). */
export function scheduleInput(s: ScheduledMilestone, o: EventBridgeSchedulerOptions): CreateScheduleCommandInput {
  return {
    Name: s.name,
    GroupName: o.groupName,
    ScheduleExpression: atExpression(s.at),
    ScheduleExpressionTimezone: LONDON,
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: o.targetArn,
      RoleArn: o.roleArn,
      Input: JSON.stringify(s.event),
      RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 6 * 3600 },
      ...(o.deadLetterArn ? { DeadLetterConfig: { Arn: o.deadLetterArn } } : {}),
    },
  };
}

/** One-time, self-deleting EventBridge schedules, one per milestone, named deterministically. */
export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
  ) {}

  async upsert(schedules: ScheduledMilestone[]): Promise<void> {
    for (const s of schedules) {
      const input = scheduleInput(s, this.options);
      try {
        await this.client.send(new CreateScheduleCommand(input));
      } catch (e) {
        // Same name exists: this is a re-plan (or a retried create); replace it.
        if (!(e instanceof ConflictException)) throw e;
        await this.client.send(new UpdateScheduleCommand(input));
      }
    }
  }

  async remove(names: string[]): Promise<void> {
    for (const name of names) {
      try {
        await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.options.groupName }));
      } catch (e) {
        if (!(e instanceof ResourceNotFoundException)) throw e;
      }
    }
  }
}
