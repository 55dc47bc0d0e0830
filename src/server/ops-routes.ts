// Operations endpoints outside Graph's namespace: liveness, readiness and Prometheus metrics. None
// takes a Graph token; none names a path, a key or a query in its answer (docs/decisions/0051).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, invalidMetricsKey } from '../graph/errors.js';
import type { Store } from '../store/store.js';
import type { Config } from './config.js';
import type { Metrics } from './metrics.js';
import { behindProxy, isLoopback } from './public-origin.js';
import type { SyncLoop } from './sync-loop.js';

export interface OpsDeps {
  readonly config: Config;
  readonly store: Store;
  readonly metrics: Metrics;
  /** True once shutdown has begun: not ready any more, though still alive. */
  readonly closing: () => boolean;
  /** This run's local access code: what keyless /metrics asks for (null: keyless /metrics is off). */
  readonly localCode: string | null;
  /** The background sync (`--sync-every`), when it runs: /readyz shows each tenant's last sync. */
  readonly sync?: SyncLoop | null;
}

/** Answered during shutdown too: a load balancer reads /readyz to stop sending traffic. */
export const OPS_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

type Check = 'ok' | 'unreachable' | 'migrations pending' | 'shutting down';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

async function checkDatabase(deps: OpsDeps, request: FastifyRequest): Promise<{ database: Check; migrations: Check }> {
  try {
    const r = await deps.store.readiness();
    return { database: 'ok', migrations: r.schemaVersion === r.expectedSchemaVersion ? 'ok' : 'migrations pending' };
  } catch (err) {
    // The reason (which may name the file) goes to the log only.
    request.log.error({ err }, 'readiness: the database cannot be read');
    return { database: 'unreachable', migrations: 'unreachable' };
  }
}

/**
 * Each tenant's last sync for /readyz: shown, never failing readiness (the previous state is still
 * served). No message, path or key: only the outcome, the error's kind, times and the log warning.
 */
async function syncReadiness(sync: SyncLoop, request: FastifyRequest, now: Date): Promise<Record<string, unknown>> {
  const loop = sync.state();
  try {
    const tenants = (await sync.status()).map((s) => ({
      tenantId: s.tenantId,
      lastOutcome: s.lastOutcome,
      lastAttemptAt: s.lastAttemptAt,
      lastSuccessAt: s.lastSuccessAt,
      ageSeconds: s.lastSuccessAt === null ? null : Math.max(0, Math.round((now.getTime() - Date.parse(s.lastSuccessAt)) / 1000)),
      ...(s.lastOutcome === 'failed' && s.lastError !== null ? { error: s.lastError.kind } : {}),
      logsAtRisk: s.logsAtRisk,
    }));
    return { ...loop, tenants };
  } catch (err) {
    request.log.warn({ err }, 'readiness: the sync status cannot be read');
    return { ...loop, tenants: 'unavailable' };
  }
}

/**
 * With AMR_METRICS_KEY: `Authorization: Bearer <key>` from anywhere. Without it: loopback peers
 * that no proxy forwarded, with this run's local access code as the bearer (a proxy on this host
 * that adds no headers makes every client look local; only the code tells them apart), and never
 * when amr is told it sits behind a proxy (AMR_PUBLIC_URL or AMR_TRUST_PROXY) (docs/decisions/0056).
 */
function checkMetricsAccess(deps: OpsDeps, request: FastifyRequest): void {
  const config = deps.config;
  const given = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  if (config.metricsKey !== null) {
    if (!timingSafeEqual(digest(given), digest(config.metricsKey))) {
      throw invalidMetricsKey('GET /metrics needs the metrics key (AMR_METRICS_KEY) as Authorization: Bearer <key>.');
    }
    return;
  }
  if (behindProxy(config.proxy)) {
    throw forbidden(
      'MetricsNotAllowed',
      'GET /metrics needs AMR_METRICS_KEY on a server behind a proxy (AMR_PUBLIC_URL or AMR_TRUST_PROXY is set): a proxy on this machine would make every client look local.',
    );
  }
  const local = isLoopback(request.socket.remoteAddress ?? '') && !FORWARDING_HEADERS.some((h) => h in request.headers);
  if (!local || deps.localCode === null) {
    throw forbidden(
      'MetricsNotAllowed',
      'GET /metrics answers only local clients unless the server has AMR_METRICS_KEY set; then send it as Authorization: Bearer <key>.',
    );
  }
  if (!timingSafeEqual(digest(given), digest(deps.localCode))) {
    throw invalidMetricsKey(
      'Without AMR_METRICS_KEY, GET /metrics needs this run\'s local access code as Authorization: Bearer <code> ("amr serve" prints it at start); to scrape, set AMR_METRICS_KEY.',
    );
  }
}

export function registerOpsRoutes(app: FastifyInstance, deps: OpsDeps): void {
  // Probes come every few seconds: their request lines would drown the log; failures still show.
  const quiet = { logLevel: 'warn' } as const;

  // Liveness: the process answers. Also the benchmark's yardstick of a trivial JSON route.
  app.get('/healthz', quiet, async (_request, reply) => reply.send({ status: 'ok' }));

  // Readiness: a real query on the reader connection, every migration applied, not shutting down.
  app.get('/readyz', quiet, async (request, reply) => {
    const checks = deps.closing() ? { database: 'shutting down' as Check, migrations: 'shutting down' as Check } : await checkDatabase(deps, request);
    const ready = checks.database === 'ok' && checks.migrations === 'ok';
    const sync = deps.sync && checks.database === 'ok' ? { sync: await syncReadiness(deps.sync, request, new Date()) } : {};
    reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks, ...sync });
  });

  app.get('/metrics', quiet, async (request, reply) => {
    checkMetricsAccess(deps, request);
    reply.header('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
}
