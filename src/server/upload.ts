// Admin uploads (snapshot and log bodies): the body as the importer reads it — held to
// AMR_MAX_UPLOAD_BYTES, given up when the client stalls, cut short by shutdown — and a store that
// stops at a batch boundary once shutdown begins, counting what it committed (docs/decisions/0051).
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { serviceShuttingDown, uploadClientGone, uploadStalled, uploadTimedOut, uploadTooLarge, GraphError } from '../graph/errors.js';
import { reflectGet } from '../util/reflect.js';
import type { ActivityAppendSummary, SnapshotSink, Store } from '../store/store.js';
import type { Config } from './config.js';
import type { ImportOutcome, ImportType, Metrics } from './metrics.js';

/** The reason a shutdown aborts with: imports see it at their next batch boundary or read. */
export class ShuttingDown extends Error {
  constructor() {
    super('the server is shutting down');
    this.name = 'ShuttingDown';
  }
}

interface BodyLimits {
  readonly maxBytes: number;
  /** Longest wait for the next byte while the importer is waiting for one. */
  readonly idleMs: number;
  /** Whole upload, from the request's start. */
  readonly totalMs: number;
}

/**
 * Passes the request body on, failing it (so the importer's next read throws) when it outgrows
 * the limit, stalls, runs over its time, loses its client or shutdown begins. `failure` says which.
 */
export class GuardedBody extends Readable {
  failure: GraphError | null = null;
  private bytes = 0;
  private idle: NodeJS.Timeout | null = null;
  private readonly deadline: NodeJS.Timeout;
  private readonly onAbort = () => this.fail(serviceShuttingDown('The server is shutting down.'));

  constructor(
    private readonly source: Readable,
    private readonly limits: BodyLimits,
    private readonly signal: AbortSignal,
  ) {
    super({ highWaterMark: 64 * 1024 });
    source.pause();
    source.on('data', (chunk: Buffer) => this.onData(chunk));
    source.once('end', () => {
      this.clearIdle();
      this.push(null);
    });
    source.once('error', () => this.fail(uploadClientGone()));
    source.once('close', () => {
      if (!source.readableEnded) this.fail(uploadClientGone());
    });
    this.deadline = setTimeout(() => this.fail(uploadTimedOut(limits.totalMs)), limits.totalMs).unref();
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  override _read(): void {
    this.source.resume();
    if (this.idle === null && !this.source.readableEnded) {
      this.idle = setTimeout(() => this.fail(uploadStalled(this.limits.idleMs)), this.limits.idleMs).unref();
    }
  }

  private onData(chunk: Buffer): void {
    this.clearIdle();
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxBytes) {
      this.fail(uploadTooLarge(this.limits.maxBytes));
      return;
    }
    if (!this.push(chunk)) this.source.pause();
  }

  private clearIdle(): void {
    if (this.idle !== null) clearTimeout(this.idle);
    this.idle = null;
  }

  private fail(error: GraphError): void {
    if (this.destroyed || this.readableEnded) return;
    this.failure = error;
    this.source.pause();
    this.destroy(error);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.clearIdle();
    clearTimeout(this.deadline);
    this.signal.removeEventListener('abort', this.onAbort);
    callback(err);
  }
}

function guardedSink(sink: SnapshotSink, signal: AbortSignal): SnapshotSink {
  return {
    header: (h) => {
      signal.throwIfAborted();
      return sink.header(h);
    },
    users: (b) => {
      signal.throwIfAborted();
      return sink.users(b);
    },
    groups: (b) => {
      signal.throwIfAborted();
      return sink.groups(b);
    },
    roleAssignments: (b) => {
      signal.throwIfAborted();
      return sink.roleAssignments(b);
    },
  };
}

/**
 * The store an upload imports through: once `signal` aborts, no new batch begins (a log batch
 * already committing commits; a snapshot's transaction rolls back), and each committed log batch
 * is reported. The ingest functions take no signal yet; this gives them one from outside.
 */
