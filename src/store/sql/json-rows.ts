// Rows straight to JSON (decision 0007, "serialised pages"): a page of a listed report is written
// as JSON from the rows the database returns, with no object per row and no JSON.stringify over
// them. The layout is data, made beside the code that reads the same rows into objects
// (registration-columns.ts); what it writes is exactly JSON.stringify(objectOf(row), properties),
// which property tests hold. An engine that can write the JSON itself (SqlEngine.rowJsonSql, with
// a reader that is a JsonPageReader) does; otherwise the rows' columns are written here.
import type { CompiledQuery } from 'kysely';
import type { SqlExecutor } from './executor.js';

/**
 * How one column becomes one JSON value: text (or null) as it is (an enum column's stored member,
 * 'none' included: decision 0083); 'boolean' from 0/1; a bitmask as the array of the names of its
 * set bits, in bit order.
 */
export type JsonCodec = 'text' | 'boolean' | { readonly mask: readonly string[] };

export interface JsonField {
  /** The property name written. */
  readonly name: string;
  /** Its column's index in the row array (select-list order). */
  readonly column: number;
  readonly codec: JsonCodec;
}

export interface JsonRowsLayout {
  readonly fields: readonly JsonField[];
}

/** At most `limit` rows of a query as JSON: what a page needs, keyset position included. */
export interface JsonRows {
  /** The rows' JSON objects, comma-separated (no brackets), as UTF-8: the bytes the response sends. */
  readonly json: Uint8Array;
  readonly rows: number;
  /** The last row written, as the database returned it (its sort keys make the next position); null for none. */
  readonly last: readonly unknown[] | null;
  /** The query returned more than `limit` rows. */
  readonly more: boolean;
}

/**
 * An executor that reads a page of rows the database writes as JSON (SqlEngine.rowJsonSql) and
 * joins where they are read. `rows` selects `j`, each row's JSON, then the row's sort keys `k0`…
 * `k{keys - 1}`, in page order, at most `limit + 1` rows; the answer is at most `limit` rows, the
 * last one's keys (the next position) and whether more follow.
 */
export interface JsonPageReader {
  jsonPage(rows: CompiledQuery, keys: number, limit: number): Promise<JsonRows>;
}

type Writer = (row: readonly unknown[]) => string;

const encoder = new TextEncoder();

function maskWriter(names: readonly string[]): (mask: number) => string {
  // A tenant's users share few distinct method sets: each one's text is made once.
  const texts = new Map<number, string>();
  return (mask) => {
    let text = texts.get(mask);
    if (text === undefined) {
      const set: string[] = [];
      for (let i = 0; i < names.length; i++) if ((mask & (2 ** i)) !== 0) set.push(names[i]!);
      text = JSON.stringify(set);
      if (texts.size < 65_536) texts.set(mask, text);
    }
    return text;
  };
}

function valueWriter(field: JsonField): (row: readonly unknown[]) => string {
  const c = field.column;
  const codec = field.codec;
  if (codec === 'text') return (row) => JSON.stringify(row[c] ?? null);
  if (codec === 'boolean') return (row) => (row[c] === 1 ? 'true' : 'false');
  const mask = maskWriter(codec.mask);
  return (row) => mask(row[c] as number);
}

/** One row's JSON object: each field's `"name":` is made once, the values per row. */
export function compileLayout(layout: JsonRowsLayout): Writer {
  const keys = layout.fields.map((f, i) => `${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`);
  const values = layout.fields.map(valueWriter);
  const n = keys.length;
  if (n === 0) return () => '{}';
  return (row) => {
    let s = '';
    for (let i = 0; i < n; i++) s += keys[i]! + values[i]!(row);
    return `${s}}`;
  };
}

/** Compiled writers by layout, so each page shape is compiled once. */
const compiled = new Map<string, Writer>();

function writerFor(layout: JsonRowsLayout): Writer {
  const key = JSON.stringify(layout);
  let writer = compiled.get(key);
  if (writer === undefined) {
    writer = compileLayout(layout);
    // $select makes a few dozen shapes at most; the bound is against anything else.
    if (compiled.size >= 256) compiled.clear();
    compiled.set(key, writer);
  }
  return writer;
}

export function jsonRowsOf(rows: readonly (readonly unknown[])[], layout: JsonRowsLayout, limit: number): JsonRows {
  const write = writerFor(layout);
  const count = Math.min(rows.length, limit);
  let text = '';
  for (let i = 0; i < count; i++) text += i === 0 ? write(rows[i]!) : `,${write(rows[i]!)}`;
  return { json: encoder.encode(text), rows: count, last: count > 0 ? rows[count - 1]! : null, more: rows.length > limit };
}

/** Whether an executor reads pages the database wrote as JSON. */
export function readsJsonPages(db: SqlExecutor): db is SqlExecutor & JsonPageReader {
  return 'jsonPage' in db && typeof db.jsonPage === 'function';
}

/** Rows as arrays, written here: any engine. */
export async function readJsonRows(db: SqlExecutor, query: CompiledQuery, layout: JsonRowsLayout, limit: number): Promise<JsonRows> {
  return jsonRowsOf(await db.arrays(query), layout, limit);
}
