// SQLite's half of sql/bulk-load.ts, on the thread that owns the write connection: a table's
// secondary indexes dropped inside the open transaction and created again from its rows before
// the commit. CREATE INDEX sorts the rows and writes each index page once; inserting a million
// rows in random key order into indexes larger than the page cache rewrites and re-reads pages
// all along (decision 0007). DDL is transactional in SQLite: a rollback (or a killed process,
// whose WAL frames were never committed) leaves the indexes as they were, and other connections
// keep the committed schema until the commit.
import type Database from 'better-sqlite3';

/**
 * Page cache while the indexes are built (KiB, as `cache_size` takes it negated). CREATE INDEX
 * sorts in memory up to the cache's size: a small sort memory merges sorted runs instead
 * (temp_store is MEMORY), measured no slower on the million-user report table, and the sort does
 * not hold a second large cache (decision 0007). The load itself keeps the connection's cache: a
 * larger one (256 MB) saved no time and cost up to 450 MB of peak memory.
 */
const SORTING_CACHE_KIB = 32_768;

export class IndexKeeper {
  /** Table → the CREATE INDEX statements of its dropped indexes, in creation order. */
  private readonly deferred = new Map<string, readonly string[]>();
  /**
   * The connection's own wal_autocheckpoint, restored after the load's commit. A load's
   * transaction leaves the whole load in the WAL (2 GB for a million users); with the writer's own
   * threshold its commit would copy all of it into the database file before answering (5 s at a
   * million users). The checkpointer thread copies it in the background instead, as it copies every
   * commit (decision 0012); readers see the commit either way.
   */
  private autocheckpoint: number | null = null;

  constructor(private readonly db: Database.Database) {}

  /** Drops `table`'s secondary indexes (not the primary key's: SQLite made it, with no SQL). */
  defer(table: string): void {
    if (!this.db.inTransaction) throw new Error('internal: indexes are deferred only inside a write transaction');
    if (this.deferred.has(table)) return;
    const indexes = this.db
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid")
      .all(table) as { name: string; sql: string }[];
    for (const { name } of indexes) this.db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    this.deferred.set(
      table,
      indexes.map((i) => i.sql),
    );
    if (this.autocheckpoint === null) {
      this.autocheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
      this.db.pragma('wal_autocheckpoint = 0');
    }
  }

  /** Creates `table`'s dropped indexes again. */
  restore(table: string): void {
    const statements = this.deferred.get(table);
    if (statements === undefined) return;
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    try {
      this.db.pragma(`cache_size = -${SORTING_CACHE_KIB}`);
      for (const sql of statements) this.db.exec(sql);
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
    this.deferred.delete(table);
  }

  /** Before a commit: no transaction commits without its indexes. */
  restoreAll(): void {
    for (const table of [...this.deferred.keys()]) this.restore(table);
  }

  /** After the commit (or its failure): the connection checkpoints as it did before the load. */
  committed(): void {
    if (this.autocheckpoint === null) return;
    this.db.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`);
    this.autocheckpoint = null;
  }

  /** After a rollback: the indexes are back as they were committed. */
  forget(): void {
    this.deferred.clear();
    this.committed();
  }
}
