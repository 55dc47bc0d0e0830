// Tests for normaliseGroup and normaliseRoleAssignment: shapes, defaults, and refusals with their places.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseGroup } from './normalise-group.js';
import { normaliseRoleAssignment } from './normalise-role-assignment.js';
import { assertRefused } from './test-support.js';

describe('normaliseGroup', () => {
  it('reads direct members with their kinds', () => {
    const g = normaliseGroup(
      {
        id: 'g1',
        displayName: 'Admins',
        extra: true,
        members: [
          { '@odata.type': '#microsoft.graph.user', id: 'u1' },
          { '@odata.type': '#microsoft.graph.group', id: 'g2' },
          { '@odata.type': '#microsoft.graph.servicePrincipal', id: 's1' },
          { '@odata.type': 'microsoft.graph.user', id: 'u2' },
        ],
      },
      'groups[0]',
    );
    assert.deepEqual(g, {
      id: 'g1',
      displayName: 'Admins',
      members: [
        { kind: 'user', id: 'u1' },
        { kind: 'group', id: 'g2' },
        { kind: 'other', id: 's1' },
        { kind: 'user', id: 'u2' },
      ],
    });
  });

  it('lower-cases GUID ids of the group and its members, keeps other ids (decision 0055)', () => {
    const G = 'AAAAAAAA-0000-0000-0000-00000000000B';
    const U = 'CCCCCCCC-0000-0000-0000-00000000000D';
    const g = normaliseGroup(
      {
        id: G,
        members: [
          { '@odata.type': '#microsoft.graph.user', id: U },
          { '@odata.type': '#microsoft.graph.user', id: 'Ux' },
        ],
      },
      'groups[0]',
    );
    assert.deepEqual([g.id, ...g.members.map((m) => m.id)], [G.toLowerCase(), U.toLowerCase(), 'Ux']);
  });

  it('defaults: no displayName → null, no members → []', () => {
    assert.deepEqual(normaliseGroup({ id: 'g' }, 'groups[0]'), { id: 'g', displayName: null, members: [] });
    assert.deepEqual(normaliseGroup({ id: 'g', members: null }, 'groups[0]').members, []);
  });

  const refusals: [string, unknown, string, string][] = [
    ['not an object', 'g', 'groups[3]', 'expected a group object, found the string "g"'],
    ['missing id', { displayName: 'x' }, 'groups[3].id', 'is required: expected a non-empty string'],
    ['displayName number', { id: 'g', displayName: 1 }, 'groups[3].displayName', 'expected a string or null, found 1'],
    ['members object', { id: 'g', members: {} }, 'groups[3].members', 'expected an array of directoryObject references, found an object'],
    [
      'member string',
      { id: 'g', members: ['u1'] },
      'groups[3].members[0]',
      'expected an object like {"@odata.type":"#microsoft.graph.user","id":"…"}, found the string "u1"',
    ],
    [
      'member untyped',
      { id: 'g', members: [{ id: 'u1' }] },
      'groups[3].members[0]["@odata.type"]',
      'is required: expected a string such as "#microsoft.graph.user" or "#microsoft.graph.group"',
    ],
    [
      'member without id',
      { id: 'g', members: [{ '@odata.type': '#microsoft.graph.user' }] },
      'groups[3].members[0].id',
      'is required: expected a non-empty string',
    ],
  ];
  for (const [name, raw, where, message] of refusals) {
    it(`refuses: ${name}`, () => assertRefused(() => normaliseGroup(raw, 'groups[3]'), where, message));
  }
});

describe('normaliseRoleAssignment', () => {
  it('reads an assignment, defaulting scope to "/" and status to active', () => {
    assert.deepEqual(normaliseRoleAssignment({ principalId: 'u1', roleDefinitionId: 'r1', id: 'x' }, 'roleAssignments[0]'), {
      principalId: 'u1',
      roleDefinitionId: 'r1',
      directoryScopeId: '/',
      status: 'active',
    });
    assert.deepEqual(
      normaliseRoleAssignment({ principalId: 'u1', roleDefinitionId: 'r1', directoryScopeId: '/administrativeUnits/a', status: 'Eligible' }, 'r'),
      { principalId: 'u1', roleDefinitionId: 'r1', directoryScopeId: '/administrativeUnits/a', status: 'eligible' },
    );
  });

  it('lower-cases GUID ids, also inside the scope (decision 0055)', () => {
    const P = 'AAAAAAAA-0000-0000-0000-00000000000B';
    const R = '62E90394-69F5-4237-9190-012177145E10';
    const AU = 'DDDDDDDD-0000-0000-0000-00000000000E';
    assert.deepEqual(normaliseRoleAssignment({ principalId: P, roleDefinitionId: R, directoryScopeId: `/administrativeUnits/${AU}` }, 'r'), {
      principalId: P.toLowerCase(),
      roleDefinitionId: R.toLowerCase(),
      directoryScopeId: `/administrativeUnits/${AU.toLowerCase()}`,
      status: 'active',
    });
  });

  const refusals: [string, unknown, string, string][] = [
    ['not an object', [], 'roleAssignments[2]', 'expected a unifiedRoleAssignment object, found an array'],
    ['missing principal', { roleDefinitionId: 'r' }, 'roleAssignments[2].principalId', 'is required: expected a non-empty string'],
    ['missing role', { principalId: 'p' }, 'roleAssignments[2].roleDefinitionId', 'is required: expected a non-empty string'],
    [
      'scope number',
      { principalId: 'p', roleDefinitionId: 'r', directoryScopeId: 1 },
      'roleAssignments[2].directoryScopeId',
      'expected a non-empty string, found 1',
    ],
    [
      'status unknown',
      { principalId: 'p', roleDefinitionId: 'r', status: 'expired' },
      'roleAssignments[2].status',
      'expected "active" or "eligible", found the string "expired"',
    ],
  ];
  for (const [name, raw, where, message] of refusals) {
    it(`refuses: ${name}`, () => assertRefused(() => normaliseRoleAssignment(raw, 'roleAssignments[2]'), where, message));
  }
});
