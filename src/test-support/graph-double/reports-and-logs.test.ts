// userRegistrationDetails (computed by amr's rules, overridable, licence-gated, paged) and the
// audit and sign-in logs (ge filter, loggedByService, retention); toSnapshot() round trip.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedRegistrationRows } from '../expected-rows.js';
import { ManualClock, startGraphDouble, type GraphDouble } from './index.js';
import { isArray, isRecord, type JsonRecord } from './json.js';
import { ALL_PERMISSIONS, APP_ID, SECRET, errorCode, get, secretToken, smallSnapshot, userId, values } from './test-fixture.js';

const NOW = Date.UTC(2026, 2, 1);
const clock = new ManualClock(NOW);
const day = (n: number) => new Date(NOW - n * 86_400_000).toISOString();
let double: GraphDouble;
let token: string;

const audit = (id: string, daysAgo: number, service: string): JsonRecord => ({
  id,
  activityDateTime: day(daysAgo),
  loggedByService: service,
  category: 'UserManagement',
  activityDisplayName: 'x',
  result: 'success',
});

before(async () => {
  double = await startGraphDouble({
    snapshot: smallSnapshot(12),
    clock,
    pageSizes: { registrationDetails: 5 },
    apps: [{ clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS }],
    directoryAudits: [
      audit('a1', 1, 'Authentication Methods'),
      audit('a2', 3, 'Self-service Password Management'),
      audit('a3', 10, 'Authentication Methods'),
      audit('a4', 40, 'Authentication Methods'),
      audit('a5', 2, 'Core Directory'),
    ],
    signIns: [
      { id: 's1', createdDateTime: day(1) },
      { id: 's2', createdDateTime: day(20) },
    ],
  });
  token = await secretToken(double);
});
after(() => double.close());

async function all(first: string): Promise<JsonRecord[]> {
  const out: JsonRecord[] = [];
  for (let url: string | null = first; url !== null;) {
    const page = await get(double, url, token);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    out.push(...values(page));
    const next = page.body['@odata.nextLink'];
    url = typeof next === 'string' ? next : null;
  }
  return out;
}

test("userRegistrationDetails: amr's rules for the listed users, paged, v1.0 without beta-only properties", async () => {
  const rows = await all('/beta/reports/authenticationMethods/userRegistrationDetails');
  const snapshot = double.state.toSnapshot();
  const raw = {
    header: { amrSnapshot: 1, tenant: snapshot.tenant, capturedDateTime: new Date(NOW).toISOString(), policies: snapshot.policies },
    users: isArray(snapshot.users) ? snapshot.users.filter(isRecord) : [],
    groups: isArray(snapshot.groups) ? snapshot.groups.filter(isRecord) : [],
    roleAssignments: isArray(snapshot.roleAssignments) ? snapshot.roleAssignments.filter(isRecord) : [],
  };
  const expected = expectedRegistrationRows(raw);
  assert.equal(rows.length, 11); // user 3 is disabled
  // On the wire, as Entra sends it: `none` where the report object holds '' (decision 0083).
  const wire = (row: JsonRecord | undefined): JsonRecord | undefined =>
    row &&
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [k, (k === 'defaultMfaMethod' || k === 'userPreferredMethodForSecondaryAuthentication') && v === '' ? 'none' : v]),
    );
  for (const row of rows) assert.deepEqual(row, wire(expected.get(String(row.id))));
  const v1 = await all('/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1000');
  assert.equal(v1.length, 11);
  assert.equal('defaultMfaMethod' in v1[0]!, false);
  assert.equal((await get(double, '/beta/reports/authenticationMethods/userRegistrationDetails?$top=1001', token)).status, 400);
});

test('userRegistrationDetails: overrides and injected rows are served as given', async () => {
  double.state.overrideRegistrationDetails(userId(1), { isMfaCapable: false, methodsRegistered: ['securityQuestion'] });
  const row = (await all('/beta/reports/authenticationMethods/userRegistrationDetails')).find((r) => r.id === userId(1));
  assert.deepEqual([row?.isMfaCapable, row?.methodsRegistered], [false, ['securityQuestion']]);
  double.state.setRegistrationDetails([{ id: 'only', userPrincipalName: 'only@x' }]);
  assert.deepEqual(await all('/beta/reports/authenticationMethods/userRegistrationDetails'), [{ id: 'only', userPrincipalName: 'only@x' }]);
  double.state.setRegistrationDetails(null);
});

