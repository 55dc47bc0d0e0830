// What a --db / AMR_DB value names: a SQLite file, or a PostgreSQL database by URL.

/** A --db / AMR_DB value amr cannot use: refused before anything is created. */
export class DatabaseLocationError extends Error {
  override readonly name = 'DatabaseLocationError';
}

export type DatabaseLocation = { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/**
 * Parses a --db / AMR_DB value. A URL is never taken for a path (`postgres://host/db` once became
 * a SQLite file under `./postgres:/host/`); a scheme other than postgres/postgresql is refused.
 */
export function databaseLocation(db: string): DatabaseLocation {
  const where = `the database location ${JSON.stringify(redactUrl(db))} (--db or AMR_DB)`;
  if (db.trim() === '') throw new DatabaseLocationError(`${where} is empty: give a file path for SQLite (e.g. ./data/amr.db) or a postgres:// URL`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/.exec(db);
  // One letter before ':' is a Windows drive (C:\data\amr.db), not a scheme.
  if (scheme === null || scheme[1]!.length === 1) return { kind: 'sqlite', path: db };
  const name = scheme[1]!.toLowerCase();
  if (name !== 'postgres' && name !== 'postgresql') {
    throw new DatabaseLocationError(`${where} is a ${name}: URL: give a file path for SQLite (e.g. ./data/amr.db) or a postgres:// URL`);
  }
  let url: URL;
  try {
    url = new URL(db);
  } catch {
    throw new DatabaseLocationError(`${where} is not a valid URL: the form is postgres://user:password@host:5432/database`);
  }
  if (url.pathname === '' || url.pathname === '/') {
    throw new DatabaseLocationError(`${where} names no database: the form is postgres://user:password@host:5432/database`);
  }
  return { kind: 'postgres', url: db };
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(db: string): string {
  return db.replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}
