// The double's Graph endpoints over real HTTP: shapes, paging, permissions, licence.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startGraphDouble, type GraphDouble } from './index.js';
import { isArray, isRecord } from './json.js';
import { ALL_PERMISSIONS, APP_ID, SECRET, TENANT_ID, errorCode, get, secretToken, smallSnapshot, userId, values } from './test-fixture.js';

let double: GraphDouble;
let token: string;

before(async () => {
  double = await startGraphDouble({
    snapshot: smallSnapshot(),
    apps: [
      { clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS },
      { clientId: 'weak', secrets: ['s'], permissions: ['User.Read.All'] },
    ],
  });
  token = await secretToken(double);
});
after(() => double.close());

test('organization and subscribedSkus name the tenant and its P2 plans', async () => {
  const org = await get(double, '/v1.0/organization', token);
  assert.equal(org.status, 200);
  assert.equal(values(org)[0]!.id, TENANT_ID);
  const skus = values(await get(double, '/v1.0/subscribedSkus', token));
  const plans = skus.flatMap((s) => (isArray(s.servicePlans) ? s.servicePlans.filter(isRecord) : [])).map((p) => p.servicePlanName);
  assert.deepEqual(plans.sort(), ['AAD_PREMIUM', 'AAD_PREMIUM_P2']);
});

test('methods and signInPreferences of a user, 404 for an unknown one', async () => {
  const methods = await get(double, `/beta/users/${userId(2)}/authentication/methods`, token);
  assert.equal(methods.status, 200);
  const [m] = values(methods);
  assert.equal(m!['@odata.type'], '#microsoft.graph.emailAuthenticationMethod');
  assert.equal(typeof m!.id, 'string');
  const prefs = await get(double, `/beta/users/${userId(1)}/authentication/signInPreferences`, token);
  assert.equal(prefs.body.userPreferredMethodForSecondaryAuthentication, 'push');
  const missing = await get(double, '/beta/users/nobody/authentication/methods', token);
  assert.equal(missing.status, 404);
  assert.equal(errorCode(missing), 'Request_ResourceNotFound');
});

test('group members are direct only, with their @odata.type, paged by $top', async () => {
  const first = await get(double, '/v1.0/groups/g-1/members?$select=id&$top=1', token);
  assert.deepEqual(values(first), [{ '@odata.type': '#microsoft.graph.user', id: userId(1) }]);
  const next = first.body['@odata.nextLink'];
  assert.equal(typeof next, 'string');
  assert.ok(String(next).startsWith(`${double.graphUrl}/v1.0/groups/g-1/members?`));
  const second = await get(double, String(next), token);
  assert.deepEqual(values(second), [{ '@odata.type': '#microsoft.graph.group', id: 'g-2' }]);
  assert.equal(second.body['@odata.nextLink'], undefined);
});

test('role assignments hold the active ones, eligibility instances the eligible ones', async () => {
  const active = values(await get(double, '/v1.0/roleManagement/directory/roleAssignments', token));
  assert.deepEqual(
    active.map((a) => a.principalId),
    [userId(1)],
  );
  assert.equal('status' in active[0]!, false);
  const eligible = values(await get(double, '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances', token));
  assert.deepEqual(
    eligible.map((a) => a.principalId),
    [userId(2)],
  );
  assert.equal(eligible[0]!.memberType, 'Direct');
});

test('policies: a default authentication methods policy in Graph shape, the authorization policy', async () => {
  const amp = await get(double, '/beta/policies/authenticationMethodsPolicy', token);
  assert.equal(amp.body.id, 'authenticationMethodsPolicy');
  assert.ok(isArray(amp.body.authenticationMethodConfigurations));
  const authz = await get(double, '/v1.0/policies/authorizationPolicy', token);
  assert.equal(authz.body.allowedToUseSSPR, true);
});

test("a permission the app lacks is a 403 in Graph's envelope", async () => {
  const weak = await secretToken(double, 'weak', 's');
  const denied = await get(double, '/v1.0/roleManagement/directory/roleAssignments', weak);
  assert.equal(denied.status, 403);
  assert.equal(errorCode(denied), 'Authorization_RequestDenied');
  const inner = (denied.body.error as { innerError: Record<string, unknown> }).innerError;
  assert.match(String(inner.date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(typeof inner['request-id'], 'string');
  const reports = await get(double, '/beta/reports/authenticationMethods/userRegistrationDetails', weak);
  assert.equal(errorCode(reports), 'Authentication_MSGraphPermissionMissing');
});

test('no token, a bad token: 401 InvalidAuthenticationToken', async () => {
  const none = await get(double, '/v1.0/organization', '');
  assert.equal(none.status, 401);
  assert.equal(errorCode(none), 'InvalidAuthenticationToken');
  const bad = await get(double, '/v1.0/organization', 'x.y.z');
  assert.equal(bad.status, 401);
});

test('unknown segments, options and methods are refused clearly', async () => {
  assert.equal((await get(double, '/v1.0/nothing', token)).status, 400);
  assert.equal((await get(double, '/v2.0/organization', token)).status, 400);
  const skip = await get(double, '/v1.0/groups/g-1/members?$skip=1', token);
  assert.equal(skip.status, 400);
  assert.match(String((skip.body.error as { message: string }).message), /\$skip/);
});
