/**
 * Counts the requests an AWS SDK client makes, by service and operation, for the benchmark
 * and the cost estimate (`npm run bench`): a middleware at the SDK's `initialize` step, once
 * per command (a retry of the same command is not counted again). For DynamoDB it also
 * counts the items each request touched (`units`): what on-demand billing is roughly
 * proportional to for items under 1 KB.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();
  private readonly itemCounts = new Map<string, number>();

  count(service: string, operation: string, items = 1): void {
    const key = `${service} ${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.itemCounts.set(key, (this.itemCounts.get(key) ?? 0) + items);
  }

  /** Items touched so far, by `Service Operation` (a Query counts the items it returned, a batch its items). */
  units(): Record<string, number> {
    return Object.fromEntries([...this.itemCounts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Requests so far, by `Service Operation` (e.g. `DynamoDB Query`), sorted by name. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Requests so far to one service (e.g. `DynamoDB`), or to all. */
  total(service?: string): number {
    let sum = 0;
    for (const [key, n] of this.counts) if (!service || key.startsWith(`${service} `)) sum += n;
    return sum;
  }

  reset(): void {
    this.counts.clear();
    this.itemCounts.clear();
  }
}

type Args = { input?: { RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }> } };
type Out = { output?: { Count?: number; Items?: unknown[] } };

/** The items a DynamoDB request touched: a batch's items, a query's results, else one. */
function itemsOf(operation: string, args: Args, out: Out): number {
  const tables = Object.values(args.input?.RequestItems ?? {});
  if (operation === 'BatchWriteItem') return tables.reduce<number>((n, t) => n + (Array.isArray(t) ? t.length : 0), 0);
  if (operation === 'BatchGetItem') return tables.reduce<number>((n, t) => n + (!Array.isArray(t) ? (t.Keys?.length ?? 0) : 0), 0);
  if (operation === 'Query' || operation === 'Scan') return Math.max(1, out.output?.Count ?? out.output?.Items?.length ?? 0);
  return 1;
}

interface CountableClient {
  middlewareStack: {
    add(
      middleware: (next: (args: Args) => Promise<Out>, context: { clientName?: string; commandName?: string }) => (args: Args) => Promise<Out>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

const SERVICE_OF: Record<string, string> = {
  DynamoDBClient: 'DynamoDB',
  SESClient: 'SES',
  S3Client: 'S3',
  SchedulerClient: 'Scheduler',
  SecretsManagerClient: 'SecretsManager',
};

/** Adds the counting middleware to a client; returns the client. */
export function countRequests<C>(client: C, counter: RequestCounter): C {
  (client as unknown as CountableClient).middlewareStack.add(
    (next, context) => async (args) => {
      const client = context.clientName ?? 'unknown';
      const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
      let out: Out = {};
      try {
        out = await next(args);
        return out;
      } finally {
        // a refused request (a failed condition) is billed too
        counter.count(SERVICE_OF[client] ?? client.replace(/Client$/, ''), operation, itemsOf(operation, args, out));
      }
    },
    { step: 'initialize', name: 'planpulseRequestCounter' },
  );
  return client;
}
