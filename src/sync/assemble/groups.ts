// Which groups to fetch (policy targets, the SSPR group, role-assignment groups, then nested ones)
// and GET /v1.0/groups/{id}/members?$select=id bodies → the snapshot's groups (direct members).
import { ENDPOINTS, endpointFor } from './endpoints.js';
import { pagedItems, requiredString } from './read-fields.js';
import { at, fail } from './body-error.js';
import type { PoliciesPart } from './policies.js';
import type { RoleAssignmentPart } from './role-assignments.js';
import { referencedGroupIds, resolvePolicies } from '../../reports/policies.js';

export interface GroupMember {
  /** '#microsoft.graph.user', '#microsoft.graph.group', or another directoryObject type. */
  readonly '@odata.type': string;
  readonly id: string;
}

/** Ids amr makes up itself (the inferred SSPR scope group): never fetched from Graph. */
export const AMR_GROUP_PREFIX = 'amr:';

/**
 * The groups the rules consult (reports/policies referencedGroupIds: targets of enabled method
 * configurations, the system-preferred targets, the SSPR group) and the principals of active role
 * assignments that may be groups: those Graph's `$expand=principal` says are groups, or, without
 * it, those that are not known users. Eligible assignments grant nothing (A1), so their groups are
 * not needed. Sorted, lower case.
 */
export function groupsToFetch(policies: PoliciesPart, roleAssignments: readonly RoleAssignmentPart[], knownUserIds?: ReadonlySet<string>): string[] {
  const ids = new Set<string>();
  for (const id of referencedGroupIds(resolvePolicies(policies))) if (!id.startsWith(AMR_GROUP_PREFIX)) ids.add(id.toLowerCase());
  for (const a of roleAssignments) {
    if (a.status !== 'active') continue;
    const maybeGroup = a.principalKind === 'group' || (a.principalKind === 'unknown' && !(knownUserIds?.has(a.principalId) ?? false));
    if (maybeGroup) ids.add(a.principalId);
  }
  return [...ids].sort();
}

/**
 * Given the member lists fetched so far (null: the id was not a group, e.g. 404), the group
 * members not fetched yet: call again with the new lists until it returns []. A cycle ends because
 * a group already in `fetched` is never asked for again.
 */
export function nestedGroupsToFetch(fetched: ReadonlyMap<string, readonly GroupMember[] | null>): string[] {
  const missing = new Set<string>();
  for (const members of fetched.values()) {
    for (const m of members ?? []) if (isGroup(m) && !fetched.has(m.id)) missing.add(m.id);
  }
  return [...missing].sort();
}

export function isGroup(m: GroupMember): boolean {
  return m['@odata.type'] === '#microsoft.graph.group';
}

/** Direct members: each `{ "@odata.type", "id" }`, the type written with its '#'. */
export function readGroupMembers(groupId: string, pages: readonly unknown[]): GroupMember[] {
  const endpoint = endpointFor(ENDPOINTS.groupMembers, groupId);
  return pagedItems(pages, endpoint, 'a directoryObject').map(({ item, where }) => {
    const type = item['@odata.type'];
    if (typeof type !== 'string' || type === '') fail(at(where, '@odata.type'), 'expected the member\'s type, e.g. "#microsoft.graph.user"');
    return { '@odata.type': type.startsWith('#') ? type : `#${type}`, id: requiredString(item, 'id', where).toLowerCase() };
  });
}
