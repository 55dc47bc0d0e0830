// Activity older than the operator's retention goes (issue 3: --retention-days, default 400):
// records, facts, events and the rollups built from them, by their own time columns.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

export async function pruneActivity(tx: SqlExecutor, qb: Kysely<DB>, key: number, before: string): Promise<number> {
  const hour = before.slice(0, 13);
  const day = before.slice(0, 10);
  const deletes = [
    qb.deleteFrom('audit_records').where('tenant_key', '=', key).where('activity_at', '<', before),
    qb.deleteFrom('signin_facts').where('tenant_key', '=', key).where('created_at', '<', before),
    qb.deleteFrom('method_use').where('tenant_key', '=', key).where('last_used_at', '<', before),
    qb.deleteFrom('activity_events').where('tenant_key', '=', key).where('event_at', '<', before),
    qb.deleteFrom('password_events').where('tenant_key', '=', key).where('event_at', '<', before),
    // Rollup buckets go once they end before the cut, so no kept bucket loses part of its count.
    qb.deleteFrom('signin_method_hours').where('tenant_key', '=', key).where('hour', '<', hour),
    qb.deleteFrom('signin_days').where('tenant_key', '=', key).where('day', '<', day),
    qb.deleteFrom('activity_hours').where('tenant_key', '=', key).where('hour', '<', hour),
    qb.deleteFrom('password_days').where('tenant_key', '=', key).where('day', '<', day),
    // The change feed (decision 0094) is kept as long as activity.
    qb.deleteFrom('method_changes').where('tenant_key', '=', key).where('captured_at', '<', before),
  ];
  let removed = 0;
  for (const d of deletes) removed += await tx.run(d.compile());
  return removed;
}
