// Registration state over time (issue 5, Trends; decision 0053): the two summaries' counts for
// every audience, one row per tenant, UTC day and audience. A row is written when a report state
// is computed (a snapshot lands, or a recompute) — the latest capture of a day wins — and once a
// day for each tenant from its current state (recordDailyHistory), so the history has a point for
// every day amr ran. Reads carry the last known state over days without a row.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';
import type { RegistrationHistoryDay, RegistrationSummary } from '../store.js';

export interface HistoryRow {
  readonly day: string;
  readonly capturedAt: string;
  readonly recordedAt: string;
  readonly featureJson: string;
  readonly methodJson: string;
}

export const HISTORY_COLUMNS = ['tenant_key', 'day', 'user_types', 'user_roles', 'captured_at', 'recorded_at', 'feature_json', 'method_json'] as const;

/**
 * Writes the summaries of one report state as the history of the day it was captured, unless a
 * later capture of that day is already there.
 */
export async function recordStateHistory(
  tx: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  capturedAt: string,
  recordedAt: string,
  summaries: readonly (readonly [userTypes: string, userRoles: string, featureJson: string, methodJson: string])[],
): Promise<void> {
  const day = await clearDayFor(tx, qb, 'registration_history', tenantKey, capturedAt);
  if (day === null) return;
  await tx.insertMany(
    'registration_history',
    HISTORY_COLUMNS,
    summaries.map(([types, roles, feature, method]) => [tenantKey, day, types, roles, capturedAt, recordedAt, feature, method]),
  );
}

/**
 * Makes room for a report state captured at `capturedAt` in a per-day history table: the latest
 * capture of a day wins. Returns the day, its rows deleted; null when a later capture of that day
 * is already there (nothing changes).
 */
export async function clearDayFor(
  tx: SqlExecutor,
  qb: Kysely<DB>,
  table: 'registration_history' | 'breakdown_history',
  tenantKey: number,
  capturedAt: string,
): Promise<string | null> {
  const day = capturedAt.slice(0, 10);
  const newer = await tx.all(
    qb
      .selectFrom(table)
      .select('captured_at')
      .where('tenant_key', '=', tenantKey)
      .where('day', '=', day)
      .where('captured_at', '>', capturedAt)
      .limit(1)
      .compile(),
  );
  if (newer.length > 0) return null;
  await tx.run(qb.deleteFrom(table).where('tenant_key', '=', tenantKey).where('day', '=', day).compile());
  return day;
}

/** Tenants with a current report state and no row of `table` for `day`: their key, generation and capture time. */
export function dueTenants(tx: SqlExecutor, qb: Kysely<DB>, table: 'registration_history' | 'breakdown_history', day: string) {
  return tx.all(
    qb
      .selectFrom('tenants')
      .innerJoin('generations', (j) =>
        j.onRef('generations.tenant_key', '=', 'tenants.tenant_key').onRef('generations.generation', '=', 'tenants.current_generation'),
      )
      .select(['tenants.tenant_key as tenant_key', 'tenants.current_generation as generation', 'generations.captured_at as captured_at'])
      .where('tenants.current_generation', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom(table).select('day').whereRef(`${table}.tenant_key`, '=', 'tenants.tenant_key').where(`${table}.day`, '=', day))),
      )
      .compile(),
  );
}

/**
 * For each tenant with a current report state and no history row for `day`, records that state
 * as the day's history. Returns how many tenants got a row.
 */
export async function recordDailyHistory(tx: SqlExecutor, qb: Kysely<DB>, day: string, recordedAt: string): Promise<number> {
  const due = await dueTenants(tx, qb, 'registration_history', day);
  for (const t of due) {
    const summaries = await tx.all(
      qb
        .selectFrom('registration_summaries')
        .select(['user_types', 'user_roles', 'feature_json', 'method_json'])
        .where('tenant_key', '=', t.tenant_key)
        .where('generation', '=', t.generation as number)
        .compile(),
    );
    await tx.insertMany(
      'registration_history',
      HISTORY_COLUMNS,
      summaries.map((s) => [t.tenant_key, day, s.user_types, s.user_roles, t.captured_at, recordedAt, s.feature_json, s.method_json]),
      // An import of the tenant committing meanwhile recorded the day itself: its rows stand.
      { ignoreDuplicates: true },
    );
  }
  return due.length;
}

/** One audience's history from `fromDay` on, oldest first, with the last row before `fromDay` (to carry over). */
export async function readHistory(
  db: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  fromDay: string,
  userTypes: string,
  userRoles: string,
): Promise<{ readonly before: HistoryRow | null; readonly rows: readonly HistoryRow[] }> {
  const base = qb
    .selectFrom('registration_history')
    .select(['day', 'captured_at', 'recorded_at', 'feature_json', 'method_json'])
    .where('tenant_key', '=', tenantKey)
    .where('user_types', '=', userTypes)
    .where('user_roles', '=', userRoles);
  const map = (r: { day: string; captured_at: string; recorded_at: string; feature_json: string; method_json: string }): HistoryRow => ({
    day: r.day,
    capturedAt: r.captured_at,
    recordedAt: r.recorded_at,
    featureJson: r.feature_json,
    methodJson: r.method_json,
  });
  const before = (await db.all(base.where('day', '<', fromDay).orderBy('day', 'desc').limit(1).compile()))[0];
  const rows = await db.all(base.where('day', '>=', fromDay).orderBy('day', 'asc').compile());
  return { before: before ? map(before) : null, rows: rows.map(map) };
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every day from `fromDay` to `toDay` from the first known state on, carrying the last state over gaps. */
export function carryOver(before: HistoryRow | null, rows: readonly HistoryRow[], fromDay: string, toDay: string): RegistrationHistoryDay[] {
  const out: RegistrationHistoryDay[] = [];
  let last: HistoryRow | null = before;
  let i = 0;
  for (let day = fromDay; day <= toDay; day = nextDay(day)) {
    let recorded = false;
    while (i < rows.length && rows[i]!.day <= day) {
      last = rows[i]!;
      recorded = rows[i]!.day === day;
      i++;
    }
    if (last === null) continue;
    const summary: RegistrationSummary = {
      feature: JSON.parse(last.featureJson) as RegistrationSummary['feature'],
      method: JSON.parse(last.methodJson) as RegistrationSummary['method'],
    };
    out.push({ day, capturedAt: last.capturedAt, recorded, summary });
  }
  return out;
}
