// The SQLite writer thread: owns the write connection and runs what the main thread sends, in
// order, so inserts overlap the main thread's parsing and rules (docs/decisions/0009).
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openConnection, toParams } from './connection.js';
import type { WriterReply, WriterRequest } from './writer-protocol.js';

const db: Database.Database = openConnection((workerData as { path: string }).path, 'writer');
const statements = new Map<string, Database.Statement>();

function prepare(text: string): Database.Statement {
  let stmt = statements.get(text);
  if (stmt === undefined) {
    stmt = db.prepare(text);
    statements.set(text, stmt);
  }
  return stmt;
}

function execute(request: WriterRequest): unknown {
  switch (request.op) {
    case 'exec':
      db.exec(request.sql);
      return null;
    case 'rollback':
      if (db.inTransaction) db.exec('ROLLBACK');
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
      for (const row of request.rows) stmt.run(...toParams(row));
      return null;
    }
    case 'close':
      db.close();
      return null;
  }
}

parentPort!.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    reply = { id: request.id, ok: true, result: execute(request) };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    reply = { id: request.id, ok: false, error: { message: e.message ?? String(err), ...(e.code ? { code: e.code } : {}) } };
  }
  parentPort!.postMessage(reply);
});
