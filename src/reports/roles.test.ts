// Tests for role catalogue, admin classification and rolesByUser (entra-rules §1.2, A1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SnapshotRoleAssignment } from './model.js';
import { resolveMembership } from './membership.js';
import {
  BUILT_IN_ROLES,
  GLOBAL_ADMINISTRATOR,
  PRIVILEGED_ADMIN_ROLE_IDS,
  REPORTS_READER,
  adminFlags,
  assignmentPrincipalIds,
  isAdminRole,
  isPrivilegedAdminRole,
  roleName,
  rolesByUser,
} from './roles.js';

const CUSTOM_ROLE = '11111111-2222-3333-4444-555555555555';
const USER_ROLE = 'a0b1b346-4d3e-4e8b-98f8-753987be4970';
const a = (principalId: string, roleDefinitionId: string, status: 'active' | 'eligible' = 'active'): SnapshotRoleAssignment => ({
  principalId,
  roleDefinitionId,
  directoryScopeId: '/',
  status,
});

test('§1.2 S5/S7/S8: exactly the nine privilegedAdmin roles, by name', () => {
  assert.deepEqual([...PRIVILEGED_ADMIN_ROLE_IDS].map(roleName).sort(), [
    'Authentication Administrator',
    'Billing Administrator',
    'Conditional Access Administrator',
    'Exchange Administrator',
    'Global Administrator',
    'Helpdesk Administrator',
    'Security Administrator',
    'SharePoint Administrator',
    'User Administrator',
  ]);
});

test('catalogue: ids are unique lower-case GUIDs; known names resolve', () => {
  const ids = BUILT_IN_ROLES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)));
  assert.equal(roleName(GLOBAL_ADMINISTRATOR), 'Global Administrator');
  assert.equal(roleName(REPORTS_READER.toUpperCase()), 'Reports Reader');
  assert.equal(roleName(CUSTOM_ROLE), null);
});

const classify: readonly [rule: string, id: string, admin: boolean, privileged: boolean][] = [
  ['A1: Global Administrator is a privileged admin', GLOBAL_ADMINISTRATOR, true, true],
  ['A1: Reports Reader is an admin, not privileged', REPORTS_READER, true, false],
  ['A1: a custom role is an admin role', CUSTOM_ROLE, true, false],
  ['decision 0002: the default User role is not an admin role', USER_ROLE, false, false],
  ['decision 0002: Guest User is not an admin role', '10dae51f-b6af-4016-8d66-8c2a99b929b3', false, false],
  ['decision 0002: Restricted Guest User is not an admin role', '2af84b1e-32c8-42b7-82bc-daa82404023b', false, false],
  ['ids compare case-insensitively', GLOBAL_ADMINISTRATOR.toUpperCase(), true, true],
];
for (const [rule, id, admin, privileged] of classify) {
  test(`classify: ${rule}`, () => {
    assert.equal(isAdminRole(id), admin);
    assert.equal(isPrivilegedAdminRole(id), privileged);
  });
}

test('A1: eligible (PIM, not activated) assignments do not count; active ones do', () => {
  const m = resolveMembership([], new Set());
  const roles = rolesByUser([a('u1', GLOBAL_ADMINISTRATOR, 'eligible'), a('u2', GLOBAL_ADMINISTRATOR)], m);
  assert.deepEqual([...roles.keys()], ['u2']);
});

test('A1: an assignment to a group reaches its transitive user members', () => {
  const groups = [
    {
      id: 'admins',
      displayName: null,
      members: [
        { kind: 'user' as const, id: 'u1' },
        { kind: 'group' as const, id: 'nested' },
      ],
    },
    { id: 'nested', displayName: null, members: [{ kind: 'user' as const, id: 'u2' }] },
  ];
  const assignments = [a('admins', REPORTS_READER), a('u2', GLOBAL_ADMINISTRATOR.toUpperCase()), a('u3', CUSTOM_ROLE)];
  const roles = rolesByUser(assignments, resolveMembership(groups, assignmentPrincipalIds(assignments)));
  assert.deepEqual(Object.fromEntries([...roles].map(([u, r]) => [u, [...r].sort()])), {
    u1: [REPORTS_READER],
    u2: [GLOBAL_ADMINISTRATOR, REPORTS_READER].sort(),
    u3: [CUSTOM_ROLE],
  });
});

test('assignmentPrincipalIds: principals of active assignments only', () => {
  assert.deepEqual(assignmentPrincipalIds([a('g1', REPORTS_READER), a('g2', REPORTS_READER, 'eligible')]), new Set(['g1']));
});

test('adminFlags: a row is admin with any admin role and privileged with a privileged one', () => {
  assert.deepEqual(adminFlags(new Set()), { isAdmin: false, isPrivilegedAdmin: false });
  assert.deepEqual(adminFlags(new Set([USER_ROLE])), { isAdmin: false, isPrivilegedAdmin: false });
  assert.deepEqual(adminFlags(new Set([USER_ROLE, CUSTOM_ROLE])), { isAdmin: true, isPrivilegedAdmin: false });
  assert.deepEqual(adminFlags(new Set([REPORTS_READER, GLOBAL_ADMINISTRATOR])), { isAdmin: true, isPrivilegedAdmin: true });
});
