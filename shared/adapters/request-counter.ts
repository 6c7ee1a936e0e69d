/**
 * Counts the requests an AWS SDK client makes, by service and operation, for the benchmark
 * and the cost estimate (`npm run bench`). A middleware at the SDK's `finalizeRequest` step,
 * after its retry middleware, so every attempt AWS would bill is counted, retries included.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  count(service: string, operation: string): void {
    const key = `${service} ${operation}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
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
  }
}

interface CountableClient {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { clientName?: string; commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string; priority: 'low' },
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
    (next, context) => (args) => {
      const client = context.clientName ?? 'unknown';
      counter.count(SERVICE_OF[client] ?? client.replace(/Client$/, ''), (context.commandName ?? 'unknown').replace(/Command$/, ''));
      return next(args);
    },
    { step: 'finalizeRequest', name: 'planpulseRequestCounter', priority: 'low' },
  );
  return client;
}
