// Messages between the main thread and a SQLite reader thread (reader-pool.ts, reader-worker.ts).

export type ReaderOp = 'all' | 'arrays' | 'run';

export type ReaderRequest =
  | { readonly id: number; readonly op: ReaderOp; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly id: number; readonly op: 'close' };

export type ReaderReply =
  /** Sent once, when the thread's connection is open: a thread that dies before it failed to start. */
  | { readonly ready: true }
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: string } };

export interface ReaderWorkerData {
  readonly path: string;
}
