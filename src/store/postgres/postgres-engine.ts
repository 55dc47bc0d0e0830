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
import { PostgresNewRows, quote, readTableShape, type RunQuery, type TableShape } from './insert-new.js';
import type { NewRowInserter, NewRows, NewRowsStored } from '../sql/new-rows.js';

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

/** Multi-row INSERT texts by table, columns, options and rows: kysely builds a 1,000-row one in milliseconds, once. */
const insertTexts = new Map<string, string>();
function cachedInsertSql(qb: Kysely<DB>, table: keyof DB & string, columns: readonly string[], options: InsertOptions | undefined, rows: number): string {
  const id = JSON.stringify([table, columns, options ?? null, rows]);
  let text = insertTexts.get(id);
  if (text === undefined) {
    text = insertSql(qb, table, columns, options, rows);
    if (insertTexts.size < 1_000) insertTexts.set(id, text);
  }
  return text;
}

class PostgresExecutor implements SqlExecutor {
  /**
   * A transaction's statements, one after another in the order they were sent. The store sends
   * some before the previous answer is in (decision 0012); pg queues them, but warns that it will
   * not from pg 9, so they queue here. COMMIT queues behind them.
   */
  private tail: Promise<unknown> = Promise.resolve();
  /** The first failure of a transaction's statements: the transaction is rolled back, never committed past it. */
  private failure: unknown = null;

  constructor(
    private readonly db: Queryable,
    protected readonly qb: Kysely<DB>,
    /** A transaction's connection can COPY; the pool cannot (each query may take another connection). */
    private readonly client: pg.PoolClient | null,
  ) {}

  /** Set once COMMIT or ROLLBACK is sent: a statement sent later would run outside the transaction. */
  private ended = false;
  /**
   * The executor's calls not settled yet. One call may send several statements one after another
   * (insertNew, insertMany in chunks) and the store commits without awaiting some (decision 0012),
   * so COMMIT waits for the calls, not only for the statements already queued.
   */
  private readonly open = new Set<Promise<unknown>>();

  /** Tracks a call of a transaction's executor until it settles; its failure fails the transaction. */
  protected operation<T>(fn: () => Promise<T>): Promise<T> {
    if (this.client === null) return fn();
    const call = fn();
    this.open.add(call);
    call.then(
      () => this.open.delete(call),
      (err: unknown) => {
        this.open.delete(call);
        this.failure ??= err;
      },
    );
    return call;
  }

  /**
   * Runs `fn` after the transaction's earlier statements (at once on the pool); records the first
   * failure. `last`: COMMIT or ROLLBACK, after which nothing more is sent.
   */
  private inTurn<T>(fn: () => Promise<T>, last = false): Promise<T> {
    if (this.client === null) return fn();
    if (this.ended) return Promise.reject(new Error('a statement was sent after its transaction ended'));
    this.ended = last;
    const result = this.tail.then(fn, fn);
    this.tail = result.then(
      () => undefined,
      (err: unknown) => {
        this.failure ??= err;
      },
    );
    return result;
  }

  /** `prepare`: keep it as a named statement on the connection (reads and fixed-size inserts; not one-off texts). */
  protected query(text: string, values: readonly unknown[], rowMode?: 'array', prepare = true): Promise<pg.QueryResult> {
    return this.inTurn(async () => {
      try {
        return await this.db.query({ ...(prepare ? { name: statementName(text) } : {}), text, values: toParams(values), ...(rowMode ? { rowMode } : {}) });
      } catch (err) {
        throw describePostgresError(err, text);
      }
    });
  }

  /**
   * COMMIT after every statement sent; if one failed, throw its failure (the caller rolls back):
   * PostgreSQL would answer the COMMIT of a failed transaction with a silent ROLLBACK.
   */
  async commit(): Promise<void> {
    while (this.open.size > 0) await Promise.allSettled([...this.open]);
    await this.tail;
    if (this.failure !== null) throw this.failure;
    const done = await this.inTurn(() => this.db.query('COMMIT'), true);
    if (done.command !== 'COMMIT') throw new Error(`PostgreSQL rolled the transaction back at its COMMIT (${done.command})`);
  }

  /** ROLLBACK after the statements already sent; none is sent after it. */
  async rollback(): Promise<void> {
    if (this.ended) return;
    await this.inTurn(() => this.db.query('ROLLBACK'), true);
  }

