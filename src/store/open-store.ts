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
  /** SQLite reader threads (`amr serve --readers`); 0, 1 or absent: reads on the main thread. */
  readonly readers?: number;
}

/** A --db / AMR_DB value amr cannot use: refused before anything is created. */
export class DatabaseLocationError extends Error {
  override readonly name = 'DatabaseLocationError';
}

/**
 * The SQLite file a --db / AMR_DB value names, or a DatabaseLocationError. A URL is never taken
 * for a path: `postgres://host/db` once became a SQLite file under `./postgres:/host/` (issue 13).
 */
export function sqlitePathOf(db: string): string {
  const where = `the database location ${JSON.stringify(db)} (--db or AMR_DB)`;
  if (db.trim() === '') throw new DatabaseLocationError(`${where} is empty: give a file path for SQLite, e.g. ./data/amr.db`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/.exec(db);
  // One letter before ':' is a Windows drive (C:\data\amr.db), not a scheme.
  if (scheme !== null && scheme[1]!.length > 1) {
    const name = scheme[1]!.toLowerCase();
    if (name === 'postgres' || name === 'postgresql') {
      throw new DatabaseLocationError(`${where} is a PostgreSQL URL, which this build cannot open yet (PostgreSQL is issue 13's store); give a file path for SQLite`);
    }
    throw new DatabaseLocationError(`${where} is a ${name}: URL: give a file path for SQLite (e.g. ./data/amr.db)`);
  }
  return db;
}

/** Opens (creating when needed) the database and applies pending migrations. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const now = options.now ?? (() => new Date());
  const engine = openSqliteEngine({ path: sqlitePathOf(options.db), readers: options.readers });
  try {
    await migrate(engine, now);
  } catch (err) {
    await engine.close();
    throw new Error(`cannot prepare the database at ${options.db}: ${(err as Error).message}`, { cause: err });
  }
  return new SqlStore(engine, { now, pagingGraceMs: options.pagingGraceMs ?? 60 * 60 * 1000 });
}
