// Messages between the main thread and a SQLite reader thread (reader-pool.ts, reader-worker.ts).
import type { QueryText } from './json-page.js';

/** A query for a thread: its rows (objects or arrays), its changes, or a page of rows written as JSON (json-page.ts). */
export type ReaderQuery =
  | { readonly op: 'all' | 'arrays' | 'run'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly op: 'jsonPage'; readonly rows: QueryText; readonly keys: number; readonly limit: number };

export type ReaderRequest = (ReaderQuery & { readonly id: number }) | { readonly id: number; readonly op: 'close' };

export type ReaderReply =
  /** Sent once, when the thread's connection is open: a thread that dies before it failed to start. */
  | { readonly ready: true }
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: string } };

export interface ReaderWorkerData {
  readonly path: string;
}
