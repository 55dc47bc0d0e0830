// The rows of an insertMany as they cross to the writer thread: column by column, numbers in a
// Float64Array, short strings packed into one string, a column of one value as that value
// (insert-new.ts ColumnData), because structured cloning builds every value of an array anew on
// the other side. Measured on 1,000
// report rows of the bench tenant (22 columns, 13 of them numbers): deserialising on the writer
// thread 6.7 → 0.3 µs a row. Long strings (a user's methods JSON) stay one value each: joined,
// one non-Latin-1 character anywhere makes the whole string two bytes a character (decision 0007).
import type { ColumnData } from './insert-new.js';

/** A string column is packed when its values average at most this many characters. */
const PACK_AT_MOST_CHARS = 64;

function columnOf(rows: readonly (readonly unknown[])[], c: number): ColumnData {
  const n = rows.length;
  // Numbers go straight into their typed array (Float64Array.from iterates: 5.5 → 2.1 µs a report row).
  if (n > 0 && typeof rows[0]![c] === 'number') {
    const first = rows[0]![c];
    let same = true;
    const numbers = new Float64Array(n);
    let i = 0;
    for (; i < n; i++) {
      const v = rows[i]![c];
      if (typeof v !== 'number') break;
      numbers[i] = v;
      if (!Object.is(v, first)) same = false;
    }
    if (i === n) return same ? { value: first } : { numbers };
  }
  const values = new Array<unknown>(n);
  let strings = true;
  let chars = 0;
  const first = n > 0 ? rows[0]![c] : null;
  let same = true;
  for (let j = 0; j < n; j++) {
    const v = rows[j]![c];
    values[j] = v;
    if (!Object.is(v, first)) same = false;
    if (typeof v === 'string') chars += v.length;
    else if (v !== null) strings = false;
  }
  // A column with one value (a report's capture time, a user type) crosses once.
  if (same && strings) return { value: first };
  if (!strings || chars > PACK_AT_MOST_CHARS * n) return values;
  const lengths = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const v = values[j];
    lengths[j] = typeof v === 'string' ? v.length : -1;
  }
  // join writes nothing for a null.
  return { packed: values.join(''), lengths };
}

/** Rows (arrays of `width` values) as columns for forEachRow on the writer thread. */
export function rowsAsColumns(rows: readonly (readonly unknown[])[], width: number): ColumnData[] {
  const columns: ColumnData[] = [];
  for (let c = 0; c < width; c++) columns.push(columnOf(rows, c));
  return columns;
}
