// amr's operations table holds together as Graph's does, stays apart from it, and describes every
// property of the row the store gives (reports/model.ts ProtectionDetails) in its order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProtectionDetails } from '../reports/model.js';
import { PROTECTION_WIRE_ORDER, userProtectionEntity } from './amr-entities.js';
import { AMR_MOUNTS, AMR_OPERATIONS } from './amr-operations.js';
import { matchOperation } from './dispatch.js';
import { OPERATIONS } from './operations.js';
import { parsePath } from './path.js';
import { optionReader } from './query-options.js';

const CONTEXT = { includeUnknownEnumMembers: false, filterLimits: { maxLength: 4096, maxDepth: 32 } };

test("every row's validator can be built; rows are v1.0 rows (OData's '$' required)", () => {
  for (const op of AMR_OPERATIONS) {
    assert.deepEqual(op.versions, ['v1.0'], op.id);
    assert.doesNotThrow(() => optionReader(op, { version: 'v1.0', ...CONTEXT }), op.id);
  }
});

test("ids are amr's own and no path is Graph's", () => {
  const graph = new Set(OPERATIONS.map((o) => o.id));
  for (const op of AMR_OPERATIONS) assert.ok(op.id.startsWith('amr.') && !graph.has(op.id), op.id);
  assert.throws(() => matchOperation('v1.0', parsePath('/reports/userProtection')), /segment 'userProtection'/);
  assert.equal(matchOperation('v1.0', parsePath('/reports/userProtection'), AMR_OPERATIONS).operation.id, 'amr.userProtection.list');
  assert.equal(matchOperation('v1.0', parsePath('/reports/userProtection/$count'), AMR_OPERATIONS).operation.id, 'amr.userProtection.count');
  assert.equal(matchOperation('v1.0', parsePath("/reports/userProtection('ABC')"), AMR_OPERATIONS).key, 'ABC');
  assert.deepEqual(AMR_MOUNTS, ['/amr/v1/reports', '/amr/v1/reports/*']);
});

test('the entity names every ProtectionDetails property, in its order, and nothing else', () => {
  // A Record over keyof ProtectionDetails: a property added to the row and not here fails to compile.
  const order: Record<keyof ProtectionDetails, number> = {
    id: 0,
    userPrincipalName: 1,
    userDisplayName: 2,
    userType: 3,
    department: 4,
    companyName: 5,
    isAdmin: 6,
    isPrivilegedAdmin: 7,
    registeredStrength: 8,
    usedStrength: 9,
    isWeakMfaOnly: 10,
    staleMethods: 11,
    staleMethodCount: 12,
    methodsRegistered: 13,
    lastUpdatedDateTime: 14,
  };
  const expected = Object.entries(order)
    .sort((a, b) => a[1] - b[1])
    .map(([k]) => k);
  assert.deepEqual(PROTECTION_WIRE_ORDER, expected);
  assert.deepEqual(
    userProtectionEntity['v1.0'].properties.map((p) => p.name),
    expected,
  );
  const orderable = userProtectionEntity['v1.0'].properties.filter((p) => p.orderby).map((p) => p.name);
  assert.deepEqual(orderable, ['userPrincipalName', 'userDisplayName']);
  const unfiltered = userProtectionEntity['v1.0'].properties.filter((p) => p.filter.length === 0).map((p) => p.name);
  assert.deepEqual(unfiltered, ['lastUpdatedDateTime']);
});
