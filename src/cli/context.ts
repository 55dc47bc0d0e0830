// What every command gets: the parsed configuration and a way to report to the user.
import type { Config, Env } from '../server/config.js';
import { loadConfig } from '../server/config.js';
import type { SyncApi } from '../sync/run/contract.js';

export interface CliIO {
  readonly env: Env;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream & { isTTY?: boolean };
  /** The sync orchestrator (tests pass a double); default src/sync/run/index.ts. */
  readonly sync?: SyncApi;
  /** The clock (tests pin it); default the system's. */
  readonly now?: () => Date;
}

/** A failure the user can fix: printed as one line, exit code 1. */
export class CliError extends Error {}

export interface CommonOptions {
  readonly db?: string;
  readonly host?: string;
  readonly port?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly retentionDays?: string;
  readonly syncEvery?: string;
  readonly readers?: string;
}

export function configFor(io: CliIO, options: CommonOptions): Config {
  return loadConfig(io.env, {
    db: options.db,
    host: options.host,
    port: options.port,
    tlsCert: options.tlsCert,
    tlsKey: options.tlsKey,
    retentionDays: options.retentionDays,
    syncEvery: options.syncEvery,
    readers: options.readers,
  });
}
