// SQLite engine: better-sqlite3 behind SqlExecutor. A file database has a reader connection on
// the main thread and its writer on a thread of its own (WAL: readers see the last commit);
// ':memory:' (tests) has one connection on the main thread for both.
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
import type { NewRowInserter, NewRows, NewRowsStored } from '../sql/new-rows.js';
import { insertNewCall } from './insert-new-call.js';
import { insertNewCounted } from './insert-new.js';
import type { IndexDeferrer } from '../sql/bulk-load.js';
import { IndexKeeper } from './deferred-indexes.js';

class SqliteExecutor implements SqlExecutor, NewRowInserter, IndexDeferrer {
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
    begin: async () => { db.exec('BEGIN IMMEDIATE'); },
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
    close: async () => { db.close(); },
  };
}

function onThread(thread: WriterThread): WriteSide {
  return {
    tx: thread,
    // Not waited for (decision 0012): the thread refuses every later statement of a transaction
    // whose BEGIN failed, so the first read or the commit reports it.
    begin: async () => { thread.call({ op: 'begin' }).catch(() => undefined); },
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

export function openSqliteEngine(options: { readonly path: string }): SqlEngine {
  const memory = options.path === ':memory:';
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  const qb = compileOnlySqlite();
  const thread = memory ? null : new WriterThread(options.path, qb);
  const checkpointer = memory ? null : new CheckpointThread(options.path);
  const mainDb = openConnection(options.path, memory ? 'writer' : 'reader');
  const reader = new SqliteExecutor(mainDb, qb);
  const write = thread ? onThread(thread) : inThread(mainDb, reader);
  const mutex = new Mutex();
  return {
    dialect: 'sqlite',
    qb,
    reader,
    insertsNew: true,
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
      await mutex.run(async () => {
        await checkpointer?.close();
        await write.close();
        if (thread) mainDb.close();
      });
    },
  };
}
