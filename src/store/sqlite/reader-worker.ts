// A SQLite reader thread of the pool (reader-pool.ts): one read-only connection to the WAL
// database, answering one query at a time. Each statement sees the last committed state when it
// starts, as the main thread's reader did (decision 0001); a write is refused by SQLite itself.
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openConnection, toParams } from './connection.js';
import type { ReaderReply, ReaderRequest, ReaderWorkerData } from './reader-protocol.js';

const db: Database.Database = openConnection((workerData as ReaderWorkerData).path, 'pool-reader');

/**
 * Prepared statements by SQL text, least recently used first. Bounded: `$filter` makes the SQL
 * text vary with the request, and a client could otherwise grow this without end.
 */
const statements = new Map<string, Database.Statement>();
const MAX_STATEMENTS = 256;

function prepare(text: string): Database.Statement {
  let stmt = statements.get(text);
  if (stmt === undefined) {
    stmt = db.prepare(text);
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
  } else {
    statements.delete(text);
  }
  statements.set(text, stmt);
  return stmt;
}

function execute(request: Exclude<ReaderRequest, { op: 'close' }>): unknown {
  const params = toParams(request.params);
  switch (request.op) {
    case 'all':
      return prepare(request.sql).all(...params);
    case 'arrays': {
      const stmt = prepare(request.sql);
      try {
        return stmt.raw(true).all(...params);
      } finally {
        stmt.raw(false);
      }
    }
    case 'run':
      return prepare(request.sql).run(...params).changes;
  }
}

parentPort!.on('message', (request: ReaderRequest) => {
  if (request.op === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: ReaderReply;
  try {
    reply = { id: request.id, ok: true, result: execute(request) };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply = { id: request.id, ok: false, error: { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) } };
  }
  parentPort!.postMessage(reply);
});

parentPort!.postMessage({ ready: true } satisfies ReaderReply);