  all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return this.operation(async () => (await this.query(query.sql, query.parameters)).rows as R[]);
  }

  arrays(query: CompiledQuery): Promise<unknown[][]> {
    return this.operation(async () => (await this.query(query.sql, query.parameters, 'array')).rows as unknown[][]);
  }

  run(query: CompiledQuery): Promise<number> {
    return this.operation(async () => (await this.query(query.sql, query.parameters)).rowCount ?? 0);
  }

  insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: InsertOptions): Promise<void> {
    return this.operation(() => this.insertRows(table, columns, rows, options));
  }

  private async insertRows(
    table: keyof DB & string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
    options?: InsertOptions,
  ): Promise<void> {
    if (rows.length === 0) return;
    if (options === undefined && this.client !== null) return this.copy(this.client, table, columns, rows);
    const adding = options?.addOnConflict;
    // ON CONFLICT DO UPDATE may not touch one row twice in a statement: sum the batch's own repeats first.
    const batch = adding ? sumByKey(columns, rows, adding.key, adding.add) : rows;
    const per = rowsPerStatement(columns.length);
    for (let start = 0; start < batch.length; start += per) {
      const chunk = batch.slice(start, start + per);
      const text = cachedInsertSql(this.qb, table, columns, options, chunk.length);
      await this.query(text, chunk.flat(), undefined, chunk.length === per || start === 0);
    }
  }

  private copy(client: pg.PoolClient, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
    const text = `COPY ${quote(table)} (${columns.map(quote).join(', ')}) FROM STDIN`;
    const CHUNK = 2_000;
    function* chunks(): Generator<string> {
      for (let start = 0; start < rows.length; start += CHUNK) yield copyText(table, columns, rows.slice(start, start + CHUNK));
    }
    return this.inTurn(async () => {
      try {
        await pipeline(Readable.from(chunks()), client.query(copyFrom(text)));
      } catch (err) {
        throw describePostgresError(err, text);
      }
    });
  }

  /** Serialises transactions that name the same key, across every server on the database; held to COMMIT. */
  advisoryLock(key: string): Promise<void> {
    return this.operation(async () => {
      await this.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`amr:${key}`]);
    });
  }

  tryAdvisoryLock(key: string): Promise<boolean> {
    return this.operation(async () => {
      const result = await this.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS held', [`amr:${key}`]);
      return (result.rows[0] as { held: number } | undefined)?.held === 1;
    });
  }
}

/** A write transaction's executor: the pool's, plus insertNew (new-rows.ts) on its connection. */
class PostgresWriteExecutor extends PostgresExecutor implements NewRowInserter {
  private readonly newRows: PostgresNewRows;

  constructor(client: pg.PoolClient, qb: Kysely<DB>, shapes: Map<string, Promise<TableShape>>) {
    super(client, qb, client);
    const run: RunQuery = (text, values) => this.query(text, values);
    this.newRows = new PostgresNewRows(run, (table) => {
      let shape = shapes.get(table);
      if (shape === undefined) {
        shape = readTableShape(run, table);
        // A failed read is not kept: the next transaction asks again.
        shape.catch(() => shapes.delete(table));
        shapes.set(table, shape);
      }
      return shape;
    });
  }

  insertNew(rows: NewRows): Promise<NewRowsStored> {
    return this.operation(() => this.newRows.insertNew(rows));
  }
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
async function transaction<T>(pool: pg.Pool, qb: Kysely<DB>, shapes: Map<string, Promise<TableShape>>, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const tx = new PostgresWriteExecutor(client, qb, shapes);
  try {
    await client.query('BEGIN');
    const result = await fn(tx);
    await tx.commit();
    return result;
  } catch (err) {
    try {
      // After the statements still in flight (decision 0012 sends some without waiting).
      await tx.rollback();
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
  /** Each table's column types and primary key, for insertNew; the schema changes only by migrations, before any insert. */
  const shapes = new Map<string, Promise<TableShape>>();
  return {
    dialect: 'postgres',
    qb,
    reader,
    insertsNew: true,
    afterMigrate: (tx) => textColumnsInByteOrder(tx, qb),
    writeTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return mutex.run(() => transaction(pool, qb, shapes, fn));
    },
    sideTransaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return transaction(pool, qb, shapes, fn);
    },
    async close(): Promise<void> {
      await mutex.run(() => pool.end());
    },
  };
}
