// Keeps the hourly activity and daily password rollups in step with the events, inside the
// append's transaction: new events add; a re-derived reset session first takes its old attempts
// out, then adds the new ones (decision 0049). A period summary then reads at most
// hours × methods rows, whatever the event count.
import { sql, type Kysely } from 'kysely';
import type { PasswordEvent, RegistrationOrResetEvent } from '../../reports/activity-model.js';
import { activityRollup, passwordRollup } from '../../reports/activity/index.js';
import type { ActivityHourRow, PasswordDayRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

async function addActivity(tx: SqlExecutor, _qb: Kysely<DB>, key: number, rows: readonly ActivityHourRow[]): Promise<void> {
  await tx.insertMany(
    'activity_hours',
    ['tenant_key', 'hour', 'feature', 'auth_method', 'success', 'failure'],
    rows.map((r) => [key, r.hour, r.feature, r.authMethod, r.success, r.failure]),
    { addOnConflict: { key: ['tenant_key', 'hour', 'feature', 'auth_method'], add: ['success', 'failure'] } },
  );
}

export const addActivityEvents = (tx: SqlExecutor, qb: Kysely<DB>, key: number, events: readonly RegistrationOrResetEvent[]): Promise<void> =>
  addActivity(tx, qb, key, activityRollup(events));

/** The stored attempts of these reset sessions, counted as rollup rows (chunks of `chunk` sessions, asked together). */
export async function sessionEventCounts(tx: SqlExecutor, qb: Kysely<DB>, key: number, sessions: readonly string[], chunk: number): Promise<ActivityHourRow[]> {
  const hour = sql<string>`substr(event_at, 1, 13)`;
  const queries: Promise<unknown[][]>[] = [];
  for (let i = 0; i < sessions.length; i += chunk) {
    queries.push(
      tx.arrays(
        qb
          .selectFrom('activity_events')
          .select([hour.as('h'), 'feature', 'auth_method', sql<number>`sum(is_success)`.as('s'), sql<number>`count(*) - sum(is_success)`.as('f')])
          .where('tenant_key', '=', key)
          .where('session_id', 'in', sessions.slice(i, i + chunk))
          .groupBy([hour, 'feature', 'auth_method'])
          .compile(),
      ),
    );
  }
  return (await Promise.all(queries)).flat().map(([h, feature, authMethod, s, f]) => ({
    hour: h as string,
    feature: feature as ActivityHourRow['feature'],
    authMethod: authMethod as string,
    success: Number(s),
    failure: Number(f),
  }));
}

/** Takes counted attempts out of the rollups, before they are replaced. */
export async function subtractEventCounts(tx: SqlExecutor, qb: Kysely<DB>, key: number, rows: readonly ActivityHourRow[]): Promise<void> {
  await addActivity(
    tx,
    qb,
    key,
    rows.map((r) => ({ ...r, success: -r.success, failure: -r.failure })),
  );
}

export async function addPasswordEvents(tx: SqlExecutor, _qb: Kysely<DB>, key: number, events: readonly PasswordEvent[]): Promise<void> {
  await tx.insertMany(
    'password_days',
    ['tenant_key', 'day', 'kind', 'success', 'failure'],
    passwordRollup(events).map((d) => [key, d.day, d.kind, d.success, d.failure]),
    { addOnConflict: { key: ['tenant_key', 'day', 'kind'], add: ['success', 'failure'] } },
  );
}

export async function activityHourRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromHour: string): Promise<ActivityHourRow[]> {
  const rows = await db.arrays(
    qb
      .selectFrom('activity_hours')
      .select(['hour', 'feature', 'auth_method', 'success', 'failure'])
      .where('tenant_key', '=', key)
      .where('hour', '>=', fromHour)
      .compile(),
  );
  return rows.map(([hour, feature, authMethod, s, f]) => ({
    hour: hour as string,
    feature: feature as ActivityHourRow['feature'],
    authMethod: authMethod as string,
    success: Number(s),
    failure: Number(f),
  }));
}

export async function passwordDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<PasswordDayRow[]> {
  const rows = await db.arrays(
    qb.selectFrom('password_days').select(['day', 'kind', 'success', 'failure']).where('tenant_key', '=', key).where('day', '>=', fromDay).compile(),
  );
  return rows.map(([day, kind, s, f]) => ({ day: day as string, kind: kind as PasswordDayRow['kind'], success: Number(s), failure: Number(f) }));
}
