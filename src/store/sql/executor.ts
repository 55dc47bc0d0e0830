// The thin seam between SQL written once (kysely, compile-only) and each engine's driver.
// docs/decisions/0001: kysely builds and compiles every query; a dialect supplies only this.
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../schema.js';
import type { JsonRowsLayout } from './json-rows.js';

export type Row = Record<string, unknown>;

export interface SqlExecutor {
  /** Rows of a query. */
  all<R = Row>(query: CompiledQuery<R>): Promise<R[]>;
  /** Rows as arrays in select-list order: cheaper than objects on hot, wide reads. */
  arrays(query: CompiledQuery): Promise<unknown[][]>;
  /** A statement whose rows are not wanted; returns the affected row count. */
  run(query: CompiledQuery): Promise<number>;
  /**
   * Insert many rows into one table with the same columns. The SQL text is compiled once by
   * the builder; each engine executes it in its fastest way (prepared statement, multi-row…).
   */
  insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: InsertOptions): Promise<void>;
  /**
   * Inside a write transaction: waits until no other transaction, on any server sharing the
   * database, holds the same key, and holds it until this one ends. An engine whose writers are
   * already one at a time (SQLite: BEGIN IMMEDIATE) has none.
   */
  advisoryLock?(key: string): Promise<void>;
  /** As advisoryLock, without waiting: false when another transaction holds the key. */
  tryAdvisoryLock?(key: string): Promise<boolean>;
}

export interface InsertOptions {
  /** Skip rows whose key is already stored (ON CONFLICT DO NOTHING) instead of failing. */
  readonly ignoreDuplicates?: boolean;
  /** Rollups: on a key conflict, add these columns' values to the stored ones. */
  readonly addOnConflict?: { readonly key: readonly string[]; readonly add: readonly string[] };
}

/** The INSERT text for `rows` rows (default one) of these columns, compiled once by the builder. */
export function insertSql(qb: Kysely<DB>, table: keyof DB & string, columns: readonly string[], options?: InsertOptions, rows = 1): string {
  const template = Object.fromEntries(columns.map((c) => [c, null]));
  const insert = qb.insertInto(table).values((rows === 1 ? template : Array.from({ length: rows }, () => template)) as never);
  const adding = options?.addOnConflict;
  if (adding) {
    return insert
      .onConflict((oc) =>
        oc
          .columns(adding.key as never)
          .doUpdateSet((eb) => Object.fromEntries(adding.add.map((c) => [c, eb(sql.ref(`${table}.${c}`), '+', sql.ref(`excluded.${c}`))])) as never),
      )
      .compile().sql;
  }
  return (options?.ignoreDuplicates ? insert.onConflict((oc) => oc.doNothing()) : insert).compile().sql;
}

export interface SqlEngine {
  readonly dialect: 'sqlite' | 'postgres';
  /** Builder only: `.compile()` its queries and hand them to an executor. */
  readonly qb: Kysely<DB>;
  /** Reads on their own connection, so they see committed state while an import writes. */
  readonly reader: SqlExecutor;
  /**
   * Optional: the same reads, let wait behind the reader's when both queue (an export's next pages,
   * read-ahead), so that a first page someone waits for goes first. Absent: `reader` for all.
   */
  readonly bulkReader?: SqlExecutor;
  /**
   * Runs fn in one write transaction: everything or nothing. Writers are serialised; fn may
   * await (streams, yields), and readers keep seeing the last committed state meanwhile.
   */
  writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs in the migrating transaction after migrations were applied: what the dialect needs of a
   * schema that kysely's builder cannot say once for both (PostgreSQL: byte-order collation).
   */
  afterMigrate?(tx: SqlExecutor): Promise<void>;
  /**
   * A short transaction on a connection of its own, beside (not after) the write transaction under
   * way: what several servers share and must change at once, such as throttle admissions. Engines
   * whose database one server owns (SQLite) have none; their callers keep such state in memory.
   */
  sideTransaction?<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Its write transactions' executor stores new rows in one request (new-rows.ts NewRowInserter). */
  readonly insertsNew: boolean;
  /**
   * Optional: a row's JSON object written by the database, as one select-list expression (decision
   * 0007, serialised pages); `columns[field.column]` names each field's column. With it, the
   * reader is a JsonPageReader (json-rows.ts); without it, pages are written from the rows'
   * columns in JavaScript, byte for byte the same.
   */
  readonly rowJsonSql?: (layout: JsonRowsLayout, columns: readonly string[]) => RawBuilder<string>;
  close(): Promise<void>;
}
