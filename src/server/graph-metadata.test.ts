// In-process HTTP tests of $metadata, the service documents and GET /reports (decision 0080):
// representations and their negotiation, anonymous access that is neither throttled nor
// tenant-specific, and the reportRoot singleton behind a token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { csdlDocument } from '../graph/handlers/metadata-document.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { ADMIN_KEY, NOW, OTHER_TENANT, TENANT, fixtureSnapshot, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';
import { testDatabase } from '../test-support/test-db.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';

let s: TestServer;
let token: string;

before(async () => ({ s, token } = await serverWithToken()));
after(() => s.close());

const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' | 'POST' | 'DELETE' = 'GET') => s.app.inject({ method, url, headers });

function assertError(r: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, pattern: RegExp): void {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const body = JSON.parse(r.body) as { error: { code: string; message: string; innerError: Record<string, string> } };
  assert.match(body.error.message, pattern);
  assert.equal(body.error.innerError['request-id'], r.headers['request-id']);
}

describe('$metadata', () => {
  test("answers CSDL XML without a token, with Graph's headers", async () => {
    for (const version of ['v1.0', 'beta'] as const) {
      const r = await get(`/${version}/$metadata`);
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^application\/xml/);
      assert.equal(r.headers['odata-version'], '4.0');
      assert.ok(r.headers['request-id']);
      assert.equal(r.body, csdlDocument(version, 'xml'));
      assert.match(r.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<edmx:Edmx Version="4.0"/);
      assert.match(r.body, /<Singleton Name="reports" Type="microsoft.graph.reportRoot" \/>/);
    }
    assert.doesNotMatch((await get('/v1.0/$metadata')).body, /userEventsSummary|getCredentialUsageSummary/, 'v1.0 declares only what v1.0 serves');
    assert.match((await get('/beta/$metadata')).body, /<EntityType Name="userEventsSummary" BaseType="graph.entity">/);
    assert.equal((await get('/v1.0/%24metadata')).statusCode, 200);
    assert.equal((await get('/v1.0/$metadata', {}, 'HEAD')).statusCode, 200);
  });

  const cases: readonly (readonly [string, Record<string, string>, 'xml' | 'json'])[] = [
    ['?$format=json', {}, 'json'],
    ['?$format=application/json', {}, 'json'],
    ['?$format=application/json;odata.metadata=minimal', {}, 'json'],
    ['?$format=xml', { accept: 'application/json' }, 'xml'],
    ['?$format=JSON', { accept: 'application/xml' }, 'json'],
    ['?$FORMAT=application/xml', {}, 'xml'],
    ['', { accept: 'application/json' }, 'json'],
    ['', { accept: 'application/xml' }, 'xml'],
    ['', { accept: '*/*' }, 'xml'],
    ['', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }, 'xml'],
    ['', { accept: 'application/json;q=0.9, application/xml;q=0.5' }, 'json'],
    ['', { accept: 'application/json, application/xml' }, 'xml'],
    // CSDL JSON is OData 4.01: a 4.0 client gets XML unless it names JSON with $format.
    ['', { accept: 'application/json, application/xml;q=0.7', 'odata-maxversion': '4.0' }, 'xml'],
    ['?$format=json', { 'odata-maxversion': '4.0' }, 'json'],
    ['', { accept: 'application/json', 'odata-maxversion': '4.01' }, 'json'],
    ['?unknownCustomOption=1', {}, 'xml'],
  ];
  for (const [query, headers, as] of cases) {
    test(`${query || 'no $format'} ${JSON.stringify(headers)} → ${as}`, async () => {
      for (const version of ['v1.0', 'beta'] as const) {
        const r = await get(`/${version}/$metadata${query}`, headers);
        assert.equal(r.statusCode, 200, r.body);
        assert.match(String(r.headers['content-type']), as === 'xml' ? /^application\/xml/ : /^application\/json/);
        assert.equal(r.body, csdlDocument(version, as));
      }
    });
  }

  test('beta takes format without $ (OData 4.01); on v1.0 it is a custom option, ignored', async () => {
    assert.match(String((await get('/beta/$metadata?format=json')).headers['content-type']), /^application\/json/);
    assert.match(String((await get('/v1.0/$metadata?format=json')).headers['content-type']), /^application\/xml/);
  });

  test("a format it cannot give is a 406 in Graph's envelope", async () => {
    assertError(
      await get('/v1.0/$metadata?$format=atom'),
      406,
      /The format 'atom' is not supported for \/v1.0\/\$metadata: use \$format=xml \(application\/xml\) or \$format=json/,
    );
    assertError(await get('/v1.0/$metadata?$format=text/csv'), 406, /text\/csv/);
    assertError(await get('/v1.0/$metadata', { accept: 'text/csv' }), 406, /available as application\/xml or application\/json; the Accept header 'text\/csv'/);
    assertError(await get('/v1.0/$metadata', { accept: 'application/json', 'odata-maxversion': '4.0' }), 406, /Accept header/);
    assertError(await get('/v1.0/$metadata', { accept: 'application/xml;q=0, application/json;q=0' }), 406, /Accept header/);
  });

  test('other query options and a repeated $format are 400; other methods 405', async () => {
    assertError(await get('/v1.0/$metadata?$top=1'), 400, /Query option '\$top' is not supported for \/v1.0\/\$metadata: it takes only \$format/);
    assertError(await get('/beta/$metadata?select=id'), 400, /'\$select'/);
    assertError(await get('/v1.0/$metadata?$format=xml&$format=json'), 400, /more than once/);
    const post = await get('/v1.0/$metadata', {}, 'POST');
    assertError(post, 405, /POST/);
    assert.equal(post.headers.allow, 'GET');
  });

  test('the same document for every caller: a token, a bad token or another tenant change nothing', async () => {
    const anonymous = (await get('/beta/$metadata')).body;
    const other = await s.token({ tenantId: OTHER_TENANT });
    for (const auth of [`Bearer ${token}`, 'Bearer not-a-token', `Bearer ${other}`, 'Basic abc']) {
      const r = await get('/beta/$metadata', { authorization: auth });
      assert.equal(r.statusCode, 200);
      assert.equal(r.body, anonymous);
    }
    assert.ok(!anonymous.includes(TENANT), 'no tenant id in the CSDL');
  });
});

