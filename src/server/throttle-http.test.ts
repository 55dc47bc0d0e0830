// Throttling through real HTTP: Graph's 429 body and Retry-After, the per-tenant, per-app and
// admin limits on an injected clock, and Microsoft's Graph client retrying a 429 by itself.
import { selfSignedCert, tlsIn } from '../test-support/tls-cert.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, NOW, OTHER_TENANT, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig, type Env } from './config.js';
import { ensureSigningKey, mintDevToken, type SigningKey } from './tokens.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1&$select=id';
const APP_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const APP_B = 'bbbbbbbb-0000-4000-8000-00000000000b';

interface Server {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly key: SigningKey;
  /** The server's clock, in ms since the epoch; tests move it. */
  clock: number;
  token(tenantId: string, appId: string, claims?: Record<string, unknown>): Promise<string>;
  get(token: string, url?: string, headers?: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; json: () => unknown }>;
  close(): Promise<void>;
}

async function startServer(env: Env, now?: () => Date): Promise<Server> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  for (const tenant of [TENANT, OTHER_TENANT]) {
    await importSnapshot(store, Readable.from([fixtureSnapshot(tenant)]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  }
  const key = await ensureSigningKey(store);
  const server: Server = {
    app: undefined as unknown as FastifyInstance,
    store,
    key,
    clock: NOW.getTime(),
    token: (tenantId, appId, claims) => mintDevToken(key, { tenantId, appId, ...(claims ? { claims } : {}) }, now?.() ?? NOW),
    get: async (token, url = LIST, headers = {}) => {
      const r = await server.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
      return { status: r.statusCode, headers: r.headers, json: () => r.json() };
    },
    close: async () => {
      await server.app.close();
      await store.close();
    },
  };
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, ...env });
  (server as { app: FastifyInstance }).app = await buildApp({
    config,
    store,
    signingKey: key,
    skipTokenSecret: 'test-secret',
    logger: false,
    now: now ?? (() => new Date(server.clock)),
  });
  return server;
}

async function statuses(s: Server, token: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await s.get(token)).status);
  return out;
}

describe('graph mode: 5 requests per 10 s per app per tenant', () => {
  let s: Server;
  before(async () => {
    s = await startServer({ AMR_THROTTLE: 'graph' });
  });
  after(() => s.close());

  test("the 6th request within 10 s is 429 with Retry-After and Graph's body", async () => {
    const token = await s.token(TENANT, APP_A);
    for (let i = 0; i < 5; i++) {
      assert.equal((await s.get(token)).status, 200);
      s.clock += 900;
    }
    // 4.5 s after the first: it leaves the window in 5.5 s, said as 6 (whole seconds, rounded up).
    const r = await s.get(token, LIST, { 'client-request-id': 'retry-logic-test-1' });
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '6');
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const body = r.json() as { error: { innerError: Record<string, string> } };
    assert.equal(
      JSON.stringify(body),
      JSON.stringify({
        error: {
          code: 'TooManyRequests',
          message: 'Please retry again later.',
          innerError: {
            code: '429',
            date: new Date(s.clock).toISOString().slice(0, 19),
            message: 'Please retry after',
            'request-id': r.headers['request-id'],
            status: '429',
            'client-request-id': 'retry-logic-test-1',
          },
        },
      }),
    );
  });

  test('another tenant, or another app in the same tenant, is unaffected', async () => {
    assert.equal((await s.get(await s.token(TENANT, APP_A))).status, 429);
    assert.deepEqual(await statuses(s, await s.token(OTHER_TENANT, APP_A), 5), [200, 200, 200, 200, 200]);
    assert.deepEqual(await statuses(s, await s.token(TENANT, APP_B), 5), [200, 200, 200, 200, 200]);
  });

  test('once the window has passed, requests succeed again', async () => {
    const token = await s.token(TENANT, APP_A);
    s.clock += 5400;
    assert.equal((await s.get(token)).status, 429, 'one step before the oldest request leaves');
    s.clock += 100;
    assert.equal((await s.get(token)).status, 200);
    s.clock += 10_000;
    assert.deepEqual(await statuses(s, token, 6), [200, 200, 200, 200, 200, 429]);
  });

  test('requests that fail authentication are not counted', async () => {
    const app = 'cccccccc-0000-4000-8000-00000000000c';
    const expired = await s.token(TENANT, app, { exp: Math.floor(s.clock / 1000) - 600 });
    const wrongAudience = await s.token(TENANT, app, { aud: 'https://example.org' });
    for (let i = 0; i < 10; i++) {
      assert.equal((await s.get(expired)).status, 401);
      assert.equal((await s.get(wrongAudience)).status, 401);
    }
    assert.deepEqual(await statuses(s, await s.token(TENANT, app), 6), [200, 200, 200, 200, 200, 429]);
  });
});

