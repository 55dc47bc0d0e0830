// A clock that moves only when a test moves it, for the scheduler and client tests (never used outside tests).
import type { Clock, TimerHandle } from './clock.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly fire: () => void;
}

/** Timers fire in time order when the clock is advanced past them; `runUntilIdle` jumps from timer to timer. */
export class ManualClock implements Clock {
  #now: number;
  #next = 0;
  #timers: Pending[] = [];

  constructor(start = Date.UTC(2025, 0, 1)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(delayMs: number, fire: () => void): TimerHandle {
    const id = ++this.#next;
    this.#timers.push({ id, at: this.#now + Math.max(0, delayMs), fire });
    return { id };
  }

  clearTimer(handle: TimerHandle): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Moves to `to`, firing every timer due on the way in order, letting promise work settle after each. */
  async advanceTo(to: number): Promise<void> {
    for (;;) {
      await settle();
      const due = this.#earliest();
      if (due === undefined || due.at > to) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fire();
    }
    this.#now = Math.max(this.#now, to);
    await settle();
  }

  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  /** Fires timers one by one, jumping the clock to each, until `done` resolves (or no timer is left). */
  async runUntil<T>(done: Promise<T>, maxSteps = 1_000_000): Promise<T> {
    let finished = false;
    const tracked = done.finally(() => {
      finished = true;
    });
    for (let step = 0; step < maxSteps && !finished; step++) {
      await settle();
      if (finished) break;
      const due = this.#earliest();
      if (due === undefined) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fire();
    }
    return tracked;
  }

  #earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const t of this.#timers) if (best === undefined || t.at < best.at) best = t;
    return best;
  }
}

/** Lets queued promise callbacks and immediates run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
