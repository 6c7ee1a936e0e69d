import type { FaultSchedule, WireFault } from './proxy.ts';
import { seeded } from './proxy.ts';

/**
 * The seed of every schedule in the suite. Fixed, so a failure replays exactly; set
 * PLANPULSE_FAULT_SEED to explore other schedules (the seed is printed with the figures).
 */
export const SEED = Number(process.env.PLANPULSE_FAULT_SEED ?? 20260420);

/** Share of requests faulted in the wire scenarios. */
const RATE = 0.1;

export interface WireCase {
  name: string;
  /** null: no faults on that service. */
  dynamodb: FaultSchedule | null;
  ses: FaultSchedule | null;
}

const both = (name: string, kinds: WireFault[], rate = RATE): WireCase => ({ name, dynamodb: { rate, kinds, seed: SEED }, ses: { rate, kinds, seed: SEED } });

const outage = (from: number, count: number, kind: WireFault): FaultSchedule => ({ rate: 0, kinds: [], seed: SEED, outages: [{ from, count, kind }] });

/**
 * One scenario per wire fault at 10% of requests (SES throttling at 30%, as a busy account
 * sees it), then all of them mixed. At 10% the SDK's own retries (3 attempts) absorb nearly
 * every fault, so two outages follow that outlast them and make invocations fail mid-work:
 * DynamoDB losing a run of answers (and with them the use case's own clean-up), SES
 * refusing connections for a while.
 */
export const WIRE_CASES: WireCase[] = [
  both('reset before forwarding, 10%', ['reset-before']),
  both('reset after forwarding (answer lost), 10%', ['reset-after']),
  both('500 after the write, 10%', ['5xx-after']),
  both('delay 50-500 ms, 10%', ['delay']),
  {
    name: 'throttling, 10% DynamoDB, 30% SES',
    dynamodb: { rate: RATE, kinds: ['throttle'], seed: SEED },
    ses: { rate: 0.3, kinds: ['throttle'], seed: SEED },
  },
  both('all five mixed, 10%', ['reset-before', 'reset-after', '5xx-after', 'delay', 'throttle']),
  { name: 'DynamoDB outage: 12 answers in a row lost', dynamodb: outage(100, 12, 'reset-after'), ses: null },
  { name: 'DynamoDB outage: 12 requests in a row refused', dynamodb: outage(150, 12, 'reset-before'), ses: null },
  { name: 'SES outage: 6 requests in a row reset', dynamodb: null, ses: outage(10, 6, 'reset-before') },
];

/** `count` distinct numbers from 0 to `below - 1`, drawn from the suite's seed (and a salt per use). */
export function pick(count: number, below: number, salt: number): number[] {
  const random = seeded(SEED ^ salt);
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, below)) chosen.add(Math.floor(random() * below));
  return [...chosen];
}
