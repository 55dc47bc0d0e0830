// A tenant's integer key, creating the tenant when activity arrives before any snapshot.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

export async function existingTenantKey(tx: SqlExecutor, qb: Kysely<DB>, tenantId: string): Promise<number | null> {
  const row = (await tx.all(qb.selectFrom('tenants').select('tenant_key').where('tenant_id', '=', tenantId).compile()))[0];
  return row?.tenant_key ?? null;
}

/** The advisory lock that serialises a tenant's writes across servers (imports, appends, pruning). */
export function tenantLock(tenantId: string): string {
  return `tenant:${tenantId.toLowerCase()}`;
}

/**
 * The next free key; keys start at 1 (0 marks rows written before a snapshot's header). Servers
 * sharing a database create tenants at once without waiting for each other (issue 13): a key is
 * claimed with a lock held to the end of the transaction, and a key another transaction has
 * claimed (its tenant not yet committed, so not in the max) is passed over. A key whose tenant is
 * rolled back is free again.
 */
export async function nextTenantKey(tx: SqlExecutor, qb: Kysely<DB>): Promise<number> {
  const max = (
    await tx.all(
      qb
        .selectFrom('tenants')
        .select((eb) => eb.fn.max('tenant_key').as('k'))
        .compile(),
    )
  )[0];
  let key = (max?.k ?? 0) + 1;
  if (!tx.tryAdvisoryLock) return key;
  for (; ; key++) {
    if (!(await tx.tryAdvisoryLock(`tenant-key:${key}`))) continue;
    // Held now: no one else can be inserting this key, and one committed since the max was read is visible.
    const taken = await tx.all(qb.selectFrom('tenants').select('tenant_key').where('tenant_key', '=', key).compile());
    if (taken.length === 0) return key;
  }
}

export async function tenantKeyFor(tx: SqlExecutor, qb: Kysely<DB>, tenantId: string, now: () => Date): Promise<number> {
  await tx.advisoryLock?.(tenantLock(tenantId));
  const existing = await existingTenantKey(tx, qb, tenantId);
  if (existing !== null) return existing;
  const key = await nextTenantKey(tx, qb);
  await tx.run(
    qb
      .insertInto('tenants')
      .values({
        tenant_key: key,
        tenant_id: tenantId,
        display_name: null,
        license: 'P1',
        current_generation: null,
        captured_at: null,
        imported_at: null,
        created_at: now().toISOString(),
      })
      .compile(),
  );
  return key;
}
