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
  for (const r of signInMethodRollup(facts)) {
    await tx.run(qb.insertInto('signin_method_hours')
      .values({ tenant_key: key, hour: r.hour, method: r.method, success: r.success, failure: r.failure })
      .onConflict((oc) => oc.columns(['tenant_key', 'hour', 'method']).doUpdateSet((eb) => ({
        success: eb('signin_method_hours.success', '+', eb.ref('excluded.success')),
        failure: eb('signin_method_hours.failure', '+', eb.ref('excluded.failure')),
      }))).compile());
  }
  for (const d of mfaRollup(facts)) {
    await tx.run(qb.insertInto('signin_days')
      .values({ tenant_key: key, day: d.day, single_factor: d.singleFactor, multi_factor: d.multiFactor, unclassified: d.unclassified })
      .onConflict((oc) => oc.columns(['tenant_key', 'day']).doUpdateSet((eb) => ({
        single_factor: eb('signin_days.single_factor', '+', eb.ref('excluded.single_factor')),
        multi_factor: eb('signin_days.multi_factor', '+', eb.ref('excluded.multi_factor')),
        unclassified: eb('signin_days.unclassified', '+', eb.ref('excluded.unclassified')),
      }))).compile());
  }
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
