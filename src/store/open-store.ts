// Builds the concrete store from configuration; only server/ and cli/ call this.
import type { Store } from './store.js';
import type { SqlEngine } from './sql/executor.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { openPostgresEngine } from './postgres/postgres-engine.js';
import { databaseLocation, redactUrl } from './postgres/database-url.js';
import { migrate } from './sql/migrations.js';
import { SqlStore } from './sql/sql-store.js';

export { DatabaseLocationError, databaseLocation, redactUrl } from './postgres/database-url.js';

export interface OpenStoreOptions {
  /** SQLite file path, ':memory:', or a postgres:// / postgresql:// URL. */
  readonly db: string;
  readonly now?: () => Date;
  readonly pagingGraceMs?: number;
  /** SQLite reader threads (`amr serve --readers`); 0, 1 or absent: reads on the main thread. */
  readonly readers?: number;
}

/** Opens the engine a --db value names, without migrating. */
export async function openEngine(db: string, readers?: number): Promise<SqlEngine> {
  const location = databaseLocation(db);
  return location.kind === 'postgres' ? openPostgresEngine({ url: location.url }) : openSqliteEngine({ path: location.path, readers });
}

/** Opens (creating when needed) the database and applies pending migrations. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const engine = await openEngine(options.db, options.readers);
  let applied: number[];
  try {
    applied = await migrate(engine, now);
  } catch (err) {
    await engine.close();
    throw new Error(`cannot prepare the database at ${redactUrl(options.db)}: ${(err as Error).message}`, { cause: err });
  }
  const store = new SqlStore(engine, { now, pagingGraceMs: options.pagingGraceMs ?? 60 * 60 * 1000 });
  // A database upgraded across migration 8 has report states without userProtection cells or
  // breakdowns (decision 0091): each tenant's is computed again, once, from its stored state.
  if (applied.includes(8) && !applied.includes(1)) {
    for (const t of await store.listTenants()) if (t.currentGeneration !== null) await store.recompute(t.tenantId);
  }
  return store;
}
