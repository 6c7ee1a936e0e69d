import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  type ScanCommandOutput,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { ConflictError } from '#domain/errors';
import {
  Action,
  AddressState,
  AuditEntry,
  Cycle,
  Delegate,
  HeldReply,
  type MilestoneKind,
  Note,
  Person,
  Plan,
  PrivacyReview,
  Report,
  Request,
  Update,
} from '#domain/model';
import type { Clock } from '#ports/clock';
import type {
  AllowanceKey,
  Claim,
  InboundKey,
  InboundRecord,
  LedgerEntry,
  LedgerState,
  Quarantined,
  RecordKind,
  RecordRef,
  Rejection,
  SendKey,
  StoredRecord,
  SendReceipt,
  Store,
  UpdateRequestSend,
} from '#ports/store';

type Key = { PK: string; SK: string };

const ledger = (scope: string, name: string): Key => ({ PK: scope, SK: `LEDGER#${name}` });

/**
 * A value from outside (a Message-ID, a sender) as a key part: kept as it is when short,
 * else hashed, so no key nears DynamoDB's limits (2,048 bytes PK, 1,024 bytes SK).
 */
const part = (value: string) => (Buffer.byteLength(value) <= 200 ? value : `sha256:${createHash('sha256').update(value).digest('hex')}`);

/** Key layout: see docs/data-model.md. */
/** BatchWriteItem requests in flight at once when saving a plan (each of 25 items). */
const BATCH_WRITES_AT_ONCE = 4;

export const keys = {
  plan: (planId: string) => ({ PK: `PLAN#${planId}`, SK: 'PLAN' }),
  person: (planId: string, key: string) => ({ PK: `PLAN#${planId}`, SK: `PERSON#${key}` }),
  action: (planId: string, ref: string) => ({ PK: `PLAN#${planId}`, SK: `ACTION#${ref}` }),
  cycle: (cycleId: string) => ({ PK: `CYCLE#${cycleId}`, SK: 'CYCLE' }),
  request: (cycleId: string, ownerKey: string) => ({ PK: `CYCLE#${cycleId}`, SK: `REQUEST#${ownerKey}` }),
  token: (requestId: string) => ({ PK: `TOKEN#${requestId}`, SK: 'TOKEN' }),
  update: (u: Pick<Update, 'cycleId' | 'actionRef' | 'messageId' | 'replyKey'>) => ({
    PK: `CYCLE#${u.cycleId}`,
    SK: `UPDATE#${u.actionRef}#${part(u.replyKey ?? u.messageId)}`,
  }),
  report: (cycleId: string, stage: string) => ({ PK: `CYCLE#${cycleId}`, SK: `REPORT#${stage}` }),
  milestone: (cycleId: string, milestone: string) => ledger(`CYCLE#${cycleId}`, `MILESTONE#${milestone}`),
  send: (k: SendKey) => {
    switch (k.kind) {
      case 'update-request':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#${k.milestone}#${k.ownerKey}`);
      case 'owner-notice':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#${k.notice}#${k.ownerKey}`);
      case 'escalation':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#escalation#${k.recipient}`);
      case 'report':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#report-${k.stage}`);
      case 'confirmation':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#confirmation#${part(k.reply)}`);
      case 'held-notice':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#held-${k.to}#${k.ownerKey}#${k.to === 'sender' ? part(k.sender) : k.day}`);
      case 'privacy-notice':
        return ledger(`CYCLE#${k.cycleId}`, `SEND#privacy#${k.ownerKey}`);
      case 'delivery-notice':
        return ledger(`ADDRESS#${part(k.email.toLowerCase())}`, `SEND#${k.event}-notice#${k.planId}`);
      case 'explanation':
        return ledger(`SENDER#${part(k.sender.toLowerCase())}`, `SEND#explanation#${part(k.topic)}#${k.day}`);
    }
  },
  inbound: (k: InboundKey) => ledger(`INBOUND#${part(k.messageId)}`, `RECEIVED#${part(k.content)}`),
  rejection: (messageId: string) => ({ PK: `REJECTION#${part(messageId)}`, SK: 'REJECTION' }),
  quarantine: (rawKey: string) => ({ PK: `QUARANTINE#${part(rawKey)}`, SK: 'QUARANTINE' }),
  allowance: (k: AllowanceKey) => ({ PK: `ALLOWANCE#${k.kind}#${k.cycleId ?? '-'}`, SK: k.hour }),
  address: (email: string) => ({ PK: `ADDRESS#${email.toLowerCase()}`, SK: 'ADDRESS' }),
  note: (n: Pick<Note, 'cycleId' | 'kind' | 'messageId' | 'replyKey'>) => ({
    PK: `CYCLE#${n.cycleId}`,
    SK: `NOTE#${n.kind}#${part(n.replyKey ?? n.messageId)}`,
  }),
  delegate: (planId: string, ownerKey: string, email: string) => ({ PK: `PLAN#${planId}`, SK: `DELEGATE#${ownerKey}#${email.toLowerCase()}` }),
  held: (cycleId: string, heldId: string) => ({ PK: `CYCLE#${cycleId}`, SK: `HELD#${heldId}` }),
  privacyReview: (cycleId: string, actionRef: string) => ({ PK: `CYCLE#${cycleId}`, SK: `PRIVACY#${actionRef}` }),
  audit: (id: string) => ({ PK: 'AUDIT', SK: `ENTRY#${part(id)}` }),
};

