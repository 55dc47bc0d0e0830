// In-process tests of the admin snapshot API: its key, atomic replacement, refusals that change
// nothing, and an export that spans a snapshot landing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ADMIN_KEY, FIXTURE_USERS, LISTED, OTHER_TENANT, TENANT, fixtureSnapshot, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

let s: TestServer;
let token: string;

before(async () => ({ s, token } = await serverWithToken()));
after(() => s.close());

const upload = (tenant: string, body: string | Buffer, headers: Record<string, string> = {}) =>
  s.app.inject({
    method: 'POST',
    url: `/admin/tenants/${tenant}/snapshot`,
    payload: body,
    headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY, ...headers },
  });

/** The ids the token's tenant lists (the token's tid picks the tenant). */
async function listedIds(bearer = token): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=2';
  while (url) {
    const r: { statusCode: number; body: string; json(): unknown } = await s.app.inject({
      method: 'GET',
      url: url.replace(/^http:\/\/[^/]+/, ''),
      headers: { authorization: `Bearer ${bearer}` },
    });
    assert.equal(r.statusCode, 200, r.body);
    const page = r.json() as { value: { id: string }[]; '@odata.nextLink'?: string };
    ids.push(...page.value.map((v) => v.id));
    url = page['@odata.nextLink'];
  }
  return ids.sort();
}

