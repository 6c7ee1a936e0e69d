import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbClient } from '#adapters/aws-clients';
import { DynamoStore } from '#adapters/dynamodb/store';
import { RequestCounter } from '#adapters/request-counter';
import { localConfig } from '#config/config';
import { givenALocalStack, givenThePlan, PLAN_ID, type TestStack } from '#support/given';

let stack: TestStack;
beforeAll(async () => {
  stack = await givenALocalStack();
  await givenThePlan(stack);
});
afterAll(() => stack.stop());

describe('counting SDK requests (benchmark and cost estimate)', () => {
  it('counts each request by service and operation, against dynalite', async () => {
    const counter = new RequestCounter();
    const client = dynamoDbClient({
      endpoint: stack.endpoints.dynamodb,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      counter,
    });
    const store = new DynamoStore(client, localConfig().TABLE_NAME, stack.clock);

    await store.getPlan(PLAN_ID);
    await store.getActions(PLAN_ID);
    await store.getActionsByRef(PLAN_ID, ['1.1.1', '1.1.2']);

    expect(counter.snapshot()).toEqual({ 'DynamoDB BatchGetItem': 1, 'DynamoDB GetItem': 1, 'DynamoDB Query': 1 });
    expect(counter.total('DynamoDB')).toBe(3);
    expect(counter.units()).toEqual({ 'DynamoDB BatchGetItem': 2, 'DynamoDB GetItem': 1, 'DynamoDB Query': 36 });
    // a write refused by its condition is counted (and billed) too
    await store.claimSend({ kind: 'report', cycleId: 'counted', stage: 'draft' }, 60_000);
    counter.reset();
    await store.claimSend({ kind: 'report', cycleId: 'counted', stage: 'draft' }, 60_000);
    expect(counter.snapshot()['DynamoDB PutItem']).toBe(1);
    expect(counter.total('SES')).toBe(0);
    counter.reset();
    expect(counter.total()).toBe(0);
  });
});
