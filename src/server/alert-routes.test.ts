// The alerts' admin API (rules, webhooks, deliveries) and GET /amr/v1/alerts, in process: every bad
// input a 400 naming the field, and a refused request changes nothing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, OTHER_TENANT, TENANT, fixtureSnapshot, serverWithToken, startTestServer, type TestServer } from '../test-support/fixture-tenant.js';
import type { AlertRecord } from '../store/sql/alert-store.js';

let s: TestServer;
let token: string;
before(async () => ({ s, token } = await serverWithToken()));
after(() => s.close());

const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, key = ADMIN_KEY) =>
  s.app.inject({
    method,
    url: `/admin/tenants/${TENANT}${path}`,
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', 'x-amr-admin-key': key } }),
    ...(payload === undefined ? { headers: { 'x-amr-admin-key': key } } : {}),
  });

const message = (r: { json(): unknown }) => (r.json() as { error: { message: string } }).error.message;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('admin API: alert rules', () => {
  test('needs the admin key', async () => {
    const r = await admin('GET', '/alertRules', undefined, 'wrong-key-0123456789');
    assert.equal(r.statusCode, 401);
  });

  test('bad rules are 400s naming the field, and store nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'coverageBelow', name: 'x', metric: 'mfa', threshold: 120 }, /threshold: is 120; use a number from 0 to 100/],
      [{ kind: 'coverageBelow', name: 'x', metric: 'sms', threshold: 10 }, /metric: is "sms"/],
      [{ kind: 'coverageDrop', name: 'x', metric: 'mfa', points: 5, days: 400 }, /days: is 400/],
      [
        { kind: 'coverageBelow', name: 'x', metric: 'mfa', threshold: 10, groupBy: 'city' },
        /groupBy: is "city"; use one of department, group, licence, role, userType/,
      ],
      [{ kind: 'alarm', name: 'x' }, /kind: is "alarm"/],
      [{ kind: 'adminWithoutPhishingResistant' }, /name: is missing; give a non-empty text/],
      [{ kind: 'adminWithoutPhishingResistant', name: 'x', id: 'mine' }, /id: is not accepted here: it is set by amr/],
      [[1, 2], /body: send a JSON object/],
    ];
    for (const [body, expected] of cases) {
      const r = await admin('POST', '/alertRules', body);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(message(r), expected);
    }
    assert.deepEqual((await admin('GET', '/alertRules')).json(), { value: [] });
    const badTenant = await s.app.inject({ method: 'GET', url: '/admin/tenants/contoso/alertRules', headers: { 'x-amr-admin-key': ADMIN_KEY } });
    assert.equal(badTenant.statusCode, 400);
  });

  test('add, read, patch (validated whole), delete', async () => {
    const made = await admin('POST', '/alertRules', {
      kind: 'coverageBelow',
      name: 'MFA by department',
      metric: 'mfaCapable',
      threshold: 80,
      groupBy: 'department',
      minBucketSize: 5,
    });
    assert.equal(made.statusCode, 201, made.body);
    const rule = made.json() as { id: string; tenantId: string; enabled: boolean; createdDateTime: string };
    assert.match(rule.id, GUID);
    assert.deepEqual([rule.tenantId, rule.enabled, rule.createdDateTime], [TENANT, true, '2026-11-20T12:00:00.000Z']);
    assert.deepEqual((await admin('GET', `/alertRules/${rule.id}`)).json(), rule);

    const refused = await admin('PATCH', `/alertRules/${rule.id}`, { threshold: 'high' });
    assert.equal(refused.statusCode, 400);
    assert.match(message(refused), /threshold/);
    assert.equal((await admin('PATCH', `/alertRules/${rule.id}`, { kind: 'coverageDrop' })).statusCode, 400);
    assert.deepEqual((await admin('GET', `/alertRules/${rule.id}`)).json(), rule, 'a refused PATCH changes nothing');

    const patched = await admin('PATCH', `/alertRules/${rule.id}`, { threshold: 90, enabled: false });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual([(patched.json() as { threshold: number }).threshold, (patched.json() as { enabled: boolean }).enabled], [90, false]);

    assert.equal((await admin('GET', '/alertRules/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.match(message(await admin('GET', '/alertRules/nope')), /'nope', which is not an id of one/);
    assert.equal((await admin('DELETE', `/alertRules/${rule.id}`)).statusCode, 204);
    assert.equal((await admin('GET', `/alertRules/${rule.id}`)).statusCode, 404);
  });
});

describe('admin API: webhooks', () => {
  test('the URL must be http(s) without credentials; refused ones store nothing', async () => {
    for (const url of ['ftp://hooks.example.org/', 'https://u:p@hooks.example.org/', 'hooks.example.org', 7]) {
      const r = await admin('POST', '/webhooks', { url });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(message(r), /url/);
    }
    assert.equal((await admin('POST', '/webhooks', { url: 'https://x.org/', secret: 'mine' })).statusCode, 400);
    assert.deepEqual((await admin('GET', '/webhooks')).json(), { value: [] });
  });

  test('the secret is returned once, on creation; listed webhooks never show it', async () => {
    const r = await admin('POST', '/webhooks', { url: 'https://hooks.example.org/amr' });
    assert.equal(r.statusCode, 201, r.body);
    const hook = r.json() as { id: string; secret: string; url: string };
    assert.equal(Buffer.from(hook.secret, 'base64url').length, 32);
    const listed = (await admin('GET', '/webhooks')).json() as { value: Record<string, unknown>[] };
    assert.deepEqual(listed.value, [{ id: hook.id, url: hook.url, enabled: true, createdDateTime: '2026-11-20T12:00:00.000Z' }]);
    assert.deepEqual((await admin('GET', `/webhooks/${hook.id}/deliveries`)).json(), { value: [] });
    assert.equal((await admin('GET', `/webhooks/${hook.id}/deliveries?$top=0`)).statusCode, 400);
    assert.equal((await admin('DELETE', `/webhooks/${hook.id}`)).statusCode, 204);
    assert.equal((await admin('DELETE', `/webhooks/${hook.id}`)).statusCode, 404);
  });

  test('evaluate now answers what it did', async () => {
    const r = await admin('POST', '/alerts/evaluate');
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(r.json(), { tenantId: TENANT, rulesJudged: 0, opened: 0, resolved: 0, stillOpen: 0, deliveriesQueued: 0 });
  });
});

describe('GET /amr/v1/alerts', () => {
  const alert = (id: string, day: number, status: 'open' | 'resolved', tenantId = TENANT): AlertRecord => ({
    tenantId,
    id,
    ruleId: 'r',
    conditionKey: `r|${id}`,
    status,
    firstSeenAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    lastSeenAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    resolvedAt: status === 'resolved' ? '2026-11-20T00:00:00.000Z' : null,
    detailJson: JSON.stringify({
      ruleName: 'Admins',
      kind: 'adminWithoutPhishingResistant',
      subject: { kind: 'user', userId: id, userPrincipalName: `${id}@x` },
      detail: {},
    }),
  });
  before(async () => {
    const opened = [alert('a1', 1, 'open'), alert('a2', 2, 'resolved'), alert('a3', 3, 'open'), alert('a4', 4, 'open')];
    await s.store.updateAlerts(TENANT, () => ({ opened, resolved: [], seen: [], deliveries: [] }));
    await s.store.updateAlerts(OTHER_TENANT, () => ({ opened: [alert('b1', 5, 'open', OTHER_TENANT)], resolved: [], seen: [], deliveries: [] }));
  });
  const get = (query: string, bearer = token) => s.app.inject({ method: 'GET', url: `/amr/v1/alerts${query}`, headers: { authorization: `Bearer ${bearer}` } });

  test("the caller's tenant only, newest first, paged by @odata.nextLink; status open by default", async () => {
    const ids: string[] = [];
    let url: string | undefined = '/amr/v1/alerts?status=all&$top=3';
    while (url !== undefined) {
      const r: { statusCode: number; body: string; json(): unknown } = await s.app.inject({
        method: 'GET',
        url: url.replace(/^https?:\/\/[^/]+/, ''),
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(r.statusCode, 200, r.body);
      const page = r.json() as { value: { id: string; ruleName: string }[]; '@odata.nextLink'?: string };
      ids.push(...page.value.map((a) => a.id));
      url = page['@odata.nextLink'];
    }
    assert.deepEqual(ids, ['a4', 'a3', 'a2', 'a1']);
    assert.deepEqual(
      ((await get('')).json() as { value: { id: string }[] }).value.map((a) => a.id),
      ['a4', 'a3', 'a1'],
    );
    assert.deepEqual(
      ((await get('?status=resolved')).json() as { value: { id: string; status: string }[] }).value.map((a) => [a.id, a.status]),
      [['a2', 'resolved']],
    );
  });

  test('bad options are 400s; a token without the permission is a 403', async () => {
    for (const [query, expected] of [
      ['?status=closed', /'status' is 'closed'; use one of open, resolved, all/],
      ['?$top=0', /'\$top'/],
      ['?$filter=x', /'\$filter' is not supported here/],
      ['?$skiptoken=nonsense', /\$skiptoken/],
    ] as const) {
      const r = await get(query);
      assert.equal(r.statusCode, 400, query);
      assert.match(message(r), expected);
    }
    const narrow = await s.token({ scopes: ['Reports.Read.All'] });
    assert.equal((await get('', narrow)).statusCode, 403);
    assert.equal((await s.app.inject({ method: 'POST', url: '/amr/v1/alerts', headers: { authorization: `Bearer ${token}` } })).statusCode, 405);
  });
});

describe('triggers', () => {
  test('a snapshot upload evaluates the tenant after answering: the alert of a removed rule resolves, a delivery is queued', async () => {
    const t = await startTestServer();
    try {
      await t.store.addWebhook({
        tenantId: TENANT,
        id: 'hook-1',
        url: 'http://127.0.0.1:9/',
        secret: 's',
        enabled: true,
        createdAt: '2026-11-20T00:00:00.000Z',
      });
      const at = '2026-11-19T00:00:00.000Z';
      const gone = {
        tenantId: TENANT,
        id: 'a1',
        ruleId: 'removed-rule',
        conditionKey: 'removed-rule|user|u',
        status: 'open' as const,
        firstSeenAt: at,
        lastSeenAt: at,
        resolvedAt: null,
        detailJson: '{}',
      };
      await t.store.updateAlerts(TENANT, () => ({ opened: [gone], resolved: [], seen: [], deliveries: [] }));
      const r = await t.app.inject({
        method: 'POST',
        url: `/admin/tenants/${TENANT}/snapshot`,
        payload: fixtureSnapshot(),
        headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
      });
      assert.equal(r.statusCode, 200, r.body);
      // The evaluation runs after the answer: wait for it by polling the store (no clock involved).
      let resolved: readonly unknown[] = [];
      for (let i = 0; i < 200 && resolved.length === 0; i++) {
        await new Promise((done) => setImmediate(done));
        resolved = (await t.store.listAlerts({ tenantId: TENANT, status: 'resolved', top: 10, after: null })).rows;
      }
      assert.equal(resolved.length, 1);
      assert.deepEqual(
        (await t.store.listDeliveries(TENANT, 'hook-1', 10)).map((d) => d.event),
        ['alert.resolved'],
      );
    } finally {
      await t.close();
    }
  });
});
