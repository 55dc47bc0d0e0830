// SQLite writes a row's JSON itself (decision 0007, serialised pages): a page of a thousand rows
// then crosses into JavaScript as one value of bytes (json-page.ts) instead of eighteen thousand
// values, which was most of a page's cost. The expression is made from the same layout the JavaScript writer
// runs (json-rows.ts) and writes the same bytes: SQLite's json_quote escapes text exactly as
// JSON.stringify does (row-json-sql.test.ts holds them equal).
import { sql, type RawBuilder } from 'kysely';
import type { JsonField, JsonRowsLayout } from '../sql/json-rows.js';

function value(field: JsonField, column: string): RawBuilder<string> {
  const c = sql.ref(column);
  const codec = field.codec;
  if (codec === 'text') return sql<string>`json_quote(${c})`;
  if (codec === 'boolean') return sql<string>`iif(${c} = 1, 'true', 'false')`;
  if (codec.mask.length === 0) return sql<string>`'[]'`;
  const names = codec.mask.map((name, i) => sql`iif(${c} & ${sql.lit(2 ** i)}, ${sql.lit(`${JSON.stringify(name)},`)}, '')`);
  return sql<string>`concat('[', rtrim(concat(${sql.join(names, sql`, `)}), ','), ']')`;
}

/**
 * The JSON object of a row as one SQL expression (text); `columns[field.column]` names each field's
 * column. concat() builds it in one allocation, where a chain of || copies the growing text at each
 * step.
 */
export function rowJsonSql(layout: JsonRowsLayout, columns: readonly string[]): RawBuilder<string> {
  if (layout.fields.length === 0) return sql<string>`'{}'`;
  const parts = layout.fields.map((f, i) => sql`${sql.lit(`${i === 0 ? '{' : ','}${JSON.stringify(f.name)}:`)}, ${value(f, columns[f.column]!)}`);
  return sql<string>`concat(${sql.join(parts, sql`, `)}, '}')`;
}
