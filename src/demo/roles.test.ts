// The demo's role table against the reports' built-in role catalogue (both cite permissions-reference.md):
// a typo in a template id would silently turn an admin into a non-admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILT_IN_ROLES } from '../reports/role-catalog.js';
import { DEMO_ROLES, GLOBAL_ADMINISTRATOR } from './roles.js';

test('every demo role id is a built-in Entra role template with the same name', () => {
  const byId = new Map(BUILT_IN_ROLES.map((r) => [r.id, r.name]));
  for (const role of DEMO_ROLES) assert.equal(byId.get(role.templateId), role.name, role.name);
  assert.equal(GLOBAL_ADMINISTRATOR.templateId, '62e90394-69f5-4237-9190-012177145e10');
  assert.equal(new Set(DEMO_ROLES.map((r) => r.templateId)).size, DEMO_ROLES.length);
});
