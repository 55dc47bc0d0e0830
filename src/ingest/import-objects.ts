// Imports a tenant given as Graph-shaped objects in memory (the demo generator's output) through
// the same normalisers and store transaction as a snapshot file.
import type { Store } from '../store/store.js';
import type { SnapshotGroup, SnapshotRoleAssignment, SnapshotUser } from '../reports/model.js';
import { normaliseGroup, normaliseHeader, normaliseRoleAssignment, normaliseUser } from './snapshot/index.js';
import type { ImportSnapshotSummary } from './import-snapshot.js';

export interface ObjectSnapshot {
  header(): unknown;
  users(): Iterable<unknown>;
  groups(): Iterable<unknown>;
  roleAssignments(): Iterable<unknown>;
}

const BATCH = 1000;

async function inBatches<T>(
  items: Iterable<unknown>,
  place: string,
  normalise: (raw: unknown, where: string) => T,
  push: (batch: readonly T[]) => Promise<void> | void,
  onCount: (n: number) => void,
): Promise<void> {
  let batch: T[] = [];
  let i = 0;
  for (const raw of items) {
    batch.push(normalise(raw, `${place}[${i++}]`));
    if (batch.length === BATCH) {
      await push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await push(batch);
  onCount(i);
}

export async function importObjects(store: Store, snapshot: ObjectSnapshot, now: () => Date): Promise<ImportSnapshotSummary> {
  const counts = { users: 0, groups: 0, roleAssignments: 0 };
  const methodsByType: Record<string, number> = {};
  const { recompute } = await store.replaceTenantSnapshot(async (sink) => {
    await sink.header(normaliseHeader(snapshot.header(), '', now));
    await inBatches<SnapshotGroup>(
      snapshot.groups(),
      'groups',
      normaliseGroup,
      (b) => sink.groups(b),
      (n) => {
        counts.groups = n;
      },
    );
    await inBatches<SnapshotRoleAssignment>(
      snapshot.roleAssignments(),
      'roleAssignments',
      normaliseRoleAssignment,
      (b) => sink.roleAssignments(b),
      (n) => {
        counts.roleAssignments = n;
      },
    );
    await inBatches<SnapshotUser>(
      snapshot.users(),
      'users',
      normaliseUser,
      (b) => {
        for (const u of b)
          for (const m of u.methods) {
            const t = String(m['@odata.type']);
            methodsByType[t] = (methodsByType[t] ?? 0) + 1;
          }
        return sink.users(b);
      },
      (n) => {
        counts.users = n;
      },
    );
  });
  return {
    tenantId: recompute.tenantId,
    read: { encoding: 'json', compressed: false, bytes: 0, ...counts, methodsByType },
    recompute,
  };
}
