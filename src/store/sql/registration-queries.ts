// userRegistrationDetails queries, written once: keyset-paged list, get by id, cached summaries.
import { sql, type Kysely } from 'kysely';
import { afterPosition, splitPage, type SortKey } from './keyset.js';
import type { RegistrationDetails } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { JsonPage, Page, RegistrationListQuery, RegistrationSummary } from '../store.js';
import type { SqlEngine, SqlExecutor } from './executor.js';
import { filterToSql } from './filter-sql.js';
import { DETAIL_COLUMNS, ORDER_COLUMNS, REGISTRATION_FILTER_COLUMNS, detailsFromArray, registrationJsonLayout } from './registration-columns.js';
import { readJsonRows, readsJsonPages, type JsonRowsLayout } from './json-rows.js';
import type { ColumnMap } from './filter-sql.js';

type SortColumn = 'upn_key' | 'name_key' | 'id';

/** A report listed from the registration_details rows: Graph's userRegistrationDetails, or amr's userProtection. */
export interface RowReport<T> {
  readonly detailColumns: readonly (keyof DB['registration_details'] & string)[];
  readonly filterColumns: ColumnMap;
  readonly fromArray: (row: readonly unknown[]) => T;
  readonly jsonLayout: (properties: readonly (keyof T)[]) => JsonRowsLayout;
}

export const REGISTRATION_REPORT: RowReport<RegistrationDetails> = {
  detailColumns: DETAIL_COLUMNS,
  filterColumns: REGISTRATION_FILTER_COLUMNS,
  fromArray: detailsFromArray,
  jsonLayout: registrationJsonLayout,
};

/** The list query with the tenant resolved to its key. */
export type KeyedListQuery = RegistrationListQuery & { readonly tenantKey: number };

function sortKeys(q: KeyedListQuery): SortKey<SortColumn>[] {
  const keys: SortKey<SortColumn>[] = q.orderby.map((o) => ({ column: ORDER_COLUMNS[o.property], desc: o.direction === 'desc' }));
  // The id makes the order total, so a keyset position is unambiguous.
  keys.push({ column: 'id', desc: keys.length > 0 ? keys[keys.length - 1]!.desc : false });
  return keys;
}

function baseQuery(qb: Kysely<DB>, q: Pick<KeyedListQuery, 'tenantKey' | 'generation' | 'filter'>, filterColumns: ColumnMap = REGISTRATION_FILTER_COLUMNS) {
  let query = qb.selectFrom('registration_details').where('tenant_key', '=', q.tenantKey).where('generation', '=', q.generation);
  if (q.filter) query = query.where(filterToSql(q.filter, filterColumns));
  return query;
}

/** The page query: detail columns, then the sort keys; `top + 1` rows tell whether more follow. */
function pageQuery<T>(qb: Kysely<DB>, q: KeyedListQuery, keys: readonly SortKey<SortColumn>[], report: RowReport<T>) {
  const sortColumns = keys.map((k) => k.column).filter((c) => c !== 'id');
  let query = baseQuery(qb, q, report.filterColumns).select([...report.detailColumns, ...sortColumns]);
  if (q.after) query = query.where(afterPosition(keys, q.after));
  for (const k of keys) query = query.orderBy(k.column, k.desc ? 'desc' : 'asc');
  return query.limit(q.top + 1).compile();
}

/** The position after a row: its sort keys follow the detail columns; the id is the first detail column. */
function positionOf(keys: readonly SortKey<SortColumn>[], row: readonly unknown[], detailCount: number): string[] {
  return keys.map((k, i) => String(k.column === 'id' ? row[0] : row[detailCount + i]));
}

/** The listing's rows counted (its filter; no position, no order): what `$count` answers. */
export async function countRegistrationDetails(
  db: SqlExecutor,
  qb: Kysely<DB>,
  q: Omit<KeyedListQuery, 'after' | 'orderby' | 'top' | 'count'>,
  filterColumns: ColumnMap = REGISTRATION_FILTER_COLUMNS,
): Promise<number> {
  const c = await db.all(
    baseQuery(qb, q, filterColumns)
      .select(sql<number>`count(*)`.as('n'))
      .compile(),
  );
  return Number(c[0]?.n ?? 0);
}

