// In-process HTTP tests of the beta activity reports served from stored events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { registered, signIn } from '../reports/activity/test-records.js';
import { FIXTURE_ACTIVITY } from '../test-support/fixture-activity.js';
import { TENANT, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

const ROOT = '/beta/reports/authenticationMethods';
type Row = Record<string, unknown>;

let s: TestServer;
let token: string;

before(async () => {
  ({ s, token } = await serverWithToken());
  await s.store.appendActivity(TENANT, FIXTURE_ACTIVITY);
});
after(() => s.close());

async function get(url: string, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
}

async function rows(url: string, headers: Record<string, string> = {}): Promise<Row[]> {
  const r = await get(url, headers);
  assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
  return (r.json() as { value: Row[] }).value;
}

const find = (list: readonly Row[], feature: string, method: string) => list.find((r) => r.feature === feature && r.authMethod === method);

describe('userRegistrationActivity(period)', () => {
  test('counts registrations and reset attempts in the window; evolvable methods need Prefer', async () => {
    const opted = await rows(`${ROOT}/userRegistrationActivity(period='d1')`, { prefer: 'include-unknown-enum-members' });
    assert.deepEqual(find(opted, 'registration', 'microsoftAuthenticatorPush'), {
      '@odata.type': '#microsoft.graph.userRegistrationActivitySummary',
      id: find(opted, 'registration', 'microsoftAuthenticatorPush')!.id,
      feature: 'registration',
      successfulActivityCount: 1,
      failureActivityCount: 1,
      authMethod: 'microsoftAuthenticatorPush',
    });
    assert.equal(find(opted, 'reset', 'sms')?.successfulActivityCount, 1);
    assert.equal(find(opted, 'reset', 'email')?.failureActivityCount, 1);
    assert.equal(find(opted, 'registration', 'email')?.successfulActivityCount, 0, 'six days ago is outside d1');
    const plain = await rows(`${ROOT}/userRegistrationActivity(period='d1')`);
    assert.equal(
      plain.some((r) => r.authMethod === 'microsoftAuthenticatorPush'),
      false,
    );
    assert.equal(find(plain, 'registration', 'unknownFutureValue')?.failureActivityCount, 1);
  });

  test('d7 reaches the older registration; every period spelling is checked', async () => {
    const week = await rows(`${ROOT}/userRegistrationActivity(period='d7')`);
    assert.equal(find(week, 'registration', 'email')?.successfulActivityCount, 1);
    const bad = await get(`${ROOT}/userRegistrationActivity(period='d365')`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /period.*'d1', 'd7', 'd30'/);
    assert.equal((await get(`${ROOT}/userRegistrationActivity`)).statusCode, 400);
    assert.equal((await get(`/v1.0/reports/authenticationMethods/userRegistrationActivity(period='d1')`)).statusCode, 400);
  });
});

describe('userSignInsByAuthMethodSummary(period)', () => {
  test('successful interactive sign-ins per method, in the documented order, token-satisfied steps left out', async () => {
    const list = await rows(`${ROOT}/userSignInsByAuthMethodSummary(period='d1')`);
    assert.equal(list[0]!.authenticationMethod, 'password');
    assert.equal(list.length, 16);
    const count = (m: string) => list.find((r) => r.authenticationMethod === m)?.successActivityCount;
    // si1 and si2 succeed with a password (si3 failed; si4 is not interactive); si1 adds push.
    assert.equal(count('password'), 2);
    assert.equal(count('microsoftAuthenticatorPush'), 1);
    assert.equal(count('sms'), 0);
    assert.equal(list[0]!['@odata.type'], '#microsoft.graph.userSignInUsageByAuthMethodActivity');
  });

  test('a re-import changes no count', async () => {
    await s.store.appendActivity(TENANT, { audits: [], signIns: [signIn({ id: 'si1', tenantId: TENANT, createdDateTime: '2026-11-20T08:00:00.000Z' })] });
    const list = await rows(`${ROOT}/userSignInsByAuthMethodSummary(period='d1')`);
    assert.equal(list.find((r) => r.authenticationMethod === 'password')?.successActivityCount, 2);
  });
});

describe('userEventsSummary', () => {
  test("lists the registration and reset events of the last 30 days, newest first, with Graph's shape", async () => {
    const list = await rows(`${ROOT}/userEventsSummary`, { prefer: 'include-unknown-enum-members' });
    assert.equal(list.length, 5);
    assert.deepEqual(Object.keys(list[0]!), [
      '@odata.type',
      'id',
      'feature',
      'userPrincipalName',
      'userDisplayName',
      'isSuccess',
      'authMethod',
      'failureReason',
      'eventDateTime',
    ]);
    const times = list.map((r) => String(r.eventDateTime));
    assert.deepEqual(times, [...times].sort().reverse());
    assert.equal(list.filter((r) => r.feature === 'reset').length, 2);
    const failed = list.find((r) => r.feature === 'reset' && r.isSuccess === false)!;
    assert.equal(failed.authMethod, 'email');
    assert.notEqual(failed.failureReason, '');
  });

  test('$filter, $orderby, paging with $top, $count, and gating without Prefer', async () => {
    const regs = await rows(`${ROOT}/userEventsSummary?$filter=feature%20eq%20'registration'%20and%20isSuccess%20eq%20true`);
    assert.equal(regs.length, 2);
    assert.ok(regs.every((r) => r.authMethod === 'unknownFutureValue' || r.authMethod === 'email'));
    const first = await get(`${ROOT}/userEventsSummary?$top=2&$count=true&$orderby=userPrincipalName`);
    const page = first.json() as { value: Row[]; '@odata.count': number; '@odata.nextLink': string };
    assert.equal(page['@odata.count'], 5);
    assert.equal(page.value.length, 2);
    const ids = page.value.map((r) => r.id);
    let next: string | undefined = page['@odata.nextLink'];
    while (next) {
      const p = (await get(next.replace(/^http:\/\/[^/]+/, ''))).json() as { value: Row[]; '@odata.nextLink'?: string };
      ids.push(...p.value.map((r) => r.id));
      next = p['@odata.nextLink'];
    }
    assert.equal(new Set(ids).size, 5);
    const one = await get(`${ROOT}/userEventsSummary/${String(ids[0])}`);
    assert.equal((one.json() as Row).id, ids[0]);
    assert.equal((await get(`${ROOT}/userEventsSummary/no-such-event`)).statusCode, 404);
    assert.equal((await get(`${ROOT}/userEventsSummary?$filter=authMethod%20eq%20'microsoftAuthenticatorPush'`)).statusCode, 400);
    assert.equal(
      (await rows(`${ROOT}/userEventsSummary?$filter=authMethod%20eq%20'microsoftAuthenticatorPush'`, { prefer: 'include-unknown-enum-members' })).length,
      2,
    );
    // Without Prefer, what shows as unknownFutureValue is what `eq 'unknownFutureValue'` finds.
    const gated = await rows(`${ROOT}/userEventsSummary?$filter=authMethod%20eq%20'unknownFutureValue'`);
    assert.equal(gated.length, 3); // two Authenticator registrations and the SMS reset step
    assert.ok(gated.every((r) => r.authMethod === 'unknownFutureValue'));
    const others = await rows(`${ROOT}/userEventsSummary?$filter=authMethod%20ne%20'unknownFutureValue'`);
    assert.equal(others.length, 2); // the email registration and the email reset step
    assert.ok(others.every((r) => r.authMethod !== 'unknownFutureValue'));
    assert.equal((await rows(`${ROOT}/userEventsSummary?$filter=authMethod%20in%20('unknownFutureValue','email')`)).length, 5);
    // With Prefer the members are themselves, and no stored event is unknownFutureValue.
    assert.equal(
      (await rows(`${ROOT}/userEventsSummary?$filter=authMethod%20eq%20'unknownFutureValue'`, { prefer: 'include-unknown-enum-members' })).length,
      0,
    );
  });
});

describe('userCredentialUsageDetails (deprecated)', () => {
  test('the same events in legacy names; a legacy authMethod filter finds them', async () => {
    const legacy = await rows('/beta/reports/userCredentialUsageDetails');
    assert.equal(legacy.length, 5);
    assert.equal(legacy[0]!['@odata.type'], '#microsoft.graph.userCredentialUsageDetails');
    const methods = legacy.map((r) => `${String(r.feature)}:${String(r.authMethod)}`).sort();
    assert.deepEqual(methods, ['registration:appNotification', 'registration:appNotification', 'registration:email', 'reset:email', 'reset:mobileSMS']);
    assert.equal((await rows(`/beta/reports/userCredentialUsageDetails?$filter=authMethod%20eq%20'appNotification'`)).length, 2);
    assert.equal((await rows(`/beta/reports/userCredentialUsageDetails?$filter=authMethod%20eq%20microsoft.graph.usageAuthMethod'mobileSMS'`)).length, 1);
    assert.equal((await rows(`/beta/reports/userCredentialUsageDetails?$filter=authMethod%20ne%20'email'%20and%20feature%20eq%20'registration'`)).length, 2);
    assert.equal((await rows(`/beta/reports/userCredentialUsageDetails?$filter=authMethod%20in%20('fido','appPassword')`)).length, 0);
  });
});

describe('getCredentialUsageSummary(period) (deprecated)', () => {
  test('legacy names, only rows with activity, any period case, $filter on feature', async () => {
    const all = await rows(`/beta/reports/getCredentialUsageSummary(period='d30')`);
    assert.ok(all.length > 0);
    assert.ok(all.every((r) => r.successfulActivityCount !== 0 || r.failureActivityCount !== 0));
    assert.deepEqual(Object.keys(all[0]!), ['id', 'feature', 'successfulActivityCount', 'failureActivityCount', 'authMethod']);
    const regs = await rows(`/beta/reports/getCredentialUsageSummary(period='D30')?$filter=feature%20eq%20'registration'`);
    assert.ok(regs.length > 0 && regs.every((r) => r.feature === 'registration'));
    assert.equal(regs.find((r) => r.authMethod === 'email')?.successfulActivityCount, 1);
    const bad = await get(`/beta/reports/getCredentialUsageSummary(period='D2')`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /period.*'D1', 'D7', 'D30'/);
  });
});

describe('daily summaries', () => {
  test('userMfaSignInSummary counts successful interactive sign-ins by requirement', async () => {
    const days = await rows(`${ROOT}/userMfaSignInSummary`);
    assert.equal(days.length, 1);
    assert.deepEqual(
      { ...days[0], id: undefined },
      {
        '@odata.type': '#microsoft.graph.userMfaSignInSummary',
        id: undefined,
        createdDateTime: '2026-11-20T00:00:00Z',
        totalSignIns: 2,
        singleFactorSignIns: 1,
        multiFactorSignIns: 1,
      },
    );
    const one = await get(`${ROOT}/userMfaSignInSummary/${String(days[0]!.id)}`);
    assert.equal((one.json() as Row).totalSignIns, 2);
  });

  test('userPasswordResetsAndChangesSummary per day, with $filter gt on the counts', async () => {
    const days = await rows(`${ROOT}/userPasswordResetsAndChangesSummary`);
    assert.equal(days.length, 1);
    assert.equal(days[0]!.aggregatedDateTime, '2026-11-19T00:00:00Z');
    assert.deepEqual([days[0]!.passwordResetsByAdminCount, days[0]!.passwordResetsSelfServiceCount, days[0]!.changePasswordSelfServiceCount], [1, 0, 1]);
    assert.equal((await rows(`${ROOT}/userPasswordResetsAndChangesSummary?$filter=passwordResetsByAdminCount%20gt%200`)).length, 1);
    assert.equal((await rows(`${ROOT}/userPasswordResetsAndChangesSummary?$filter=passwordResetsByAdminCount%20gt%205`)).length, 0);
    // Issue 14 item 3: $top and $filter are declared for both (ms-paths.json) and served (decision 0082); they were 400.
    assert.equal((await rows(`${ROOT}/userPasswordResetsAndChangesSummary?$top=1`)).length, 1);
    assert.equal((await rows(`${ROOT}/userMfaSignInSummary?$filter=totalSignIns%20gt%200`)).length, 1);
    assert.equal((await get(`${ROOT}/userPasswordResetsAndChangesSummary?$skip=1`)).statusCode, 400);
  });
});

test('a tenant known only from its logs gets activity reports, and a clear 404 for registration ones', async () => {
  const other = '7d2c3b1a-0000-4000-8000-00000000abcd';
  await s.store.appendActivity(other, {
    audits: [registered('x1', 'User registered Email.', { activityDateTime: '2026-11-20T11:00:00.000Z', tenantId: other })],
    signIns: [],
  });
  const t = await s.token({ tenantId: other });
  const activity = await s.app.inject({ method: 'GET', url: `${ROOT}/userRegistrationActivity(period='d1')`, headers: { authorization: `Bearer ${t}` } });
  assert.equal(activity.statusCode, 200);
  assert.equal(find((activity.json() as { value: Row[] }).value, 'registration', 'email')?.successfulActivityCount, 1);
  const details = await s.app.inject({ method: 'GET', url: `${ROOT}/userRegistrationDetails`, headers: { authorization: `Bearer ${t}` } });
  assert.equal(details.statusCode, 404);
});
