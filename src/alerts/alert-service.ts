// The server's alert machinery (decision 0093): evaluations after each import or sync that changed
// a tenant (one after another, off the request's path), a daily evaluation of every tenant (one
// server of those sharing a database, by lease), and the webhook sender, resumed at start.
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { evaluateTenant, type EvaluationSummary } from './evaluate-tenant.js';
import { WebhookSender } from './sender.js';
import type { MethodChangeFeed } from './store-data-source.js';
import type { DeliveryOptions } from './webhooks.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface AlertServiceLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface AlertServiceDeps {
  readonly store: Store;
  readonly now: () => Date;
  readonly log: AlertServiceLog | null;
  readonly delivery?: Partial<DeliveryOptions>;
  readonly methodChanges?: MethodChangeFeed;
  /** This server's name in the daily lease (default: random per service). */
  readonly holder?: string;
}

/** What the import and sync paths call: returns at once; the evaluation runs after. */
export interface AlertTriggers {
  tenantChanged(tenantId: string): void;
}

export class AlertService implements AlertTriggers {
  readonly sender: WebhookSender;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private dailyDoneFor: string | null = null;
  private readonly holder: string;
  private stopped = false;

  constructor(private readonly deps: AlertServiceDeps) {
    this.sender = new WebhookSender(deps.store, { now: deps.now, ...deps.delivery }, deps.log);
    this.holder = deps.holder ?? `amr-${randomUUID()}`;
  }

  tenantChanged(tenantId: string): void {
    if (this.stopped) return; // the store closes after stop()
    this.chain = this.chain.then(async () => {
      try {
        await this.evaluateNow(tenantId);
      } catch (err) {
        this.deps.log?.warn({ err, tenant: tenantId }, `evaluating the alerts of tenant ${tenantId} failed`);
      }
    });
  }

  /** Resolves once the evaluations asked for so far have run. */
  idle(): Promise<void> {
    return this.chain;
  }

  async evaluateNow(tenantId: string): Promise<EvaluationSummary> {
    const summary = await evaluateTenant(this.deps.store, tenantId, this.deps.now(), this.deps.methodChanges ? { methodChanges: this.deps.methodChanges } : {});
    if (summary.deliveriesQueued > 0) this.sender.kick();
    return summary;
  }

  /** Resumes pending deliveries and starts the daily evaluation (checked hourly, as the daily history is). */
  start(): void {
    this.sender.kick();
    void this.daily();
    this.timer = setInterval(() => {
      void this.daily();
      this.sender.kick(); // deliveries another server claimed and left (it stopped) are due again
    }, HOUR_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
    await this.sender.stop();
  }

  /** Once per UTC day, on the server holding the day's lease (it runs to the next midnight). */
  async daily(): Promise<number> {
    const now = this.deps.now();
    const day = now.toISOString().slice(0, 10);
    if (this.dailyDoneFor === day) return 0;
    try {
      const midnight = Date.parse(`${day}T00:00:00Z`) + DAY_MS;
      const mine = await this.deps.store.claimLease('alerts-daily', this.holder, now, midnight - now.getTime());
      this.dailyDoneFor = day;
      if (!mine) return 0;
      const tenants = await this.deps.store.listTenants();
      for (const t of tenants) this.tenantChanged(t.tenantId);
      await this.chain;
      return tenants.length;
    } catch (err) {
      this.deps.log?.warn({ err }, 'the daily alert evaluation failed; it is tried again within the hour');
      return 0;
    }
  }
}
