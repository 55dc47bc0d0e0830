// The SSPR scope the generator assumes is the tenant's: the pilot group's departments and the policy's methods.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoTenant } from '../demo-tenant.js';
import type { JsonObject } from '../wire.js';
import { SSPR_PILOT_DEPARTMENTS, ssprScope } from './sspr-scope.js';
import { PINNED_NOW, children, text } from './test-support.js';

const tenant = demoTenant({ users: 50, seed: 'scope', now: PINNED_NOW });

test('SSPR_PILOT_DEPARTMENTS are exactly the department groups "SSPR Pilot" nests', () => {
  const groups = tenant.groups();
  const byId = new Map(groups.map((g) => [text(g, 'id'), g]));
  const pilot = groups.find((g) => g['displayName'] === 'SSPR Pilot');
  assert.ok(pilot !== undefined);
  const policy = (tenant.header()['policies'] as JsonObject)['passwordResetPolicy'] as JsonObject;
  assert.equal(policy['selectedGroupId'], pilot['id']);
  const nested = children(pilot, 'members')
    .filter((m) => m['@odata.type'] === '#microsoft.graph.group')
    .map((m) => text(byId.get(text(m, 'id')) ?? {}, 'displayName').replace(/^Department - /, ''));
  assert.deepEqual([...nested].sort(), [...SSPR_PILOT_DEPARTMENTS].sort());
});

test('scope: pilot departments only, two methods, the five policy methods', () => {
  const scope = ssprScope(tenant.header());
  assert.equal(scope.inScope('Finance'), true);
  assert.equal(scope.inScope('Engineering'), false);
  assert.equal(scope.inScope(null), false);
  assert.equal(scope.methodsRequired, 2);
  assert.deepEqual(
    scope.methods.map((m) => m.policyName),
    ['mobileAppNotification', 'mobilePhone', 'email', 'officePhone', 'securityQuestions'],
  );
  const all = ssprScope({ policies: { passwordResetPolicy: { enabledFor: 'all', methods: ['email'], numberOfMethodsRequired: 1 } } });
  assert.deepEqual([all.inScope(null), all.methodsRequired, all.methods.length], [true, 1, 1]);
  assert.equal(ssprScope({}).inScope('IT'), false);
});
