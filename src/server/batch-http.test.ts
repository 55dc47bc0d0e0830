// JSON batching through the built app: inner answers as if sent alone (bodies, $count, paging links,
// permissions, 405s), dependsOn and 424, the batch's own 401 and 400s, throttling per inner request.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { ADMIN_KEY, LISTED, NOW, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig, type Env } from './config.js';
import { ensureSigningKey, mintDevToken, type MintOptions, type SigningKey } from './tokens.js';

const LIST = '/reports/authenticationMethods/userRegistrationDetails';

interface Item {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}
interface Answer {
  status: number;
  headers: Record<string, unknown>;
  json: () => unknown;
  items: () => Map<string, Item>;
}

interface Server {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly key: SigningKey;
  readonly logs: Record<string, unknown>[];
  clock: number;
  token(options?: Partial<MintOptions>): Promise<string>;
  batch(token: string | null, body: unknown, options?: { version?: string; headers?: Record<string, string> }): Promise<Answer>;
  close(): Promise<void>;
}

async function startServer(env: Env = {}): Promise<Server> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([fixtureSnapshot(TENANT)]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const key = await ensureSigningKey(store);
  const logs: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const server: Server = {
    app: undefined as unknown as FastifyInstance,
    store,
    key,
    logs,
    clock: NOW.getTime(),
    token: (options) => mintDevToken(key, { tenantId: TENANT, ...options }, new Date(server.clock)),
    batch: async (token, body, options = {}) => {
      const r = await server.app.inject({
        method: 'POST',
        url: `/${options.version ?? 'v1.0'}/$batch`,
        headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...options.headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const items = () => new Map((r.json() as { responses: Item[] }).responses.map((i) => [i.id, i]));
      return { status: r.statusCode, headers: r.headers, json: () => r.json(), items };
    },
    close: async () => {
      await server.app.close();
      await store.close();
    },
  };
  (server as { app: FastifyInstance }).app = await buildApp({
    config: loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, ...env }),
    store,
    signingKey: key,
    skipTokenSecret: 'test-secret',
    logger: pino({ level: 'info' }, sink),
    now: () => new Date(server.clock),
  });
  return server;
}

const get = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url, ...extra });

/** The message of a Graph error answer. */
function message(a: Answer): string {
  return (a.json() as { error: { message: string } }).error.message;
}

