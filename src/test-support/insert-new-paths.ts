// Stores the same records in batches twice, each on a fresh test database (testDatabase(): in
// memory on SQLite, on PostgreSQL under AMR_TEST_STORE=postgres): once through the executor's
// insertNew, once through only the SqlExecutor interface (the store then looks ids up first).
// Tests compare what the two hold.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Sent } from '../store/sql/activity-writer.js';
import type { SqlExecutor } from '../store/sql/executor.js';
import { migrate } from '../store/sql/migrations.js';
import { openEngine } from '../store/open-store.js';
import { canInsertNew } from '../store/sql/new-rows.js';
import { testDatabase } from './test-db.js';

/** Per path: what each batch's append answered, then the rows of each query. */
export interface StoredBothWays {
  readonly direct: unknown[];
  readonly fallback: unknown[];
}

export async function storeBothWays<R, S>(
  records: readonly R[],
  batchSize: number,
  now: Date,
  append: (tx: SqlExecutor, qb: Kysely<DB>, batch: readonly R[]) => Promise<Sent<S>>,
  queries: readonly string[],
): Promise<StoredBothWays> {
  const tables = async (withInsertNew: boolean): Promise<unknown[]> => {
    const engine = await openEngine(await testDatabase());
    try {
      await migrate(engine, () => now);
      const answers: S[] = [];
      for (let i = 0; i < records.length; i += batchSize) {
        const appended = await engine.writeTransaction((tx) => {
          // The advisory lock stays (an engine that has one needs it); only insertNew is left out.
          const plain: SqlExecutor = {
            all: (q) => tx.all(q),
            arrays: (q) => tx.arrays(q),
            run: (q) => tx.run(q),
            insertMany: (t, c, r, o) => tx.insertMany(t, c, r, o),
            ...(tx.advisoryLock ? { advisoryLock: (k: string) => tx.advisoryLock!(k) } : {}),
          };
          // Both paths must be what they say: a direct path without insertNew would compare the fallback with itself.
          if (withInsertNew && !canInsertNew(tx)) throw new Error(`the ${engine.dialect} engine's write transactions have no insertNew`);
          return append(withInsertNew ? tx : plain, engine.qb, records.slice(i, i + batchSize));
        });
        answers.push(await appended.stored);
      }
      const rows: unknown[] = [answers];
      for (const q of queries) rows.push(await engine.reader.all(sql.raw(q).compile(engine.qb)));
      return rows;
    } finally {
      await engine.close();
    }
  };
  return { fallback: await tables(false), direct: await tables(true) };
}
