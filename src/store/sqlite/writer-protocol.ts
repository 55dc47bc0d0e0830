// Messages between the main thread and the SQLite writer thread.
import type { ColumnData, InsertNewCall } from './insert-new.js';

export type WriterRequest =
  | { readonly id: number; readonly op: 'begin' | 'commit' | 'rollback' }
  | { readonly id: number; readonly op: 'all' | 'arrays' | 'run'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly id: number; readonly op: 'insertMany'; readonly sql: string; readonly columns: readonly ColumnData[]; readonly rowCount: number }
  | { readonly id: number; readonly op: 'insertNew'; readonly call: InsertNewCall }
  | { readonly id: number; readonly op: 'deferIndexes' | 'restoreIndexes'; readonly table: string }
  | { readonly id: number; readonly op: 'close' };

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: string } };

/** Distributes WriterRequest over its op, so a request can be written without its id. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
export type WriterCall = WithoutId<WriterRequest>;
