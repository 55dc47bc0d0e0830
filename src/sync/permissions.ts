// The application permission each Graph endpoint that sync reads needs, as Microsoft's API pages list the least privileged.

const TABLE: readonly (readonly [RegExp, string])[] = [
  [/^organization(?:\/|$)/, 'Organization.Read.All'],
  [/^subscribedSkus(?:\/|$)/, 'LicenseAssignment.Read.All'],
  [/^users\/[^/]+\/authentication\//, 'UserAuthenticationMethod.Read.All'],
  [/^users(?:\/|$)/, 'User.Read.All'],
  [/^groups\/[^/]+\/(?:members|transitiveMembers)(?:\/|$)/, 'GroupMember.Read.All'],
  [/^groups(?:\/|$)/, 'GroupMember.Read.All'],
  [/^roleManagement\/directory\/roleEligibilitySchedule/, 'RoleEligibilitySchedule.Read.Directory'],
  [/^roleManagement\/directory\//, 'RoleManagement.Read.Directory'],
  [/^policies\/authenticationMethodsPolicy(?:\/|$)/, 'Policy.Read.AuthenticationMethod'],
  [/^policies\//, 'Policy.Read.All'],
  [/^reports\/authenticationMethods\//, 'AuditLog.Read.All'],
  [/^auditLogs\/signIns(?:\/|$)/, 'AuditLog.Read.All'],
  [/^auditLogs\//, 'AuditLog.Read.All'],
];

/** The permission for a Graph path (with or without version and query), or undefined for a path sync does not read. */
export function requiredPermission(path: string): string | undefined {
  const p = path
    .split('?', 1)[0]!
    .replace(/^\/+/, '')
    .replace(/^(?:v1\.0|beta)\//, '');
  return TABLE.find(([re]) => re.test(p))?.[1];
}
