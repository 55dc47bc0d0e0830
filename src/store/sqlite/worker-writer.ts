// The main thread's side of the SQLite writer thread: an SqlExecutor whose inserts are pipelined
// (a few batches in flight, so the main thread keeps parsing and computing while they run) and
// whose reads wait for the inserts before them, because the thread runs everything in order.
import type { Worker } from 'node:worker_threads';
import { startThread } from './start-thread.js';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { insertSql, type InsertOptions, type SqlExecutor } from '../sql/executor.js';
import type { NewRowInserter, NewRows, NewRowsStored } from '../sql/new-rows.js';
import type { IndexDeferrer } from '../sql/bulk-load.js';
import { insertNewCall } from './insert-new-call.js';
import { packColumns } from './insert-new.js';
import { rowsAsColumns } from './row-columns.js';
import type { WriterCall, WriterReply } from './writer-protocol.js';

/**
 * Rows in flight before insertMany waits: bounds memory, keeps both threads busy. Counted in rows,
 * not messages (4 × 5,000 rows at first, decision 0009): a snapshot import sends 250 rows at a
 * time, and four such messages are 10 ms of the writer's work — too little to ride out a group's
 * million members or a burst of the main thread's collections (decision 0007).
 */
const MAX_ROWS_IN_FLIGHT = 20_000;
/** Rows per message: a message is copied whole into the thread's heap. */
const MAX_ROWS_PER_MESSAGE = 5000;

export class WriterThread implements SqlExecutor, NewRowInserter, IndexDeferrer {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly inFlight: Promise<unknown>[] = [];
  /** Rows of each insert in inFlight, in the same order, and their sum. */
  private readonly inFlightRows: number[] = [];
  private rowsInFlight = 0;
  /** The first failure of a pipelined insert of the open transaction; its later inserts and its commit fail with it. */
  private failure: Error | null = null;
  /** Counts transactions ended: a late failure of an ended transaction is not the next one's. */
  private epoch = 0;
  /** Set when the thread itself has stopped: nothing more can be done with it. */
  private dead: Error | null = null;

  constructor(
    path: string,
    private readonly qb: Kysely<DB>,
  ) {
    // A small young generation, collected often, keeps the copies of batches it receives from
    // piling up (bench/README.md: import peak RSS); the old generation may grow for a
    // recompute's large reads.
    this.worker = startThread('writer-worker', { path }, { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 1024 });
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.settle(reply));
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`the SQLite writer thread stopped (exit code ${code})`)));
  }

  private settle(reply: WriterReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    // Keep the process alive only while the thread owes an answer.
    if (this.waiting.size === 0) this.worker.unref();
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
  }

  private failAll(err: Error): void {
    this.dead ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }

  /** Sends one request; the answer comes in order with every request before it. */
  call(request: WriterCall): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    if (this.waiting.size === 0) this.worker.ref();
    const answer = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ ...request, id });
    return answer;
  }

  async all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return (await this.call({ op: 'all', sql: query.sql, params: query.parameters })) as R[];
  }

  async arrays(query: CompiledQuery): Promise<unknown[][]> {
    return (await this.call({ op: 'arrays', sql: query.sql, params: query.parameters })) as unknown[][];
  }

  async run(query: CompiledQuery): Promise<number> {
    return (await this.call({ op: 'run', sql: query.sql, params: query.parameters })) as number;
  }

  async insertMany(table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[], options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return;
    const sql = insertSql(this.qb, table, columns, options);
    for (let i = 0; i < rows.length; i += MAX_ROWS_PER_MESSAGE) {
      const slice = rows.slice(i, i + MAX_ROWS_PER_MESSAGE);
      const sent = this.call({ op: 'insertMany', sql, columns: rowsAsColumns(slice, columns.length), rowCount: slice.length });
      // A failure is kept and reported by the next call (or the commit), not lost.
      const epoch = this.epoch;
      sent.catch((err: Error) => {
        if (this.epoch === epoch) this.failure ??= err;
      });
      this.inFlight.push(sent);
      this.inFlightRows.push(slice.length);
      this.rowsInFlight += slice.length;
      while (this.rowsInFlight >= MAX_ROWS_IN_FLIGHT && this.inFlight.length > 0) {
        this.rowsInFlight -= this.inFlightRows.shift()!;
        await this.inFlight.shift()!.catch(() => undefined);
      }
      if (this.failure) throw this.failure;
    }
  }

  /** Answered after every insert sent before it; a failure of those is thrown here or by the commit. */
  async deferIndexes(table: keyof DB & string): Promise<void> {
    await this.call({ op: 'deferIndexes', table });
  }

  async restoreIndexes(table: keyof DB & string): Promise<void> {
    await this.call({ op: 'restoreIndexes', table });
  }

  /** One message, however many rows: the counters need every row of the batch. */
  insertNew(rows: NewRows): Promise<NewRowsStored> {
    if (rows.rowCount === 0) return Promise.resolve({ added: 0, dependents: (rows.dependents ?? []).map(() => 0), isNew: new Uint8Array(0) });
    if (this.failure) return Promise.reject(this.failure);
    // Not an async function: nothing of the batch is held while the answer is awaited.
    return this.call({ op: 'insertNew', call: packColumns(insertNewCall(this.qb, rows)) }) as Promise<NewRowsStored>;
  }

  /**
   * Sends the commit of the open transaction now; the promise settles with its answer. The answer
   * comes after every statement sent before it, and the thread refuses to commit a transaction in
   * which anything failed (it rolls it back and reports the first failure), so no other wait is
   * needed. The transaction ends when the commit is sent: the next one's statements may follow it
   * at once (decision 0012), and nothing of this one reaches them.
   */
  commit(): Promise<void> {
    const known = this.failure;
    const inFlight = this.inFlight.splice(0);
    this.inFlightRows.length = 0;
    this.rowsInFlight = 0;
    this.failure = null;
    this.epoch++;
    const answer = this.call({ op: 'commit' });
    return (async () => {
      try {
        await answer;
      } catch (err) {
        throw known ?? err;
      }
      for (const r of await Promise.allSettled(inFlight)) if (r.status === 'rejected') throw r.reason;
    })();
  }

  /** After a rollback the thread is usable again: forget the failure that caused it. */
  reset(): void {
    this.inFlight.length = 0;
    this.inFlightRows.length = 0;
    this.rowsInFlight = 0;
    this.failure = null;
    this.epoch++;
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
