import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  ThrottlingException,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeScheduler, type EventBridgeSchedulerOptions } from '#adapters/scheduler/eventbridge-scheduler';
import type { ScheduledMilestone } from '#ports/scheduler';

const OPTIONS: EventBridgeSchedulerOptions = {
  groupName: 'planpulse',
  targetArn: 'arn:aws:lambda:eu-west-2:123456789012:function:planpulse-milestone',
  roleArn: 'arn:aws:iam::123456789012:role/planpulse-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-2:123456789012:planpulse-schedule-dlq',
};

const REQUESTS_OPEN: ScheduledMilestone = {
  name: 'cyc-2026q1-requests-open',
  at: '2026-05-01T09:00:00.000+01:00',
  event: { cycleId: 'cyc-2026q1', milestone: 'requests-open', version: 3 },
};

/** The exact input EventBridge Scheduler must receive for REQUESTS_OPEN. */
const EXPECTED_INPUT = {
  Name: 'cyc-2026q1-requests-open',
  GroupName: 'planpulse',
  ScheduleExpression: 'at(2026-05-01T09:00:00)',
  ScheduleExpressionTimezone: 'Europe/London',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  State: 'ENABLED',
  Target: {
    Arn: 'arn:aws:lambda:eu-west-2:123456789012:function:planpulse-milestone',
    RoleArn: 'arn:aws:iam::123456789012:role/planpulse-scheduler',
    Input: JSON.stringify({ cycleId: 'cyc-2026q1', milestone: 'requests-open', version: 3 }),
    RetryPolicy: { MaximumRetryAttempts: 20, MaximumEventAgeInSeconds: 21600 },
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-2:123456789012:planpulse-schedule-dlq' },
  },
};

const schedulerMock = mockClient(SchedulerClient);

function givenAScheduler(options: EventBridgeSchedulerOptions = OPTIONS): EventBridgeScheduler {
  return new EventBridgeScheduler(new SchedulerClient({ region: 'eu-west-2' }), options);
}

beforeEach(() => {
  schedulerMock.reset();
});

describe('EventBridgeScheduler.upsert', () => {
  it('creates a one-time, self-deleting London schedule with the exact input', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:schedule' });
    const scheduler = givenAScheduler();

    // Act
    await scheduler.upsert([REQUESTS_OPEN]);

    // Assess
    const calls = schedulerMock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual(EXPECTED_INPUT);
  });

  it('delivers the milestone event as the JSON target input', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});
    const scheduler = givenAScheduler();

    // Act
    await scheduler.upsert([REQUESTS_OPEN]);

    // Assess
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(JSON.parse(input.Target!.Input!)).toEqual({ cycleId: 'cyc-2026q1', milestone: 'requests-open', version: 3 });
  });

  it('leaves out the dead-letter config when no queue is configured', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});
    const { deadLetterArn: _unused, ...withoutDlq } = OPTIONS;
    const scheduler = givenAScheduler(withoutDlq);

    // Act
    await scheduler.upsert([REQUESTS_OPEN]);

    // Assess
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input.Target).not.toHaveProperty('DeadLetterConfig');
  });

  it('keeps the wall clock of a GMT date unchanged', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).resolves({});
    const scheduler = givenAScheduler();
    const winterBoard: ScheduledMilestone = {
      name: 'cyc-2026q4-board',
      at: '2026-01-15T08:00:00.000+00:00',
      event: { cycleId: 'cyc-2026q4', milestone: 'board', version: 1 },
    };

    // Act
    await scheduler.upsert([winterBoard]);

    // Assess
    const input = schedulerMock.commandCalls(CreateScheduleCommand)[0]!.args[0].input;
    expect(input.ScheduleExpression).toBe('at(2026-01-15T08:00:00)');
    expect(input.ScheduleExpressionTimezone).toBe('Europe/London');
  });

  it('replaces an existing schedule of the same name with the same input', async () => {
    // Prepare
    schedulerMock
      .on(CreateScheduleCommand)
      .rejects(new ConflictException({ message: 'Schedule already exists.', Message: 'Schedule already exists.', $metadata: {} }));
    schedulerMock.on(UpdateScheduleCommand).resolves({});
    const scheduler = givenAScheduler();

    // Act
    await scheduler.upsert([REQUESTS_OPEN]);

    // Assess
    const updates = schedulerMock.commandCalls(UpdateScheduleCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args[0].input).toEqual(EXPECTED_INPUT);
  });

  it('passes on an error other than a conflict without updating', async () => {
    // Prepare
    schedulerMock.on(CreateScheduleCommand).rejects(new ThrottlingException({ message: 'Slow down', Message: 'Slow down', $metadata: {} }));
    const scheduler = givenAScheduler();

    // Act
    const upsert = scheduler.upsert([REQUESTS_OPEN]);

    // Assess
    await expect(upsert).rejects.toBeInstanceOf(ThrottlingException);
    expect(schedulerMock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });
});

describe('EventBridgeScheduler.remove', () => {
  it('deletes each named schedule in its group', async () => {
    // Prepare
    schedulerMock.on(DeleteScheduleCommand).resolves({});
    const scheduler = givenAScheduler();

    // Act
    await scheduler.remove(['cyc-1-reminder', 'cyc-1-draft']);

    // Assess
    expect(schedulerMock.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'cyc-1-reminder', GroupName: 'planpulse' },
      { Name: 'cyc-1-draft', GroupName: 'planpulse' },
    ]);
  });

  it('tolerates a schedule that no longer exists and removes the rest', async () => {
    // Prepare: the first has already run and deleted itself
    schedulerMock
      .on(DeleteScheduleCommand, { Name: 'cyc-1-reminder' })
      .rejects(new ResourceNotFoundException({ message: 'Schedule not found.', Message: 'Schedule not found.', $metadata: {} }))
      .on(DeleteScheduleCommand, { Name: 'cyc-1-draft' })
      .resolves({});
    const scheduler = givenAScheduler();

    // Act
    const removal = scheduler.remove(['cyc-1-reminder', 'cyc-1-draft']);

    // Assess
    await expect(removal).resolves.toBeUndefined();
    expect(schedulerMock.commandCalls(DeleteScheduleCommand)).toHaveLength(2);
  });

  it('passes on an error other than not-found', async () => {
    // Prepare
    schedulerMock.on(DeleteScheduleCommand).rejects(new ThrottlingException({ message: 'Slow down', Message: 'Slow down', $metadata: {} }));
    const scheduler = givenAScheduler();

    // Act
    const removal = scheduler.remove(['cyc-1-reminder']);

    // Assess
    await expect(removal).rejects.toBeInstanceOf(ThrottlingException);
  });
});
