// Computes the report rows a raw snapshot should give, without the store or HTTP: the oracle the
// black-box test compares the server's answers with.
import { normaliseGroup, normaliseHeader, normaliseRoleAssignment, normaliseUser } from '../ingest/snapshot/index.js';
import { resolveMembership } from '../reports/membership.js';
import { isListed } from '../reports/population.js';
import { referencedGroupIds, resolvePolicies } from '../reports/policies.js';
import { computeRegistrationDetails } from '../reports/registration-details.js';
import { rolesByUser } from '../reports/roles.js';

export interface RawSnapshot {
  readonly header: Record<string, unknown>;
  readonly users: readonly Record<string, unknown>[];
  readonly groups: readonly Record<string, unknown>[];
  readonly roleAssignments: readonly Record<string, unknown>[];
}

/** Beta wire rows (every property) by user id, for the listed users. */
export function expectedRegistrationRows(raw: RawSnapshot): Map<string, Record<string, unknown>> {
  const header = normaliseHeader(raw.header, 'line 1', () => new Date());
  const groups = raw.groups.map((g, i) => normaliseGroup(g, `groups[${i}]`));
  const assignments = raw.roleAssignments.map((r, i) => normaliseRoleAssignment(r, `roleAssignments[${i}]`));
  const policies = resolvePolicies(header.policies, header.tenant.license);
  const wanted = new Set([...referencedGroupIds(policies), ...assignments.map((a) => a.principalId).filter((id) => groups.some((g) => g.id === id))]);
  const membership = resolveMembership(groups, wanted);
  const roles = rolesByUser(assignments, membership);
  const at = { lastUpdatedDateTime: header.capturedDateTime, capturedDateTime: header.capturedDateTime };
  const rows = new Map<string, Record<string, unknown>>();
  raw.users.forEach((r, i) => {
    const user = normaliseUser(r, `users[${i}]`);
    if (!isListed(user)) return;
    const d = computeRegistrationDetails(
      user,
      { roleTemplateIds: roles.get(user.id) ?? new Set(), isMemberOf: (g) => membership.isMember(g, user.id) },
      policies,
      at,
    );
    const { isPrivilegedAdmin: _hidden, ...wire } = d;
    rows.set(user.id, { ...wire });
  });
  return rows;
}
