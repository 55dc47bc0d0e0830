// SQLite engine: better-sqlite3 connections (one reader, one writer, WAL) behind SqlExecutor.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type CompiledQuery } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlEngine, SqlExecutor } from '../sql/executor.js';
import { Mutex } from '../../util/mutex.js';

type Param = string | number | bigint | null | Buffer;

function toParams(values: readonly unknown[]): Param[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Param)));
}

class SqliteExecutor implements SqlExecutor {
  private readonly statements = new Map<string, Database.Statement>();
  constructor(
    private readonly db: Database.Database,
    private readonly qb: Kysely<DB>,
  ) {}

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

  async insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    if (rows.length === 0) return;
    const template = Object.fromEntries(columns.map((c) => [c, null]));
    // The text is compiled by the builder once per (table, columns) and cached with the statement.
    const compiled = this.qb.insertInto(table).values(template as never).compile();
    const stmt = this.prepare(compiled.sql);
    for (const row of rows) stmt.run(...toParams(row));
  }
}

export interface SqliteEngineOptions {
  /** A file path, or ':memory:' (one shared connection: tests only). */
  readonly path: string;
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

function open(path: string, role: 'reader' | 'writer'): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  // Applies to a new database only (before its first table): 8 KiB pages make bulk imports
  // ~20% faster than 4 KiB here (docs/decisions/0007).
  if (role === 'writer') db.pragma('page_size = 8192');
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma(role === 'writer' ? 'cache_size = -131072' : 'cache_size = -65536');
  if (role === 'reader') db.pragma('mmap_size = 268435456');
  return db;
}

export function openSqliteEngine(options: SqliteEngineOptions): SqlEngine {
  const memory = options.path === ':memory:';
  if (!memory) mkdirSync(dirname(options.path), { recursive: true });
  const writerDb = open(options.path, 'writer');
  const readerDb = memory ? writerDb : open(options.path, 'reader');
  const qb = compileOnlySqlite();
  const writer = new SqliteExecutor(writerDb, qb);
  const reader = memory ? writer : new SqliteExecutor(readerDb, qb);
  const mutex = new Mutex();
  return {
    dialect: 'sqlite',
    qb,
    reader,
    async writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return mutex.run(async () => {
        writerDb.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(writer);
          writerDb.exec('COMMIT');
          return result;
        } catch (err) {
          if (writerDb.inTransaction) writerDb.exec('ROLLBACK');
          throw err;
        }
      });
    },
    async close(): Promise<void> {
      await mutex.run(async () => {
        if (readerDb !== writerDb) readerDb.close();
        writerDb.close();
      });
    },
  };
}
