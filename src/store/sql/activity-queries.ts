// Activity aggregates for the report endpoints, written once: GROUP BY over the stored events in
// the rollup row shapes of reports/activity (hourly activity, daily password counts). Sign-ins,
// the high-volume stream, have stored rollups instead (signin-rollups.ts).
import { sql, type Kysely } from 'kysely';
import type { ActivityHourRow, PasswordDayRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

const hour = sql<string>`substr(event_at, 1, 13)`;
const eventDay = sql<string>`substr(event_at, 1, 10)`;
const successes = sql<number>`sum(is_success)`;
const failures = sql<number>`count(*) - sum(is_success)`;

/** Registration and reset successes and failures per UTC hour, feature and method, from `fromHour` on. */
export async function activityHourRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromHour: string): Promise<ActivityHourRow[]> {
  const rows = await db.arrays(qb.selectFrom('activity_events')
    .select([hour.as('h'), 'feature', 'auth_method', successes.as('s'), failures.as('f')])
    .where('tenant_key', '=', key).where('event_at', '>=', fromHour)
    .groupBy([hour, 'feature', 'auth_method']).compile());
  return rows.map(([h, feature, authMethod, s, f]) => ({
    hour: h as string, feature: feature as ActivityHourRow['feature'], authMethod: authMethod as string, success: Number(s), failure: Number(f),
  }));
}

/** Password resets, changes and unlocks per UTC day and kind, from `fromDay` on. */
export async function passwordDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<PasswordDayRow[]> {
  const rows = await db.arrays(qb.selectFrom('password_events')
    .select([eventDay.as('d'), 'kind', successes.as('s'), failures.as('f')])
    .where('tenant_key', '=', key).where('event_at', '>=', fromDay)
    .groupBy([eventDay, 'kind']).compile());
  return rows.map(([d, kind, s, f]) => ({ day: d as string, kind: kind as PasswordDayRow['kind'], success: Number(s), failure: Number(f) }));
}
