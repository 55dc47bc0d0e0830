// SQLite engine: better-sqlite3 behind SqlExecutor. A file database has its writer on a thread of
// its own and its reads on the main thread's connection or, with `readers` of 2 or more, on a pool
// of reader threads (WAL: readers see the last commit); ':memory:' (tests) has one connection on
// the main thread for both.
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type CompiledQuery } from 'kysely';
import type { DB } from '../schema.js';
import { insertSql, type InsertOptions, type SqlEngine, type SqlExecutor } from '../sql/executor.js';
import { Mutex } from '../../util/mutex.js';
import { openConnection, toParams } from './connection.js';
import { WriterThread } from './worker-writer.js';
import { CheckpointThread } from './checkpointer.js';
import { ReaderPool } from './reader-pool.js';
import { rowJsonSql } from './row-json-sql.js';
import { readJsonPage } from './json-page.js';
import type { JsonPageReader, JsonRows } from '../sql/json-rows.js';
import type { NewRowInserter, NewRows, NewRowsStored } from '../sql/new-rows.js';
import { insertNewCall } from './insert-new-call.js';
import { insertNewCounted } from './insert-new.js';
import type { IndexDeferrer } from '../sql/bulk-load.js';
import { IndexKeeper } from './deferred-indexes.js';

class SqliteExecutor implements SqlExecutor, NewRowInserter, JsonPageReader, IndexDeferrer {
  private readonly statements = new Map<string, Database.Statement>();
  /** The write transaction's deferred indexes, when this connection writes (':memory:'). */
  readonly indexes: IndexKeeper;
  constructor(
    private readonly db: Database.Database,
    private readonly qb: Kysely<DB>,
  ) {
    this.indexes = new IndexKeeper(db);
  }

  private prepare(text: string): Database.Statement {
    let stmt = this.statements.get(text);
    if (stmt === undefined) {
      stmt = this.db.prepare(text);
      this.statements.set(text, stmt);
    }
    return stmt;
  }

  async all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return this.prepare(query.sql).all(...toParams(query.parameters)) as R[];
  }

  async arrays(query: CompiledQuery): Promise<unknown[][]> {
    const stmt = this.prepare(query.sql);
    try {
      return stmt.raw(true).all(...toParams(query.parameters)) as unknown[][];
    } finally {
      stmt.raw(false);
    }
  }

  async run(query: CompiledQuery): Promise<number> {
    return this.prepare(query.sql).run(...toParams(query.parameters)).changes;
  }

  async jsonPage(rows: CompiledQuery, keys: number, limit: number): Promise<JsonRows> {
    return readJsonPage((text) => this.prepare(text), { sql: rows.sql, params: rows.parameters }, keys, limit);
  }

  async insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return;
    const stmt = this.prepare(insertSql(this.qb, table, columns, options));
    for (const row of rows) stmt.run(...toParams(row));
  }

  async insertNew(rows: NewRows): Promise<NewRowsStored> {
    return insertNewCounted((text) => this.prepare(text), insertNewCall(this.qb, rows));
  }

  async deferIndexes(table: keyof DB & string): Promise<void> {
    this.indexes.defer(table);
  }

  async restoreIndexes(table: keyof DB & string): Promise<void> {
    this.indexes.restore(table);
  }
}

export function compileOnlySqlite(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

/** How a write transaction begins, ends and is used, whichever thread runs it. */
interface WriteSide {
  readonly tx: SqlExecutor;
  begin(): Promise<void>;
  /**
   * Sends the commit now, after every statement sent before it; the promise settles with its answer
   * and rejects with the first failure (then nothing is kept, and the transaction is over: no rollback follows).
   */
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

function inThread(db: Database.Database, tx: SqliteExecutor): WriteSide {
  return {
    tx,
    begin: async () => {
      db.exec('BEGIN IMMEDIATE');
    },
    commit: async () => {
      try {
        tx.indexes.restoreAll();
        db.exec('COMMIT');
        tx.indexes.committed();
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        tx.indexes.forget();
        throw err;
      }
    },
    rollback: async () => {
      if (db.inTransaction) db.exec('ROLLBACK');
      tx.indexes.forget();
    },
    close: async () => {
      db.close();
    },
  };
}

function onThread(thread: WriterThread): WriteSide {
  return {
    tx: thread,
    // Not waited for (decision 0012): the thread refuses every later statement of a transaction
    // whose BEGIN failed, so the first read or the commit reports it.
    begin: async () => {
      thread.call({ op: 'begin' }).catch(() => undefined);
    },
    commit: () => thread.commit(),
    rollback: async () => {
      // Replies come in order: once the rollback's has, every earlier insert has reported, so
      // no failure of this transaction can reach the next one.
      try {
        await thread.call({ op: 'rollback' });
      } finally {
        thread.reset();
      }
    },
    close: () => thread.close(),
  };
}

export interface SqliteEngineOptions {
  readonly path: string;
  /**
   * Reader threads for a file database (`amr serve --readers`): 2 or more run reads on a pool of
   * threads (reader-pool.ts); 0, 1 or absent, on the main thread's one connection. ':memory:' has
   * one connection whatever this says.
   */
  readonly readers?: number;
}

export function openSqliteEngine(options: SqliteEngineOptions): SqlEngine {
  const memory = options.path === ':memory:';
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  const qb = compileOnlySqlite();
  const pooled = !memory && (options.readers ?? 0) >= 2;
  // The pool's read-only connections cannot create the file or set WAL mode: this one does, before
  // any thread opens it (it returns at once when the database exists).
  const mainDb = pooled ? null : openConnection(options.path, memory ? 'writer' : 'reader');
  if (pooled) openConnection(options.path, 'reader').close();
  const thread = memory ? null : new WriterThread(options.path, qb);
  const checkpointer = memory ? null : new CheckpointThread(options.path);
  const pool = pooled ? new ReaderPool(options.path, { size: options.readers! }) : null;
  const mainReader = mainDb === null ? null : new SqliteExecutor(mainDb, qb);
  const reader: SqlExecutor = pool ?? mainReader!;
  // No thread means ':memory:', which is never pooled: its one connection writes too.
  const write = thread ? onThread(thread) : inThread(mainDb!, mainReader!);
  const mutex = new Mutex();
  return {
    dialect: 'sqlite',
    qb,
    reader,
    ...(pool === null ? {} : { bulkReader: pool.bulk }),
    insertsNew: true,
    rowJsonSql,
    writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const sent = mutex.run(async () => {
        await write.begin();
        let result: T;
        try {
          result = await fn(write.tx);
        } catch (err) {
          await write.rollback().catch(() => undefined);
          throw err;
        }
        // The next transaction may be sent once this commit is (decision 0012): the writer thread
        // runs them in order, so it always has the next batch at hand.
        const committed = write.commit();
        committed.catch(() => undefined);
        return { result, committed };
      });
      return sent.then(async ({ result, committed }) => {
        await committed;
        return result;
      });
    },
    async close(): Promise<void> {
      // Readers first: the writer, closing last, then checkpoints and removes the WAL.
      await pool?.close();
      await mutex.run(async () => {
        await checkpointer?.close();
        await write.close();
        if (thread) mainDb?.close();
      });
    },
  };
}
