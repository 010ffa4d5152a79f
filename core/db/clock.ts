/** Where the wallet reads the time: injected, so tests can move it (expiries, statements). */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
