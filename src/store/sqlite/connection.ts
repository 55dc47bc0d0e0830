// Opens a better-sqlite3 connection with amr's settings; shared by the main and writer threads.
import Database from 'better-sqlite3';

export type Param = string | number | bigint | null | Buffer;

/** SQLite binds no booleans: they become 1 and 0. A row without one (the usual case) is not copied. */
export function toParams(values: readonly unknown[]): Param[] {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] === 'boolean') return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Param)));
  }
  return values as Param[];
}

/** 'pool-reader': a thread of the reader pool (reader-pool.ts), read-only; the others read and write. */
export type ConnectionRole = 'reader' | 'writer' | 'checkpointer' | 'pool-reader';

export function openConnection(path: string, role: ConnectionRole): Database.Database {
  if (role === 'pool-reader') return openPoolReader(path);
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  // Applies to a new database only (before its first table), whichever connection opens it
  // first: 8 KiB pages make bulk imports ~20% faster than 4 KiB here (docs/decisions/0007).
  db.pragma('page_size = 8192');
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma(role === 'writer' ? 'cache_size = -131072' : role === 'reader' ? 'cache_size = -65536' : 'cache_size = -8192');
  // The checkpointer thread copies the WAL into the database file (checkpoint-worker.ts). The writer
  // checkpoints itself only if the WAL reaches 40,000 pages (320 MB), as when the checkpointer
  // cannot keep up or is not running (docs/decisions/0012). Closing the last connection still
  // checkpoints and removes the WAL.
  if (role === 'writer') db.pragma('wal_autocheckpoint = 40000');
  if (role === 'checkpointer') db.pragma('wal_autocheckpoint = 0');
  if (role === 'reader') db.pragma('mmap_size = 268435456');
  return db;
}

/**
 * A reader of the pool: read-only, so no query it is given can write. The database exists and is
 * in WAL mode already (the engine makes sure before it starts the pool), and page size and journal
 * mode are the database's, not a read-only connection's to set.
 */
function openPoolReader(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  // Each thread has its own page cache; mmap'd pages are the OS's and shared between them.
  db.pragma('cache_size = -32768');
  db.pragma('mmap_size = 268435456');
  return db;
}
