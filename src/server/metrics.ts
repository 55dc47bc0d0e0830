// Prometheus metrics (prom-client): HTTP requests by bounded route label and status, their latency,
// admin imports and what they stored, and the process's own metrics. Names: docs/decisions/0051.
import type { FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ActivityAppendSummary } from '../store/store.js';
import type { SyncStatus } from '../sync/run/contract.js';

export type ImportType = 'logs' | 'snapshot';
/** imported: stored; refused: the body was wrong (4xx); aborted: shutdown or the client went; failed: a 5xx. */
export type ImportOutcome = 'imported' | 'refused' | 'aborted' | 'failed';
/** One tenant's background sync (`amr serve --sync-every`): its state replaced, failed, or stopped by shutdown. */
export type SyncRunOutcome = 'succeeded' | 'failed' | 'aborted';
const SYNC_OUTCOMES = ['succeeded', 'failed'] as const;

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Request seconds: Graph pages answer in milliseconds; uploads and big exports take minutes. */
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const IMPORT_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

let processRegistry: Registry | null = null;

/** Process and Node.js metrics, collected once per process however many apps it builds (tests build many). */
function processMetrics(): Registry {
  if (processRegistry === null) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The route label: a Graph operation id once dispatch has matched one (`v1.0 userRegistrationDetails.list`),
 * else the registered route template (`/v1.0/*`, `/admin/tenants/:tenantId/logs`), else `unmatched`.
 * Never the URL itself, so the label set stays as small as the route table.
 */
export function routeLabel(request: FastifyRequest): string {
  const template = request.routeOptions.url;
  if (template === undefined) return 'unmatched';
  if (request.operationId !== '') return `${template.replace(/^\/([^/]+).*$/, '$1')} ${request.operationId}`;
  return template;
}

export class Metrics {
  readonly registry: Registry;
  private readonly requests: Counter<'route' | 'method' | 'status'>;
  private readonly duration: Histogram<'route' | 'method' | 'status'>;
  private readonly inFlight: Gauge;
  private readonly imports: Counter<'type' | 'outcome'>;
  private readonly importSeconds: Histogram<'type' | 'outcome'>;
  private readonly importsRunning: Gauge<'type'>;
  private readonly records: Counter<'kind' | 'result'>;
  private readonly refused: Counter;
  private readonly derived: Counter<'kind'>;
  private readonly snapshotObjects: Counter<'kind'>;
  private readonly syncRuns: Counter<'outcome'>;
  private readonly syncInProgress: Gauge;
  private readonly syncLastSuccess: Gauge<'tenant'>;
  private readonly syncLastOutcome: Gauge<'tenant' | 'outcome'>;
  private readonly syncLogsAtRisk: Gauge<'tenant'>;

  constructor() {
    const own = new Registry();
    const registers = [own];
    this.requests = new Counter({
      name: 'amr_http_requests_total',
      help: 'HTTP requests answered, by route label, method and status code.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'amr_http_request_duration_seconds',
      help: 'Time from request to the last byte of the answer, by route label, method and status code.',
      labelNames: ['route', 'method', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.inFlight = new Gauge({ name: 'amr_http_requests_in_flight', help: 'HTTP requests being answered now.', registers });
    this.imports = new Counter({
      name: 'amr_imports_total',
      help: 'Admin API uploads, by type (logs, snapshot) and outcome (imported, refused, aborted, failed).',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.importSeconds = new Histogram({
      name: 'amr_import_duration_seconds',
      help: 'Admin API upload time, by type and outcome.',
      labelNames: ['type', 'outcome'],
      buckets: IMPORT_BUCKETS,
      registers,
    });
    this.importsRunning = new Gauge({ name: 'amr_imports_in_progress', help: 'Admin API uploads running now, by type.', labelNames: ['type'], registers });
    this.records = new Counter({
      name: 'amr_import_records_total',
      help: 'Log records committed by admin uploads, by kind (audit, signIn) and result (new, duplicate).',
      labelNames: ['kind', 'result'],
      registers,
    });
    this.refused = new Counter({
      name: 'amr_import_refused_records_total',
      help: 'Log records admin uploads refused (unreadable, or for another tenant).',
      registers,
    });
    this.derived = new Counter({
      name: 'amr_import_derived_events_total',
      help: 'Events derived from committed log records, by kind (registration, reset, password).',
      labelNames: ['kind'],
      registers,
    });
    this.snapshotObjects = new Counter({
      name: 'amr_snapshot_objects_total',
      help: 'Objects in snapshots imported by the admin API, by kind (user, group, roleAssignment).',
      labelNames: ['kind'],
      registers,
    });
    this.syncRuns = new Counter({
      name: 'amr_sync_runs_total',
      help: 'Background tenant syncs (amr serve --sync-every), by outcome (succeeded, failed, aborted).',
      labelNames: ['outcome'],
      registers,
    });
    this.syncInProgress = new Gauge({ name: 'amr_sync_in_progress', help: '1 while a background sync of every tenant runs.', registers });
    this.syncLastSuccess = new Gauge({
      name: 'amr_sync_last_success_timestamp_seconds',
      help: "When each tenant's last successful sync finished (Unix seconds); absent when it never succeeded.",
      labelNames: ['tenant'],
      registers,
    });
    this.syncLastOutcome = new Gauge({
      name: 'amr_sync_last_outcome',
      help: "Each tenant's last sync outcome: 1 on the outcome label it had (succeeded, failed), 0 on the other.",
      labelNames: ['tenant', 'outcome'],
      registers,
    });
    this.syncLogsAtRisk = new Gauge({
      name: 'amr_sync_logs_at_risk',
      help: "1 when a tenant's last successful sync is about to fall out of Entra's log retention (7 or 30 days): activity would be lost.",
      labelNames: ['tenant'],
      registers,
    });
    for (const type of ['logs', 'snapshot'] as const) this.importsRunning.set({ type }, 0);
    for (const outcome of ['succeeded', 'failed', 'aborted'] as const) this.syncRuns.inc({ outcome }, 0);
    this.registry = Registry.merge([processMetrics(), own]);
  }

  requestStarted(): void {
    this.inFlight.inc();
  }

  requestFinished(request: FastifyRequest, status: number, seconds: number): void {
    this.inFlight.dec();
    const labels = { route: routeLabel(request), method: KNOWN_METHODS.has(request.method) ? request.method : 'other', status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  importStarted(type: ImportType): void {
    this.importsRunning.inc({ type });
  }

  importFinished(type: ImportType, outcome: ImportOutcome, seconds: number): void {
    this.importsRunning.dec({ type });
    this.imports.inc({ type, outcome });
    this.importSeconds.observe({ type, outcome }, seconds);
  }

  /** One committed batch of log records. */
  activityCommitted(s: ActivityAppendSummary): void {
    const add = (c: Counter<'kind' | 'result'>, kind: string, result: string, n: number) => {
      if (n > 0) c.inc({ kind, result }, n);
    };
    add(this.records, 'audit', 'new', s.newAudits);
    add(this.records, 'audit', 'duplicate', s.duplicateAudits);
    add(this.records, 'signIn', 'new', s.newSignIns);
    add(this.records, 'signIn', 'duplicate', s.duplicateSignIns);
    for (const [kind, n] of [
      ['registration', s.registrationEvents],
      ['reset', s.resetEvents],
      ['password', s.passwordEvents],
    ] as const) {
      if (n > 0) this.derived.inc({ kind }, n);
    }
  }

  recordsRefused(n: number): void {
    if (n > 0) this.refused.inc(n);
  }

  snapshotImported(counts: { readonly users: number; readonly groups: number; readonly roleAssignments: number }): void {
    this.snapshotObjects.inc({ kind: 'user' }, counts.users);
    this.snapshotObjects.inc({ kind: 'group' }, counts.groups);
    this.snapshotObjects.inc({ kind: 'roleAssignment' }, counts.roleAssignments);
  }

  syncRunning(running: boolean): void {
    this.syncInProgress.set(running ? 1 : 0);
  }

  syncRunFinished(outcome: SyncRunOutcome): void {
    this.syncRuns.inc({ outcome });
  }

  /** Each tenant's last sync, as the orchestrator keeps it (one label set per tenant). */
  syncStatusObserved(statuses: readonly SyncStatus[]): void {
    for (const s of statuses) {
      const tenant = s.tenantId;
      const success = s.lastSuccessAt === null ? NaN : Date.parse(s.lastSuccessAt);
      if (Number.isFinite(success)) this.syncLastSuccess.set({ tenant }, success / 1000);
      else this.syncLastSuccess.remove({ tenant });
      for (const outcome of SYNC_OUTCOMES) {
        if (s.lastOutcome === null) this.syncLastOutcome.remove({ tenant, outcome });
        else this.syncLastOutcome.set({ tenant, outcome }, s.lastOutcome === outcome ? 1 : 0);
      }
      this.syncLogsAtRisk.set({ tenant }, s.logsAtRisk ? 1 : 0);
    }
  }
}
