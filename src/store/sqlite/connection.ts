// Opens a better-sqlite3 connection with amr's settings; shared by the main and writer threads.
import Database from 'better-sqlite3';

export type Param = string | number | bigint | null | Buffer;

export function toParams(values: readonly unknown[]): Param[] {
  return values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : (v as Param)));
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
  if (role === 'reader') db.pragma('mmap_size = 268435456');
  return db;
}
