// PostgreSQL engine: node-postgres (pg) behind SqlExecutor, running the same kysely-compiled SQL
// as SQLite (decision 0001). Reads use a connection pool; a write transaction holds one pooled
// connection from BEGIN to COMMIT; bulk inserts go through COPY (decision 0074).
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery } from 'kysely';
import type { DB } from '../schema.js';
import { insertSql, type InsertOptions, type SqlEngine, type SqlExecutor } from '../sql/executor.js';
import { Mutex } from '../../util/mutex.js';
import { copyText } from './copy-text.js';
import { describePostgresError } from './errors.js';
import { textColumnsInByteOrder } from './collation.js';

export function compileOnlyPostgres(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/**
 * Results read as SQLite gives them, so the SQL layer sees one engine: 64-bit integers and
 * numerics as numbers (counts, sums; amr's never pass 2^53), booleans of expressions as 1 and 0.
 */
function typeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(20, (v: string) => Number(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  types.setTypeParser(16, (v: string) => (v === 't' ? 1 : 0));
  return types;
}

/** PostgreSQL binds booleans as true/false; amr's columns are integers 0/1 on every engine. */
function toParams(values: readonly unknown[]): unknown[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v));
}

/** Rows per multi-row INSERT: PostgreSQL takes at most 65,535 parameters a statement. */
function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(65_535 / Math.max(1, columns))));
}

/** Statement names for server-side prepared statements: one per SQL text, the same on every connection. */
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `amr_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 10_000) names.set(text, name);
  }
  return name;
}

type Queryable = pg.Pool | pg.PoolClient;

class PostgresExecutor implements SqlExecutor {
  constructor(
    private readonly db: Queryable,
    private readonly qb: Kysely<DB>,
    /** A transaction's connection can COPY; the pool cannot (each query may take another connection). */
    private readonly client: pg.PoolClient | null,
  ) {}

  /** `prepare`: keep it as a named statement on the connection (reads and fixed-size inserts; not one-off texts). */
  private async query(text: string, values: readonly unknown[], rowMode?: 'array', prepare = true): Promise<pg.QueryResult> {
    try {
      return await this.db.query({ ...(prepare ? { name: statementName(text) } : {}), text, values: toParams(values), ...(rowMode ? { rowMode } : {}) });
    } catch (err) {
      throw describePostgresError(err, text);
    }
  }

  async all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return (await this.query(query.sql, query.parameters)).rows as R[];
  }

  async arrays(query: CompiledQuery): Promise<unknown[][]> {
    return (await this.query(query.sql, query.parameters, 'array')).rows as unknown[][];
  }

  async run(query: CompiledQuery): Promise<number> {
    return (await this.query(query.sql, query.parameters)).rowCount ?? 0;
  }

  async insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return;
    if (options === undefined && this.client !== null) return this.copy(this.client, table, columns, rows);
    const adding = options?.addOnConflict;
    // ON CONFLICT DO UPDATE may not touch one row twice in a statement: sum the batch's own repeats first.
    const batch = adding ? sumByKey(columns, rows, adding.key, adding.add) : rows;
    const per = rowsPerStatement(columns.length);
    for (let start = 0; start < batch.length; start += per) {
      const chunk = batch.slice(start, start + per);
      const text = insertSql(this.qb, table, columns, options, chunk.length);
      await this.query(text, chunk.flat(), undefined, chunk.length === per || start === 0);
    }
  }

  private async copy(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    const text = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
    const CHUNK = 2_000;
    function* chunks(): Generator<string> {
      for (let start = 0; start < rows.length; start += CHUNK) yield copyText(table, columns, rows.slice(start, start + CHUNK));
    }
    try {
      await pipeline(Readable.from(chunks()), client.query(copyFrom(text)));
    } catch (err) {
      throw describePostgresError(err, text);
    }
  }

  /** Serialises transactions that name the same key, across every server on the database; held to COMMIT. */
  async advisoryLock(key: string): Promise<void> {
    await this.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`amr:${key}`]);
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

function sumByKey(columns: readonly string[], rows: readonly (readonly unknown[])[], key: readonly string[], add: readonly string[]): (readonly unknown[])[] {
  const keyAt = key.map((k) => columns.indexOf(k));
  const addAt = add.map((a) => columns.indexOf(a));
  const merged = new Map<string, unknown[]>();
  for (const row of rows) {
    const id = JSON.stringify(keyAt.map((i) => row[i]));
    const seen = merged.get(id);
    if (seen === undefined) {
      merged.set(id, [...row]);
      continue;
    }
    for (const i of addAt) seen[i] = Number(seen[i]) + Number(row[i]);
  }
  return [...merged.values()];
}

/** fn in one transaction on a pooled connection: committed if it returns, rolled back if it throws. */
async function transaction<T>(pool: pg.Pool, qb: Kysely<DB>, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(new PostgresExecutor(client, qb, client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // A connection that cannot roll back is not given to anyone else.
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

export interface PostgresEngineOptions {
  /** postgres:// or postgresql:// URL (libpq's form, as pg reads it). */
  readonly url: string;
  /** Reader connections (default 10). */
  readonly poolSize?: number;
}

export async function openPostgresEngine(options: PostgresEngineOptions): Promise<SqlEngine> {
  const qb = compileOnlyPostgres();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    types: typeParsers(),
    application_name: 'amr',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server drops (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw describePostgresError(err, null);
  }
  const reader = new PostgresExecutor(pool, qb, null);
  const mutex = new Mutex();
  return {
    dialect: 'postgres',
    qb,
    reader,
    insertsNew: false,
    afterMigrate: (tx) => textColumnsInByteOrder(tx, qb),
    writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return mutex.run(() => transaction(pool, qb, fn));
    },
    sideTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return transaction(pool, qb, fn);
    },
    async close(): Promise<void> {
      await mutex.run(() => pool.end());
    },
  };
}
