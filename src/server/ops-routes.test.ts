// /healthz, /readyz and /metrics in process: readiness that reads the database and hides why it
// failed, who may scrape the metrics, bounded route labels, and the admin import counters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, FIXTURE_USERS, NOW, OTHER_TENANT, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig, type Env } from './config.js';
import { Metrics } from './metrics.js';
import { registerOpsRoutes } from './ops-routes.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';
import { reflectGet } from '../util/reflect.js';

const METRICS_KEY = 'metrics-key-0123456789abcdef';

interface Served {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly token: string;
  close(): Promise<void>;
}

const LOCAL_CODE = 'this-runs-local-code-42';
const asLocal = { authorization: `Bearer ${LOCAL_CODE}` };

/** The fixture tenant behind an app; `wrap` may replace store methods (failures). */
async function serve(env: Env = {}, wrap: (store: Store) => Store = (s) => s): Promise<Served> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const signingKey = await ensureSigningKey(store);
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, ...env });
  const app = await buildApp({ config, store: wrap(store), signingKey, skipTokenSecret: 's', logger: false, now: () => NOW, localCode: LOCAL_CODE });
  return {
    app,
    store,
    token: await mintDevToken(signingKey, { tenantId: TENANT }, NOW),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

function withReadiness(readiness: Store['readiness']): (store: Store) => Store {
  return (store) =>
    new Proxy(store, {
      get: (target: Store, prop: string | symbol): unknown => {
        if (prop === 'readiness') return readiness;
        const value = reflectGet(target, prop, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    });
}

describe('health and readiness', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());

  test('/healthz and /readyz need no token and say ok', async () => {
    const live = await s.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await s.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200, ready.body);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  test('an unreadable database is a 503 that names neither the file nor the error', async () => {
    const broken = await serve(
      {},
      withReadiness(async () => {
        throw new Error('SQLITE_CANTOPEN: unable to open database file /var/lib/amr/secret-name.db');
      }),
    );
    try {
      const r = await broken.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(r.statusCode, 503);
      assert.deepEqual(r.json(), { status: 'not ready', checks: { database: 'unreachable', migrations: 'unreachable' } });
      assert.doesNotMatch(r.body, /SQLITE|secret-name|\/var\//);
    } finally {
      await broken.close();
    }
  });

  test('pending migrations are a 503', async () => {
    const old = await serve(
      {},
      withReadiness(async () => ({ schemaVersion: 2, expectedSchemaVersion: 3 })),
    );
    try {
      const r = await old.app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(r.statusCode, 503);
      assert.deepEqual(r.json(), { status: 'not ready', checks: { database: 'ok', migrations: 'migrations pending' } });
    } finally {
      await old.close();
    }
  });

  test('a server shutting down is not ready', async () => {
    const app = Fastify();
    registerOpsRoutes(app, { config: loadConfig({}), store: s.store, metrics: new Metrics(), closing: () => true, localCode: null });
    const r = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(r.statusCode, 503);
    assert.equal((r.json() as { checks: { database: string } }).checks.database, 'shutting down');
    await app.close();
  });
});

describe('who may read /metrics', () => {
  test("without AMR_METRICS_KEY: loopback clients with this run's code only, and not through a proxy", async () => {
    const s = await serve();
    try {
      assert.equal((await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: asLocal })).statusCode, 200);
      assert.equal((await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1', headers: asLocal })).statusCode, 200);
      const remote = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: asLocal });
      assert.equal(remote.statusCode, 403);
      assert.equal((remote.json() as { error: { code: string } }).error.code, 'MetricsNotAllowed');
      const proxied = await s.app.inject({
        method: 'GET',
        url: '/metrics',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': '203.0.113.9', ...asLocal },
      });
      assert.equal(proxied.statusCode, 403);
      // A proxy on this machine that adds no headers looks local: without the code it gets nothing.
      for (const headers of [{}, { authorization: 'Bearer guess' }, { authorization: `Bearer ${s.token}` }]) {
        const r = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers });
        assert.equal(r.statusCode, 401, JSON.stringify(headers));
        assert.match((r.json() as { error: { message: string } }).error.message, /local access code.*AMR_METRICS_KEY/);
      }
    } finally {
      await s.close();
    }
  });

  test('with AMR_METRICS_KEY: the key as a bearer token, from anywhere; nothing else', async () => {
    const s = await serve({ AMR_METRICS_KEY: METRICS_KEY });
    try {
      for (const authorization of [undefined, 'Bearer wrong-key-0123456789abc', `Bearer ${ADMIN_KEY}`, `Bearer ${s.token}`]) {
        const r = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: authorization ? { authorization } : {} });
        assert.equal(r.statusCode, 401, authorization);
        assert.equal((r.json() as { error: { code: string } }).error.code, 'InvalidMetricsKey');
      }
      const ok = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${METRICS_KEY}` } });
      assert.equal(ok.statusCode, 200);
      assert.match(String(ok.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    } finally {
      await s.close();
    }
  });
});

/** `name{labels} value` lines of a scrape, keyed by name and labels as written. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

describe('what /metrics counts', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());
  const scrape = async () => samples((await s.app.inject({ method: 'GET', url: '/metrics', headers: asLocal })).body);

  test('requests by operation or route template and status, never by URL; latency; process metrics', async () => {
    const list = '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1&$filter=userPrincipalName%20eq%20%27zoe%40contoso.com%27';
    assert.equal((await s.app.inject({ method: 'GET', url: list, headers: { authorization: `Bearer ${s.token}` } })).statusCode, 200);
    assert.equal(
      (
        await s.app.inject({
          method: 'GET',
          url: `/beta/reports/authenticationMethods/userRegistrationDetails/${FIXTURE_USERS[0]!.id}`,
          headers: { authorization: `Bearer ${s.token}` },
        })
      ).statusCode,
      200,
    );
    assert.equal((await s.app.inject({ method: 'GET', url: list })).statusCode, 401);
    assert.equal((await s.app.inject({ method: 'GET', url: '/no/such/thing-12345' })).statusCode, 404);
    const m = await scrape();
    assert.equal(m.get('amr_http_requests_total{route="v1.0 userRegistrationDetails.list",method="GET",status="200"}'), 1);
    assert.equal(m.get('amr_http_requests_total{route="beta userRegistrationDetails.get",method="GET",status="200"}'), 1);
    assert.equal(m.get('amr_http_requests_total{route="/v1.0/*",method="GET",status="401"}'), 1);
    assert.equal(m.get('amr_http_requests_total{route="unmatched",method="GET",status="404"}'), 1);
    assert.equal(m.get('amr_http_request_duration_seconds_count{route="v1.0 userRegistrationDetails.list",method="GET",status="200"}'), 1);
    const text = (await s.app.inject({ method: 'GET', url: '/metrics', headers: asLocal })).body;
    assert.doesNotMatch(text, /zoe|thing-12345|00000000-0000-0000-0000-00000000000a|\$top/);
    assert.ok(m.has('process_cpu_user_seconds_total') && m.has('nodejs_heap_size_used_bytes') && m.has('process_resident_memory_bytes'));
  });

  test('admin uploads: records new, duplicate and refused by kind, imports by outcome, snapshot objects', async () => {
    const audit = (id: string) =>
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
    const upload = (url: string, payload: string) =>
      s.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY } });
    const body = [audit('m-1'), audit('m-2'), '{broken'].join('\n');
    assert.equal((await upload(`/admin/tenants/${TENANT}/logs`, body)).statusCode, 200);
    assert.equal((await upload(`/admin/tenants/${TENANT}/logs`, body)).statusCode, 200);
    assert.equal((await upload(`/admin/tenants/${OTHER_TENANT}/snapshot`, fixtureSnapshot(OTHER_TENANT))).statusCode, 200);
    assert.equal(
      (await upload(`/admin/tenants/${OTHER_TENANT}/snapshot`, fixtureSnapshot(OTHER_TENANT).replace('"accountEnabled":true', '"accountEnabled":"yes"')))
        .statusCode,
      400,
    );
    const m = await scrape();
    assert.equal(m.get('amr_import_records_total{kind="audit",result="new"}'), 2);
    assert.equal(m.get('amr_import_records_total{kind="audit",result="duplicate"}'), 2);
    assert.equal(m.get('amr_import_refused_records_total'), 2);
    assert.equal(m.get('amr_import_derived_events_total{kind="registration"}'), 2);
    assert.equal(m.get('amr_imports_total{type="logs",outcome="imported"}'), 2);
    assert.equal(m.get('amr_imports_total{type="snapshot",outcome="imported"}'), 1);
    assert.equal(m.get('amr_imports_total{type="snapshot",outcome="refused"}'), 1);
    assert.equal(m.get('amr_snapshot_objects_total{kind="user"}'), FIXTURE_USERS.length);
    assert.equal(m.get('amr_imports_in_progress{type="logs"}'), 0);
    assert.equal(m.get('amr_http_requests_total{route="/admin/tenants/:tenantId/logs",method="POST",status="200"}'), 2);
  });
});