describe('service documents', () => {
  test('/v1.0/ and /beta list the reports singleton, without a token', async () => {
    for (const url of ['/v1.0/', '/v1.0', '/beta/', '/beta', '/beta?$format=json']) {
      const r = await get(url);
      assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      const version = url.startsWith('/v1.0') ? 'v1.0' : 'beta';
      assert.equal(
        r.body,
        JSON.stringify({
          '@odata.context': `http://localhost:80/${version}/$metadata`,
          value: [{ name: 'reports', kind: 'Singleton', url: 'reports' }],
        }),
      );
    }
  });

  test('JSON only: XML asked for is a 406; other options 400', async () => {
    assertError(await get('/v1.0/', { accept: 'application/xml' }), 406, /\/v1.0\/ is available as application\/json/);
    assertError(await get('/v1.0/?$format=xml'), 406, /use \$format=json \(application\/json\)/);
    assertError(await get('/v1.0/?$top=1'), 400, /it takes only \$format/);
    assert.equal((await get('/v1.0/', { accept: 'text/html,*/*;q=0.8' })).statusCode, 200);
  });
});

describe('GET /reports', () => {
  test('the reportRoot singleton, behind a token', async () => {
    for (const version of ['v1.0', 'beta'] as const) {
      const r = await get(`/${version}/reports`, { authorization: `Bearer ${token}` });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.body, JSON.stringify({ '@odata.context': `http://localhost:80/${version}/$metadata#reports` }));
      assertError(await get(`/${version}/reports`), 401, /Access token is empty/);
    }
  });

  test("the container's permissions: any report permission opens it, none is a 403", async () => {
    for (const scopes of [['AuditLog.Read.All'], ['Reports.Read.All'], ['UserAuthenticationMethod.Read.All']]) {
      assert.equal((await get('/v1.0/reports', { authorization: `Bearer ${await s.token({ scopes })}` })).statusCode, 200, scopes[0]);
    }
    const r = await get('/v1.0/reports', { authorization: `Bearer ${await s.token({ scopes: ['User.Read'] })}` });
    assertError(r, 403, /MSGraphPermissionMissing|permission/);
  });

  test('query options are refused as on the container', async () => {
    assertError(await get('/v1.0/reports?$top=1', { authorization: `Bearer ${token}` }), 400, /\$top/);
  });
});

describe('throttling (AMR_THROTTLE=graph)', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  let graphToken: string;
  before(async () => {
    const store = await openStore({ db: await testDatabase(), now: () => NOW });
    await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    const key = await ensureSigningKey(store);
    app = await buildApp({
      config: loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, AMR_THROTTLE: 'graph' }),
      store,
      signingKey: key,
      skipTokenSecret: 's',
      logger: false,
      now: () => NOW,
    });
    graphToken = await mintDevToken(key, { tenantId: TENANT }, NOW);
    close = async () => {
      await app.close();
      await store.close();
    };
  });
  after(() => close());

  test('$metadata and the service document are not counted, with or without a token', async () => {
    const authorization = `Bearer ${graphToken}`;
    for (let i = 0; i < 8; i++) {
      for (const url of ['/v1.0/$metadata', '/beta/']) {
        assert.equal((await app.inject({ method: 'GET', url })).statusCode, 200);
        assert.equal((await app.inject({ method: 'GET', url, headers: { authorization } })).statusCode, 200);
      }
    }
    const reports = [];
    for (let i = 0; i < 6; i++) reports.push((await app.inject({ method: 'GET', url: '/v1.0/reports', headers: { authorization } })).statusCode);
    assert.deepEqual(reports, [200, 200, 200, 200, 200, 429], "the token's 5 requests per 10 s are all still there");
  });
});