describe('graph mode: 122 requests per 10 s per app across tenants', () => {
  let s: Server;
  before(async () => {
    s = await startServer({ AMR_THROTTLE: 'graph' });
  });
  after(() => s.close());

  test('the 123rd request is refused in a tenant the app has not called yet; other apps are unaffected', async () => {
    // 24 tenants amr holds no data for (404s still count, as at Graph) and 2 requests in TENANT.
    for (let t = 0; t < 24; t++) {
      const tenant = `00000000-0000-4000-8000-${String(t).padStart(12, '0')}`;
      assert.deepEqual(await statuses(s, await s.token(tenant, APP_A), 5), [404, 404, 404, 404, 404]);
    }
    assert.deepEqual(await statuses(s, await s.token(TENANT, APP_A), 2), [200, 200]);
    s.clock += 3000;
    const r = await s.get(await s.token(OTHER_TENANT, APP_A));
    assert.equal(r.status, 429);
    assert.equal(r.headers['retry-after'], '7');
    assert.equal((await s.get(await s.token(OTHER_TENANT, APP_B))).status, 200);
    s.clock += 7000;
    assert.equal((await s.get(await s.token(OTHER_TENANT, APP_A))).status, 200);
  });
});

describe('off mode', () => {
  let s: Server;
  before(async () => {
    s = await startServer({});
  });
  after(() => s.close());

  test('never throttles, Graph or admin', async () => {
    const token = await s.token(TENANT, APP_A);
    assert.ok((await statuses(s, token, 40)).every((status) => status === 200));
    for (let i = 0; i < 80; i++) {
      const r = await s.app.inject({ method: 'GET', url: '/admin/tenants', headers: { 'x-amr-admin-key': ADMIN_KEY } });
      assert.equal(r.statusCode, 200);
    }
  });
});

describe('the admin API has its own limit per admin key', () => {
  let s: Server;
  before(async () => {
    s = await startServer({ AMR_THROTTLE: 'graph', AMR_THROTTLE_ADMIN: '3/60' });
  });
  after(() => s.close());

  const admin = (key = ADMIN_KEY) => s.app.inject({ method: 'GET', url: '/admin/tenants', headers: { 'x-amr-admin-key': key } });

  test('wrong keys are not counted; the 4th request in 60 s is 429; Graph calls are not affected', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await admin('not-the-admin-key-at-all')).statusCode, 401);
    for (let i = 0; i < 3; i++) assert.equal((await admin()).statusCode, 200);
    s.clock += 15_000;
    const r = await admin();
    assert.equal(r.statusCode, 429);
    assert.equal(r.headers['retry-after'], '45');
    assert.equal((r.json() as { error: { code: string } }).error.code, 'TooManyRequests');
    assert.equal((await s.get(await s.token(TENANT, APP_A))).status, 200);
    s.clock += 45_000;
    assert.equal((await admin()).statusCode, 200);
  });
});

describe("Microsoft's Graph client retries a 429 after Retry-After and succeeds", () => {
  let s: Server;
  let dir: string;
  let url: string;
  const seen: { status: number; attempt: string | null; retryAfter: string | null }[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amr-throttle-'));
    await selfSignedCert(dir);
    // The client sleeps for real, so this server keeps real time.
    s = await startServer(
      {
        AMR_THROTTLE: 'custom',
        AMR_THROTTLE_PER_TENANT: '2/2',
        AMR_TLS_CERT: tlsIn(dir).certFile,
        AMR_TLS_KEY: tlsIn(dir).keyFile,
      },
      () => new Date(),
    );
    s.app.addHook('onResponse', async (request, reply) => {
      const attempt = request.headers['retry-attempt'];
      const retryAfter = reply.getHeader('retry-after');
      seen.push({
        status: reply.statusCode,
        attempt: typeof attempt === 'string' ? attempt : null,
        retryAfter: retryAfter === undefined ? null : String(retryAfter),
      });
    });
    url = await s.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await s?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // 2 per 2 s, not per 1 s: three calls fired together arrive well within the window even on a loaded machine.
  test('three calls at once with a limit of 2 per 2 s: all three answer, one after a retry', async () => {
    // The client runs as its own process: it trusts the test certificate only through NODE_EXTRA_CA_CERTS.
    const script = `
      import { Client } from '@microsoft/microsoft-graph-client';
      const client = Client.init({
        baseUrl: process.env.AMR_URL + '/', customHosts: new Set([new URL(process.env.AMR_URL).hostname]),
        authProvider: (done) => done(null, process.env.AMR_TOKEN),
      });
      const call = () => client.api('/reports/authenticationMethods/userRegistrationDetails').top(1).select('id').get();
      const pages = await Promise.all([call(), call(), call()]);
      process.stdout.write(JSON.stringify(pages.map((p) => p.value.length)));`;
    const out = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, AMR_URL: url, AMR_TOKEN: await s.token(TENANT, APP_A), NODE_EXTRA_CA_CERTS: tlsIn(dir).certFile },
    });
    assert.deepEqual(JSON.parse(out.stdout) as unknown, [1, 1, 1]);
    const refused = seen.filter((r) => r.status === 429);
    assert.equal(refused.length, 1, JSON.stringify(seen));
    // The window's 2 s, whole seconds rounded up; a run's stamp is rounded up to the limiter's step,
    // so a refusal a moment after the oldest admission may say 3 (throttle.ts, SlidingWindowLimiter).
    assert.match(refused[0]!.retryAfter ?? '', /^[123]$/);
    assert.deepEqual(
      seen
        .filter((r) => r.status === 200)
        .map((r) => r.attempt)
        .sort(),
      ['1', null, null],
    );
  });
});