describe('admin snapshot API', () => {
  test('refuses a missing or wrong key, and never takes a Graph token', async () => {
    const attempts: Record<string, string>[] = [
      { 'x-amr-admin-key': '' },
      { 'x-amr-admin-key': 'wrong-key-0123456789' },
      { 'x-amr-admin-key': '', authorization: `Bearer ${token}` },
    ];
    for (const headers of attempts) {
      const r = await upload(TENANT, fixtureSnapshot(), headers);
      assert.equal(r.statusCode, 401, r.body);
      assert.equal((r.json() as { error: { code: string } }).error.code, 'InvalidAdminKey');
    }
  });

  test('a refused snapshot changes nothing and says where it is wrong', async () => {
    const before = await listedIds();
    const bad = fixtureSnapshot().replace('"accountEnabled":true', '"accountEnabled":"yes"');
    const r = await upload(TENANT, bad);
    assert.equal(r.statusCode, 400);
    assert.match((r.json() as { error: { message: string } }).error.message, /nothing was stored: line 2: user\.accountEnabled/);
    assert.deepEqual(await listedIds(), before);
  });

  test('a snapshot for another tenant than the path names is refused', async () => {
    const r = await upload(TENANT, fixtureSnapshot(OTHER_TENANT));
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /is for tenant '99999999/);
    assert.equal(await s.store.getTenant(OTHER_TENANT), null);
  });

  test('imports gzip NDJSON and JSON, tenants stay apart', async () => {
    const r = await upload(OTHER_TENANT, gzipSync(fixtureSnapshot(OTHER_TENANT, FIXTURE_USERS.slice(0, 2))), { 'content-type': 'application/gzip' });
    assert.equal(r.statusCode, 200, r.body);
    const summary = r.json() as { tenantId: string; read: { users: number; compressed: boolean }; recompute: { listedUsers: number } };
    assert.deepEqual([summary.tenantId, summary.read.users, summary.read.compressed, summary.recompute.listedUsers], [OTHER_TENANT, 2, true, 2]);
    const other = await s.token({ tenantId: OTHER_TENANT });
    assert.deepEqual(
      await listedIds(other),
      FIXTURE_USERS.slice(0, 2)
        .map((u) => u.id)
        .sort(),
    );
    assert.deepEqual(await listedIds(), LISTED.map((u) => u.id).sort());
  });

  test('a skiptoken from one tenant is refused for another', async () => {
    const first = await s.app.inject({
      method: 'GET',
      url: '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1',
      headers: { authorization: `Bearer ${token}` },
    });
    const next = (first.json() as { '@odata.nextLink': string })['@odata.nextLink'].replace(/^http:\/\/[^/]+/, '');
    const other = await s.token({ tenantId: OTHER_TENANT });
    const r = await s.app.inject({ method: 'GET', url: next, headers: { authorization: `Bearer ${other}` } });
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /another tenant/);
  });

  test('a tampered or re-filtered skiptoken is refused', async () => {
    const first = await s.app.inject({
      method: 'GET',
      url: '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1',
      headers: { authorization: `Bearer ${token}` },
    });
    const next = (first.json() as { '@odata.nextLink': string })['@odata.nextLink'].replace(/^http:\/\/[^/]+/, '');
    const sig = next.lastIndexOf('.');
    const tampered = `${next.slice(0, sig + 1)}${next[sig + 1] === 'A' ? 'B' : 'A'}${next.slice(sig + 2)}`;
    for (const url of [tampered, `${next}&$filter=isAdmin%20eq%20true`]) {
      const r = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.statusCode, 400, url);
    }
  });

  test("log uploads: stored for the path's tenant, a broken line refused and shown, a re-upload adds nothing", async () => {
    // A Graph directoryAudit object names no tenant: the path's tenant is used.
    const graphAudit = (id: string) =>
      JSON.stringify({
        id,
        activityDateTime: '2026-11-20T10:00:00Z',
        activityDisplayName: 'User registered security info',
        category: 'UserManagement',
        loggedByService: 'Authentication Methods',
        operationType: 'Add',
        result: 'success',
        resultReason: 'User registered Email.',
        correlationId: null,
        initiatedBy: { user: { id: 'u1', userPrincipalName: 'alice@contoso.com' } },
        targetResources: [{ id: 'u1', type: 'User', userPrincipalName: 'alice@contoso.com', displayName: 'Alice' }],
        additionalDetails: [],
      });
    const body = [graphAudit('log-1'), graphAudit('log-2'), '{broken'].join('\n');
    const r = await s.app.inject({
      method: 'POST',
      url: `/admin/tenants/${TENANT}/logs`,
      payload: body,
      headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
    });
    assert.equal(r.statusCode, 200, r.body);
    const summary = r.json() as { stored: { newAudits: number; registrationEvents: number }; refusals: { where: string }[] };
    assert.deepEqual([summary.stored.newAudits, summary.stored.registrationEvents], [2, 2]);
    assert.equal(summary.refusals.length, 1);
    assert.match(summary.refusals[0]!.where, /line 3/);
    const again = await s.app.inject({
      method: 'POST',
      url: `/admin/tenants/${TENANT}/logs`,
      payload: body,
      headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
    });
    assert.equal((again.json() as { stored: { newAudits: number } }).stored.newAudits, 0);
    const noKey = await s.app.inject({
      method: 'POST',
      url: `/admin/tenants/${TENANT}/logs`,
      payload: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    assert.equal(noKey.statusCode, 401);
  });

  test('an export that spans a new snapshot finishes on the state it started from', async () => {
    const base = '/beta/reports/authenticationMethods/userRegistrationDetails?$top=2&$orderby=userPrincipalName';
    const first = await s.app.inject({ method: 'GET', url: base, headers: { authorization: `Bearer ${token}` } });
    const page1 = first.json() as { value: { id: string }[]; '@odata.nextLink': string };
    // The new snapshot drops two users and adds none: a live cursor would skip or repeat rows.
    const landed = await upload(
      TENANT,
      fixtureSnapshot(
        TENANT,
        FIXTURE_USERS.filter((_u, i) => i !== 0 && i !== 1),
      ),
    );
    assert.equal(landed.statusCode, 200, landed.body);
    const rest: string[] = [];
    let url: string | undefined = page1['@odata.nextLink'];
    while (url) {
      const r = await s.app.inject({ method: 'GET', url: url.replace(/^http:\/\/[^/]+/, ''), headers: { authorization: `Bearer ${token}` } });
      const page = r.json() as { value: { id: string }[]; '@odata.nextLink'?: string };
      rest.push(...page.value.map((v) => v.id));
      url = page['@odata.nextLink'];
    }
    assert.deepEqual([...page1.value.map((v) => v.id), ...rest].sort(), LISTED.map((u) => u.id).sort());
    // A new export sees the new state.
    assert.deepEqual(
      await listedIds(),
      LISTED.filter((u) => u.id !== FIXTURE_USERS[0]!.id && u.id !== FIXTURE_USERS[1]!.id)
        .map((u) => u.id)
        .sort(),
    );
  });
});