test('directoryAudits: ge filter, loggedByService (or), newest first, 30-day retention with P2', async () => {
  const since = `activityDateTime ge ${day(5)}`;
  const ids = async (filter: string) => (await all(`/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(filter)}`)).map((e) => e.id);
  assert.deepEqual(await ids(since), ['a1', 'a5', 'a2']);
  assert.deepEqual(await ids(`${since} and loggedByService eq 'Authentication Methods'`), ['a1']);
  assert.deepEqual(await ids(`${since} and (loggedByService eq 'Authentication Methods' or loggedByService eq 'Self-service Password Management')`), [
    'a1',
    'a2',
  ]);
  assert.deepEqual(await ids(`activityDateTime ge ${day(60)}`), ['a1', 'a5', 'a2', 'a3']);
  const bad = await get(double, `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent('activityDateTime ge yesterday')}`, token);
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /Invalid filter clause/);
});

test('state changes write the audit events Entra writes for security info', async () => {
  double.state.addMethod(userId(4), { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', model: 'Key' });
  const events = await all(
    `/v1.0/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${new Date(NOW).toISOString()} and loggedByService eq 'Authentication Methods'`)}`,
  );
  assert.equal(events.length, 1);
  assert.equal(events[0]!.activityDisplayName, 'User registered security info');
  assert.deepEqual(isArray(events[0]!.targetResources) && isRecord(events[0]!.targetResources[0]) ? events[0]!.targetResources[0].id : null, userId(4));
});

test('signIns: beta, ge filter, paged by $top', async () => {
  const rows = await all(`/beta/auditLogs/signIns?$top=1&$filter=${encodeURIComponent(`createdDateTime ge ${day(30)}`)}`);
  assert.deepEqual(
    rows.map((r) => r.id),
    ['s1', 's2'],
  );
});

test('a free tenant: 403 licence error on the report and sign-ins, audits kept 7 days', async () => {
  double.state.setLicense('free');
  try {
    const report = await get(double, '/beta/reports/authenticationMethods/userRegistrationDetails', token);
    assert.equal(report.status, 403);
    assert.equal(errorCode(report), 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
    assert.equal((await get(double, '/beta/auditLogs/signIns', token)).status, 403);
    assert.deepEqual(
      (await all('/v1.0/auditLogs/directoryAudits')).map((e) => e.id).filter((id) => String(id).startsWith('a')),
      ['a1', 'a5', 'a2'],
    );
    assert.deepEqual(values(await get(double, '/v1.0/subscribedSkus', token)), []);
  } finally {
    double.state.setLicense('P2');
  }
});

test('toSnapshot() is the tenant now: what the double was given plus the changes made', () => {
  double.state.updateUser(userId(5), { department: 'R&D' });
  const snapshot = double.state.toSnapshot();
  assert.equal(snapshot.amrSnapshot, 1);
  const users = isArray(snapshot.users) ? snapshot.users.filter(isRecord) : [];
  assert.equal(users.length, 12);
  const five = users.find((u) => u.id === userId(5));
  assert.equal(five?.department, 'R&D');
  const four = users.find((u) => u.id === userId(4));
  const methods = isRecord(four?.authentication) && isArray(four.authentication.methods) ? four.authentication.methods.filter(isRecord) : [];
  assert.deepEqual(
    methods.map((m) => m['@odata.type']),
    ['#microsoft.graph.emailAuthenticationMethod', '#microsoft.graph.fido2AuthenticationMethod'],
  );
  assert.equal(snapshot.capturedDateTime, new Date(clock.now()).toISOString());
});

test('a snapshot the format refuses is refused by the double, with the place', async () => {
  await assert.rejects(startGraphDouble({ snapshot: { amrSnapshot: 2, tenant: { id: 'x' }, users: [] } }), /snapshot\.amrSnapshot/);
  const bad = smallSnapshot(2);
  await assert.rejects(
    startGraphDouble({ snapshot: { ...bad, users: [{ id: 'u', userPrincipalName: 'u@x', accountEnabled: 'yes' }] } }),
    /snapshot\.users\[0\]\.accountEnabled/,
  );
  await assert.rejects(startGraphDouble({ snapshot: bad, host: '0.0.0.0' }), /loopback/);
});
