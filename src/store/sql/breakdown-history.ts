// Breakdowns over time (registrationHistory?groupBy=…, decision 0091): each breakdown's buckets per
// tenant and UTC day, written exactly when registration-history.ts writes the summaries (a report
// state computed: the latest capture of a day wins; once a day from the current state), read with
// the last known day carried over gaps.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';
import type { BucketHistoryDay, BucketSummary } from '../../reports/breakdowns.js';
import { clearDayFor, dueTenants } from './registration-history.js';

const COLUMNS = ['tenant_key', 'group_by', 'day', 'captured_at', 'recorded_at', 'buckets_json'] as const;

/** Writes one report state's breakdowns as its capture day's, unless a later capture of that day is there. */
export async function recordBreakdownHistory(
  tx: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  capturedAt: string,
  recordedAt: string,
  breakdowns: readonly (readonly [groupBy: string, bucketsJson: string])[],
): Promise<void> {
  const day = await clearDayFor(tx, qb, 'breakdown_history', tenantKey, capturedAt);
  if (day === null) return;
  await tx.insertMany(
    'breakdown_history',
    COLUMNS,
    breakdowns.map(([by, json]) => [tenantKey, by, day, capturedAt, recordedAt, json]),
  );
}

/** For each tenant with a current state whose breakdowns have no row for `day`: that state's. */
export async function recordDailyBreakdowns(tx: SqlExecutor, qb: Kysely<DB>, day: string, recordedAt: string): Promise<number> {
  const due = await dueTenants(tx, qb, 'breakdown_history', day);
  for (const t of due) {
    const rows = await tx.all(
      qb
        .selectFrom('breakdowns')
        .select(['group_by', 'buckets_json'])
        .where('tenant_key', '=', t.tenant_key)
        .where('generation', '=', t.generation as number)
        .compile(),
    );
    await tx.insertMany(
      'breakdown_history',
      COLUMNS,
      rows.map((r) => [t.tenant_key, r.group_by, day, t.captured_at, recordedAt, r.buckets_json]),
      { ignoreDuplicates: true },
    );
  }
  return due.length;
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** One breakdown per day from `fromDay` to `toDay`, from the first known day on, carrying the last over gaps. */
export async function breakdownHistory(
  db: SqlExecutor,
  qb: Kysely<DB>,
  tenantKey: number,
  groupBy: string,
  fromDay: string,
  toDay: string,
): Promise<BucketHistoryDay[]> {
  const base = qb
    .selectFrom('breakdown_history')
    .select(['day', 'captured_at', 'buckets_json'])
    .where('tenant_key', '=', tenantKey)
    .where('group_by', '=', groupBy);
  const before = (await db.all(base.where('day', '<', fromDay).orderBy('day', 'desc').limit(1).compile()))[0];
  const rows = await db.all(base.where('day', '>=', fromDay).where('day', '<=', toDay).orderBy('day', 'asc').compile());
  const out: BucketHistoryDay[] = [];
  let last = before ?? null;
  let parsed: readonly BucketSummary[] | null = null;
  let i = 0;
  for (let day = fromDay; day <= toDay; day = nextDay(day)) {
    let recorded = false;
    while (i < rows.length && rows[i]!.day <= day) {
      last = rows[i]!;
      parsed = null;
      recorded = rows[i]!.day === day;
      i++;
    }
    if (last === null) continue;
    parsed ??= JSON.parse(last.buckets_json) as BucketSummary[];
    out.push({ day, capturedAt: last.captured_at, recorded, buckets: parsed });
  }
  return out;
}
