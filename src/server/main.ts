// Starts the server: opens the store, loads keys, listens, and shuts down cleanly on signals.
import { randomBytes } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import type { Config, Env } from './config.js';
import * as orchestrator from '../sync/run/index.js';
import type { SyncLoopApi } from './sync-loop.js';
import { formatDuration } from '../util/duration.js';
import { ensureSigningKey } from './tokens.js';
import { behindProxy } from './public-origin.js';
import { redactUrl } from './redact-url.js';

/** Headers that carry secrets (Graph tokens, the admin and metrics keys), wherever a request is logged. */
const REDACTED = [
  'req.headers.authorization',
  'req.headers["x-amr-admin-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-amr-admin-key"]',
  'headers.cookie',
];

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  /**
   * The dashboard's address to open: in dev mode not behind a proxy, with the demo sign-in code
   * in its fragment (`/#signin=…`; a fragment is never sent to a server, so it stays out of logs).
   */
  readonly dashboardUrl: string;
  /** This run's local access code (null behind a proxy): the demo sign-in's and keyless /metrics'. */
  readonly localCode: string | null;
  close(): Promise<void>;
}

/**
 * The server's pino logger: JSON lines, each request's carrying its reqId (fastify's child logger).
 * Fastify logs no request headers; the redaction is for any code that logs a request or its headers.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  // A secret put in the URL (a token, a code, a key) is cut out of it; header secrets are replaced whole.
  const censor = (value: unknown, path: string[]): unknown => (path[path.length - 1] === 'url' && typeof value === 'string' ? redactUrl(value) : '[redacted]');
  const options = { level: config.logLevel, redact: { paths: [...REDACTED, 'req.url', 'url'], censor } };
  return destination === undefined ? pino(options) : pino(options, destination);
}

const HOUR_MS = 3_600_000;

/**
 * Trends (decision 0053): every tenant's registration state is recorded for each UTC day the
 * server runs — now, then checked hourly — besides each time a snapshot lands.
 */
function keepDailyHistory(store: Store, now: () => Date, fail: (err: unknown) => void): NodeJS.Timeout {
  const record = () => {
    store.recordDailyHistory(now()).catch(fail);
  };
  record();
  const timer = setInterval(record, HOUR_MS);
  timer.unref();
  return timer;
}

export interface StartOptions {
  readonly quiet?: boolean;
  /** The sync orchestrator for config.syncEveryMs (default src/sync/run/index.ts). */
  readonly sync?: SyncLoopApi;
  /** Where the orchestrator reads AMR_SYNC_*, AMR_GRAPH_URL and AMR_LOGIN_URL from (the CLI passes its environment). */
  readonly syncEnv?: Env;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const now = () => new Date();
  const store = await openStore({ db: config.db, now, pagingGraceMs: config.pagingGraceMinutes * 60_000, readers: config.readers });
  const signingKey = await ensureSigningKey(store);
  const skipTokenSecret = await store.getOrCreateSetting('skiptoken_secret', () => randomBytes(32).toString('base64url'));
  const logger = options.quiet ? false : createLogger(config);
  // A new code each start, shown only to whoever started amr (docs/decisions/0056).
  const localCode = behindProxy(config.proxy) ? null : randomBytes(18).toString('base64url');
  const app = await buildApp({
    config,
    store,
    signingKey,
    skipTokenSecret,
    logger,
    now,
    localCode,
    ...(config.syncEveryMs !== null ? { sync: options.sync ?? orchestrator, ...(options.syncEnv ? { syncEnv: options.syncEnv } : {}) } : {}),
  });
  if (config.syncEveryMs !== null) app.log.info({ every: formatDuration(config.syncEveryMs) }, 'background sync of every tenant with credentials enabled');
  await app.listen({ host: config.host, port: config.port });
  const history = keepDailyHistory(store, now, (err) => app.log.warn({ err }, 'recording the daily registration history failed'));
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | null = null;
  const url = `${config.tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    app,
    store,
    url,
    dashboardUrl: localCode === null || config.auth.mode !== 'dev' ? `${config.proxy.publicUrl ?? url}/` : `${url}/#signin=${localCode}`,
    localCode,
    close() {
      closing ??= (async () => {
        clearInterval(history);
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/**
 * Closes on SIGTERM/SIGINT: the listener stops accepting and new requests get a 503; imports stop at
 * a batch boundary (their requests answer 503); in-flight requests finish; then the database closes.
 * Past AMR_SHUTDOWN_TIMEOUT_MS the process exits anyway: uncommitted work is rolled back, as after a
 * kill. A second signal exits at once.
 */
export function closeOnSignals(server: RunningServer, timeoutMs: number): void {
  const stop = (signal: string) => {
    process.stderr.write(`amr: ${signal} received, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(`amr: shutdown took longer than ${timeoutMs} ms (AMR_SHUTDOWN_TIMEOUT_MS); exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
    process.once(signal, () => process.exit(1));
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`amr: shutdown failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
