// Reads on every core (issue 13 §5): a pool of reader threads, each with its own read-only
// connection to the WAL database, behind the SqlExecutor a single main-thread reader implemented.
// WAL lets readers run side by side and beside the writer thread; each statement sees the state
// committed when it starts. The main thread keeps HTTP and tokens; SQLite's work, the copying of
// its rows into JavaScript values, and a listed page's JSON (decision 0007) run on the threads.
import type { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';
import type { SqlExecutor } from '../sql/executor.js';
import { STORE_BUSY } from '../store.js';
import { startThread } from './start-thread.js';
import type { ReaderQuery, ReaderReply, ReaderRequest, ReaderWorkerData } from './reader-protocol.js';
import type { JsonPageReader, JsonRows } from '../sql/json-rows.js';
import type { IdleReaders } from '../sql/read-ahead.js';

export interface ReaderPoolOptions {
  /** Reader threads (at least 1). */
  readonly size: number;
  /** Queries waiting for a free thread before more are refused (STORE_BUSY: a 503). */
  readonly maxQueued?: number;
  /** How long a bulk read waits before it takes turns with interactive ones (ms; default BULK_MAX_WAIT_MS). */
  readonly bulkMaxWaitMs?: number;
}

/** Past this many waiting queries the pool refuses more: memory stays bounded under overload. */
export const DEFAULT_MAX_QUEUED = 4096;

/** Interactive reads go first; bulk reads (an export's next pages, read-ahead) wait behind them, within limits. */
export type ReadPriority = 'interactive' | 'bulk';

/**
 * A bulk read that has waited this long takes turns with the interactive ones (every other
 * dispatch): exports slow down under interactive load but never stop, and an interactive read
 * waits behind at most one such bulk read per thread.
 */
const BULK_MAX_WAIT_MS = 2000;

interface Job {
  readonly query: ReaderQuery;
  readonly queuedAt: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly index: number;
  /** The query the thread runs now: one at a time, so a slow query delays no other query behind it. */
  job: Job | null;
  /** The thread said its connection is open; one that dies before could not start. */
  ready: boolean;
  /** Why the thread stopped, when it reported it ('error' comes before 'exit'). */
  failure: Error | null;
  exited: Promise<void>;
}

const sqlQuery = (op: 'all' | 'arrays' | 'run', query: CompiledQuery): ReaderQuery => ({ op, sql: query.sql, params: query.parameters });
const pageQuery = (rows: CompiledQuery, keys: number, limit: number): ReaderQuery => ({
  op: 'jsonPage',
  rows: { sql: rows.sql, params: rows.parameters },
  keys,
  limit,
});

/** A FIFO whose shift is O(1) (Array.prototype.shift is O(n), and a queue may hold thousands). */
class Fifo<T> {
  private items: (T | undefined)[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined; // let it go
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head) as T[];
    this.items = [];
    this.head = 0;
    return rest;
  }
}

export class ReaderPool implements SqlExecutor, JsonPageReader, IdleReaders {
  private readonly slots: (Slot | null)[];
  /** Queries waiting for a thread, by priority. */
  private readonly queues: Readonly<Record<ReadPriority, Fifo<Job>>> = { interactive: new Fifo(), bulk: new Fifo() };
  /** The same reads, waiting behind interactive ones (SqlEngine.bulkReader). */
  readonly bulk: SqlExecutor & JsonPageReader;
  /** The last dispatch took a bulk read: an overdue one waits for an interactive turn first. */
  private lastWasBulk = false;
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private readonly maxQueued: number;
  private readonly bulkMaxWaitMs: number;
  /** Threads started over the pool's life, replacements included (tests). */
  private started = 0;

