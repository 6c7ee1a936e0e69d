import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The faults AWS delivers on the wire, as seen by a client:
 * - `reset-before`: the connection is reset before the request reaches the service;
 * - `reset-after`: the service did the work, the connection is reset before the response (the response is lost);
 * - `5xx-after`: the service did the work, the client gets a 500 instead of its answer;
 * - `delay`: the request is held for a while, then forwarded;
 * - `throttle`: the service refuses with its throttling error (400), nothing done.
 */
export type WireFault = 'reset-before' | 'reset-after' | '5xx-after' | 'delay' | 'throttle';

/** The services the proxy can stand in front of: the error bodies differ (JSON for DynamoDB, XML for SES). */
export type Service = 'dynamodb' | 'ses';

/** mulberry32: a tiny seeded generator, so a run's schedule of faults can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultSchedule {
  /** Share of requests that get a fault (0 to 1). */
  rate: number;
  /** The faults to choose from, with equal chance. */
  kinds: WireFault[];
  seed: number;
  /** Range of a `delay` fault, in milliseconds. */
  delayMs?: [number, number];
  /**
   * Stretches where every request fails the same way (a network partition, a service
   * hiccup): requests `from` to `from + count - 1`, counted from 1 in arrival order. Long
   * enough, an outage outlasts the SDK's own retries, so the invocation fails.
   */
  outages?: Array<{ from: number; count: number; kind: WireFault }>;
}

/** One fault the proxy injected: which request (1-based, in arrival order), what, and on which operation. */
export interface InjectedFault {
  request: number;
  kind: WireFault;
  operation: string;
}

const JSON_TYPE = 'application/x-amz-json-1.0';
const XML_TYPE = 'text/xml';

/** The operation a request is for: DynamoDB names it in X-Amz-Target, SES (query protocol) in the body's Action. */
function operationOf(service: Service, headers: IncomingHttpHeaders, body: Buffer): string {
  if (service === 'dynamodb') return String(headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '') || 'unknown';
  return /(?:^|&)Action=([^&]+)/.exec(body.toString('latin1'))?.[1] ?? 'unknown';
}

const sesError = (code: string, type: 'Sender' | 'Receiver', message: string) =>
  `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;

const dynamoError = (type: string, message: string) => JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message });

/** The body of each service's throttling refusal, as the real service sends it. */
function throttled(service: Service, random: () => number): { type: string; body: string } {
  if (service === 'ses') return { type: XML_TYPE, body: sesError('Throttling', 'Sender', 'Maximum sending rate exceeded.') };
  return random() < 0.5
    ? {
        type: JSON_TYPE,
        body: dynamoError(
          'ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        ),
      }
    : { type: JSON_TYPE, body: dynamoError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.') };
}

function internalError(service: Service): { type: string; body: string } {
  return service === 'ses'
    ? { type: XML_TYPE, body: sesError('InternalFailure', 'Receiver', 'The request processing has failed because of an unknown error.') }
    : { type: JSON_TYPE, body: dynamoError('InternalServerError', 'Internal server error') };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * An HTTP proxy of our own in front of a local stand-in (dynalite, aws-ses-v2-local) that
 * injects wire faults into a seeded share of the requests. The schedule is drawn per request
 * in arrival order, so a sequential run is replayed exactly by its seed. Requests are
 * forwarded byte for byte (headers included: the SigV4 signature covers the Host the client
 * used, and the stand-ins do not check it against their own).
 */
export class FaultProxy {
  /** Requests seen, faulty or not. */
  requests = 0;
  readonly injected: InjectedFault[] = [];
  private schedule: FaultSchedule | null = null;
  private random: () => number = Math.random;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly server: Server;
  url = '';

  private constructor(
    readonly service: Service,
    private readonly target: URL,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => req.socket.destroy());
    });
  }

  /** Starts a proxy on a free loopback port in front of `target`; it passes everything through until given a schedule. */
  static async start(service: Service, target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(service, new URL(target));
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Faults from now on by this schedule (null: none); the counters start again. */
  inject(schedule: FaultSchedule | null): void {
    this.schedule = schedule;
    this.random = seeded(schedule?.seed ?? 0);
    this.requests = 0;
    this.injected.length = 0;
  }

  /** The faults injected on one operation (e.g. SES `SendRawEmail`) of these kinds. */
  count(operation: string, kinds: WireFault[]): number {
    return this.injected.filter((f) => f.operation === operation && kinds.includes(f.kind)).length;
  }

  /** The fault for the next request: two draws per request whatever the outcome, so the stream stays aligned. */
  private next(): WireFault | null {
    const [hit, pick] = [this.random(), this.random()];
    const s = this.schedule;
    const outage = s?.outages?.find((o) => this.requests >= o.from && this.requests < o.from + o.count);
    if (outage) return outage.kind;
    if (!s || s.kinds.length === 0 || hit >= s.rate) return null;
    return s.kinds[Math.floor(pick * s.kinds.length)]!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.requests += 1;
    const fault = this.next();
    if (fault) this.injected.push({ request: this.requests, kind: fault, operation: operationOf(this.service, req.headers, body) });

    if (fault === 'reset-before') return void req.socket.resetAndDestroy();
    if (fault === 'throttle') return this.answer(res, 400, throttled(this.service, this.random));
    if (fault === 'delay') {
      const [min, max] = this.schedule?.delayMs ?? [50, 500];
      await new Promise((r) => setTimeout(r, min + this.random() * (max - min)));
    }
    const upstream = await this.forward(req, body);
    if (fault === 'reset-after') return void req.socket.resetAndDestroy();
    if (fault === '5xx-after') return this.answer(res, 500, internalError(this.service));
    const headers = Object.fromEntries(Object.entries(upstream.headers).filter(([k]) => !HOP_BY_HOP.has(k)));
    res.writeHead(upstream.status, { ...headers, 'content-length': upstream.body.length });
    res.end(upstream.body);
  }

  private answer(res: ServerResponse, status: number, { type, body }: { type: string; body: string }): void {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        { host: this.target.hostname, port: this.target.port, method: req.method, path: req.url, headers: req.headers, agent: this.agent },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (c: Buffer) => parts.push(c));
          answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }));
          answer.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
