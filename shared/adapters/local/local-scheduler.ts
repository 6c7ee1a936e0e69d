import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ASYNC_RETRY_DELAYS_MS } from '#domain/delivery-policy';
import { MilestoneEvent } from '#domain/model';
import type { Clock } from '#ports/clock';
import type { ScheduledMilestone, Scheduler } from '#ports/scheduler';

export type FireMilestone = (event: MilestoneEvent) => Promise<unknown>;

/**
 * The local stand-in for EventBridge Scheduler: schedules persist in the table, fire when
 * the (virtual) clock reaches them, and fire at start-up if they came due while it was down.
 * Like the AWS one, a fired schedule deletes itself; a failing one is retried as Lambda
 * retries an asynchronous invocation (after 1 and then 2 more minutes, on the clock), then
 * parked (the local dead-letter queue).
 */
export class LocalScheduler implements Scheduler {
  private readonly doc: DynamoDBDocumentClient;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  fire: FireMilestone = async () => {
    throw new Error('LocalScheduler: no milestone handler attached');
  };
  onError: (name: string, error: unknown) => void = () => {};

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async upsert(schedules: ScheduledMilestone[]): Promise<void> {
    for (const s of schedules) {
      const atUtc = new Date(s.at).toISOString();
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            PK: 'SCHEDULE',
            SK: s.name,
            GSI1PK: 'SCHEDULES',
            GSI1SK: `${atUtc}#${s.name}`,
            type: 'LocalSchedule',
            name: s.name,
            at: s.at,
            event: s.event,
            attempts: 0,
          },
        }),
      );
    }
  }

  async remove(names: string[]): Promise<void> {
    for (const name of names) {
      await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { PK: 'SCHEDULE', SK: name } }));
    }
  }

  /** Pending schedules, earliest first. */
  async pending(): Promise<ScheduledMilestone[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': 'SCHEDULES' },
      }),
    );
    return (out.Items ?? []).map((i) => ({ name: String(i.name), at: String(i.at), event: MilestoneEvent.parse(i.event) }));
  }

  /** Fires every schedule that is due now. Ticks never overlap. */
  tick(): Promise<void> {
    this.ticking ??= this.fireDue().finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  private async fireDue(): Promise<void> {
    const now = this.clock.now().toISOString();
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK <= :now',
        ExpressionAttributeValues: { ':pk': 'SCHEDULES', ':now': `${now}~` },
      }),
    );
    for (const item of out.Items ?? []) {
      const name = String(item.name);
      try {
        await this.fire(MilestoneEvent.parse(item.event));
        // Delete only the schedule that fired: the run may have replaced it (a continuation).
        await this.doc
          .send(
            new DeleteCommand({
              TableName: this.tableName,
              Key: { PK: 'SCHEDULE', SK: name },
              ConditionExpression: '#at = :at',
              ExpressionAttributeNames: { '#at': 'at' },
              ExpressionAttributeValues: { ':at': item.at },
            }),
          )
          .catch((e: unknown) => {
            if (!(e instanceof ConditionalCheckFailedException)) throw e;
          });
      } catch (error) {
        this.onError(name, error);
        const attempts = Number(item.attempts ?? 0) + 1;
        const delay = ASYNC_RETRY_DELAYS_MS[attempts - 1];
        // The next retry when one is left; parked once they are spent: visible, no longer fired.
        const retryAt = delay === undefined ? null : new Date(this.clock.now().getTime() + delay).toISOString();
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...item,
              attempts,
              GSI1PK: retryAt ? 'SCHEDULES' : 'SCHEDULES_DEAD',
              GSI1SK: retryAt ? `${retryAt}#${name}` : item.GSI1SK,
              lastError: String(error),
            },
          }),
        );
      }
    }
  }

  /** Checks for due schedules every `intervalMs` (real time); fires overdue ones at once. */
  start(intervalMs = 1000): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }
}
