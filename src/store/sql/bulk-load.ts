// A large load of new rows into one table inside a write transaction (a new report generation):
// an engine that can take the rows faster by building the table's secondary indexes once, after
// the load, than by updating them row by row, may defer them (decision 0007). SQLite's executors
// can (sqlite/deferred-indexes.ts); an executor without it updates its indexes as it goes.
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

/**
 * An executor that can leave a table's secondary indexes (not its primary key) out of date inside
 * the open transaction and rebuild them later in the same transaction. The transaction stays
 * atomic: a rollback brings the indexes back as they were, and no commit happens without them.
 */
export interface IndexDeferrer {
  /** From now until restoreIndexes (or the commit), the caller reads `table` only by its primary key. */
  deferIndexes(table: keyof DB & string): Promise<void>;
  /** Builds the deferred indexes again from the table's rows; nothing when none are deferred. */
  restoreIndexes(table: keyof DB & string): Promise<void>;
}

export function canDeferIndexes(tx: SqlExecutor): tx is SqlExecutor & IndexDeferrer {
  const d = tx as Partial<IndexDeferrer>;
  return typeof d.deferIndexes === 'function' && typeof d.restoreIndexes === 'function';
}

/**
 * Below this many new rows an import is quick either way, and the indexes are updated as usual.
 * (A rebuild sorts every row of the table, so it is only worth it for a large load.)
 */
export const DEFER_INDEXES_FROM_ROWS = 10_000;

/**
 * Defers `table`'s indexes once the rows loaded reach the rows the table held before the load
 * (and DEFER_INDEXES_FROM_ROWS): the rebuild then sorts at most twice the rows loaded, however many
 * other tenants and generations the table holds, and a small import into a large table never
 * pays for it. Measured on the 1,000,000-user import: decision 0007.
 */
export class DeferredIndexes {
  private loaded = 0;
  private deferred = false;

  constructor(
    private readonly tx: SqlExecutor,
    private readonly table: keyof DB & string,
    /** Rows the table held before this load (an estimate is enough). */
    private readonly before: number,
  ) {}

  /** `rows` more rows were inserted. */
  async added(rows: number): Promise<void> {
    this.loaded += rows;
    if (this.deferred || this.loaded < DEFER_INDEXES_FROM_ROWS || this.loaded < this.before || !canDeferIndexes(this.tx)) return;
    this.deferred = true;
    await this.tx.deferIndexes(this.table);
  }

  /** The indexes are back (before anything reads the table by them, and before the commit). */
  async restore(): Promise<void> {
    if (!this.deferred || !canDeferIndexes(this.tx)) return;
    this.deferred = false;
    await this.tx.restoreIndexes(this.table);
  }
}
