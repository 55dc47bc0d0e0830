// A page of rows SQLite wrote as JSON (row-json-sql.ts), joined by SQLite too: one value of a
// page's bytes crosses into JavaScript instead of a value per row (decision 0007, serialised
// pages). Shared by the main thread's reader and the pool's threads.
import type Database from 'better-sqlite3';
import { toParams } from './connection.js';
import type { JsonPageRows } from '../sql/json-rows.js';

export interface QueryText {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A statement's rows as arrays; the cached statement is left as it was found. */
function rawRows(stmt: Database.Statement, params: readonly unknown[]): unknown[][] {
  try {
    return stmt.raw(true).all(...toParams(params)) as unknown[][];
  } finally {
    stmt.raw(false);
  }
}

/**
 * `rows` selects one column named `j`, each row's JSON. It runs as a subquery whose ORDER BY and
 * LIMIT keep it from being flattened into the aggregate: SQLite runs it as a co-routine and
 * group_concat takes its rows in their order (the store's property tests compare every page with
 * the rows read one by one).
 */
export function readJsonPage(prepare: (sql: string) => Database.Statement, rows: QueryText, tail: QueryText): JsonPageRows {
  const [joined, count] = rawRows(prepare(`select cast(group_concat(j, ',') as blob), count(*) from (${rows.sql})`), rows.params)[0] as [Uint8Array | null, number];
  const tailRows = rawRows(prepare(tail.sql), tail.params);
  // A buffer of its own, so the pool can hand it to the main thread without a copy.
  const json = joined === null ? new Uint8Array(0)
    : joined.byteOffset === 0 && joined.byteLength === joined.buffer.byteLength ? joined : new Uint8Array(joined);
  return { json, rows: count, tail: tailRows };
}
