// Activity aggregates for the report endpoints, written once: GROUP BY over the stored events in
// the rollup row shapes of reports/activity (hourly activity, daily MFA and password counts).
// Issue 3 item 4 replaces the scans with stored rollups; the row shapes stay.
import { sql, type Kysely } from 'kysely';
import type { ActivityHourRow, MfaDayRow, PasswordDayRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

const hour = sql<string>`substr(event_at, 1, 13)`;
const eventDay = sql<string>`substr(event_at, 1, 10)`;
const signInDay = sql<string>`substr(created_at, 1, 10)`;
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

/** Successful interactive sign-ins per UTC day by requirement (decision 0045), from `fromDay` on. */
export async function mfaDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<MfaDayRow[]> {
  const count = (requirement: string) => sql<number>`sum(case when requirement = ${requirement} then 1 else 0 end)`;
  const rows = await db.arrays(qb.selectFrom('signin_facts')
    .select([signInDay.as('d'), count('singleFactor').as('single'), count('multiFactor').as('multi'), sql<number>`sum(case when requirement is null then 1 else 0 end)`.as('other')])
    .where('tenant_key', '=', key).where('is_interactive', '=', 1).where('is_success', '=', 1).where('created_at', '>=', fromDay)
    .groupBy(signInDay).compile());
  return rows.map(([d, single, multi, other]) => ({ day: d as string, singleFactor: Number(single), multiFactor: Number(multi), unclassified: Number(other) }));
}

/** Password resets, changes and unlocks per UTC day and kind, from `fromDay` on. */
export async function passwordDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<PasswordDayRow[]> {
  const rows = await db.arrays(qb.selectFrom('password_events')
    .select([eventDay.as('d'), 'kind', successes.as('s'), failures.as('f')])
    .where('tenant_key', '=', key).where('event_at', '>=', fromDay)
    .groupBy([eventDay, 'kind']).compile());
  return rows.map(([d, kind, s, f]) => ({ day: d as string, kind: kind as PasswordDayRow['kind'], success: Number(s), failure: Number(f) }));
}
