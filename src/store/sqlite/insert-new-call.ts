// The main thread's half of insertNew (insert-new.ts): the inserts and the counters' upserts
// compiled to SQL text (the writer thread gets SQL text only).
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { NewRows } from '../sql/new-rows.js';
import { insertSql } from '../sql/executor.js';
import type { InsertNewCall } from './insert-new.js';

export function insertNewCall(qb: Kysely<DB>, rows: NewRows): InsertNewCall {
  return {
    sql: insertSql(qb, rows.table, rows.names, { ignoreDuplicates: true }),
    columns: rows.columns,
    rowCount: rows.rowCount,
    counters: rows.counters.map((c) => ({
      sql: insertSql(qb, c.table, [...c.key, ...c.add], { addOnConflict: { key: c.key, add: c.add } }),
      keys: c.keys,
      width: c.add.length,
      offsets: c.offsets,
      bumps: c.bumps,
    })),
    dependents: (rows.dependents ?? []).map((d) => ({
      sql: insertSql(qb, d.table, d.names, { ignoreDuplicates: true }),
      columns: d.columns,
      owners: d.owners,
    })),
  };
}
