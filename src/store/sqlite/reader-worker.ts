// A SQLite reader thread of the pool (reader-pool.ts): one read-only connection to the WAL
// database, answering one query at a time. Each statement sees the last committed state when it
// starts, as the main thread's reader did (decision 0001); a write is refused by SQLite itself.
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openConnection, toParams } from './connection.js';
import type { ReaderQuery, ReaderReply, ReaderRequest, ReaderWorkerData } from './reader-protocol.js';
import { readJsonPage } from './json-page.js';
import type { JsonRows } from '../sql/json-rows.js';

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

function rawRows(sql: string, params: readonly unknown[]): unknown[][] {
  const stmt = prepare(sql);
  try {
    return stmt.raw(true).all(...toParams(params)) as unknown[][];
  } finally {
    stmt.raw(false);
  }
}

function execute(request: ReaderQuery): unknown {
  switch (request.op) {
    case 'all':
      return prepare(request.sql).all(...toParams(request.params));
    case 'arrays':
      return rawRows(request.sql, request.params);
    case 'run':
      return prepare(request.sql).run(...toParams(request.params)).changes;
    case 'jsonPage':
      return readJsonPage(prepare, request.rows, request.keys, request.limit);
  }
}

parentPort!.on('message', (request: ReaderRequest) => {
  if (request.op === 'close') {
    db.close();
    parentPort!.close();
    return;
  }
  let reply: ReaderReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const result = execute(request);
    // A page's JSON bytes are in a buffer of their own (better-sqlite3 copies each BLOB): moved, not copied.
    if (request.op === 'jsonPage') transfer = [(result as JsonRows).json.buffer as ArrayBuffer];
    reply = { id: request.id, ok: true, result };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply = { id: request.id, ok: false, error: { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) } };
  }
  parentPort!.postMessage(reply, transfer);
});

parentPort!.postMessage({ ready: true } satisfies ReaderReply);
