// userRegistrationDetails queries, written once: keyset-paged list, get by id, cached summaries.
import { sql, type Kysely } from 'kysely';
import { afterPosition, splitPage, type SortKey } from './keyset.js';
import type { RegistrationDetails } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { Page, RegistrationListQuery, RegistrationSummary } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { filterToSql } from './filter-sql.js';
import { DETAIL_COLUMNS, ORDER_COLUMNS, REGISTRATION_FILTER_COLUMNS, detailsFromArray } from './registration-columns.js';

type SortColumn = 'upn_key' | 'name_key' | 'id';

/** The list query with the tenant resolved to its key. */
export type KeyedListQuery = RegistrationListQuery & { readonly tenantKey: number };


function sortKeys(q: KeyedListQuery): SortKey<SortColumn>[] {
  const keys: SortKey<SortColumn>[] = q.orderby.map((o) => ({ column: ORDER_COLUMNS[o.property], desc: o.direction === 'desc' }));
  // The id makes the order total, so a keyset position is unambiguous.
  keys.push({ column: 'id', desc: keys.length > 0 ? keys[keys.length - 1]!.desc : false });
  return keys;
}


function baseQuery(qb: Kysely<DB>, q: KeyedListQuery) {
  let query = qb.selectFrom('registration_details')
    .where('tenant_key', '=', q.tenantKey)
    .where('generation', '=', q.generation);
  if (q.filter) query = query.where(filterToSql(q.filter, REGISTRATION_FILTER_COLUMNS));
  return query;
}

export async function listRegistrationDetails(db: SqlExecutor, qb: Kysely<DB>, q: KeyedListQuery): Promise<Page<RegistrationDetails>> {
  const keys = sortKeys(q);
  const sortColumns = keys.map((k) => k.column).filter((c) => c !== 'id');
  let query = baseQuery(qb, q).select([...DETAIL_COLUMNS, ...sortColumns]);
  if (q.after) query = query.where(afterPosition(keys, q.after));
  for (const k of keys) query = query.orderBy(k.column, k.desc ? 'desc' : 'asc');
  const rows = await db.arrays(query.limit(q.top + 1).compile());
  // Sort keys follow the detail columns in the select list; the id is the first detail column.
  const { page: pageRows, next } = splitPage(rows, q.top, (last) =>
    keys.map((k, i) => String(k.column === 'id' ? last[0] : last[DETAIL_COLUMNS.length + i])));
  let count: number | undefined;
  if (q.count) {
    const c = await db.all(baseQuery(qb, q).select(sql<number>`count(*)`.as('n')).compile());
    count = Number(c[0]?.n ?? 0);
  }
  return { rows: pageRows.map(detailsFromArray), next, ...(count === undefined ? {} : { count }) };
}

export async function getRegistrationDetails(db: SqlExecutor, qb: Kysely<DB>, tenantKey: number, generation: number, id: string): Promise<RegistrationDetails | null> {
  const rows = await db.arrays(qb.selectFrom('registration_details').select(DETAIL_COLUMNS)
    .where('tenant_key', '=', tenantKey).where('generation', '=', generation).where('id', '=', id).compile());
  return rows[0] ? detailsFromArray(rows[0]) : null;
}

export async function getRegistrationSummary(
  db: SqlExecutor, qb: Kysely<DB>, tenantKey: number, generation: number, userTypes: string, userRoles: string,
): Promise<RegistrationSummary | null> {
  const rows = await db.all(qb.selectFrom('registration_summaries').select(['feature_json', 'method_json'])
    .where('tenant_key', '=', tenantKey).where('generation', '=', generation)
    .where('user_types', '=', userTypes).where('user_roles', '=', userRoles).compile());
  const r = rows[0];
  return r ? { feature: JSON.parse(r.feature_json) as RegistrationSummary['feature'], method: JSON.parse(r.method_json) as RegistrationSummary['method'] } : null;
}
