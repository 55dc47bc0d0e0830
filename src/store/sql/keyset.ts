// Keyset paging, shared by every listed report: rows strictly after a position in a total order.
import { sql, type Expression, type SqlBool } from 'kysely';

export interface SortKey<C extends string = string> {
  readonly column: C;
  readonly desc: boolean;
}

/** (k1 > v1) OR (k1 = v1 AND k2 > v2) OR … — `<` for descending keys. Columns come from code only. */
export function afterPosition(keys: readonly SortKey[], position: readonly string[]): Expression<SqlBool> {
  const alternatives = keys.map((key, i) => {
    const parts = keys.slice(0, i).map((k, j) => sql<SqlBool>`${sql.ref(k.column)} = ${position[j]}`);
    parts.push(sql<SqlBool>`${sql.ref(key.column)} ${sql.raw(key.desc ? '<' : '>')} ${position[i]}`);
    return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
  });
  return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
}
