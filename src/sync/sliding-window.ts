// "At most N units in any W": a sliding window log, stamps rounded up to W/1000 (as the server side does, decision 0050).

/**
 * Each admission counts until its stamp + window. Stamps are rounded *up* to a step of window/1000 and entries
 * that share a stamp merge, so at most ~1,001 entries are held, and rounding can only make the window refuse a
 * little sooner, never admit more than `budget` in a real window.
 */
export class SlidingWindow {
  /** Changes when a tenant's size becomes known (its directory budget depends on it). */
  budget: number;
  readonly windowMs: number;
  readonly #step: number;
  #stamps: number[] = [];
  #costs: number[] = [];
  #head = 0;
  #sum = 0;

  constructor(budget: number, windowMs: number) {
    this.budget = budget;
    this.windowMs = windowMs;
    this.#step = Math.max(1, windowMs / 1000);
  }

  /** Units admitted within the window ending at `now`. */
  used(now: number): number {
    this.#prune(now);
    return this.#sum;
  }

  /** Ms from `now` until `cost` fits (0 if it fits now). A cost above the budget is treated as the whole budget. */
  waitFor(cost: number, now: number): number {
    this.#prune(now);
    const need = Math.min(cost, this.budget);
    let excess = this.#sum + need - this.budget;
    if (excess <= 0) return 0;
    for (let i = this.#head; i < this.#stamps.length; i++) {
      excess -= this.#costs[i]!;
      if (excess <= 0) return this.#stamps[i]! + this.windowMs - now;
    }
    return this.windowMs;
  }

  /** Counts `cost` at `now` (the caller checked waitFor first). */
  admit(cost: number, now: number): void {
    this.#prune(now);
    const stamp = Math.ceil(now / this.#step) * this.#step;
    const c = Math.min(cost, this.budget);
    const last = this.#stamps.length - 1;
    if (last >= this.#head && this.#stamps[last] === stamp) this.#costs[last]! += c;
    else {
      this.#stamps.push(stamp);
      this.#costs.push(c);
    }
    this.#sum += c;
  }

  /** Whether nothing is held: the window can be forgotten. */
  idle(now: number): boolean {
    return this.used(now) === 0;
  }

  #prune(now: number): void {
    while (this.#head < this.#stamps.length && this.#stamps[this.#head]! + this.windowMs <= now) {
      this.#sum -= this.#costs[this.#head]!;
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#stamps.length) {
      this.#stamps = this.#stamps.slice(this.#head);
      this.#costs = this.#costs.slice(this.#head);
      this.#head = 0;
    }
  }
}
