// `amr serve --sync-every`: `amr sync --all` in the background, one run at a time, on a fixed period,
// stopped by shutdown through an AbortSignal (the orchestrator keeps its checkpoints).
import { randomUUID } from 'node:crypto';
import type { SyncApi, SyncStatus } from '../sync/run/contract.js';
import type { Env } from './config.js';
import type { Metrics, SyncRunOutcome } from './metrics.js';

export type SyncLoopApi = Pick<SyncApi, 'runSyncAll' | 'syncStatus'>;

export interface SyncLoopLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SyncLoopDeps {
  readonly api: SyncLoopApi;
  readonly store: Parameters<SyncApi['syncStatus']>[0];
  readonly periodMs: number;
  readonly metrics: Metrics;
  readonly log: SyncLoopLog;
  /** Where the orchestrator reads AMR_SYNC_* from (default: its own default, process.env). */
  readonly env?: Env;
  readonly now: () => Date;
  /** Aborted at shutdown. */
  readonly signal: AbortSignal;
  /** Delay before the first run (default 0: a server started on stale data syncs at once). */
  readonly firstDelayMs?: number;
  /** This server's name in the round's lease (default: a random one per loop). */
  readonly holder?: string;
  /** Told of each tenant a run replaced (alerts evaluate it: decision 0093). */
  readonly onSynced?: (tenantId: string) => void;
}

/** What /readyz shows about the background sync. */
export interface SyncLoopState {
  readonly everySeconds: number;
  readonly running: boolean;
  readonly lastRunStartedAt: string | null;
  readonly lastRunFinishedAt: string | null;
  readonly nextRunAt: string | null;
  /** Rounds run by another server sharing the database (their results are in `sync`, as this server's). */
  readonly roundsRunElsewhere: number;
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

export class SyncLoop {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private lastStartedAt: Date | null = null;
  private lastFinishedAt: Date | null = null;
  private nextAt: Date | null = null;
  private stopped = false;
  private readonly controller = new AbortController();
  private readonly holder: string;
  /** Rounds another server sharing the database ran instead of this one. */
  private skipped = 0;
  /** When the last round began, run here or not: rounds are a period apart, start to start. */
  private roundAt: Date | null = null;

  constructor(private readonly deps: SyncLoopDeps) {
    deps.signal.addEventListener(
      'abort',
      () => {
        void this.stop();
      },
      { once: true },
    );
    this.holder = deps.holder ?? `amr-${randomUUID()}`;
  }

  start(): void {
    if (this.stopped || this.timer !== null || this.current !== null) return;
    this.schedule(this.deps.firstDelayMs ?? 0);
    void this.refreshStatus();
  }

  state(): SyncLoopState {
    const iso = (d: Date | null) => (d === null ? null : d.toISOString());
    return {
      everySeconds: Math.round(this.deps.periodMs / 1000),
      running: this.current !== null,
      lastRunStartedAt: iso(this.lastStartedAt),
      lastRunFinishedAt: iso(this.lastFinishedAt),
      nextRunAt: iso(this.nextAt),
      roundsRunElsewhere: this.skipped,
    };
  }

  /** Each tenant's sync status, as the orchestrator keeps it. */
  status(): Promise<readonly SyncStatus[]> {
    return this.deps.api.syncStatus(this.deps.store, this.deps.now());
  }

  /** Runs `sync --all` now unless one is running (then waits for that one): never two at once. */
  runNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.current ??= this.runAll().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** Stops the timer, aborts a run in progress and waits for it to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.nextAt = null;
    this.controller.abort(new DOMException('the server is shutting down', 'AbortError'));
    await this.current;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.nextAt = new Date(this.deps.now().getTime() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextAt = null;
      void this.runNow().then(() => {
        // The period runs from start to start; a run longer than the period is followed at once by the next.
        const started = this.roundAt?.getTime() ?? this.deps.now().getTime();
        this.schedule(Math.max(0, started + this.deps.periodMs - this.deps.now().getTime()));
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runAll(): Promise<void> {
    const { api, store, metrics, log } = this.deps;
    // Several servers on one database (issue 13): the one holding the round's lease syncs, for two
    // periods (so a run longer than one is not doubled); the others skip the round. If that
    // server stops, another takes the round once its lease ends.
    this.roundAt = this.deps.now();
    let leased: boolean;
    try {
      leased = await store.claimLease('background-sync', this.holder, this.deps.now(), 2 * this.deps.periodMs);
    } catch (err) {
      log.error({ err }, 'background sync: cannot read its lease in the database; skipping this round');
      return;
    }
    if (!leased) {
      this.skipped++;
      log.info({ skipped: this.skipped }, 'background sync: another server sharing the database runs this round');
      return;
    }
    this.lastStartedAt = this.deps.now();
    metrics.syncRunning(true);
    log.info({}, 'background sync of every tenant with credentials started');
    try {
      const results = await api.runSyncAll(store, { ...(this.deps.env ? { env: this.deps.env } : {}), signal: this.controller.signal, now: this.deps.now });
      for (const r of results) {
        if ('error' in r) {
          const outcome: SyncRunOutcome = isAbort(r.error, this.controller.signal) ? 'aborted' : 'failed';
          metrics.syncRunFinished(outcome);
          log.warn({ tenant: r.tenantId, err: r.error }, `background sync of tenant ${r.tenantId} ${outcome}`);
        } else {
          metrics.syncRunFinished('succeeded');
          this.deps.onSynced?.(r.tenantId);
          log.info(
            { tenant: r.tenantId, pass: r.pass, users: r.users, requests: r.requests, throttled: r.throttled, generation: r.generation },
            `background sync of tenant ${r.tenantId} succeeded`,
          );
        }
      }
    } catch (err) {
      const outcome: SyncRunOutcome = isAbort(err, this.controller.signal) ? 'aborted' : 'failed';
      metrics.syncRunFinished(outcome);
      log.error({ err }, `background sync ${outcome}`);
    } finally {
      this.lastFinishedAt = this.deps.now();
      metrics.syncRunning(false);
      await this.refreshStatus();
    }
  }

  /** Publishes each tenant's last sync to /metrics. */
  private async refreshStatus(): Promise<void> {
    try {
      this.deps.metrics.syncStatusObserved(await this.status());
    } catch (err) {
      this.deps.log.warn({ err }, 'reading the sync status failed');
    }
  }
}
