// The SQLite writer thread: owns the write connection and runs what the main thread sends, in
// order, so inserts overlap the main thread's parsing and rules (docs/decisions/0009).
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openConnection, toParams } from './connection.js';
import { forEachRow, insertNewCounted } from './insert-new.js';
import { IndexKeeper } from './deferred-indexes.js';
import type { WriterReply, WriterRequest } from './writer-protocol.js';

const db: Database.Database = openConnection((workerData as { path: string }).path, 'writer');
const statements = new Map<string, Database.Statement>();
const indexes = new IndexKeeper(db);

function prepare(text: string): Database.Statement {
  let stmt = statements.get(text);
  if (stmt === undefined) {
    stmt = db.prepare(text);
    statements.set(text, stmt);
  }
  return stmt;
}

/**
 * The failure of a request inside the open transaction: every later request of that transaction is
 * refused with it, and its commit rolls back. The main thread sends a transaction's statements
 * without waiting for each (decision 0012), so a failed BEGIN must not let them run in autocommit.
 * Cleared by the commit or rollback that ends the transaction: the next transaction's requests may
 * already be queued behind it.
 */
let failed: { readonly message: string; readonly code?: string } | null = null;
/** Between a begin and its commit or rollback (SQLite may end a transaction itself on some errors). */
let open = false;

function execute(request: WriterRequest): unknown {
  switch (request.op) {
    case 'begin':
      open = true;
      db.exec('BEGIN IMMEDIATE');
      return null;
    case 'commit':
      indexes.restoreAll();
      db.exec('COMMIT');
      indexes.committed();
      open = false;
      return null;
    case 'rollback':
      failed = null;
      open = false;
      if (db.inTransaction) db.exec('ROLLBACK');
      indexes.forget();
      return null;
    case 'deferIndexes':
      indexes.defer(request.table);
      return null;
    case 'restoreIndexes':
      indexes.restore(request.table);
      return null;
    case 'all':
      return prepare(request.sql).all(...toParams(request.params));
    case 'arrays': {
      const stmt = prepare(request.sql);
      try {
        return stmt.raw(true).all(...toParams(request.params));
      } finally {
        stmt.raw(false);
      }
    }
    case 'run':
      return prepare(request.sql).run(...toParams(request.params)).changes;
    case 'insertMany': {
      const stmt = prepare(request.sql);
      forEachRow(request.columns, request.rowCount, (row) => stmt.run(...toParams(row)));
      return null;
    }
    case 'insertNew':
      return insertNewCounted(prepare, request.call);
    case 'close':
      db.close();
      return null;
  }
}

/** A transaction that cannot commit: undone, and the thread waits for the main thread's rollback. */
function rollbackFailed(): void {
  open = false;
  if (db.inTransaction) db.exec('ROLLBACK');
  indexes.forget();
}

parentPort!.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  if (failed !== null && request.op !== 'rollback' && request.op !== 'close') {
    // A commit after a failure rolls back: nothing of the transaction is kept, and it is over.
    const error = failed;
    if (request.op === 'commit') {
      rollbackFailed();
      failed = null;
    }
    parentPort!.postMessage({ id: request.id, ok: false, error } satisfies WriterReply);
    return;
  }
  try {
    reply = { id: request.id, ok: true, result: execute(request) };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    const error = { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) };
    if (open && request.op !== 'commit') failed = error;
    if (request.op === 'commit') rollbackFailed();
    reply = { id: request.id, ok: false, error };
  }
  parentPort!.postMessage(reply);
});