type Item = Record<string, unknown>;

const RejectionItem = z.object({ messageId: z.string(), reason: z.string(), from: z.string().nullable(), at: z.string() });
const QuarantinedItem = z.object({ rawKey: z.string(), verdicts: z.record(z.string(), z.string().optional()), at: z.string() });

/** Strips key attributes and validates an item read back (boundary: stored data). */
function read<T extends z.ZodTypeAny>(schema: T, item: Item): z.infer<T> {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, type: _t, ...rest } = item;
  return schema.parse(rest);
}

/** A record's item as the retention methods hand it out and take it back. */
const refOf = (item: Item): RecordRef => JSON.stringify([item.PK, item.SK]) as RecordRef;
const keyOf = (ref: RecordRef): Key => {
  const [PK, SK] = JSON.parse(ref) as [string, string];
  return { PK, SK };
};
/** When a ledger entry was last written: done, else claimed (epoch milliseconds). */
const ledgerAt = (item: Item) => new Date(Number(item.doneAt ?? item.claimedAt ?? 0)).toISOString();
const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The sort-key prefix of each kind of a cycle's records that retention reads (see keys). */
const CYCLE_RECORD_PREFIXES: ReadonlyArray<[RecordKind, string]> = [
  ['update', 'UPDATE#'],
  ['note', 'NOTE#'],
  ['held', 'HELD#'],
  ['privacy-review', 'PRIVACY#'],
  ['report', 'REPORT#'],
  // keys.send of a held-notice to the sender: LEDGER#SEND#held-sender#<owner>#<sender's address key>
  ['held-notice', ledger('', 'SEND#held-sender#').SK],
];

/** The attributes retention reads of a record (the text itself is never read back). */
const RECORD_ATTRIBUTES = ['PK', 'SK', 'receivedAt', 'foundAt', 'generatedAt', 'doneAt', 'claimedAt', 'rawKey', 'overflow', 'overflowKey', 'at', 'type'];
const RECORD_PROJECTION = {
  ProjectionExpression: RECORD_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(RECORD_ATTRIBUTES.map((a, i) => [`#a${i}`, a])),
};

