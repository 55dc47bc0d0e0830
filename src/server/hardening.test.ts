// Server-level hardening in process: URL and body limits, internal errors that show neither SQL
// nor stacks, and logs that carry the request id on every line and never a token or key.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, NOW, OTHER_TENANT, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig, type Env } from './config.js';
import { createLogger } from './main.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';
import { reflectGet } from '../util/reflect.js';

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
const SQL_FAILURE = 'SQLITE_ERROR: no such column: tenant_idx in SELECT * FROM "tenants" WHERE "tenant_idx" = ?';
const METRICS_KEY = 'metrics-key-0123456789abcdef';
const AUDIT = JSON.stringify({
  id: 'h-1',
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

interface Served {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly token: string;
  /** Every log line written, parsed. */
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
  close(): Promise<void>;
}

/** Store methods named in `failing` throw an error whose message is SQL, as a broken query would. */
function failing(store: Store, methods: readonly string[]): Store {
  return new Proxy(store, {
    get: (target: Store, prop: string | symbol): unknown => {
      if (typeof prop === 'string' && methods.includes(prop))
        return async () => {
          throw new Error(SQL_FAILURE);
        };
      const value = reflectGet(target, prop, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
}

async function serve(env: Env = {}, failingMethods: readonly string[] = []): Promise<Served> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const signingKey = await ensureSigningKey(store);
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, AMR_LOG_LEVEL: 'trace', ...env });
  const rawLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      rawLogs.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  const logger = createLogger(config, sink);
  const app = await buildApp({ config, store: failing(store, failingMethods), signingKey, skipTokenSecret: 's', logger, now: () => NOW });
  const token = await mintDevToken(signingKey, { tenantId: TENANT }, NOW);
  return {
    app,
    store,
    token,
    rawLogs,
    get logs() {
      return rawLogs.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

type ErrorBody = { error: { code: string; message: string; innerError: Record<string, string> } };

describe('request limits', () => {
  test("a URL longer than AMR_MAX_URL_LENGTH is a 414 in Graph's envelope, before authentication", async () => {
    const s = await serve({ AMR_MAX_URL_LENGTH: '1024' });
    try {
      const r = await s.app.inject({ method: 'GET', url: `${LIST}?$filter=${'x'.repeat(1100)}`, headers: { authorization: `Bearer ${s.token}` } });
      assert.equal(r.statusCode, 414);
      const body = r.json() as ErrorBody;
      assert.equal(body.error.code, 'RequestUriTooLong');
      assert.equal(body.error.innerError['request-id'], r.headers['request-id']);
      const fits = await s.app.inject({
        method: 'GET',
        url: `${LIST}?$top=1&$filter=${encodeURIComponent("userPrincipalName eq '")}${'x'.repeat(900)}'`,
        headers: { authorization: `Bearer ${s.token}` },
      });
      assert.notEqual(fits.statusCode, 414);
    } finally {
      await s.close();
    }
  });

  test('Graph and operations routes read no body beyond a few KiB', async () => {
    const s = await serve();
    try {
      for (const [method, url] of [
        ['GET', LIST],
        ['POST', LIST],
        ['GET', '/healthz'],
        ['POST', '/nowhere'],
      ] as const) {
        const r = await s.app.inject({
          method,
          url,
          payload: 'x'.repeat(10_000),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
        });
        assert.equal(r.statusCode, 413, `${method} ${url}`);
        assert.equal((r.json() as ErrorBody).error.code, 'RequestEntityTooLarge');
      }
    } finally {
      await s.close();
    }
  });

  test('an upload over AMR_MAX_UPLOAD_BYTES is a 413, declared or streamed, and a snapshot changes nothing', async () => {
    const s = await serve({ AMR_MAX_UPLOAD_BYTES: '2048' });
    try {
      const big = fixtureSnapshot(OTHER_TENANT) + ' '.repeat(4096);
      const declared = await s.app.inject({
        method: 'POST',
        url: `/admin/tenants/${OTHER_TENANT}/snapshot`,
        payload: big,
        headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
      });
      assert.equal(declared.statusCode, 413, declared.body);
      const streamed = await s.app.inject({
        method: 'POST',
        url: `/admin/tenants/${OTHER_TENANT}/snapshot`,
        payload: Readable.from([Buffer.from(big)]),
        headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
      });
      assert.equal(streamed.statusCode, 413, streamed.body);
      assert.equal((streamed.json() as ErrorBody).error.code, 'RequestEntityTooLarge');
      assert.equal(await s.store.getTenant(OTHER_TENANT), null);
    } finally {
      await s.close();
    }
  });
});

describe('internal errors', () => {
  test('a store failure is a 500 with neither SQL nor a stack in the body; the log has the cause and the request id', async () => {
    const s = await serve({}, ['getTenant', 'listTenants', 'appendActivity']);
    try {
      const graph = await s.app.inject({ method: 'GET', url: `${LIST}?$top=1`, headers: { authorization: `Bearer ${s.token}` } });
      const admin = await s.app.inject({ method: 'GET', url: '/admin/tenants', headers: { 'x-amr-admin-key': ADMIN_KEY } });
      const upload = await s.app.inject({
        method: 'POST',
        url: `/admin/tenants/${TENANT}/logs`,
        payload: `${AUDIT}\n`,
        headers: { 'content-type': 'application/x-ndjson', 'x-amr-admin-key': ADMIN_KEY },
      });
      for (const r of [graph, admin, upload]) {
        assert.equal(r.statusCode, 500, r.body);
        const body = r.json() as ErrorBody;
        assert.equal(body.error.code, 'InternalServerError');
        assert.doesNotMatch(r.body, /SQLITE|SELECT|tenant_idx|\bat\s|\.ts:|\.js:|node_modules|\/work\//);
        const logged = s.logs.find((l) => l.reqId === r.headers['request-id'] && l.level === 50);
        assert.ok(logged, 'the failure is logged with its request id');
        assert.match(JSON.stringify(logged), /no such column/);
      }
    } finally {
      await s.close();
    }
  });
});

describe('logs', () => {
  test('every line of a request carries its id; no token, admin key or metrics key is ever written', async () => {
    const s = await serve({ AMR_METRICS_KEY: METRICS_KEY }, ['listActivityEvents']);
    try {
      const wrongKey = 'not-the-admin-key-but-secret-0123';
      const forged = `${s.token.slice(0, -8)}AAAAAAAA`;
      const requests = [
        { method: 'GET', url: `${LIST}?$top=1`, headers: { authorization: `Bearer ${s.token}` } },
        { method: 'GET', url: `${LIST}?$top=1`, headers: { authorization: `Bearer ${forged}` } },
        { method: 'GET', url: `${LIST}?$top=1`, headers: { authorization: `Bearer ${s.token}`, 'x-amr-admin-key': ADMIN_KEY } },
        { method: 'GET', url: '/beta/reports/authenticationMethods/userEventsSummary', headers: { authorization: `Bearer ${s.token}` } },
        { method: 'GET', url: '/admin/tenants', headers: { 'x-amr-admin-key': ADMIN_KEY } },
        { method: 'GET', url: '/admin/tenants', headers: { 'x-amr-admin-key': wrongKey } },
        { method: 'GET', url: '/admin/tenants', headers: { authorization: `Bearer ${ADMIN_KEY}` } },
        { method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_KEY}` } },
        { method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${wrongKey}` } },
      ] as const;
      const statuses: number[] = [];
      for (const r of requests) {
        const before = s.rawLogs.length;
        const answer = await s.app.inject(r);
        statuses.push(answer.statusCode);
        const lines = s.logs.slice(before);
        // The operations routes log at warn and above only (probes would drown the log).
        if (!r.url.startsWith('/metrics')) assert.ok(lines.length >= 2, `fastify logs the request and its answer: ${r.url}`);
        for (const line of lines) assert.equal(line.reqId, answer.headers['request-id'], JSON.stringify(line));
      }
      assert.deepEqual(statuses, [200, 401, 200, 500, 200, 401, 200, 200, 401]);
      const all = s.rawLogs.join('\n');
      for (const secret of [s.token, forged, s.token.split('.')[2]!, ADMIN_KEY, wrongKey, METRICS_KEY]) {
        assert.ok(!all.includes(secret), 'a secret was logged');
      }
    } finally {
      await s.close();
    }
  });
});
