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

export function openConnection(path: string, role: 'reader' | 'writer'): Database.Database {
  const db = new Database(path);
  db.pragma('busy_timeout = 5000');
  // Applies to a new database only (before its first table), whichever connection opens it
  // first: 8 KiB pages make bulk imports ~20% faster than 4 KiB here (docs/decisions/0007).
  db.pragma('page_size = 8192');
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma(role === 'writer' ? 'cache_size = -131072' : 'cache_size = -65536');
  // The writer checkpoints every 10,000 pages (80 MB of WAL) instead of 1,000: an import's commits
  // rewrite the same index pages, and each checkpoint copies a page once however often it changed
  // (docs/decisions/0012). Closing the last connection still checkpoints and removes the WAL.
  if (role === 'writer') db.pragma('wal_autocheckpoint = 10000');
  if (role === 'reader') db.pragma('mmap_size = 268435456');
  return db;
}
