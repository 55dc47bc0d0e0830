// Directory roles: which make a user an admin or privileged admin, and each user's active roles.
import type { SnapshotRoleAssignment } from './model.js';
import type { GroupMembership } from './membership.js';
import { BUILT_IN_ROLES } from './role-catalog.js';

export { BUILT_IN_ROLES } from './role-catalog.js';

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';
export const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';

/** entra-rules §1.2, S5/S7/S8: exactly these nine roles form the privilegedAdmin bucket. */
export const PRIVILEGED_ADMIN_ROLE_IDS: ReadonlySet<string> = new Set([
  GLOBAL_ADMINISTRATOR,
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', // Conditional Access Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de', // Exchange Administrator
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', // SharePoint Administrator
  '729827e3-9c14-49f7-bb1b-9608f156bbb8', // Helpdesk Administrator
  'b0f54661-2d74-4c50-afa3-1ec803f12efe', // Billing Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  'c4e39bd9-1100-46d3-8c65-fb160da0071f', // Authentication Administrator
]);

/**
 * Decision 0002 (A1): the default roles every member or guest holds implicitly grant no admin
 * rights, so holding one does not make a user an admin. Every other role, built-in or custom, does.
 */
export const NON_ADMIN_ROLE_IDS: ReadonlySet<string> = new Set([
  'a0b1b346-4d3e-4e8b-98f8-753987be4970', // User
  '10dae51f-b6af-4016-8d66-8c2a99b929b3', // Guest User
  '2af84b1e-32c8-42b7-82bc-daa82404023b', // Restricted Guest User
]);

const NAMES: ReadonlyMap<string, string> = new Map(BUILT_IN_ROLES.map((r) => [r.id, r.name]));

/** Template ids compare case-insensitively: Graph writes them lower-case, hand-made input may not. */
export function normaliseRoleId(id: string): string {
  return id.trim().toLowerCase();
}

/** The built-in role's display name, or null for a custom or unknown role. */
export function roleName(templateId: string): string | null {
  return NAMES.get(normaliseRoleId(templateId)) ?? null;
}

/** entra-rules §1.2, A1: any role except the default user roles; custom roles count. */
export function isAdminRole(templateId: string): boolean {
  return !NON_ADMIN_ROLE_IDS.has(normaliseRoleId(templateId));
}

export function isPrivilegedAdminRole(templateId: string): boolean {
  return PRIVILEGED_ADMIN_ROLE_IDS.has(normaliseRoleId(templateId));
}

/**
 * Active roles per user (A1: PIM-eligible assignments do not count; any directory scope counts).
 * An assignment to a resolved group goes to each of its transitive user members; any other
 * principal is taken to be a user. Role ids are normalised to lower case.
 */
export function rolesByUser(assignments: Iterable<SnapshotRoleAssignment>, membership: GroupMembership): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const grant = (userId: string, roleId: string): void => {
    const roles = out.get(userId);
    if (roles === undefined) out.set(userId, new Set([roleId]));
    else roles.add(roleId);
  };
  for (const a of assignments) {
    if (a.status !== 'active') continue;
    const roleId = normaliseRoleId(a.roleDefinitionId);
    if (!membership.isResolved(a.principalId)) grant(a.principalId, roleId);
    else for (const userId of membership.membersOf(a.principalId)) grant(userId, roleId);
  }
  return out;
}

/**
 * Every principal of an active assignment: pass these (with the policy groups) as `wanted` to
 * resolveMembership so that role-assignable groups are expanded. Ids that are users are ignored there.
 */
export function assignmentPrincipalIds(assignments: Iterable<SnapshotRoleAssignment>): Set<string> {
  const ids = new Set<string>();
  for (const a of assignments) if (a.status === 'active') ids.add(a.principalId);
  return ids;
}

/** The row flags for a user's set of active role template ids. */
export function adminFlags(roleTemplateIds: ReadonlySet<string>): { isAdmin: boolean; isPrivilegedAdmin: boolean } {
  let isAdmin = false;
  let isPrivilegedAdmin = false;
  for (const id of roleTemplateIds) {
    isAdmin ||= isAdminRole(id);
    isPrivilegedAdmin ||= isPrivilegedAdminRole(id);
  }
  return { isAdmin, isPrivilegedAdmin };
}
