// Rows stored only when new, with the rollup cells they add and the rows that belong to them,
// sent to the writing side as one request with no question asked first (decision 0012). The
// types are the SQL layer's; SQLite's executors carry them out (sqlite/insert-new.ts).
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

/** Rollup counters that rows add to when they are stored for the first time (insertNew). */
export interface NewRowCounters {
  /** The rollup table, its key columns and its counted columns (upserted as `count = count + n`). */
  readonly table: keyof DB & string;
  readonly key: readonly string[];
  readonly add: readonly string[];
  /** One per counter: its key values, in `key` order. */
  readonly keys: readonly (readonly unknown[])[];
  /** Row i adds 1 to each cell `bumps[offsets[i]] … bumps[offsets[i + 1] - 1]`; a cell is `counter * add.length + column`. */
  readonly offsets: Int32Array;
  readonly bumps: Int32Array;
}

/**
 * A column of a batch of rows: a value per row, one value for every row, or per row the index of
 * one of a few values. Sent column by column, a batch crosses to the writer thread as a few arrays
 * instead of an array per row (decision 0012).
 */
export type Column = readonly unknown[] | { readonly value: unknown } | { readonly values: readonly unknown[]; readonly pick: Int32Array };

/** Rows that belong to rows of the batch (an audit record's derived events): stored when their row is new, skipping a stored key. */
export interface DependentRows {
  readonly table: keyof DB & string;
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  /** Row j belongs to row `owners[j]` of the batch; ascending. */
  readonly owners: Int32Array;
}

/** A batch for insertNew: its table, columns (in `names` order), the counters it adds to, the rows that belong to it. */
export interface NewRows {
  readonly table: keyof DB & string;
  readonly names: readonly string[];
  readonly columns: readonly Column[];
  readonly rowCount: number;
  readonly counters: readonly NewRowCounters[];
  readonly dependents?: readonly DependentRows[];
}

/** What insertNew stored: the new rows, each dependent table's stored rows (in `dependents` order), and which rows were new. */
export interface NewRowsStored {
  readonly added: number;
  readonly dependents: readonly number[];
  readonly isNew: Uint8Array;
}

/**
 * An executor that inserts rows skipping stored keys (and repeats within the rows), adds to the
 * counters only what the new rows count and stores the new rows' dependents, in one step on the
 * writing side: no round trip to ask which ids are stored (decision 0012). SQLite's executors
 * have it; it belongs in executor.ts once a second engine does.
 */
export interface NewRowInserter {
  insertNew(rows: NewRows): Promise<NewRowsStored>;
}

export function canInsertNew(tx: SqlExecutor): tx is SqlExecutor & NewRowInserter {
  return typeof (tx as Partial<NewRowInserter>).insertNew === 'function';
}

/** Rows (arrays in column order) as columns. */
export function columnsOf(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const columns: unknown[][] = [];
  for (let c = 0; c < width; c++) {
    const column = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) column[i] = rows[i]![c];
    columns.push(column);
  }
  return columns;
}

/** Builds one rollup's counters: a counter per bucket key, and each row's cells. */
export class CounterBuilder {
  private readonly index = new Map<string, number>();
  readonly keys: unknown[][] = [];
  readonly offsets: Int32Array;
  private bumps = new Int32Array(1024);
  private used = 0;

  constructor(
    rows: number,
    private readonly width: number,
  ) {
    this.offsets = new Int32Array(rows + 1);
  }

  /** The counter of bucket `id`, or -1 before add(). */
  find(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** A new counter with these key values, found again by `id` (null: the caller keeps its own index). */
  add(id: string | null, key: unknown[]): number {
    const at = this.keys.push(key) - 1;
    if (id !== null) this.index.set(id, at);
    return at;
  }

  /** The counter of bucket `id`, added with key `key()` the first time. */
  counter(id: string, key: () => unknown[]): number {
    const at = this.find(id);
    return at >= 0 ? at : this.add(id, key());
  }

  bump(counter: number, column: number, times: number): void {
    for (let t = 0; t < times; t++) {
      if (this.used === this.bumps.length) {
        const grown = new Int32Array(this.bumps.length * 2);
        grown.set(this.bumps);
        this.bumps = grown;
      }
      this.bumps[this.used++] = counter * this.width + column;
    }
  }

  /** Row i's cells are the ones bumped since the previous end(). */
  end(row: number): void {
    this.offsets[row + 1] = this.used;
  }

  counters(table: keyof DB & string, key: readonly string[], add: readonly string[]): NewRowCounters {
    return { table, key, add, keys: this.keys, offsets: this.offsets, bumps: this.bumps.subarray(0, this.used) };
  }
}
