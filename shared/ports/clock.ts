/** All "now" comes from here, so tests and the local runtime can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
