// AlertDataSource over the Store (decision 0093): breakdowns of the served generation, the
// breakdown history, admins from the userProtection rows, method changes from the change feed
// (decision 0094) unless another feed is passed in.
import type { FilterNode } from '../odata/index.js';
import type { GroupBy } from '../reports/breakdowns.js';
import type { KeysetPosition, Store } from '../store/store.js';
import type { AdminProtection, AlertDataSource, MethodChange } from './data-source.js';

/** A method-change feed: a tenant's changes captured at or after `since`. */
export type MethodChangeFeed = (tenantId: string, since: string) => Promise<readonly MethodChange[]>;

const PAGE = 1000;

const isTrue = (property: string): FilterNode => ({ kind: 'compare', op: 'eq', property, value: { kind: 'boolean', value: true } });

/** The store's change feed (listMethodChanges), admins' changes only: the only ones a rule reads. */
export function storeChangeFeed(store: Store): MethodChangeFeed {
  return async (tenantId, since) => {
    const found: MethodChange[] = [];
    let after: KeysetPosition | null = null;
    do {
      const page = await store.listMethodChanges({ tenantId, since, top: PAGE, after });
      for (const c of page.rows) {
        if (!c.isAdmin) continue;
        const { id, userId, userPrincipalName, changedDateTime, method, change, isAdmin, isPrivilegedAdmin } = c;
        found.push({ id, userId, userPrincipalName, changedDateTime, method, change, isAdmin, isPrivilegedAdmin });
      }
      after = page.next;
    } while (after !== null);
    return found;
  };
}

export function storeDataSource(store: Store, tenantId: string, methodChanges: MethodChangeFeed = storeChangeFeed(store)): AlertDataSource {
  const generation = async (): Promise<number | null> => (await store.getTenant(tenantId))?.currentGeneration ?? null;
  return {
    async currentBuckets(groupBy: GroupBy | null) {
      const g = await generation();
      return g === null ? null : store.bucketSummaries(tenantId, g, groupBy);
    },
    async bucketsOn(groupBy: GroupBy | null, day: string) {
      const days = await store.bucketHistory(tenantId, groupBy, day, day);
      return days[0]?.buckets ?? null;
    },
    async adminsWithoutPhishingResistant(privilegedOnly: boolean) {
      const g = await generation();
      if (g === null) return null;
      // Admins are few: filtered by role in the store, by strength here (the evaluator filters again).
      const found: AdminProtection[] = [];
      let after: KeysetPosition | null = null;
      do {
        const page = await store.listProtection({
          tenantId,
          generation: g,
          filter: isTrue(privilegedOnly ? 'isPrivilegedAdmin' : 'isAdmin'),
          orderby: [],
          top: PAGE,
          after,
          count: false,
        });
        for (const r of page.rows) {
          if (r.registeredStrength === 'phishingResistant') continue;
          found.push({
            userId: r.id,
            userPrincipalName: r.userPrincipalName,
            userDisplayName: r.userDisplayName,
            isPrivilegedAdmin: r.isPrivilegedAdmin,
            registeredStrength: r.registeredStrength,
          });
        }
        after = page.next;
      } while (after !== null);
      return found;
    },
    methodChanges: (since: string) => methodChanges(tenantId, since),
  };
}
