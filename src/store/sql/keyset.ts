// Keyset paging, shared by every listed report: rows strictly after a position in a total order.
import { sql, type Expression, type SqlBool } from 'kysely';
import { compareValue } from './filter-sql.js';

export interface SortKey<C extends string = string> {
  readonly column: C;
  readonly desc: boolean;
}

/**
 * A page from `top + 1` rows read in sort order: the first `top`, and the position after the last
 * of them when more rows follow.
 */
export function splitPage<R>(
  rows: readonly R[],
  top: number,
  positionOf: (last: R) => readonly string[],
): { page: readonly R[]; next: readonly string[] | null } {
  if (rows.length <= top) return { page: rows, next: null };
  const page = rows.slice(0, top);
  const last = page[page.length - 1];
  return { page, next: last === undefined ? null : positionOf(last) };
}

/** (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — `<` for descending keys. Columns come from code only. */
export function afterPosition(keys: readonly SortKey[], position: readonly string[]): Expression<SqlBool> {
  const alternatives = keys.map((key, i) => {
    // compareValue: a position holding U+0000 (PostgreSQL cannot take it as a parameter) is compared through its part before it.
    const parts = keys.slice(0, i).map((k, j) => compareValue(sql.ref(k.column), 'eq', position[j]!));
    parts.push(compareValue(sql.ref(key.column), key.desc ? 'lt' : 'gt', position[i]!));
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  });
  return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
}