/** A page of rows as objects; `q.count` is the caller's (the store caches counts). */
export function listRegistrationDetails(db: SqlExecutor, qb: Kysely<DB>, q: KeyedListQuery): Promise<Omit<Page<RegistrationDetails>, 'count'>> {
  return listReportRows(db, qb, q, REGISTRATION_REPORT);
}

export async function listReportRows<T>(db: SqlExecutor, qb: Kysely<DB>, q: KeyedListQuery, report: RowReport<T>): Promise<Omit<Page<T>, 'count'>> {
  const keys = sortKeys(q);
  const rows = await db.arrays(pageQuery(qb, q, keys, report));
  const { page: pageRows, next } = splitPage(rows, q.top, (last) => positionOf(keys, last, report.detailColumns.length));
  return { rows: pageRows.map(report.fromArray), next };
}

/**
 * The same page as JSON of the rows restricted to `properties` (decision 0007, serialised pages):
 * written and joined by the database when the engine can (rowJsonSql), else from the columns here.
 * `q.count` is the caller's, as for the objects.
 */
export function listRegistrationDetailsJson(
  engine: Pick<SqlEngine, 'reader' | 'qb' | 'rowJsonSql'>,
  q: KeyedListQuery,
  properties: readonly (keyof RegistrationDetails)[],
): Promise<Omit<JsonPage, 'count'>> {
  return listReportJson(engine, q, properties, REGISTRATION_REPORT);
}

export async function listReportJson<T>(
  engine: Pick<SqlEngine, 'reader' | 'qb' | 'rowJsonSql'>,
  q: KeyedListQuery,
  properties: readonly (keyof T)[],
  report: RowReport<T>,
): Promise<Omit<JsonPage, 'count'>> {
  const { reader, qb } = engine;
  const keys = sortKeys(q);
  const layout = report.jsonLayout(properties);
  const rowJson = engine.rowJsonSql?.(layout, report.detailColumns);
  if (rowJson === undefined || !readsJsonPages(reader) || q.top < 1) {
    const page = await readJsonRows(reader, pageQuery(qb, q, keys, report), layout, q.top);
    return { json: page.json, rowCount: page.rows, next: page.more && page.last !== null ? positionOf(keys, page.last, report.detailColumns.length) : null };
  }
  // Each row's JSON, then its sort keys k0… (json-rows.ts JsonPageReader), top + 1 rows.
  let query = baseQuery(qb, q, report.filterColumns).select([rowJson.as('j'), ...keys.map((k, i) => sql.ref(k.column).as(`k${i}`))]);
  if (q.after) query = query.where(afterPosition(keys, q.after));
  for (const k of keys) query = query.orderBy(k.column, k.desc ? 'desc' : 'asc');
  const page = await reader.jsonPage(query.limit(q.top + 1).compile(), keys.length, q.top);
  // The last row's sort keys are the position after it.
  const next = page.more && page.last !== null ? page.last.map(String) : null;
  return { json: page.json, rowCount: page.rows, next };
}

export function getRegistrationDetails(
  db: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  generation: number,
  id: string,
): Promise<RegistrationDetails | null> {
  return getReportRow(db, qb, tenantKey, generation, id, REGISTRATION_REPORT);
}

/** One user's row of a report, or null when the generation does not list the user. */
export async function getReportRow<T>(
  db: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  generation: number,
  id: string,
  report: RowReport<T>,
): Promise<T | null> {
  const rows = await db.arrays(
    qb
      .selectFrom('registration_details')
      .select(report.detailColumns)
      .where('tenant_key', '=', tenantKey)
      .where('generation', '=', generation)
      .where('id', '=', id)
      .compile(),
  );
  return rows[0] ? report.fromArray(rows[0]) : null;
}

export async function getRegistrationSummary(
  db: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  generation: number,
  userTypes: string,
  userRoles: string,
): Promise<RegistrationSummary | null> {
  const rows = await db.all(
    qb
      .selectFrom('registration_summaries')
      .select(['feature_json', 'method_json'])
      .where('tenant_key', '=', tenantKey)
      .where('generation', '=', generation)
      .where('user_types', '=', userTypes)
      .where('user_roles', '=', userRoles)
      .compile(),
  );
  const r = rows[0];
  return r
    ? { feature: JSON.parse(r.feature_json) as RegistrationSummary['feature'], method: JSON.parse(r.method_json) as RegistrationSummary['method'] }
    : null;
}
