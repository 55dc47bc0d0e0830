// Adds new sign-in facts to the hourly-method and daily-requirement rollups (upsert-increment,
// the same SQL on SQLite and PostgreSQL). Only facts stored for the first time are added, so a
// re-import changes nothing (activity-writer.ts skips known ids).
import type { Kysely } from 'kysely';
import type { SignInFact } from '../../reports/activity-model.js';
import { mfaRollup, signInMethodRollup } from '../../reports/activity/index.js';
import type { MfaDayRow, SignInMethodHourRow } from '../../reports/activity/rollups.js';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

export async function addSignInRollups(tx: SqlExecutor, qb: Kysely<DB>, key: number, facts: readonly SignInFact[]): Promise<void> {
  await tx.insertMany('signin_method_hours', ['tenant_key', 'hour', 'method', 'success', 'failure'],
    signInMethodRollup(facts).map((r) => [key, r.hour, r.method, r.success, r.failure]),
    { addOnConflict: { key: ['tenant_key', 'hour', 'method'], add: ['success', 'failure'] } });
  await tx.insertMany('signin_days', ['tenant_key', 'day', 'single_factor', 'multi_factor', 'unclassified'],
    mfaRollup(facts).map((d) => [key, d.day, d.singleFactor, d.multiFactor, d.unclassified]),
    { addOnConflict: { key: ['tenant_key', 'day'], add: ['single_factor', 'multi_factor', 'unclassified'] } });
}

export async function signInMethodHourRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromHour: string): Promise<SignInMethodHourRow[]> {
  const rows = await db.arrays(qb.selectFrom('signin_method_hours').select(['hour', 'method', 'success', 'failure'])
    .where('tenant_key', '=', key).where('hour', '>=', fromHour).compile());
  return rows.map(([hour, method, success, failure]) => ({ hour: hour as string, method: method as string, success: Number(success), failure: Number(failure) }));
}

export async function signInDayRows(db: SqlExecutor, qb: Kysely<DB>, key: number, fromDay: string): Promise<MfaDayRow[]> {
  const rows = await db.arrays(qb.selectFrom('signin_days').select(['day', 'single_factor', 'multi_factor', 'unclassified'])
    .where('tenant_key', '=', key).where('day', '>=', fromDay).compile());
  return rows.map(([day, single, multi, other]) => ({ day: day as string, singleFactor: Number(single), multiFactor: Number(multi), unclassified: Number(other) }));
}
