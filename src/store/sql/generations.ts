// Report generations: each recompute writes a new one; superseded ones stay pageable for a grace
// period so an export that started before a snapshot landed finishes on one consistent state
// (docs/decisions/0003-paging-consistency.md).
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';

const GENERATION_TABLES = ['registration_details', 'registration_summaries', 'breakdowns'] as const;

export async function retireGenerations(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, current: number, now: Date, graceMs: number): Promise<void> {
  const stamp = now.toISOString();
  await tx.run(
    qb
      .updateTable('generations')
      .set({ superseded_at: stamp })
      .where('tenant_key', '=', tenantKey)
      .where('generation', '<', current)
      .where('superseded_at', 'is', null)
      .compile(),
  );
  const cutoff = new Date(now.getTime() - graceMs).toISOString();
  const expired = await tx.all(
    qb
      .selectFrom('generations')
      .select('generation')
      .where('tenant_key', '=', tenantKey)
      .where('superseded_at', 'is not', null)
      .where('superseded_at', '<=', cutoff)
      .compile(),
  );
  for (const { generation } of expired) {
    for (const table of GENERATION_TABLES) {
      await tx.run(qb.deleteFrom(table).where('tenant_key', '=', tenantKey).where('generation', '=', generation).compile());
    }
    await tx.run(qb.deleteFrom('generations').where('tenant_key', '=', tenantKey).where('generation', '=', generation).compile());
  }
}
