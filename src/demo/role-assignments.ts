// The demo tenant's directory role assignments (unifiedRoleAssignment + amr's status): direct
// active and PIM-eligible ones, and two role-assignable groups that carry a role for their members.

import type { TenantContext } from './context.js';
import { IdSpace } from './ids.js';
import { HELPDESK_ADMINISTRATOR, SECURITY_READER, type DemoRole } from './roles.js';
import type { JsonObject } from './wire.js';

/** Graph's directory-scoped assignment ids are base64url(role id bytes) + base64url(principal id bytes) + "-1". */
function assignmentId(roleId: string, principalId: string): string {
  const bytes = (guid: string): Buffer => Buffer.from(guid.replace(/-/g, ''), 'hex');
  return `${bytes(roleId).toString('base64url')}${bytes(principalId).toString('base64url')}-1`;
}

function assignment(principalId: string, role: DemoRole, status: 'active' | 'eligible'): JsonObject {
  return {
    id: assignmentId(role.templateId, principalId),
    principalId,
    roleDefinitionId: role.templateId,
    directoryScopeId: '/',
    status,
  };
}

export function buildRoleAssignments(ctx: TenantContext): JsonObject[] {
  const out: JsonObject[] = [
    assignment(ctx.groupId('helpdeskOperators'), HELPDESK_ADMINISTRATOR, 'active'),
    assignment(ctx.groupId('socAnalysts'), SECURITY_READER, 'active'),
  ];
  for (let i = 0; i < ctx.userCount; i++) {
    const sk = ctx.skeletons.at(i);
    // Entra removes a soft-deleted user's role assignments; disabled admins keep theirs.
    if (sk.admin === null || sk.deleted) continue;
    const principalId = ctx.ids.id(IdSpace.User, i);
    if (!sk.admin.viaGroup) out.push(assignment(principalId, sk.admin.role, sk.admin.eligible ? 'eligible' : 'active'));
    if (sk.admin.secondRole !== null) out.push(assignment(principalId, sk.admin.secondRole, 'active'));
  }
  return out;
}