  constructor(
    private readonly path: string,
    options: ReaderPoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) throw new Error(`a reader pool needs at least one thread (given ${options.size})`);
    this.maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
    this.bulkMaxWaitMs = options.bulkMaxWaitMs ?? BULK_MAX_WAIT_MS;
    this.slots = Array.from({ length: options.size }, (_, i) => this.spawn(i));
    this.bulk = {
      all: async <R>(query: CompiledQuery<R>) => (await this.submit(sqlQuery('all', query), 'bulk')) as R[],
      arrays: async (query) => (await this.submit(sqlQuery('arrays', query), 'bulk')) as unknown[][],
      run: async (query) => (await this.submit(sqlQuery('run', query), 'bulk')) as number,
      insertMany: () => this.insertMany(),
      jsonPage: async (rows, keys, limit) => (await this.submit(pageQuery(rows, keys, limit), 'bulk')) as JsonRows,
    };
  }

  private waiting(): number {
    return this.queues.interactive.size + this.queues.bulk.size;
  }

  get size(): number {
    return this.slots.length;
  }

  /** A thread is idle and no query waits: a read started now delays nothing (read-ahead.ts). */
  hasIdleReader(): boolean {
    return this.closing === null && this.waiting() === 0 && this.slots.some((s) => s !== null && s.job === null);
  }

  /** Threads running now (0 once closed). */
  get liveThreads(): number {
    return this.slots.filter((s) => s !== null).length;
  }

  /** Threads started so far, replacements of crashed ones included. */
  get threadsStarted(): number {
    return this.started;
  }

  private spawn(index: number): Slot {
    this.started++;
    const data: ReaderWorkerData = { path: this.path };
    // The old generation keeps V8's default: running out of heap inside SQLite's row copying
    // aborts the whole process, not just the thread, so no tighter limit is set than the main
    // thread's. A page's rows die young: a modest young generation is enough.
    const worker = startThread('reader-worker', data, { maxYoungGenerationSizeMb: 32 });
    // An idle thread does not keep the process alive; one owing an answer does (as the writer's).
    worker.unref();
    let exited!: () => void;
    const slot: Slot = {
      worker,
      index,
      job: null,
      ready: false,
      failure: null,
      exited: new Promise((r) => {
        exited = r;
      }),
    };
    worker.on('message', (reply: ReaderReply) => this.answer(slot, reply));
    worker.on('error', (err) => {
      slot.failure ??= err;
    });
    worker.on('exit', (code) => {
      exited();
      this.stopped(slot, code);
    });
    return slot;
  }

  private answer(slot: Slot, reply: ReaderReply): void {
    if ('ready' in reply) {
      slot.ready = true;
      return;
    }
    const job = slot.job;
    slot.job = null;
    // Closing holds each thread until it has ended (close()).
    if (this.closing === null) slot.worker.unref();
    if (job !== null) {
      if (reply.ok) job.resolve(reply.result);
      else job.reject(Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {}));
    }
    this.dispatch();
  }

  /** A thread ended: its query fails with the reason, and (unless the pool is closing) another takes its place. */
  private stopped(slot: Slot, code: number): void {
    if (this.slots[slot.index] !== slot) return;
    this.slots[slot.index] = null;
    const why = slot.failure?.message ?? `exit code ${code}`;
    const job = slot.job;
    slot.job = null;
    if (this.closing !== null) {
      job?.reject(new Error(`the store was closed while this query ran (SQLite reader thread ${slot.index + 1} ended: ${why})`));
      return;
    }
    job?.reject(
      Object.assign(new Error(`the SQLite reader thread running this query stopped (${why}); the pool has started another`), {
        code: 'AMR_READER_STOPPED',
        cause: slot.failure ?? undefined,
      }),
    );
    if (!slot.ready) {
      // It could not even open its connection: the queries waiting would meet the same fate, and
      // starting another at once could loop. They fail now; the next query starts a thread again.
      const err = new Error(`cannot start a SQLite reader thread on ${this.path}: ${why}`, { cause: slot.failure ?? undefined });
      for (const waiting of this.drain()) waiting.reject(err);
      return;
    }
    this.slots[slot.index] = this.spawn(slot.index);
    this.dispatch();
  }

  /** Ends one thread as a crash would: its query fails, another thread takes its place (tests). */
  async terminateThread(index: number): Promise<void> {
    const slot = this.slots[index];
    if (!slot) return;
    slot.failure ??= new Error('terminated');
    await slot.worker.terminate();
  }

  private drain(): Job[] {
    return [...this.queues.interactive.drain(), ...this.queues.bulk.drain()];
  }

  /** The next query to run: interactive first; a bulk one when none waits, or in turn once overdue. */
  private next(now: number): Job | undefined {
    const { interactive, bulk } = this.queues;
    const oldBulk = bulk.peek();
    const overdue = oldBulk !== undefined && now - oldBulk.queuedAt >= this.bulkMaxWaitMs && !this.lastWasBulk;
    this.lastWasBulk = oldBulk !== undefined && (interactive.size === 0 || overdue);
    return this.lastWasBulk ? bulk.shift() : interactive.shift();
  }

  /** Hands waiting queries to idle threads. */
  private dispatch(): void {
    const now = performance.now();
    for (let i = 0; i < this.slots.length && this.waiting() > 0; i++) {
      let slot = this.slots[i] ?? null;
      if (slot === null) {
        if (this.closing !== null) continue;
        slot = this.spawn(i);
        this.slots[i] = slot;
      }
      if (slot.job !== null) continue;
      const job = this.next(now)!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ ...job.query, id: this.nextId++ } satisfies ReaderRequest);
    }
  }

  private submit(query: ReaderQuery, priority: ReadPriority = 'interactive'): Promise<unknown> {
    if (this.closing !== null) return Promise.reject(new Error('the store is closed'));
    if (this.waiting() >= this.maxQueued) {
      return Promise.reject(
        Object.assign(new Error(`all ${this.slots.length} SQLite reader threads are busy and ${this.maxQueued} queries wait: try again shortly`), {
          code: STORE_BUSY,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queues[priority].push({ query, queuedAt: performance.now(), resolve, reject });
      this.dispatch();
    });
  }

  async all<R>(query: CompiledQuery<R>): Promise<R[]> {
    return (await this.submit(sqlQuery('all', query))) as R[];
  }

  async arrays(query: CompiledQuery): Promise<unknown[][]> {
    return (await this.submit(sqlQuery('arrays', query))) as unknown[][];
  }

  async run(query: CompiledQuery): Promise<number> {
    return (await this.submit(sqlQuery('run', query))) as number;
  }

  async jsonPage(rows: CompiledQuery, keys: number, limit: number): Promise<JsonRows> {
    return (await this.submit(pageQuery(rows, keys, limit))) as JsonRows;
  }

  insertMany(): Promise<void> {
    return Promise.reject(new Error('the reader pool does not write: write inside writeTransaction'));
  }

  /**
   * Queries not yet running fail; the running ones finish (each thread closes its connection after
   * its current query, messages being in order), then the threads end.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const err = new Error('the store is closed');
      for (const job of this.drain()) job.reject(err);
      const live = this.slots.filter((s): s is Slot => s !== null);
      for (const slot of live) {
        slot.worker.ref();
        slot.worker.postMessage({ id: 0, op: 'close' } satisfies ReaderRequest);
      }
      await Promise.all(live.map((s) => s.exited));
    })();
    return this.closing;
  }
}
