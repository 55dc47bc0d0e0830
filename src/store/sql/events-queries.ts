// userEventsSummary rows from activity_events, written once: filter, order, keyset page.
import { sql, type Kysely } from 'kysely';
import { afterPosition, splitPage, type SortKey } from './keyset.js';
import type { DB } from '../schema.js';
import type { ActivityEventCountQuery, ActivityEventQuery, ActivityEventRow, Page } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { filterToSql, type ColumnMap, type ColumnSpec } from './filter-sql.js';

export const EVENT_FILTER_COLUMNS: ColumnMap = new Map<string, ColumnSpec>([
  ['id', { kind: 'text', column: 'id' }],
  ['feature', { kind: 'enum', column: 'feature' }],
  ['userPrincipalName', { kind: 'text-ci', column: 'upn_key' }],
  ['userDisplayName', { kind: 'text-ci', column: 'name_key' }],
  ['isSuccess', { kind: 'boolean', column: 'is_success' }],
  ['authMethod', { kind: 'enum', column: 'auth_method' }],
  ['failureReason', { kind: 'text', column: 'failure_reason' }],
  ['eventDateTime', { kind: 'datetime', column: 'event_at' }],
]);

const COLUMNS = ['id', 'feature', 'user_principal_name', 'user_display_name', 'is_success', 'auth_method', 'failure_reason', 'event_at'] as const;
type SortColumn = 'upn_key' | 'name_key' | 'event_at' | 'id';

function sortKeys(q: ActivityEventQuery): SortKey<SortColumn>[] {
  if (q.orderby.length === 0)
    return [
      { column: 'event_at', desc: true },
      { column: 'id', desc: true },
    ];
  const keys: SortKey<SortColumn>[] = q.orderby.map((o) => ({
    column: o.property === 'userPrincipalName' ? 'upn_key' : 'name_key',
    desc: o.direction === 'desc',
  }));
  keys.push({ column: 'id', desc: keys[keys.length - 1]!.desc });
  return keys;
}

function base(qb: Kysely<DB>, key: number, q: Omit<ActivityEventCountQuery, 'tenantId'>) {
  let query = qb.selectFrom('activity_events').where('tenant_key', '=', key).where('event_at', '>=', q.since);
  if (q.filter) query = query.where(filterToSql(q.filter, EVENT_FILTER_COLUMNS));
  return query;
}

export async function listActivityEvents(db: SqlExecutor, qb: Kysely<DB>, key: number, q: ActivityEventQuery): Promise<Page<ActivityEventRow>> {
  const keys = sortKeys(q);
  let query = base(qb, key, q).select([...COLUMNS, ...keys.map((k) => k.column)]);
  if (q.after) query = query.where(afterPosition(keys, q.after));
  for (const k of keys) query = query.orderBy(k.column, k.desc ? 'desc' : 'asc');
  const rows = await db.arrays(query.limit(q.top + 1).compile());
  const { page, next } = splitPage(rows, q.top, (last) => keys.map((_k, i) => String(last[COLUMNS.length + i])));
  const count = q.count ? await countActivityEvents(db, qb, key, q) : undefined;
  return {
    rows: page.map((r) => ({
      id: r[0] as string,
      feature: r[1] as ActivityEventRow['feature'],
      userPrincipalName: r[2] as string,
      userDisplayName: r[3] as string,
      isSuccess: r[4] === 1,
      authMethod: r[5] as string,
      failureReason: r[6] as string,
      eventDateTime: r[7] as string,
    })),
    next,
    ...(count === undefined ? {} : { count }),
  };
}

/** The events of the window that pass the filter: `$count=true` and …/$count. */
export async function countActivityEvents(db: SqlExecutor, qb: Kysely<DB>, key: number, q: Omit<ActivityEventCountQuery, 'tenantId'>): Promise<number> {
  return Number(
    (
      await db.arrays(
        base(qb, key, q)
          .select(sql<number>`count(*)`.as('n'))
          .compile(),
      )
    )[0]?.[0] ?? 0,
  );
}
