// Role assignments (active) and eligibility schedule instances (PIM-eligible) → snapshot roleAssignments.
import { ENDPOINTS } from './endpoints.js';
import { expectObject, member, optionalString, pagedItems, requiredString } from './read-fields.js';
import { at } from './body-error.js';
import type { JsonObject } from './json.js';

export type PrincipalKind = 'user' | 'group' | 'other' | 'unknown';

export interface RoleAssignmentPart {
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly status: 'active' | 'eligible';
  /** From `$expand=principal` when the client asked for it; 'unknown' otherwise. */
  readonly principalKind: PrincipalKind;
}

/**
 * unifiedRoleAssignment (active, including activated PIM assignments) or
 * unifiedRoleEligibilityScheduleInstance (eligible: tenant-snapshot.md's amr `status`). The
 * directoryScopeId defaults to "/" (tenant-wide), as in the snapshot format.
 */
export function readRoleAssignments(pages: readonly unknown[], status: 'active' | 'eligible'): RoleAssignmentPart[] {
  const endpoint = status === 'active' ? ENDPOINTS.roleAssignments : ENDPOINTS.roleEligibilities;
  const what = status === 'active' ? 'a unifiedRoleAssignment object' : 'a unifiedRoleEligibilityScheduleInstance object';
  return pagedItems(pages, endpoint, what).map(({ item, where }) => ({
    principalId: requiredString(item, 'principalId', where).toLowerCase(),
    roleDefinitionId: requiredString(item, 'roleDefinitionId', where).toLowerCase(),
    directoryScopeId: optionalString(item, 'directoryScopeId', where) ?? '/',
    status,
    principalKind: principalKind(member(item, 'principal'), at(where, 'principal')),
  }));
}

function principalKind(principal: unknown, where: Parameters<typeof expectObject>[1]): PrincipalKind {
  if (principal === undefined || principal === null) return 'unknown';
  const type = optionalString(expectObject(principal, where, 'the expanded principal object'), '@odata.type', where);
  if (type === null) return 'unknown';
  const bare = type.replace(/^#/, '');
  if (bare === 'microsoft.graph.user') return 'user';
  if (bare === 'microsoft.graph.group') return 'group';
  return 'other';
}

/** The snapshot objects: duplicates dropped, in a stable order (principal, role, scope, status). */
export function snapshotRoleAssignments(parts: readonly RoleAssignmentPart[]): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const p of parts) {
    const key = [p.principalId, p.roleDefinitionId, p.directoryScopeId, p.status].join('\u0000');
    byKey.set(key, { principalId: p.principalId, roleDefinitionId: p.roleDefinitionId, directoryScopeId: p.directoryScopeId, status: p.status });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o);
}
