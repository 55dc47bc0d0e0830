// Inserts rows that may already be stored, and adds to rollup counters only what the rows stored
// for the first time count: one pass on the thread that writes, no round trip to ask which rows
// are new (decision 0012). Rows that belong to a row (an audit record's derived events) are stored
// with it when it is new. The same code runs on the writer thread and on an in-thread connection.
import type Database from 'better-sqlite3';
import { toParams } from './connection.js';

/** One rollup the new rows add to, ready to run: its upsert's SQL and the counters' cells. */
export interface CounterCall {
  /** `INSERT … ON CONFLICT (key) DO UPDATE SET c = c + excluded.c`: key columns, then counted columns. */
  readonly sql: string;
  /** One per counter: its key values. */
  readonly keys: readonly (readonly unknown[])[];
  /** Counted columns per counter. */
  readonly width: number;
  /** Row i adds 1 to each cell `bumps[offsets[i]] … bumps[offsets[i + 1] - 1]`; a cell is `counter * width + column`. */
  readonly offsets: Int32Array;
  readonly bumps: Int32Array;
}

/**
 * A column as sent (new-rows.ts Column): values, one value, or picks among a few values; or a
 * column of strings and nulls packed as one string and each value's length (-1: null), which
 * crosses to the writer thread as one copy instead of a string each (packColumns).
 */
export type ColumnData =
  | readonly unknown[]
  | { readonly value: unknown }
  | { readonly values: readonly unknown[]; readonly pick: Int32Array }
  | { readonly packed: string; readonly lengths: Int32Array }
  /** A column of numbers only (row-columns.ts): one copy, and nothing to build on the writer thread. */
  | { readonly numbers: Float64Array };

/** A column of strings and nulls as one string and the lengths; anything else as it is. */
function packColumn(column: ColumnData): ColumnData {
  if (!Array.isArray(column)) return column;
  const values: readonly unknown[] = column as readonly unknown[];
  const lengths = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string') lengths[i] = v.length;
    else if (v === null) lengths[i] = -1;
    else return column as ColumnData;
  }
  // join writes nothing for a null.
  return { packed: values.join(''), lengths };
}

/** The call with its string columns packed (on the main thread, before it is posted). */
export function packColumns(call: InsertNewCall): InsertNewCall {
  return {
    ...call,
    columns: call.columns.map(packColumn),
    dependents: call.dependents.map((d) => ({ ...d, columns: d.columns.map(packColumn) })),
  };
}

/** A packed column's values. */
function unpack(packed: string, lengths: Int32Array): (string | null)[] {
  const out = new Array<string | null>(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i]!;
    if (n < 0) {
      out[i] = null;
    } else {
      out[i] = packed.slice(at, at + n);
      at += n;
    }
  }
  return out;
}

/** Rows stored only with the row they belong to, ready to run: `sql` skips a stored key. */
export interface DependentCall {
  readonly sql: string;
  readonly columns: readonly ColumnData[];
  /** Row j belongs to row `owners[j]` of the batch. */
  readonly owners: Int32Array;
}

/** A batch for insertNewCounted: `sql` must skip a stored key (ON CONFLICT DO NOTHING). */
export interface InsertNewCall {
  readonly sql: string;
  readonly columns: readonly ColumnData[];
  readonly rowCount: number;
  readonly counters: readonly CounterCall[];
  readonly dependents: readonly DependentCall[];
}

/** What insertNewCounted stored: the new rows, each dependent table's rows, and which rows were new. */
export interface InsertNewResult {
  readonly added: number;
  readonly dependents: readonly number[];
  readonly isNew: Uint8Array;
}

/** A function that fills `row` with row i's values, in column order (the array is reused from row to row). */
function rowFiller(columns: readonly ColumnData[]): (row: unknown[], i: number) => void {
  // Each column as (values, picks): picks null → values[i]; picks of length 0 → values[0]; else values[picks[i]].
  const values: ArrayLike<unknown>[] = [];
  const picks: (Int32Array | null)[] = [];
  for (const column of columns) {
    if (Array.isArray(column)) {
      values.push(column as readonly unknown[]);
      picks.push(null);
    } else if ('numbers' in column) {
      values.push(column.numbers);
      picks.push(null);
    } else if ('packed' in column) {
      values.push(unpack(column.packed, column.lengths));
      picks.push(null);
    } else if ('value' in column) {
      values.push([column.value]);
      picks.push(ONE);
    } else {
      const c = column as { readonly values: readonly unknown[]; readonly pick: Int32Array };
      values.push(c.values);
      picks.push(c.pick);
    }
  }
  return (row, i) => {
    for (let c = 0; c < row.length; c++) {
      const pick = picks[c]!;
      row[c] = values[c]![pick === null ? i : pick.length === 0 ? 0 : pick[i]!];
    }
  };
}

/** Calls `each` with every row's values in column order; the array is reused from row to row. */
export function forEachRow(columns: readonly ColumnData[], rowCount: number, each: (row: unknown[], index: number) => void): void {
  const fill = rowFiller(columns);
  const row = new Array<unknown>(columns.length);
  for (let i = 0; i < rowCount; i++) {
    fill(row, i);
    each(row, i);
  }
}

/** The picks of a one-value column (no pick per row). */
const ONE = new Int32Array(0);

/**
 * Stores the rows not stored yet. A row counts when it changed the table; a row repeated within
 * the batch counts once, as the first of them is the one stored. Only a new row adds its cells to
 * the counters and stores the rows that belong to it.
 */
export function insertNewCounted(prepare: (sql: string) => Database.Statement, call: InsertNewCall): InsertNewResult {
  const insert = prepare(call.sql);
  const cells = call.counters.map((c) => new Float64Array(c.keys.length * c.width));
  const isNew = new Uint8Array(call.rowCount);
  let added = 0;
  forEachRow(call.columns, call.rowCount, (row, i) => {
    if (insert.run(...toParams(row)).changes === 0) return;
    added++;
    isNew[i] = 1;
    for (let c = 0; c < call.counters.length; c++) {
      const { offsets, bumps } = call.counters[c]!;
      const counts = cells[c]!;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) counts[bumps[j]!]! += 1;
    }
  });
  // Table by table (one B-tree's pages at a time), the rows of the new rows.
  const dependents = call.dependents.map((d) => {
    const insertDependent = prepare(d.sql);
    let stored = 0;
    forEachRow(d.columns, d.owners.length, (row, j) => {
      if (isNew[d.owners[j]!] === 1) stored += insertDependent.run(...toParams(row)).changes;
    });
    return stored;
  });
  for (let c = 0; c < call.counters.length; c++) {
    const { sql: upsertSql, keys, width } = call.counters[c]!;
    const counts = cells[c]!;
    const upsert = prepare(upsertSql);
    for (let k = 0; k < keys.length; k++) {
      const values: unknown[] = [];
      let any = false;
      for (let w = 0; w < width; w++) {
        const n = counts[k * width + w]!;
        if (n !== 0) any = true;
        values.push(n);
      }
      if (any) upsert.run(...toParams([...keys[k]!, ...values]));
    }
  }
  return { added, dependents, isNew };
}
