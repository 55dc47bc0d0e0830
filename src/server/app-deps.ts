// What the HTTP server is built from (buildApp in app.ts): its own module, so the route files that
// take these dependencies import them without importing app.ts, which imports the route files.
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { Config, Env } from './config.js';
import type { SigningKey } from './tokens.js';
import type { SyncLoopApi } from './sync-loop.js';

export interface AppDeps {
  readonly config: Config;
  readonly store: Store;
  readonly signingKey: SigningKey;
  readonly skipTokenSecret: string;
  readonly logger: Logger | false;
  readonly now: () => Date;
  /**
   * This run's local access code (docs/decisions/0056), made at start and shown only to whoever
   * started amr: the demo sign-in asks for it (dev mode; printed in the dashboard URL by
   * `amr serve` and `npm start`), and so does /metrics without AMR_METRICS_KEY. Absent or null
   * (and always behind a proxy): neither answers.
   */
  readonly localCode?: string | null;
  /**
   * The sync orchestrator, for `--sync-every` (config.syncEveryMs): without it no background sync
   * runs, and /readyz shows no sync.
   */
  readonly sync?: SyncLoopApi;
  /** The environment the orchestrator reads AMR_SYNC_* from. */
  readonly syncEnv?: Env;
}
