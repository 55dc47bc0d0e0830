// In-process HTTP tests of Graph's errors, headers and tokens on every kind of failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, generateKeyPair } from 'jose';
import { NOW, TENANT, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';
import { issuerFor } from './tokens.js';

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
type ErrorBody = { error: { code: string; message: string; innerError: Record<string, string> } };

let s: TestServer;
let token: string;

before(async () => ({ s, token } = await serverWithToken()));
after(() => s.close());

async function call(url: string, options: { method?: 'GET' | 'POST' | 'DELETE' | 'PATCH'; headers?: Record<string, string>; auth?: string | null } = {}) {
  const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
  return s.app.inject({ method: options.method ?? 'GET', url, headers: { ...(auth === null ? {} : { authorization: auth }), ...options.headers } });
}

async function expectError(url: string, status: number, code: string, message: RegExp, options: Parameters<typeof call>[1] = {}): Promise<void> {
  const r = await call(url, options);
  assert.equal(r.statusCode, status, `${url} → ${r.body}`);
  const body = r.json() as ErrorBody;
  assert.equal(body.error.code, code);
  assert.match(body.error.message, message);
  assert.equal(body.error.innerError['request-id'], r.headers['request-id']);
  assert.equal(body.error.innerError['client-request-id'], r.headers['client-request-id']);
  assert.match(body.error.innerError.date!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
}

describe('query option errors are 400 BadRequest with the reason', () => {
  const CASES: readonly [string, RegExp][] = [
    ['$skip=10', /'\$skip' is not supported/],
    ['$expand=x', /'\$expand' is not supported/],
    ['$search=%22a%22', /'\$search' is not supported/],
    ['$frobnicate=1', /\$frobnicate/],
    ['$top=0', /\$top/],
    ['$top=1001', /\$top/],
    ['$top=abc', /\$top/],
    ['$orderby=isAdmin', /isAdmin/],
    ['$select=nope', /nope/],
    ['$count=maybe', /\$count/],
    ['$filter=nope%20eq%20true', /Could not find a property named 'nope'/],
    ["$filter=isAdmin%20eq%20'yes'", /Invalid filter clause/],
    ['$filter=userType%20eq%20%27robot%27', /robot/],
    ['$filter=isAdmin%20eq', /Invalid filter clause/],
    ['$filter=(isAdmin%20eq%20true', /Invalid filter clause/],
    ['$filter=endswith(userPrincipalName,%27x%27)', /endswith/],
    ['$filter=isAdmin%20eq%20true&$filter=isAdmin%20eq%20false', /more than once|repeated|twice/],
  ];
  for (const [query, message] of CASES) {
    test(query, () => expectError(`${LIST}?${query}`, 400, 'BadRequest', message));
  }
  test('a $filter longer than AMR_MAX_FILTER_LENGTH (4096) is refused', () =>
    expectError(
      `${LIST}?$filter=${encodeURIComponent(Array.from({ length: 300 }, () => 'isAdmin eq true').join(' or '))}`,
      400,
      'BadRequest',
      /4096|too long|longer/,
    ));
  test('a $filter nested deeper than AMR_MAX_FILTER_DEPTH (32) is refused, not a stack overflow', () =>
    expectError(`${LIST}?$filter=${'('.repeat(2000)}isAdmin eq true${')'.repeat(2000)}`, 400, 'BadRequest', /nests more than 32/));
  test('v1.0 has no defaultMfaMethod to filter on', () => expectError(`${LIST}?$filter=defaultMfaMethod%20eq%20'none'`, 400, 'BadRequest', /defaultMfaMethod/));
});

describe('paths and methods', () => {
  test('an unknown segment is 400, as Graph answers', () =>
    expectError('/v1.0/reports/credentialUserRegistrationCount', 400, 'BadRequest', /segment 'credentialUserRegistrationCount'/));
  test('a path outside /v1.0 and /beta is 404 in the envelope', () => expectError('/v2.0/reports', 404, 'Request_ResourceNotFound', /\/v1\.0 and \/beta/));
  test('writes are 405 with Allow: GET', async () => {
    for (const method of ['POST', 'DELETE', 'PATCH'] as const) {
      await expectError(LIST, 405, 'Request_BadRequest', /read-only/, { method });
      assert.equal((await call(LIST, { method })).headers.allow, 'GET');
    }
  });
});

describe('function parameters', () => {
  const ROOT = '/beta/reports/authenticationMethods';
  test('the four spellings of the call answer the same', async () => {
    const bodies: unknown[] = [];
    for (const url of [
      `${ROOT}/usersRegisteredByFeature`,
      `${ROOT}/usersRegisteredByFeature()`,
      `${ROOT}/microsoft.graph.usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')`,
      `${ROOT}/usersRegisteredByFeature(includedUserTypes=microsoft.graph.includedUserTypes'all',includedUserRoles=microsoft.graph.includedUserRoles'all')`,
    ]) {
      const r = await call(url);
      assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
      bodies.push(r.json());
    }
    for (const b of bodies) assert.deepEqual(b, bodies[0]);
  });
  test('buckets: guests, admins and users add up', async () => {
    const total = async (types: string, roles: string) =>
      ((await call(`${ROOT}/usersRegisteredByMethod(includedUserTypes='${types}',includedUserRoles='${roles}')`)).json() as { totalUserCount: number })
        .totalUserCount;
    assert.equal(await total('all', 'all'), 6);
    assert.equal(await total('guest', 'all'), 1);
    assert.equal(await total('member', 'all'), 5);
    assert.equal(await total('all', 'admin'), 1);
    assert.equal(await total('all', 'privilegedAdmin'), 1);
    assert.equal(await total('all', 'user'), 5);
  });
  test('a bad value names the parameter and the allowed values', () =>
    expectError(
      `${ROOT}/usersRegisteredByFeature(includedUserTypes='robots',includedUserRoles='all')`,
      400,
      'BadRequest',
      /includedUserTypes.*'all', 'member', 'guest'/,
    ));
  test('one parameter alone matches no overload, and the missing one is named with its values', () =>
    expectError(
      `${ROOT}/usersRegisteredByMethod(includedUserTypes='all')`,
      400,
      'BadRequest',
      /overload.*Missing: includedUserRoles \('all', 'privilegedAdmin', 'admin', 'user'\)/,
    ));
  test('an unknown parameter is named', () =>
    expectError(
      `${ROOT}/usersRegisteredByMethod(includedUserTypes='all',includedUserRoles='all',period='d1')`,
      400,
      'BadRequest',
      /no parameter named 'period'/,
    ));
  test('an enum literal of the wrong type is refused', () =>
    expectError(
      `${ROOT}/usersRegisteredByMethod(includedUserTypes=microsoft.graph.includedUserRoles'all',includedUserRoles='all')`,
      400,
      'BadRequest',
      /type/,
    ));
  test('an unquoted value is refused', () =>
    expectError(`${ROOT}/usersRegisteredByMethod(includedUserTypes=all,includedUserRoles='all')`, 400, 'BadRequest', /quote/));
});

describe('getCredentialUserRegistrationCount (legacy)', () => {
  test('counts agree with the registration rows, both spellings', async () => {
    const rowsOf = async (url: string) => (await call(url)).json() as { value: Record<string, unknown>[] };
    const list = (await rowsOf('/beta/reports/authenticationMethods/userRegistrationDetails')).value;
    for (const url of ['/beta/reports/getCredentialUserRegistrationCount', '/beta/reports/getCredentialUserRegistrationCount()']) {
      const [report] = (await rowsOf(url)).value as [
        { totalUserCount: number; userRegistrationCounts: { registrationStatus: string; registrationCount: number }[] },
      ];
      assert.equal(report.totalUserCount, list.length);
      const byStatus = Object.fromEntries(report.userRegistrationCounts.map((c) => [c.registrationStatus, c.registrationCount]));
      assert.deepEqual(byStatus, {
        registered: list.filter((r) => r.isSsprRegistered).length,
        enabled: list.filter((r) => r.isSsprEnabled).length,
        capable: list.filter((r) => r.isSsprCapable).length,
        mfaRegistered: list.filter((r) => r.isMfaRegistered).length,
      });
    }
    await expectError('/beta/reports/getCredentialUserRegistrationCount?$top=1', 400, 'BadRequest', /\$top/);
    await expectError('/v1.0/reports/getCredentialUserRegistrationCount', 400, 'BadRequest', /segment/);
  });
});

describe('credentialUserRegistrationDetails (legacy)', () => {
  const rowsOf = async (url: string) => {
    const r = await call(url);
    assert.equal(r.statusCode, 200, r.body);
    return (r.json() as { value: Record<string, unknown>[] }).value;
  };
  test('each listed user in legacy terms; the legacy filters mean what the current flags do', async () => {
    const current = await rowsOf('/beta/reports/authenticationMethods/userRegistrationDetails');
    const legacy = await rowsOf('/beta/reports/credentialUserRegistrationDetails');
    assert.equal(legacy.length, current.length);
    assert.deepEqual(Object.keys(legacy[0]!), [
      'id',
      'userPrincipalName',
      'userDisplayName',
      'authMethods',
      'isRegistered',
      'isEnabled',
      'isCapable',
      'isMfaRegistered',
    ]);
    const frank = legacy.find((r) => r.userPrincipalName === 'frank.admin@contoso.com')!;
    assert.deepEqual(frank.authMethods, ['email', 'appNotification', 'appCode', 'fido']);
    const ids = (rows: Record<string, unknown>[]) => rows.map((r) => r.id).sort();
    assert.deepEqual(
      ids(await rowsOf('/beta/reports/credentialUserRegistrationDetails?$filter=isRegistered%20eq%20true')),
      ids(current.filter((r) => r.isSsprRegistered)),
    );
    assert.deepEqual(
      ids(await rowsOf(`/beta/reports/credentialUserRegistrationDetails?$filter=authMethods/any(t:t%20eq%20microsoft.graph.registrationAuthMethod'fido')`)),
      ids(current.filter((r) => (r.methodsRegistered as string[]).includes('fido2SecurityKey'))),
    );
    assert.deepEqual(
      ids(
        await rowsOf(`/beta/reports/credentialUserRegistrationDetails?$filter=authMethods/any(t:t%20eq%20'appCode')%20and%20startswith(userPrincipalName,'F')`),
      ),
      [frank.id],
    );
    const one = (await call(`/beta/reports/credentialUserRegistrationDetails/${String(frank.id)}`)).json() as Record<string, unknown>;
    assert.equal(one.isMfaRegistered, true);
    await expectError(`/beta/reports/credentialUserRegistrationDetails?$filter=authMethods/any(t:t%20eq%20'mobileSMS')`, 400, 'BadRequest', /mobileSMS/);
  });
});

describe('headers', () => {
  test('client-request-id is echoed, request-id is fresh, OData-Version is 4.0', async () => {
    const r = await call(`${LIST}?$top=1`, { headers: { 'client-request-id': 'b7d0c2f8-5c4e-4a57-9a3c-111122223333' } });
    assert.equal(r.headers['client-request-id'], 'b7d0c2f8-5c4e-4a57-9a3c-111122223333');
    assert.notEqual(r.headers['request-id'], r.headers['client-request-id']);
    assert.equal(r.headers['odata-version'], '4.0');
    assert.match(String(r.headers['content-type']), /^application\/json;odata\.metadata=minimal/);
  });
  test('Prefer: include-unknown-enum-members is acknowledged', async () => {
    const r = await call(`${LIST}?$top=1`, { headers: { prefer: 'include-unknown-enum-members' } });
    assert.equal(r.headers['preference-applied'], 'include-unknown-enum-members');
  });
});

describe('tokens', () => {
  test('missing token', () => expectError(LIST, 401, 'InvalidAuthenticationToken', /^Access token is empty\.$/, { auth: null }));
  test('not a JWT', () => expectError(LIST, 401, 'InvalidAuthenticationToken', /CompactToken parsing failed/, { auth: 'Bearer abc.def' }));
  test('expired', async () => {
    const expired = await new SignJWT({ tid: TENANT, scp: 'AuditLog.Read.All' })
      .setProtectedHeader({ alg: 'ES256', kid: s.key.kid })
      .setIssuer(issuerFor(TENANT))
      .setAudience('https://graph.microsoft.com')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000) - 7200)
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) - 3600)
      .sign(s.key.privateKey);
    await expectError(LIST, 401, 'InvalidAuthenticationToken', /expired/, { auth: `Bearer ${expired}` });
  });
  test('signed by another key', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ tid: TENANT, scp: 'AuditLog.Read.All' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(issuerFor(TENANT))
      .setAudience('https://graph.microsoft.com')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000))
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 600)
      .sign(privateKey);
    await expectError(LIST, 401, 'InvalidAuthenticationToken', /signature/, { auth: `Bearer ${forged}` });
  });
  test('for another audience', async () => {
    const other = await new SignJWT({ tid: TENANT })
      .setProtectedHeader({ alg: 'ES256', kid: s.key.kid })
      .setIssuer(issuerFor(TENANT))
      .setAudience('api://something-else')
      .setIssuedAt(Math.floor(NOW.getTime() / 1000))
      .setExpirationTime(Math.floor(NOW.getTime() / 1000) + 600)
      .sign(s.key.privateKey);
    await expectError(LIST, 401, 'InvalidAuthenticationToken', /audience/, { auth: `Bearer ${other}` });
  });
  test('a tenant amr holds no data for is 404 with the reason', async () => {
    const stranger = await s.token({ tenantId: '12345678-1234-1234-1234-123456789012' });
    await expectError(LIST, 404, 'Request_ResourceNotFound', /holds no data for tenant/, { auth: `Bearer ${stranger}` });
  });
});
