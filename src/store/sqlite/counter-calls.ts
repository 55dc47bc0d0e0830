// The main thread's half of insertNew (insert-new.ts): the counters' upserts compiled to SQL text.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { NewRowCounters } from '../sql/activity-writer.js';
import { insertSql } from '../sql/executor.js';
import type { CounterCall } from './insert-new.js';

/** Compiles the counters' upserts (on the main thread: the writer thread gets SQL text only). */
export function counterCalls(qb: Kysely<DB>, counters: readonly NewRowCounters[]): CounterCall[] {
  return counters.map((c) => ({
    sql: insertSql(qb, c.table, [...c.key, ...c.add], { addOnConflict: { key: c.key, add: c.add } }),
    keys: c.keys, width: c.add.length, offsets: c.offsets, bumps: c.bumps,
  }));
}
