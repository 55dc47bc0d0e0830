// A page of rows SQLite wrote as JSON (row-json-sql.ts), joined by SQLite too: one value of a
// page's bytes crosses into JavaScript instead of a value per row (decision 0007, serialised
// pages). Shared by the main thread's reader and the pool's threads.
import type Database from 'better-sqlite3';
import { toParams } from './connection.js';
import type { JsonRows } from '../sql/json-rows.js';

export interface QueryText {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Joins rows in group_concat: JSON text holds no raw control character, so it cannot occur in a row. */
const RS = 0x1e;
const COMMA = 0x2c;

/** The statements wrapping a page's rows query, by key count (a handful). */
function aggregateSql(rows: string, keys: number): string {
  const k = Array.from({ length: keys }, (_, i) => `k${i}`).join(', ');
  return `select cast(group_concat(j, char(${RS})) as blob), json_group_array(json_array(${k})), count(*) from (${rows})`;
}

/**
 * `rows` selects `j` (a row's JSON) and the sort keys `k0`…, ordered, at most `limit + 1` rows. It runs
 * as a subquery whose ORDER BY keeps it from being flattened into the aggregate (SQLite's rule for an
 * aggregate over an ordered subquery): SQLite runs it as a co-routine, so group_concat and
 * json_group_array take its rows in page order, one pass for the rows, their keys and the row after.
 * The store's property tests compare every page with the rows read one by one.
 */
export function readJsonPage(prepare: (sql: string) => Database.Statement, rows: QueryText, keys: number, limit: number): JsonRows {
  const stmt = prepare(aggregateSql(rows.sql, keys));
  let joined: Uint8Array | null;
  let keysJson: string;
  let count: number;
  try {
    [joined, keysJson, count] = stmt.raw(true).get(...toParams(rows.params)) as [Uint8Array | null, string, number];
  } finally {
    stmt.raw(false);
  }
  let json = joined ?? new Uint8Array(0);
  // The row after the page tells only that more follow: its JSON is cut off.
  if (count > limit) json = json.subarray(0, json.lastIndexOf(RS));
  for (let at = json.indexOf(RS); at >= 0; at = json.indexOf(RS, at + 1)) json[at] = COMMA;
  const rowsRead = Math.min(count, limit);
  const last = rowsRead > 0 ? (JSON.parse(keysJson) as unknown[][])[rowsRead - 1]! : null;
  return { json, rows: rowsRead, last, more: count > limit };
}
