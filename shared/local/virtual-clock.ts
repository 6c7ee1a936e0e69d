import type { Clock } from '#ports/clock';

/**
 * A clock for the local runtime and demos: starts at a chosen instant and runs `speed`
 * times faster than real time. It can also be moved forward by hand.
 */
export class VirtualClock implements Clock {
  private realStart: number;
  private virtualStart: number;

  constructor(
    start: Date = new Date(),
    private speed = 1,
    private readonly realNow: () => number = Date.now,
  ) {
    this.realStart = realNow();
    this.virtualStart = start.getTime();
  }

  now(): Date {
    return new Date(this.virtualStart + (this.realNow() - this.realStart) * this.speed);
  }

  /** Jumps to an instant (never backwards). */
  advanceTo(instant: Date): void {
    const target = Math.max(instant.getTime(), this.now().getTime());
    this.realStart = this.realNow();
    this.virtualStart = target;
  }

  setSpeed(speed: number): void {
    this.advanceTo(this.now());
    this.speed = speed;
  }

  /** Real milliseconds until the clock shows an instant. */
  realMsUntil(instant: Date): number {
    return Math.max(0, (instant.getTime() - this.now().getTime()) / this.speed);
  }
}