/** The PlanPulse single-table store on DynamoDB (dynalite locally). One Scan, for the purge only (`mailRecords`). */
export class DynamoStore implements Store {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    private readonly clock: Clock,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /** Creates the table (local runtime and tests; CDK creates it in AWS). */
  async createTable(): Promise<void> {
    try {
      await this.client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((n) => ({ AttributeName: n, AttributeType: 'S' })),
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'GSI1',
              KeySchema: [
                { AttributeName: 'GSI1PK', KeyType: 'HASH' },
                { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    } catch (e) {
      if (!(e instanceof ResourceInUseException)) throw e;
    }
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(new QueryCommand({ TableName: this.tableName, ...input, ExclusiveStartKey }));
      items.push(...((page.Items ?? []) as Item[]));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  private queryPrefix(pk: string, prefix: string): Promise<Item[]> {
    return this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
    });
  }

  private async getItem(key: { PK: string; SK: string }): Promise<Item | null> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return (out.Item as Item | undefined) ?? null;
  }

  /** The items of these keys that exist, 100 keys a request, until none is left unprocessed. */
  private async batchGet(wanted: Array<{ PK: string; SK: string }>): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < wanted.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = wanted.slice(i, i + 100);
      while (pending && pending.length > 0) {
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        found.push(...((out.Responses?.[this.tableName] ?? []) as Item[]));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return found;
  }

  private batchPut(items: Item[]): Promise<void> {
    return this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  private batchDelete(keyList: Array<{ PK: string; SK: string }>): Promise<void> {
    return this.batchWrite(keyList.map((Key) => ({ DeleteRequest: { Key } })));
  }

  /**
   * Writes in BatchWriteItem requests of 25, {@link BATCH_WRITES_AT_ONCE} requests at a time,
   * each retried with back-off until DynamoDB has taken every item (it may hand some back
   * unprocessed when throttled).
   */
  private async batchWrite(requests: Array<Record<string, unknown>>): Promise<void> {
    const chunks: Array<Array<Record<string, unknown>>> = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let pending = chunks[next++]!;
        for (let attempt = 0; pending.length > 0; attempt++) {
          const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
          pending = (out.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
          if (pending.length > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_WRITES_AT_ONCE, chunks.length) }, worker));
  }

  // ---- plans -------------------------------------------------------------