describe('a batch of report requests', () => {
  let s: Server;
  let token: string;
  before(async () => {
    s = await startServer();
    token = await s.token();
  });
  after(() => s.close());

  test('answers 200 application/json with one response per request, each as the request alone would get', async () => {
    const a = await s.batch(token, { requests: [get('1', `${LIST}?$top=5`), get('2', `reports/authenticationMethods/usersRegisteredByMethod()`)] });
    assert.equal(a.status, 200);
    assert.equal(a.headers['content-type'], 'application/json');
    const items = a.items();
    assert.deepEqual([...items.keys()].sort(), ['1', '2']);
    for (const [id, url] of [
      ['1', `/v1.0${LIST}?$top=5`],
      ['2', '/v1.0/reports/authenticationMethods/usersRegisteredByMethod()'],
    ] as const) {
      const alone = await s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      const item = items.get(id)!;
      assert.equal(item.status, alone.statusCode);
      assert.deepEqual(item.body, alone.json());
      assert.equal(item.headers['Content-Type'], alone.headers['content-type'], 'Content-Type, spelled as Graph does');
      assert.equal(item.headers['OData-Version'], '4.0');
      assert.equal(item.headers['request-id'], undefined, 'the batch carries the ids');
    }
    assert.equal((items.get('1')!.body as { value: unknown[] }).value.length, 5);
  });

  test('a url may start with or without "/" and may name this server absolutely', async () => {
    const a = await s.batch(
      token,
      {
        requests: [
          get('a', `${LIST}/${LISTED[0]!.id}`),
          get('b', `${LIST.slice(1)}/${LISTED[0]!.id}`),
          get('c', `http://localhost:80/v1.0${LIST}/${LISTED[0]!.id}`),
        ],
      },
      { headers: { host: 'localhost:80' } },
    );
    const bodies = [...a.items().values()].map((i) => [i.status, (i.body as { id: string }).id]);
    assert.deepEqual(bodies, [
      [200, LISTED[0]!.id],
      [200, LISTED[0]!.id],
      [200, LISTED[0]!.id],
    ]);
  });

  test('$count is text/plain, its body the number as a string (OData JSON 4.01 §19)', async () => {
    const a = await s.batch(token, { requests: [get('n', `${LIST}/$count`), get('f', `${LIST}/$count?$filter=userType eq 'guest'`)] });
    const n = a.items().get('n')!;
    assert.equal(n.status, 200);
    assert.match(n.headers['Content-Type']!, /^text\/plain/);
    assert.equal(n.body, String(LISTED.length));
    assert.equal(a.items().get('f')!.body, String(LISTED.filter((u) => u.type === 'Guest').length));
  });

  test("a page's @odata.nextLink points to this server as the batch reached it, and works alone", async () => {
    const a = await s.batch(token, { requests: [get('p', `${LIST}?$top=2`)] }, { headers: { host: 'amr.example.org:8443' } });
    const link = (a.items().get('p')!.body as { '@odata.nextLink': string })['@odata.nextLink'];
    assert.ok(link.startsWith(`http://amr.example.org:8443/v1.0${LIST}?`), link);
    const next = await s.app.inject({ method: 'GET', url: link.slice('http://amr.example.org:8443'.length), headers: { authorization: `Bearer ${token}` } });
    assert.equal(next.statusCode, 200);
    assert.equal((next.json() as { value: unknown[] }).value.length, 2);
  });

  test('each inner request is authorised on its own: one allowed, one forbidden', async () => {
    const app = await s.token({ app: true, roles: ['AuditLog.Read.All'] });
    const a = await s.batch(app, { requests: [get('ok', `${LIST}?$top=1`), get('no', '/reports/authenticationMethods/usersRegisteredByFeature()')] });
    assert.equal(a.status, 200);
    assert.equal(a.items().get('ok')!.status, 200);
    const no = a.items().get('no')!;
    const alone = await s.app.inject({
      method: 'GET',
      url: '/v1.0/reports/authenticationMethods/usersRegisteredByFeature()',
      headers: { authorization: `Bearer ${app}` },
    });
    assert.equal(no.status, 403);
    assert.equal(alone.statusCode, 403);
    assert.equal((no.body as { error: { code: string } }).error.code, (alone.json() as { error: { code: string } }).error.code);
  });

  test('other methods get the 405 they would get alone; HEAD answers without a body', async () => {
    const a = await s.batch(token, {
      requests: [
        { id: 'p', method: 'POST', url: LIST, headers: { 'Content-Type': 'application/json' }, body: { x: 1 } },
        { id: 'd', method: 'delete', url: `${LIST}/${LISTED[0]!.id}` },
        { id: 'h', method: 'HEAD', url: `${LIST}?$top=1` },
      ],
    });
    const items = a.items();
    assert.equal(items.get('p')!.status, 405);
    assert.equal(items.get('p')!.headers.Allow, 'GET');
    assert.equal(items.get('d')!.status, 405);
    assert.equal(items.get('h')!.status, 200);
    assert.equal(items.get('h')!.body, undefined);
  });

  test("each request's own headers apply; the batch's client-request-id is passed on", async () => {
    const a = await s.batch(
      token,
      {
        requests: [
          get('e', '/reports/authenticationMethods/usersRegisteredByMethod()', { headers: { Prefer: 'include-unknown-enum-members' } }),
          get('x', `${LIST}/no-such-user`),
        ],
      },
      { headers: { 'client-request-id': 'batch-crid-1' } },
    );
    assert.equal(a.headers['client-request-id'], 'batch-crid-1');
    assert.equal(a.items().get('e')!.headers['Preference-Applied'], 'include-unknown-enum-members');
    const x = a.items().get('x')!;
    assert.equal((x.body as { error: { innerError: Record<string, string> } }).error.innerError['client-request-id'], 'batch-crid-1');
  });

  test('beta has its own $batch, with urls relative to beta', async () => {
    const a = await s.batch(token, { requests: [get('1', '/reports/authenticationMethods/userEventsSummary?$top=1')] }, { version: 'beta' });
    assert.equal(a.items().get('1')!.status, 200);
    assert.match(String((a.items().get('1')!.body as Record<string, unknown>)['@odata.context']), /\/beta\/\$metadata#/);
  });

  test('a batch over 4 KiB (long urls are what batching is for) is read; over its limit it is a 413', async () => {
    const filter = `$filter=${Array.from({ length: 12 }, (_, i) => `userPrincipalName eq 'nobody-${i}@contoso.com'`).join(' or ')}`;
    const body = { requests: Array.from({ length: 20 }, (_, i) => get(String(i), `${LIST}?${filter}`)) };
    assert.ok(JSON.stringify(body).length > 4096);
    const a = await s.batch(token, body);
    assert.equal(a.status, 200);
    assert.ok([...a.items().values()].every((i) => i.status === 200));
    const huge = await s.app.inject({
      method: 'POST',
      url: '/v1.0/$batch',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': '10000000' },
      payload: '{}',
    });
    assert.equal(huge.statusCode, 413);
    assert.match((huge.json() as { error: { message: string } }).error.message, /at most \d+ bytes/);
  });

  test("an inner url longer than the server takes alone is that request's 414, not the batch's", async () => {
    const long = `${LIST}?$filter=${encodeURIComponent(`userPrincipalName eq '${'x'.repeat(17_000)}'`)}`;
    const a = await s.batch(token, { requests: [get('long', long), get('ok', `${LIST}?$top=1`)] });
    assert.equal(a.status, 200);
    assert.equal(a.items().get('long')!.status, 414);
    assert.equal(a.items().get('ok')!.status, 200);
  });

  test('a client sending the inner-request marker itself gains nothing', async () => {
    const r = await s.app.inject({
      method: 'GET',
      url: `/v1.0${LIST}?$top=1`,
      headers: { authorization: `Bearer ${token}`, host: 'real.example.org', 'x-amr-batch-inner': 'guess' },
    });
    assert.equal(r.statusCode, 200);
    assert.ok(String((r.json() as { '@odata.context': string })['@odata.context']).startsWith('http://real.example.org/'));
  });

  test('every inner request is logged with its own request-id and its batch', async () => {
    const a = await s.batch(token, { requests: [get('L1', `${LIST}?$top=1`), get('L2', `${LIST}?$top=2`)] });
    const lines = s.logs.filter((l) => l.batch === a.headers['request-id']);
    assert.deepEqual(lines.map((l) => l.batchRequest).sort(), ['L1', 'L2']);
    assert.notEqual(lines[0]!.reqId, a.headers['request-id']);
  });
});

describe('dependsOn', () => {
  let s: Server;
  let token: string;
  before(async () => {
    s = await startServer();
    token = await s.token();
  });
  after(() => s.close());

  test('a request runs after what it depends on; a failed dependency makes its dependants 424, transitively', async () => {
    const a = await s.batch(token, {
      requests: [
        get('1', `${LIST}/no-such-user`),
        get('2', `${LIST}?$top=1`, { dependsOn: ['1'] }),
        get('3', `${LIST}?$top=1`, { dependsOn: ['2'] }),
        get('4', `${LIST}?$top=1`),
        get('5', `${LIST}?$top=1`, { dependsOn: ['4'] }),
      ],
    });
    const status = Object.fromEntries([...a.items()].map(([id, i]) => [id, i.status]));
    assert.deepEqual(status, { 1: 404, 2: 424, 3: 424, 4: 200, 5: 200 });
    const failed = a.items().get('2')!.body as { error: { code: string; message: string } };
    assert.equal(failed.error.code, 'FailedDependency');
    assert.match(failed.error.message, /'1'/);
  });

  test('ids and dependsOn compare ignoring case; a dependency may come later in the list', async () => {
    const a = await s.batch(token, { requests: [get('B', `${LIST}?$top=1`, { dependsOn: ['a'] }), get('A', `${LIST}?$top=1`)] });
    assert.deepEqual(
      [...a.items().values()].map((i) => i.status),
      [200, 200],
    );
  });
});

describe('the batch itself', () => {
  let s: Server;
  let token: string;
  before(async () => {
    s = await startServer();
    token = await s.token();
  });
  after(() => s.close());

  const refusals: [string, unknown, RegExp][] = [
    ['not JSON', '{"requests": [', /not valid JSON/],
    ['an empty body', '', /body is empty/],
    ['not an object', '[1]', /JSON object/],
    ['no requests', { value: [] }, /no "requests"/],
    ['requests not an array', { requests: {} }, /must be an array/],
    ['no requests in it', { requests: [] }, /is empty/],
    ['more than 20', { requests: Array.from({ length: 21 }, (_, i) => get(String(i), LIST)) }, /21 requests.*limited to 20/],
    ['a request not an object', { requests: [get('1', LIST), 'x'] }, /requests\[1\] must be an object/],
    ['a missing id', { requests: [{ method: 'GET', url: LIST }] }, /requests\[0\] has no id/],
    ['duplicate ids, ignoring case', { requests: [get('a', LIST), get('A', LIST)] }, /requests\[1\] \(id 'A'\) has the same id as requests\[0\]/],
    ['a missing method', { requests: [{ id: '1', url: LIST }] }, /requests\[0\] \(id '1'\) has no method/],
    ['an unknown method', { requests: [{ id: '1', method: 'FETCH', url: LIST }] }, /"FETCH" is not an HTTP method/],
    ['a missing url', { requests: [{ id: '1', method: 'GET' }] }, /requests\[0\] \(id '1'\) has no url/],
    [
      'an absolute url to another host',
      { requests: [get('1', `https://graph.microsoft.com/v1.0${LIST}`)] },
      /names another server \(https:\/\/graph\.microsoft\.com\)/,
    ],
    ['an absolute url to another version', { requests: [get('1', `http://localhost:80/beta${LIST}`)] }, /not under \/v1\.0\//],
    ['a nested $batch', { requests: [get('1', '/$batch')] }, /batches cannot be nested/],
    ['a dot segment', { requests: [get('1', '/../metrics')] }, /'\.\.' segment/],
    ['an encoded dot segment', { requests: [get('1', '/reports/%2e%2e/%2E%2E/metrics')] }, /'\.\.' segment/],
    ['a control character', { requests: [get('1', '/reports/.\t./x')] }, /control character/],
    ['an unknown dependsOn', { requests: [get('1', LIST, { dependsOn: ['9'] })] }, /requests\[0\] \(id '1'\)\.dependsOn names "9"/],
    [
      'a dependency cycle',
      { requests: [get('1', LIST, { dependsOn: ['3'] }), get('2', LIST, { dependsOn: ['1'] }), get('3', LIST, { dependsOn: ['2'] })] },
      /'1' → '3' → '2' → '1' form a cycle/,
    ],
    ['depending on itself', { requests: [get('1', LIST, { dependsOn: ['1'] })] }, /depends on itself/],
    ['a body without Content-Type', { requests: [{ id: '1', method: 'POST', url: LIST, body: {} }] }, /body but no Content-Type/],
    ['headers not an object', { requests: [get('1', LIST, { headers: 'x' })] }, /headers must be an object/],
  ];
  for (const [what, body, expected] of refusals) {
    test(`400 for ${what}, saying what and where`, async () => {
      const a = await s.batch(token, body);
      assert.equal(a.status, 400, JSON.stringify(a.json()));
      assert.equal((a.json() as { error: { code: string } }).error.code, 'BadRequest');
      assert.match(message(a), /^Invalid batch payload format: /);
      assert.match(message(a), expected);
    });
  }

  test('a numeric id (as PowerShell scripts send) is taken as its string', async () => {
    const a = await s.batch(token, { requests: [{ id: 1, method: 'GET', url: `${LIST}?$top=1` }] });
    assert.equal(a.items().get('1')!.status, 200);
  });

  test('a batch without a token, or with a token refused, is one 401 (the inner requests are not answered one by one)', async () => {
    const none = await s.batch(null, { requests: [get('1', LIST)] });
    assert.equal(none.status, 401);
    assert.equal((none.json() as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const expired = await s.token({ claims: { exp: Math.floor(s.clock / 1000) - 600 } });
    const a = await s.batch(expired, { requests: [get('1', LIST), get('2', LIST, { dependsOn: ['1'] })] });
    assert.equal(a.status, 401);
    const alone = await s.app.inject({ method: 'GET', url: `/v1.0${LIST}`, headers: { authorization: `Bearer ${expired}` } });
    assert.equal(message(a), (alone.json() as { error: { message: string } }).error.message);
  });

  test('POST only: another method on $batch is a 405 with Allow', async () => {
    const r = await s.app.inject({ method: 'GET', url: '/v1.0/$batch', headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.statusCode, 405);
    assert.equal(r.headers.allow, 'POST');
  });

  test('a body that is not application/json is a 415', async () => {
    const r = await s.app.inject({
      method: 'POST',
      url: '/v1.0/$batch',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      payload: '{}',
    });
    assert.equal(r.statusCode, 415);
  });
});

describe('throttling counts each inner request, not the batch', () => {
  let s: Server;
  before(async () => {
    s = await startServer({ AMR_THROTTLE: 'graph' });
  });
  after(() => s.close());

  test('4 inner requests use 4 of the 5 per 10 s; the 5th alone passes, the 6th is 429', async () => {
    const token = await s.token({ app: true, appId: 'aaaaaaaa-0000-4000-8000-00000000000a', roles: ['AuditLog.Read.All'] });
    const a = await s.batch(token, { requests: ['1', '2', '3', '4'].map((id) => get(id, `${LIST}?$top=1`)) });
    assert.deepEqual(
      [...a.items().values()].map((i) => i.status),
      [200, 200, 200, 200],
    );
    const alone = () => s.app.inject({ method: 'GET', url: `/v1.0${LIST}?$top=1`, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await alone()).statusCode, 200);
    assert.equal((await alone()).statusCode, 429);
  });

  test('inner requests over the limit are 429 with their own Retry-After, inside a 200 batch', async () => {
    const token = await s.token({ app: true, appId: 'bbbbbbbb-0000-4000-8000-00000000000b', roles: ['AuditLog.Read.All'] });
    const a = await s.batch(token, { requests: ['1', '2', '3', '4', '5', '6', '7'].map((id) => get(id, `${LIST}?$top=1`)) });
    assert.equal(a.status, 200);
    const items = [...a.items().values()];
    assert.equal(items.filter((i) => i.status === 200).length, 5);
    const throttled = items.filter((i) => i.status === 429);
    assert.equal(throttled.length, 2);
    for (const t of throttled) {
      assert.match(t.headers['Retry-After']!, /^\d+$/);
      assert.equal((t.body as { error: { code: string } }).error.code, 'TooManyRequests');
    }
  });
});
