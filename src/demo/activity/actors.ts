// The administrators who act on users in the demo's audit log (password resets, passes, tokens): the
// first active holders of a helpdesk-type role, found by reading the tenant's own role assignments.
import type { DemoTenant } from '../demo-tenant.js';
import { DEMO_ROLES, GLOBAL_ADMINISTRATOR, HELPDESK_ADMINISTRATOR } from '../roles.js';
import type { Actor } from './audit-context.js';
import { profileOf } from './user-profile.js';

/** Roles allowed to reset passwords and manage methods of non-admins (permissions-reference.md, via roles.ts). */
const ACTING_ROLES: ReadonlySet<string> = new Set([
  GLOBAL_ADMINISTRATOR.templateId,
  HELPDESK_ADMINISTRATOR.templateId,
  ...DEMO_ROLES.filter((r) => r.name === 'User Administrator' || r.name === 'Authentication Administrator').map((r) => r.templateId),
]);

/** How many actors, and how far into the user list to look for them (the first thousands hold several). */
export const ACTOR_LIMIT = 8;
export const ACTOR_SCAN = 5000;

/**
 * Active direct assignments only: eligible (PIM) holders must activate first, and group-held roles would
 * need the groups, which for a large tenant means building every group. Runs once per audits() call.
 */
export function findActors(tenant: DemoTenant): Actor[] {
  const holders = new Set<string>();
  for (const a of tenant.roleAssignments()) {
    if (a['status'] === 'active' && ACTING_ROLES.has(String(a['roleDefinitionId'])) && typeof a['principalId'] === 'string') holders.add(a['principalId']);
  }
  const actors: Actor[] = [];
  let index = 0;
  for (const user of tenant.users()) {
    if (index >= ACTOR_SCAN || actors.length >= ACTOR_LIMIT) break;
    const u = profileOf(user, index++);
    if (holders.has(u.id) && u.enabled && u.deletedMs === null && u.kind === 'person') {
      actors.push({ id: u.id, upn: u.upn, displayName: u.displayName, usageLocation: u.usageLocation });
    }
  }
  return actors;
}
