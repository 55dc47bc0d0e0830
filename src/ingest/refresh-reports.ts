// After activity lands, the report state of each tenant it touched is computed again: usedStrength
// and the stale methods of userProtection read the activity (decision 0091). A tenant without a
// report state yet is left alone (its first snapshot computes it).
import type { ActivityAppendSummary, Store } from '../store/store.js';

/** Whether the activity added can change a report: new sign-ins, or reset attempts derived again. */
export function changesReports(added: Pick<ActivityAppendSummary, 'newSignIns' | 'resetEvents'>): boolean {
  return added.newSignIns > 0 || added.resetEvents > 0;
}

export async function refreshReports(store: Store, tenantIds: Iterable<string>): Promise<number> {
  let refreshed = 0;
  for (const tenantId of tenantIds) {
    const tenant = await store.getTenant(tenantId);
    if (tenant === null || tenant.currentGeneration === null) continue;
    await store.recompute(tenantId);
    refreshed++;
  }
  return refreshed;
}
