// Starts the server: opens the store, loads keys, listens, and shuts down cleanly on signals.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ensureSigningKey } from './tokens.js';

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: { quiet?: boolean } = {}): Promise<RunningServer> {
  const now = () => new Date();
  const store = await openStore({ db: config.db, now, pagingGraceMs: config.pagingGraceMinutes * 60_000 });
  const signingKey = await ensureSigningKey(store);
  const skipTokenSecret = await store.getOrCreateSetting('skiptoken_secret', () => randomBytes(32).toString('base64url'));
  const logger = options.quiet ? false : pino({ level: config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-amr-admin-key"]'] });
  const app = await buildApp({ config, store, signingKey, skipTokenSecret, logger, now });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | null = null;
  return {
    app, store, url: `${config.tls ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`,
    close() {
      closing ??= (async () => { await app.close(); await store.close(); })();
      return closing;
    },
  };
}

/** Closes on SIGTERM/SIGINT: in-flight requests finish, then the database closes. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    process.stderr.write(`amr: ${signal} received, shutting down\n`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`amr: shutdown failed: ${(err as Error).message}\n`);
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
