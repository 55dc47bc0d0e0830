// For the readers' backpressure tests: the accounting of a sink that takes its time — how many
// items were made but not yet stored, whether sink calls overlap, whether the source was pulled
// while the sink was busy.
import { setTimeout as delay } from 'node:timers/promises';

export class SlowStore {
  made = 0;
  stored = 0;
  maxInFlight = 0;
  active = 0;
  maxActive = 0;
  pulledWhileBusy = 0;

  /** The source made `n` more items. */
  onMade(n: number): void {
    if (this.active > 0) this.pulledWhileBusy++;
    this.made += n;
    this.maxInFlight = Math.max(this.maxInFlight, this.made - this.stored);
  }

  /** A sink call that stores `n` items after a turn of the event loop. */
  async store(n: number): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    await delay(0);
    this.stored += n;
    this.active--;
  }
}
