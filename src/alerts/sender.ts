// The delivery loop (decision 0093): claims due deliveries from the queue table, sends them, logs
// each attempt and schedules the next; sleeps until the next one is due; woken when new ones land.
import type { DueDelivery } from '../store/sql/alert-store.js';
import { DEFAULT_DELIVERY, isRetryable, retryDelayMs, sendOnce, type DeliveryOptions, type DeliveryStore } from './webhooks.js';

const BATCH = 20;

export interface SenderLog {
  warn(obj: object, msg: string): void;
}

export class WebhookSender {
  private readonly o: DeliveryOptions;
  private running: Promise<void> | null = null;
  private wake = new AbortController();
  private kicked = false;
  private stopped = false;

  constructor(
    private readonly store: DeliveryStore,
    options: Partial<DeliveryOptions> = {},
    private readonly log: SenderLog | null = null,
  ) {
    this.o = { ...DEFAULT_DELIVERY, ...options };
  }

  /** Starts sending (pending deliveries from before a restart included), or wakes the loop running. */
  kick(): void {
    if (this.stopped) return;
    if (this.running !== null) {
      this.kicked = true;
      this.wake.abort();
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.log?.warn({ err }, 'webhook delivery stopped; it resumes at the next evaluation'))
      .finally(() => {
        this.running = null;
      });
  }

  /** Stops the loop after the attempt under way (its outcome is recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.running;
  }

  /** One pass: sends what is due now (one attempt each) and returns how many; no waiting (the CLI). */
  async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const { due } = await this.store.claimDueDeliveries(this.o.now(), BATCH, this.o.timeoutMs + 60_000);
      for (const d of due) await this.deliver(d);
      sent += due.length;
      if (due.length < BATCH) return sent;
    }
  }

  /** Sends until nothing is pending: every due delivery now, then sleeps until the next is due. */
  async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      this.kicked = false;
      const now = this.o.now();
      const { due, nextDueAt } = await this.store.claimDueDeliveries(now, BATCH, this.o.timeoutMs + 60_000);
      for (const d of due) await this.deliver(d);
      if (due.length > 0 || this.kicked) continue;
      if (nextDueAt === null) return;
      if (this.wake.signal.aborted) this.wake = new AbortController();
      await this.o.sleep(Math.max(0, Date.parse(nextDueAt) - this.o.now().getTime()), this.wake.signal);
    }
  }

  private async deliver(d: DueDelivery): Promise<void> {
    const attempt = d.attempts + 1;
    const sentAt = this.o.now();
    const result = await sendOnce(d, sentAt, this.o);
    const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    const again = !ok && isRetryable(result.statusCode) && attempt < this.o.maxAttempts;
    const next = again ? new Date(this.o.now().getTime() + retryDelayMs(attempt, result.retryAfterMs, this.o)).toISOString() : null;
    await this.store.recordDeliveryAttempt({
      tenantId: d.tenantId,
      deliveryId: d.id,
      attempt: { attempt, at: sentAt.toISOString(), statusCode: result.statusCode, error: result.error, durationMs: result.durationMs },
      status: ok ? 'succeeded' : again ? 'pending' : 'failed',
      nextAttemptAt: next,
    });
  }
}