export function uploadStore(store: Store, signal: AbortSignal, onCommitted: (s: ActivityAppendSummary) => void): Store {
  const appendActivity: Store['appendActivity'] = async (tenantId, batch) => {
    signal.throwIfAborted();
    const added = await store.appendActivity(tenantId, batch);
    onCommitted(added);
    return added;
  };
  const replaceTenantSnapshot: Store['replaceTenantSnapshot'] = (produce) => store.replaceTenantSnapshot((sink) => produce(guardedSink(sink, signal)));
  return new Proxy(store, {
    get(target: Store, prop: string | symbol): unknown {
      if (prop === 'appendActivity') return appendActivity;
      if (prop === 'replaceTenantSnapshot') return replaceTenantSnapshot;
      const value = reflectGet(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export interface UploadRun {
  readonly body: Readable;
  readonly store: Store;
  /** Aborts when shutdown begins or the client goes away: the reader stops at its next slice, records or not. */
  readonly signal: AbortSignal;
}

export interface UploadOptions {
  readonly type: ImportType;
  /** Errors that mean the body was wrong (counted as refused, not failed). */
  readonly isRefusal: (err: unknown) => boolean;
}

/** Runs admin uploads: limits, shutdown, and the import metrics. One per app. */
export class Uploads {
  constructor(
    private readonly config: Config,
    private readonly store: Store,
    private readonly metrics: Metrics,
    private readonly shutdown: AbortSignal,
  ) {}

  refused(records: number): void {
    this.metrics.recordsRefused(records);
  }

  snapshotImported(counts: { readonly users: number; readonly groups: number; readonly roleAssignments: number }): void {
    this.metrics.snapshotImported(counts);
  }

  async run<T>(request: FastifyRequest, body: Readable, options: UploadOptions, importer: (run: UploadRun) => Promise<T>): Promise<T> {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.config.maxUploadBytes) throw uploadTooLarge(this.config.maxUploadBytes);
    const started = performance.now();
    this.metrics.importStarted(options.type);
    const limits = { maxBytes: this.config.maxUploadBytes, idleMs: this.config.limits.requestTimeoutMs, totalMs: this.config.limits.uploadTimeoutMs };
    const guarded = new GuardedBody(body, limits, this.shutdown);
    // A client that goes away after sending its whole body (a small gzip that expands for minutes)
    // stops the import too: its connection closing aborts the run like shutdown does.
    const gone = new AbortController();
    const socket = request.raw.socket;
    const onClose = () => gone.abort(uploadClientGone());
    if (socket.destroyed) onClose();
    else socket.once('close', onClose);
    const signal = AbortSignal.any([this.shutdown, gone.signal]);
    let committed = 0;
    const store = uploadStore(this.store, signal, (s) => {
      committed += s.newAudits + s.duplicateAudits + s.newSignIns + s.duplicateSignIns;
      this.metrics.activityCommitted(s);
    });
    let outcome: ImportOutcome = 'failed';
    try {
      const result = await importer({ body: guarded, store, signal });
      outcome = 'imported';
      return result;
    } catch (err) {
      if (this.shutdown.aborted) {
        outcome = 'aborted';
        throw serviceShuttingDown(
          options.type === 'logs'
            ? `The server is shutting down: the upload stopped at a batch boundary after ${committed} records were committed; they are kept. Send the file again to complete it (stored records are skipped).`
            : 'The server is shutting down: the snapshot was not stored and the tenant keeps its previous state. Send it again.',
        );
      }
      if (gone.signal.aborted) {
        // Nobody reads this answer; the outcome and what was committed are what count.
        outcome = 'aborted';
        throw uploadClientGone();
      }
      if (guarded.failure !== null) {
        outcome = guarded.failure.status === 400 ? 'aborted' : 'refused';
        throw guarded.failure;
      }
      if (options.isRefusal(err) || (err instanceof GraphError && err.status < 500)) outcome = 'refused';
      throw err;
    } finally {
      socket.removeListener('close', onClose);
      guarded.destroy();
      this.metrics.importFinished(options.type, outcome, (performance.now() - started) / 1000);
    }
  }
}
