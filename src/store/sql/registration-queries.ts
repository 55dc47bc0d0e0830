// userRegistrationDetails queries, written once: keyset-paged list, get by id, cached summaries.
import { sql, type Kysely } from 'kysely';
import { afterPosition, splitPage, type SortKey } from './keyset.js';
import type { RegistrationDetails } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { JsonPage, Page, RegistrationListQuery, RegistrationSummary } from '../store.js';
import type { SqlEngine, SqlExecutor } from './executor.js';
import { filterToSql } from './filter-sql.js';
import { DETAIL_COLUMNS, ORDER_COLUMNS, REGISTRATION_FILTER_COLUMNS, detailsFromArray, registrationJsonLayout } from './registration-columns.js';
import { readJsonRows, readsJsonPages } from './json-rows.js';

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

/** The page query: detail columns, then the sort keys; `top + 1` rows tell whether more follow. */
function pageQuery(qb: Kysely<DB>, q: KeyedListQuery, keys: readonly SortKey<SortColumn>[]) {
  const sortColumns = keys.map((k) => k.column).filter((c) => c !== 'id');
  let query = baseQuery(qb, q).select([...DETAIL_COLUMNS, ...sortColumns]);
  if (q.after) query = query.where(afterPosition(keys, q.after));
  for (const k of keys) query = query.orderBy(k.column, k.desc ? 'desc' : 'asc');
  return query.limit(q.top + 1).compile();
}

/** The position after a row: its sort keys follow the detail columns; the id is the first detail column. */
function positionOf(keys: readonly SortKey<SortColumn>[], row: readonly unknown[]): string[] {
  return keys.map((k, i) => String(k.column === 'id' ? row[0] : row[DETAIL_COLUMNS.length + i]));
}

async function countOf(db: SqlExecutor, qb: Kysely<DB>, q: KeyedListQuery): Promise<number | undefined> {
  if (!q.count) return undefined;
  const c = await db.all(baseQuery(qb, q).select(sql<number>`count(*)`.as('n')).compile());
  return Number(c[0]?.n ?? 0);
}

export async function listRegistrationDetails(db: SqlExecutor, qb: Kysely<DB>, q: KeyedListQuery): Promise<Page<RegistrationDetails>> {
  const keys = sortKeys(q);
  const rows = await db.arrays(pageQuery(qb, q, keys));
  const { page: pageRows, next } = splitPage(rows, q.top, (last) => positionOf(keys, last));
  const count = await countOf(db, qb, q);
  return { rows: pageRows.map(detailsFromArray), next, ...(count === undefined ? {} : { count }) };
}

/**
 * The same page as JSON of the rows restricted to `properties` (decision 0007, serialised pages):
 * written and joined by the database when the engine can (rowJsonSql), else from the columns here.
 */
export async function listRegistrationDetailsJson(
  engine: Pick<SqlEngine, 'reader' | 'qb' | 'rowJsonSql'>, q: KeyedListQuery, properties: readonly (keyof RegistrationDetails)[],
): Promise<JsonPage> {
  const { reader, qb } = engine;
  const keys = sortKeys(q);
  const layout = registrationJsonLayout(properties);
  const rowJson = engine.rowJsonSql?.(layout, DETAIL_COLUMNS);
  // The count goes to another thread while this page is read.
  const counted = countOf(reader, qb, q);
  counted.catch(() => undefined);
  let page: { json: Uint8Array; rows: number; next: string[] | null };
  if (rowJson === undefined || !readsJsonPages(reader) || q.top < 1) {
    const rows = await readJsonRows(reader, pageQuery(qb, q, keys), layout, q.top);
    page = { json: rows.json, rows: rows.rows, next: rows.more && rows.last !== null ? positionOf(keys, rows.last) : null };
  } else {
    const sortColumns = keys.map((k) => k.column).filter((c) => c !== 'id');
    const ordered = <Q extends { orderBy: (c: SortColumn, d: 'asc' | 'desc') => Q; where: (e: ReturnType<typeof afterPosition>) => Q }>(query: Q): Q => {
      let out = q.after ? query.where(afterPosition(keys, q.after)) : query;
      for (const k of keys) out = out.orderBy(k.column, k.desc ? 'desc' : 'asc');
      return out;
    };
    const rows = ordered(baseQuery(qb, q).select(rowJson.as('j'))).limit(q.top).compile();
    // The page's last row and the one after it: the next position, and whether there is a next page.
    const tail = ordered(baseQuery(qb, q).select(['id', ...sortColumns])).limit(2).offset(q.top - 1).compile();
    const read = await reader.jsonPage(rows, tail);
    const last = read.rows === q.top ? read.tail[0] : undefined;
    page = { json: read.json, rows: read.rows, next: last !== undefined && read.tail.length > 1 ? keys.map((k, i) => String(k.column === 'id' ? last[0] : last[1 + i])) : null };
  }
  const count = await counted;
  return { json: page.json, rowCount: page.rows, next: page.next, ...(count === undefined ? {} : { count }) };
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
