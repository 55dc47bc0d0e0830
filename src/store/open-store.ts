// Builds the concrete store from configuration; only server/ and cli/ call this.
import type { Store } from './store.js';
import { openSqliteEngine } from './sqlite/sqlite-engine.js';
import { migrate } from './sql/migrations.js';
import { SqlStore } from './sql/sql-store.js';

export interface OpenStoreOptions {
  /** SQLite file path, or ':memory:'. */
  readonly db: string;
  readonly now?: () => Date;
  readonly pagingGraceMs?: number;
}

/** Opens (creating when needed) the database and applies pending migrations. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const engine = openSqliteEngine({ path: options.db });
  try {
    await migrate(engine, now);
  } catch (err) {
    await engine.close();
    throw new Error(`cannot prepare the database at ${options.db}: ${(err as Error).message}`, { cause: err });
  }
  return new SqlStore(engine, { now, pagingGraceMs: options.pagingGraceMs ?? 60 * 60 * 1000 });
}
