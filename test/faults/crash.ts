import type { Deps } from '#use-cases/deps';

/** A Lambda dying at a chosen point (killed, out of memory, timed out): nothing after it runs. */
export class Crash extends Error {
  override name = 'Crash';
}

/** The ports a crash point can sit at: the adapters that touch the outside world. */
export type CrashPort = 'store' | 'mailer' | 'blobs';

/** One call through a port: `after` is set once the adapter has returned (the effect happened). */
export interface PortCall {
  port: CrashPort;
  method: string;
  args: unknown[];
  phase: 'before' | 'after';
}

/** Decides, for each call on one instance, whether the instance dies there. */
export type CrashPoint = (call: PortCall) => boolean;

/** Where one instance died. */
export interface CrashRecord {
  port: CrashPort;
  method: string;
  phase: 'before' | 'after';
}

/**
 * One Lambda instance's life. Once it has crashed it is dead: every later call through its
 * ports throws too, so no `catch` in the use cases can release a claim or record a send on
 * its way out (a dead process does no clean-up).
 */
export class Instance {
  crashed: CrashRecord | null = null;
  /**
   * Emails SES accepted that this instance has not recorded as sent. A fan-out sends to
   * several owners at once (`fanOutConcurrency` of the rate), so a death can leave as many as were inside
   * SES at that moment; each left when the instance ends may be sent again by the retry: a
   * crash right after SES accepted, or the record's write failing.
   */
  unrecorded = 0;

  constructor(private readonly point: CrashPoint) {}

  /** The port with a crash point at each method, before and after the adapter's answer. */
  wrap<T extends object>(port: CrashPort, target: T): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return (...args: unknown[]) => {
          this.check({ port, method: prop, args, phase: 'before' });
          const out: unknown = value.apply(obj, args);
          if (out instanceof Promise) {
            return out.then((result: unknown) => {
              this.check({ port, method: prop, args, phase: 'after' });
              return result;
            });
          }
          this.check({ port, method: prop, args, phase: 'after' });
          return out;
        };
      },
    });
  }

  private check(call: PortCall): void {
    // SES accepted a send that was on its way when the instance died: counted before the death
    // check, as the email has gone whatever this instance does next.
    if (call.phase === 'after' && call.port === 'mailer' && call.method === 'send') this.unrecorded += 1;
    if (this.crashed) throw new Crash(`instance already dead (crashed at ${this.crashed.port}.${this.crashed.method})`);
    if (call.phase === 'after' && call.port === 'store' && call.method === 'completeSend') this.unrecorded = Math.max(0, this.unrecorded - 1);
    if (!this.point(call)) return;
    this.crashed = { port: call.port, method: call.method, phase: call.phase };
    throw new Crash(`crash ${call.phase} ${call.port}.${call.method}`);
  }
}

/** The deps of one instance with its store, mailer and blob store behind crash points. */
export function withCrashPoints<D extends Pick<Deps, CrashPort>>(deps: D, instance: Instance): D {
  return {
    ...deps,
    store: instance.wrap('store', deps.store),
    mailer: instance.wrap('mailer', deps.mailer),
    blobs: instance.wrap('blobs', deps.blobs),
  };
}

/** No crash anywhere. */
export const never: CrashPoint = () => false;

/** Crashes at the `n`-th call (1-based) that `matches`, then never again on this instance. */
export function atNth(n: number, matches: (call: PortCall) => boolean): CrashPoint {
  let seen = 0;
  return (call) => matches(call) && ++seen === n;
}

/**
 * The crash points of the instances handling one event, dying `times` times in all: each
 * instance gets its own `point` (its own counters), and once the event has cost `times`
 * deaths, its later instances live. An attempt that fails for another reason (a BusyError
 * while the dead instance's lease runs) does not use up a death.
 */
export function dying(times: number, point: () => CrashPoint): () => CrashPoint {
  let left = times;
  return () => {
    const own = point();
    return (call) => {
      if (left === 0 || !own(call)) return false;
      left -= 1;
      return true;
    };
  };
}

/** SES accepted the email (the mailer returned), the send is not recorded yet. */
export const afterSesAccepted = (call: PortCall) => call.port === 'mailer' && call.method === 'send' && call.phase === 'after';

/** The send is claimed in the ledger; SES has not been called. */
export const afterSendClaimed = (call: PortCall) => call.port === 'store' && call.method === 'claimSend' && call.phase === 'after';

/** One update of a reply is stored, the next is not. */
export const afterUpdateWritten = (call: PortCall) => call.port === 'store' && call.method === 'putUpdate' && call.phase === 'after';

/** The raw mail is in the blob store, nothing else is done. */
export const afterRawStored = (call: PortCall) =>
  call.port === 'blobs' && call.method === 'put' && call.phase === 'after' && String(call.args[0] ?? '').startsWith('inbound/');
