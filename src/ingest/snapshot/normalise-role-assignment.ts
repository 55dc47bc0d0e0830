// Validates one Graph unifiedRoleAssignment (plus amr's `status`) into a SnapshotRoleAssignment.
import type { SnapshotRoleAssignment } from '../../reports/model.js';
import { expectObject, own, refuse, requiredString } from '../field-checks.js';
import { child } from '../place.js';
import { canonicalId, canonicalIdsIn } from '../../util/object-id.js';

/** Ids in canonical form (decision 0055): GUIDs in lower case, also inside the scope path. */
export function normaliseRoleAssignment(raw: unknown, where: string): SnapshotRoleAssignment {
  const o = expectObject(raw, where, 'a unifiedRoleAssignment object');
  return {
    principalId: canonicalId(requiredString(o, 'principalId', where)),
    roleDefinitionId: canonicalId(requiredString(o, 'roleDefinitionId', where)),
    directoryScopeId: readScope(o, where),
    status: readStatus(o, where),
  };
}

/** tenant-snapshot.md: `"/"` = tenant-wide, the default. */
function readScope(o: Readonly<Record<string, unknown>>, where: string): string {
  const v = own(o, 'directoryScopeId');
  if (v === undefined || v === null) return '/';
  return canonicalIdsIn(requiredString(o, 'directoryScopeId', where));
}

/** amr addition, default active; any case accepted. */
function readStatus(o: Readonly<Record<string, unknown>>, where: string): 'active' | 'eligible' {
  const v = own(o, 'status');
  if (v === undefined || v === null) return 'active';
  const lower = typeof v === 'string' ? v.toLowerCase() : '';
  if (lower === 'active' || lower === 'eligible') return lower;
  return refuse(child(where, 'status'), '"active" or "eligible"', v);
}
