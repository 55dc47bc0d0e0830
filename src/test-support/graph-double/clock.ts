// The double's notion of now: a base clock (the real one unless a test injects its own) plus an
// offset that state.advanceTime() moves, so delta-link age, log retention and limit windows can be
// tested without waiting.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock a test moves by hand: starts at `start` and moves only with advance(). */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : start.getTime();
  }
  now(): number {
    return this.#now;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: ${ms} is not a non-negative duration`);
    this.#now += ms;
  }
}

export class OffsetClock implements Clock {
  #offset = 0;
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.base.now() + this.#offset;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advanceTime: ${ms} is not a non-negative duration`);
    this.#offset += ms;
  }
}

export const isoAt = (ms: number): string => new Date(ms).toISOString();
