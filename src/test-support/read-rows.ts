// What a test's database holds, read on a connection of its own and not through the store: a
// SQLite file (read-only) or a PostgreSQL database by URL (test-db.ts). For tests that compare
// two stores' tables, or watch another process (a CLI, a server) write.
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { TABLES } from '../store/schema.js';
import { databaseLocation } from '../store/postgres/database-url.js';

/**
 * Counts and sums come back as numbers on both engines (as the store reads them): pg would give
 * int8 and numeric as strings, and a test comparing `count(*)` with a number would fail for that.
 */
function numericTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, (v: string) => Number(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  return types;
}

/** Rows of `query` (SQL both engines take) on the database `db` names. */
export async function readRows<R = Record<string, unknown>>(db: string, query: string): Promise<R[]> {
  const location = databaseLocation(db);
  if (location.kind === 'sqlite') {
    if (location.path === ':memory:') throw new Error('readRows reads a database another connection can open: use testDatabaseFile(dir), not testDatabase()');
    const d = new Database(location.path, { readonly: true, fileMustExist: true });
    try {
      return d.prepare(query).all() as R[];
    } finally {
      d.close();
    }
  }
  const client = new pg.Client({ connectionString: location.url, types: numericTypes() });
  await client.connect();
  try {
    return (await client.query(query)).rows as R[];
  } finally {
    await client.end();
  }
}

/** Like readRows, but none while the database or its tables do not exist yet (another process is creating them). */
export async function peekRows<R = Record<string, unknown>>(db: string, query: string): Promise<R[]> {
  try {
    return await readRows<R>(db, query);
  } catch {
    return [];
  }
}

/**
 * Everything the database stores, as text to search (a secret that must not be stored): on SQLite
 * the bytes of the file and its WAL, on PostgreSQL every row of amr's tables as text.
 */
export async function storedText(db: string): Promise<string> {
  const location = databaseLocation(db);
  if (location.kind === 'sqlite') {
    return ['', '-wal', '-journal']
      .map((s) => location.path + s)
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f, 'latin1'))
      .join('\n');
  }
  const parts: string[] = [];
  for (const table of TABLES) {
    const rows = await readRows<{ t: string }>(db, `select t::text as t from "${table}" t`);
    for (const r of rows) parts.push(r.t);
  }
  return parts.join('\n');
}