  async savePlan(plan: Plan, people: Person[], actions: Action[]): Promise<void> {
    const existingPeople = await this.queryPrefix(`PLAN#${plan.id}`, 'PERSON#');
    const keptPeople = new Set(people.map((p) => keys.person(plan.id, p.key).SK));
    // Actions and people first, the plan item last: a plan is visible only once complete.
    await this.batchPut([
      ...people.map((p) => ({ ...keys.person(plan.id, p.key), type: 'Person', ...p })),
      ...actions.map((a) => ({ ...keys.action(plan.id, a.ref), type: 'Action', ...a })),
    ]);
    await this.batchDelete(existingPeople.filter((i) => !keptPeople.has(String(i.SK))).map((i) => ({ PK: String(i.PK), SK: String(i.SK) })));
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.plan(plan.id), GSI1PK: 'PLANS', GSI1SK: `PLAN#${plan.id}`, type: 'Plan', ...plan },
      }),
    );
  }

  async getPlan(planId: string): Promise<Plan | null> {
    const item = await this.getItem(keys.plan(planId));
    return item ? read(Plan, item) : null;
  }

  async listPlans(): Promise<Plan[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': 'PLANS' },
    });
    return items.map((i) => read(Plan, i));
  }

  async getPeople(planId: string): Promise<Person[]> {
    return (await this.queryPrefix(`PLAN#${planId}`, 'PERSON#')).map((i) => read(Person, i));
  }

  async getActions(planId: string, options: { includeArchived?: boolean } = {}): Promise<Action[]> {
    const actions = (await this.queryPrefix(`PLAN#${planId}`, 'ACTION#')).map((i) => read(Action, i));
    return actions.filter((a) => options.includeArchived || !a.archived).sort((a, b) => a.order - b.order);
  }
  async getActionsByRef(planId: string, refs: readonly string[]): Promise<Action[]> {
    const items = await this.batchGet([...new Set(refs)].map((ref) => keys.action(planId, ref)));
    const byRef = new Map(items.map((i) => read(Action, i)).map((a) => [a.ref, a]));
    return refs.flatMap((ref) => byRef.get(ref) ?? []);
  }

  // ---- cycles ------------------------------------------------------------

  async createCycle(cycle: Cycle): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.cycle(cycle.id),
            GSI1PK: `PLAN#${cycle.planId}`,
            GSI1SK: `CYCLE#${cycle.dates.draft}#${cycle.id}`,
            type: 'Cycle',
            ...cycle,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) throw new ConflictError(`cycle ${cycle.id} already exists.`, 'cycle');
      throw e;
    }
  }

  async reviseCycle(cycleId: string, expectedVersion: number, changes: Partial<Pick<Cycle, 'name' | 'dates' | 'version' | 'state' | 'policy'>>): Promise<void> {
    const sets: string[] = [];
    const names: Record<string, string> = { '#v': 'version' };
    const values: Record<string, unknown> = { ':expected': expectedVersion };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      names[`#${key}`] = key;
      values[`:${key}`] = value;
      sets.push(`#${key} = :${key}`);
    }
    if (changes.dates) {
      // The plan's cycles are listed by draft date.
      values[':gsi1sk'] = `CYCLE#${changes.dates.draft}#${cycleId}`;
      sets.push('GSI1SK = :gsi1sk');
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.cycle(cycleId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: '#v = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`cycle ${cycleId} was changed by someone else meanwhile; reload it and try again.`, 'cycle');
      }
      throw e;
    }
  }

  async setCycleState(cycleId: string, state: Cycle['state']): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.cycle(cycleId),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'attribute_exists(PK) AND #s <> :cancelled',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':s': state, ':cancelled': 'cancelled' },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async getCycle(cycleId: string): Promise<Cycle | null> {
    const item = await this.getItem(keys.cycle(cycleId));
    return item ? read(Cycle, item) : null;
  }

  async listCycles(planId: string): Promise<Cycle[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk AND begins_with(GSI1SK, :p)',
      ExpressionAttributeValues: { ':pk': `PLAN#${planId}`, ':p': 'CYCLE#' },
    });
    return items.map((i) => read(Cycle, i));
  }

  // ---- requests ----------------------------------------------------------

  async putRequest(request: Request): Promise<void> {
    // The token pointer first: a request is findable by its token before it can be mailed.
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.token(request.requestId), type: 'Token', cycleId: request.cycleId, ownerKey: request.ownerKey },
      }),
    );
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.request(request.cycleId, request.ownerKey),
          GSI1PK: `OWNER#${request.email.toLowerCase()}`,
          GSI1SK: `CYCLE#${request.cycleId}`,
          type: 'Request',
          ...request,
        },
      }),
    );
  }

  async getRequests(cycleId: string): Promise<Request[]> {
    return (await this.queryPrefix(`CYCLE#${cycleId}`, 'REQUEST#')).map((i) => read(Request, i));
  }

  async findRequest(requestId: string): Promise<Request | null> {
    const pointer = await this.getItem(keys.token(requestId));
    if (!pointer) return null;
    const item = await this.getItem(keys.request(String(pointer.cycleId), String(pointer.ownerKey)));
    return item ? read(Request, item) : null;
  }

  // ---- updates -----------------------------------------------------------

  async putUpdate(update: Update): Promise<void> {
    // The first write wins: a retried ingestion (or a redelivered reply) stores nothing twice.
    await this.putOnce({ ...keys.update(update), type: 'Update', ...update });
  }

  async getUpdates(cycleId: string): Promise<Update[]> {
    const updates = (await this.queryPrefix(`CYCLE#${cycleId}`, 'UPDATE#')).map((i) => read(Update, i));
    return updates.sort((a, b) => a.actionRef.localeCompare(b.actionRef) || a.receivedAt.localeCompare(b.receivedAt));
  }
  async getUpdatesFor(cycleId: string, refs: readonly string[]): Promise<Update[]> {
    // Consistent: ingestion reads back the update it has just stored.
    const perAction = await Promise.all(
      [...new Set(refs)].map(async (ref) =>
        (
          await this.queryAll({
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': `CYCLE#${cycleId}`, ':p': `UPDATE#${ref}#` },
            ConsistentRead: true,
          })
        ).map((i) => read(Update, i)),
      ),
    );
    return perAction.flatMap((updates) => updates.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt)));
  }
  async answeredActions(cycleId: string, refs: readonly string[]): Promise<Set<string>> {
    const answered = await Promise.all(
      [...new Set(refs)].map(async (ref) => {
        const out = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
            ExpressionAttributeValues: { ':pk': `CYCLE#${cycleId}`, ':p': `UPDATE#${ref}#` },
            ProjectionExpression: 'SK',
            ConsistentRead: true,
            Limit: 1,
          }),
        );
        return (out.Items?.length ?? 0) > 0 ? [ref] : [];
      }),
    );
    return new Set(answered.flat());
  }

  /** A put that leaves an existing item as it is. */
  private async putOnce(item: Item): Promise<void> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  // ---- reports -----------------------------------------------------------

  async putReport(report: Report): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.report(report.cycleId, report.stage), type: 'Report', ...report },
      }),
    );
  }

  async getReport(cycleId: string, stage: Report['stage']): Promise<Report | null> {
    const item = await this.getItem(keys.report(cycleId, stage));
    return item ? read(Report, item) : null;
  }

  // ---- personal-data reviews ------------------------------------------------

  async putPrivacyReview(review: PrivacyReview): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.privacyReview(review.cycleId, review.actionRef), type: 'PrivacyReview', ...review },
          // a review of the same text (decided or not) stays as it is
          ConditionExpression: 'attribute_not_exists(PK) OR textHash <> :hash',
          ExpressionAttributeValues: { ':hash': review.textHash },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
    }
  }

  async getPrivacyReviews(cycleId: string): Promise<PrivacyReview[]> {
    return (await this.queryPrefix(`CYCLE#${cycleId}`, 'PRIVACY#')).map((i) => read(PrivacyReview, i));
  }

  async decidePrivacyReview(
    cycleId: string,
    actionRef: string,
    textHash: string,
    decision: { state: 'redacted' | 'cleared'; decidedBy: string; decidedAt: string },
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.privacyReview(cycleId, actionRef),
          UpdateExpression: 'SET #state = :state, decidedBy = :by, decidedAt = :at',
          ConditionExpression: 'textHash = :hash AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': decision.state,
            ':by': decision.decidedBy,
            ':at': decision.decidedAt,
            ':hash': textHash,
            ':pending': 'pending',
          },
        }),
      );
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        throw new ConflictError(`the personal-data check of ${actionRef} was decided already, or its answer changed.`, 'review');
      }
      throw e;
    }
  }

  // ---- notes, delegates, held replies ------------------------------------

  async putNote(note: Note): Promise<void> {
    await this.putOnce({ ...keys.note(note), type: 'Note', ...note });
  }

  async getNotes(cycleId: string): Promise<Note[]> {
    const notes = (await this.queryPrefix(`CYCLE#${cycleId}`, 'NOTE#')).map((i) => read(Note, i));
    return notes.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async putDelegate(d: Delegate): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.delegate(d.planId, d.ownerKey, d.email), type: 'Delegate', ...d, email: d.email.toLowerCase() },
      }),
    );
  }

  async removeDelegate(planId: string, ownerKey: string, email: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.delegate(planId, ownerKey, email) }));
  }

  async getDelegates(planId: string): Promise<Delegate[]> {
    return (await this.queryPrefix(`PLAN#${planId}`, 'DELEGATE#')).map((i) => read(Delegate, i));
  }

  async putHeld(held: HeldReply): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.held(held.cycleId, held.heldId), type: 'HeldReply', ...held } }));
  }

  async getHeld(cycleId: string): Promise<HeldReply[]> {
    return (await this.queryPrefix(`CYCLE#${cycleId}`, 'HELD#')).map((i) => read(HeldReply, i));
  }

  // ---- audit log ---------------------------------------------------------

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.putOnce({ ...keys.audit(entry.id), type: 'AuditEntry', ...AuditEntry.parse(entry) });
  }

  async listAudit(options: { planId?: string } = {}): Promise<AuditEntry[]> {
    const entries = (await this.queryPrefix('AUDIT', 'ENTRY#')).map((i) => read(AuditEntry, i));
    return entries.filter((e) => !options.planId || e.planId === options.planId).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }

  // ---- retention -----------------------------------------------------------

  async cycleRecords(cycleId: string): Promise<StoredRecord[]> {
    const pk = keys.cycle(cycleId).PK;
    const pages = await Promise.all(
      CYCLE_RECORD_PREFIXES.map(async ([kind, prefix]) => {
        const items = await this.queryAll({
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :p)',
          ...RECORD_PROJECTION,
          ExpressionAttributeNames: { ...RECORD_PROJECTION.ExpressionAttributeNames, '#pk': 'PK', '#sk': 'SK' },
          ExpressionAttributeValues: { ':pk': pk, ':p': prefix },
        });
        return items.map((item) => this.cycleRecord(kind, item));
      }),
    );
    return pages.flat();
  }

  private cycleRecord(kind: RecordKind, item: Item): StoredRecord {
    const ref = refOf(item);
    switch (kind) {
      case 'update': {
        const overflow = (item.overflow ?? {}) as Record<string, unknown>;
        const blobs = [text(item.rawKey), ...Object.values(overflow).map(text)].filter((k): k is string => Boolean(k));
        return { kind, at: String(item.receivedAt), blobs, ref };
      }
      case 'note':
        return { kind, at: String(item.receivedAt), blobs: text(item.overflowKey) ? [String(item.overflowKey)] : [], ref };
      case 'held':
        return { kind, at: String(item.receivedAt), blobs: text(item.rawKey) ? [String(item.rawKey)] : [], ref };
      case 'privacy-review':
        return { kind, at: String(item.foundAt), blobs: [], ref };
      case 'report':
        return { kind, at: String(item.generatedAt), blobs: [], ref };
      default:
        return { kind, at: ledgerAt(item), blobs: [], ref };
    }
  }

  async *mailRecords(): AsyncIterable<StoredRecord[]> {
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      // Every page of the table is read (a Scan); only these records come back, without their text.
      const page: ScanCommandOutput = await this.doc.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: '#t IN (:rejection, :quarantined) OR (#t = :ledger AND (begins_with(#pk, :inbound) OR begins_with(#pk, :sender)))',
          ...RECORD_PROJECTION,
          ExpressionAttributeNames: { ...RECORD_PROJECTION.ExpressionAttributeNames, '#t': 'type', '#pk': 'PK' },
          ExpressionAttributeValues: {
            ':rejection': 'Rejection',
            ':quarantined': 'Quarantined',
            ':ledger': 'Ledger',
            ':inbound': 'INBOUND#',
            ':sender': 'SENDER#',
          },
          ExclusiveStartKey,
        }),
      );
      yield ((page.Items ?? []) as Item[]).map((item): StoredRecord => {
        const ref = refOf(item);
        const rawKey = text(item.rawKey);
        if (item.type === 'Rejection') return { kind: 'rejection', at: String(item.at), blobs: [], ref };
        if (item.type === 'Quarantined') return { kind: 'quarantine', at: String(item.at), blobs: rawKey ? [rawKey] : [], ref };
        if (String(item.PK).startsWith('INBOUND#')) return { kind: 'inbound', at: ledgerAt(item), blobs: rawKey ? [rawKey] : [], ref };
        return { kind: 'explanation', at: ledgerAt(item), blobs: [], ref };
      });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  }

  async deleteRecords(refs: readonly RecordRef[]): Promise<void> {
    // One request may not name an item twice.
    await this.batchDelete([...new Set(refs)].map(keyOf));
  }

  // ---- addresses ---------------------------------------------------------

  async markAddress(state: AddressState): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.address(state.email), type: 'Address', ...state, email: state.email.toLowerCase() } }),
    );
  }

  async getAddressStates(emails: string[]): Promise<Map<string, AddressState>> {
    const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
    const items = await this.batchGet(unique.map((e) => keys.address(e)));
    return new Map(items.map((item) => read(AddressState, item)).map((state) => [state.email, state]));
  }

  async findRequestsByEmail(email: string): Promise<Request[]> {
    const items = await this.queryAll({
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `OWNER#${email.toLowerCase()}` },
    });
    return items.map((i) => read(Request, i));
  }

  // ---- once-only effects -------------------------------------------------

  async claimMilestone(cycleId: string, milestone: MilestoneKind, leaseMs: number): Promise<Claim> {
    return this.claim(keys.milestone(cycleId, milestone), leaseMs);
  }

  async completeMilestone(cycleId: string, milestone: MilestoneKind, detail: Record<string, unknown>): Promise<void> {
    await this.complete(keys.milestone(cycleId, milestone), detail);
  }

  async releaseMilestone(cycleId: string, milestone: MilestoneKind): Promise<void> {
    await this.release(keys.milestone(cycleId, milestone));
  }

  async milestoneRuns(cycleId: string): Promise<Map<MilestoneKind, LedgerState>> {
    const prefix = keys.milestone(cycleId, '').SK;
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': keys.cycle(cycleId).PK, ':p': prefix },
      ConsistentRead: true,
    });
    return new Map(items.map((i) => [String(i.SK).slice(prefix.length), i.state === 'done' ? 'done' : 'claimed']));
  }

  claimSend(key: SendKey, leaseMs: number): Promise<Claim> {
    return this.claim(keys.send(key), leaseMs);
  }

  async completeSend(key: SendKey, receipt: SendReceipt): Promise<void> {
    await this.complete(keys.send(key), { ...receipt });
  }

  async releaseSend(key: SendKey): Promise<void> {
    await this.release(keys.send(key));
  }

  getSend(key: SendKey): Promise<LedgerEntry | null> {
    return this.readLedger(keys.send(key));
  }

  async getUpdateRequestSends(cycleId: string): Promise<UpdateRequestSend[]> {
    // Keys of update-request sends: LEDGER#SEND#<milestone>#<ownerKey> (see keys.send).
    const prefix = keys.send({ kind: 'update-request', cycleId, milestone: '', ownerKey: '' }).SK.slice(0, -1);
    const pk = keys.cycle(cycleId).PK;
    const pages = await Promise.all(
      ['requests-open#', 'reminder-'].map((p) =>
        this.queryAll({
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
          ExpressionAttributeValues: { ':pk': pk, ':p': `${prefix}${p}` },
        }),
      ),
    );
    return pages.flat().map((i) => {
      const name = String(i.SK).slice(prefix.length);
      const cut = name.indexOf('#');
      const done = i.state === 'done';
      return {
        milestone: name.slice(0, cut),
        ownerKey: name.slice(cut + 1),
        state: done ? 'done' : 'claimed',
        sentAt: done && typeof i.doneAt === 'number' ? new Date(i.doneAt).toISOString() : null,
      };
    });
  }

  claimInbound(key: InboundKey, leaseMs: number): Promise<Claim> {
    return this.claim(keys.inbound(key), leaseMs);
  }

  async completeInbound(key: InboundKey, record: InboundRecord): Promise<void> {
    await this.complete(keys.inbound(key), { ...record });
  }

  async releaseInbound(key: InboundKey): Promise<void> {
    await this.release(keys.inbound(key));
  }

  async findInbound(messageId: string): Promise<LedgerEntry[]> {
    const { PK, SK } = keys.inbound({ messageId, content: '' });
    const items = await this.queryAll({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': PK, ':p': SK },
      ConsistentRead: true,
    });
    return items.map(({ PK: _p, SK: _s, type: _t, state, ...attrs }) => ({ state: state === 'done' ? 'done' : 'claimed', attrs }));
  }

  // ---- allowances ---------------------------------------------------------------

  async takeAllowance(key: AllowanceKey, limit: number): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.allowance(key),
          UpdateExpression: 'ADD #n :one SET #t = :type',
          ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
          ExpressionAttributeNames: { '#n': 'taken', '#t': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':type': 'Allowance' },
        }),
      );
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false;
      throw e;
    }
  }

  // ---- records of mail not acted on ----------------------------------------

  async recordRejection(rejection: Rejection): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.rejection(rejection.messageId), type: 'Rejection', ...rejection } }));
  }

  async getRejection(messageId: string): Promise<Rejection | null> {
    const item = await this.getItem(keys.rejection(messageId));
    return item ? read(RejectionItem, item) : null;
  }

  async recordQuarantine(record: Quarantined): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...keys.quarantine(record.rawKey), type: 'Quarantined', ...record } }));
  }

  async getQuarantine(rawKey: string): Promise<Quarantined | null> {
    const item = await this.getItem(keys.quarantine(rawKey));
    return item ? read(QuarantinedItem, item) : null;
  }

  // ---- the ledger behind them ----------------------------------------------

  /** The attempt id of each claim this instance holds: only its holder may release it. */
  private readonly attempts = new Map<string, string>();

  /**
   * A conditional put that either creates the entry or takes over one whose lease ran out.
   * Each attempt writes its own id, so a failed condition caused by our own earlier write
   * (the response was lost and the SDK retried) is recognised as ours by a consistent read.
   */
  private async claim(key: Key, leaseMs: number): Promise<Claim> {
    const now = this.clock.now().getTime();
    const attempt = randomUUID();
    // Read first only to tell a fresh claim from a take-over; the conditional put decides.
    const before = await this.readLedger(key);
    if (before?.state === 'done') return { outcome: 'skip', state: 'done', attrs: before.attrs };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, type: 'Ledger', state: 'claimed', leaseUntil: now + leaseMs, claimedAt: now, attempt },
          // New, or claimed by a worker whose lease ran out (a lease ends at its end: a retry
          // exactly one timeout after the claim may take over).
          ConditionExpression: 'attribute_not_exists(PK) OR (#s = :claimed AND leaseUntil <= :now)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':now': now },
        }),
      );
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e;
      const current = await this.readLedger(key);
      if (current?.attrs.attempt !== attempt) return { outcome: 'skip', state: current?.state ?? 'claimed', attrs: current?.attrs ?? {} };
    }
    this.attempts.set(`${key.PK}\n${key.SK}`, attempt);
    return before ? { outcome: 'retry', attrs: before.attrs } : { outcome: 'claimed' };
  }

  private async complete(key: Key, attrs: Record<string, unknown>): Promise<void> {
    this.attempts.delete(`${key.PK}\n${key.SK}`);
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...key, type: 'Ledger', ...attrs, state: 'done', doneAt: this.clock.now().getTime() },
      }),
    );
  }

  /** Gives back a claim this instance holds (the effect failed before happening), so a retry can claim it at once. */
  private async release(key: Key): Promise<void> {
    const id = `${key.PK}\n${key.SK}`;
    const attempt = this.attempts.get(id);
    this.attempts.delete(id);
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          // Never a claim that another worker has taken over since.
          ConditionExpression: attempt ? '#s = :claimed AND attempt = :attempt' : '#s = :claimed',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ...(attempt ? { ':attempt': attempt } : {}) },
        }),
      )
      .catch((e: unknown) => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e;
      });
  }

  private async readLedger(key: Key): Promise<LedgerEntry | null> {
    const item = await this.getItem(key);
    if (!item) return null;
    const { PK: _p, SK: _s, type: _t, state, ...attrs } = item;
    return { state: state === 'done' ? 'done' : 'claimed', attrs };
  }
}
