// The Graph client against a loopback Graph: paging, nextLink origin, Retry-After, back-off, faults, typed errors, batches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { GraphClient, type GraphClientOptions } from './graph-client.js';
import { RequestScheduler } from './scheduler.js';
import { isSyncError, type SyncErrorKind } from './sync-error.js';
import { graphErrorBody, json, parse, startLoopback, type Handler, type Loopback } from './test-http.js';
import { BearerToken, type TokenProvider } from './token-source.js';

const TENANT = '0e7b3f1a-1111-4222-8333-944445555666';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl';

class StubTokens implements TokenProvider {
  issued = 0;
  invalidated = 0;
  #current: BearerToken | undefined;
  async getToken(): Promise<BearerToken> {
    if (this.#current === undefined) {
      this.issued++;
      this.#current = new BearerToken(`${TOKEN}${this.issued}`, Date.now() + 3_600_000);
    }
    return this.#current;
  }
  invalidate(): void {
    this.invalidated++;
    this.#current = undefined;
  }
}

async function withGraph(
  handler: Handler,
  run: (g: GraphClient, server: Loopback, tokens: StubTokens) => Promise<void>,
  options: Partial<GraphClientOptions> = {},
): Promise<void> {
  const server = await startLoopback(handler);
  const tokens = new StubTokens();
  try {
    const g = new GraphClient({ settings: { graphUrl: server.url, tenant: TENANT, clientId: 'app' }, tokens, backoff: { baseMs: 20, capMs: 100 }, ...options });
    await run(g, server, tokens);
  } finally {
    await server.close();
  }
}

test('get: bearer token, accept and client-request-id headers; the parsed body', async () => {
  await withGraph(
    (_r, res) => json(res, 200, { id: 'org', displayName: 'Contoso' }),
    async (g, server) => {
      assert.deepEqual(await g.get('/v1.0/organization'), { id: 'org', displayName: 'Contoso' });
      const h = server.received[0]!.headers;
      assert.equal(h.authorization, `Bearer ${TOKEN}1`);
      assert.equal(h.accept, 'application/json');
      assert.match(String(h['client-request-id']), /^[0-9a-f-]{36}$/);
      assert.equal(g.accounting.requests.directory, 1);
    },
  );
});

test('pages: follows absolute @odata.nextLink to the end and hands back the deltaLink', async () => {
  let base = '';
  await withGraph(
    (r, res) => {
      const page = Number(new URL(r.url, 'http://x').searchParams.get('$skiptoken') ?? '0');
      if (page < 2) json(res, 200, { value: [{ id: `u${page}` }], '@odata.nextLink': `${base}/v1.0/users/delta?$skiptoken=${page + 1}` });
      else json(res, 200, { value: [{ id: 'u2' }], '@odata.deltaLink': `${base}/v1.0/users/delta?$deltatoken=abc` });
    },
    async (g, server) => {
      base = server.url;
      const ids: unknown[] = [];
      let delta: string | undefined;
      for await (const p of g.pages('/v1.0/users/delta?$select=id')) {
        ids.push(...p.value.map((v) => (v as { id: string }).id));
        delta = p.deltaLink;
      }
      assert.deepEqual(ids, ['u0', 'u1', 'u2']);
      assert.equal(delta, `${server.url}/v1.0/users/delta?$deltatoken=abc`);
      assert.equal(server.received.length, 3);
    },
  );
});

test('pages: a nextLink to another origin is refused before anything is sent to it', async () => {
  const other = await startLoopback((_r, res) => json(res, 200, { value: [] }));
  try {
    await withGraph(
      (_r, res) => json(res, 200, { value: [{ id: 'a' }], '@odata.nextLink': `${other.url}/v1.0/users?$skiptoken=x` }),
      async (g) => {
        const seen: unknown[] = [];
        await assert.rejects(
          async () => {
            for await (const p of g.pages('/v1.0/users')) seen.push(...p.value);
          },
          (e: unknown) => isSyncError(e, 'protocol') && /another host/.test(e.message),
        );
        assert.equal(seen.length, 1);
        assert.equal(other.received.length, 0);
        assert.throws(
          () => g.resolve('https://graph.microsoft.com.evil.example/v1.0/users'),
          (e: unknown) => isSyncError(e, 'protocol'),
        );
      },
    );
  } finally {
    await other.close();
  }
});

for (const [name, value, minGapMs] of [
  ['whole seconds', '1', 1_000],
  ['fractional seconds', '0.35', 350],
] as const) {
  test(`top-level 429 with Retry-After in ${name}: no request of that class before it has passed`, async () => {
    reports = 0;
    await withGraph(
      (r, res) => {
        if (r.url.includes('auditLogs') && reports++ === 0)
          json(res, 429, graphErrorBody('TooManyRequests', 'Please retry again later.'), { 'retry-after': value });
        else json(res, 200, { value: [] });
      },
      async (g, server) => {
        const [a, b] = await Promise.all([g.get('/v1.0/auditLogs/directoryAudits'), delayed(50, () => g.get('/beta/auditLogs/signIns'))]);
        assert.deepEqual([a, b], [{ value: [] }, { value: [] }]);
        const first = server.received[0]!.at;
        for (const r of server.received.slice(1)) assert.ok(r.at - first >= minGapMs, `${r.url} after ${r.at - first} ms`);
        assert.equal(g.accounting.throttled, 1);
        assert.ok(g.accounting.waitedMs >= minGapMs - 60);
      },
    );
  });
}
let reports = 0;

test('top-level 429 with Retry-After as an HTTP-date waits until that date', async () => {
  let n = 0;
  let until = 0;
  await withGraph(
    (_r, res) => {
      if (n++ === 0) {
        until = Math.ceil((Date.now() + 1_200) / 1000) * 1000;
        json(res, 429, graphErrorBody('TooManyRequests', 'Please retry again later.'), { 'retry-after': new Date(until).toUTCString() });
      } else json(res, 200, { ok: true });
    },
    async (g, server) => {
      assert.deepEqual(await g.get('/v1.0/organization'), { ok: true });
      assert.ok(server.received[1]!.at >= until, `${server.received[1]!.at - until}`);
    },
  );
});

test('503 and 504 without Retry-After back off with jitter, then succeed; too many become throttled', async () => {
  let n = 0;
  await withGraph(
    (_r, res) => {
      n++;
      if (n <= 2) json(res, n === 1 ? 503 : 504, graphErrorBody('serviceNotAvailable', 'busy'));
      else json(res, 200, { ok: n });
    },
    async (g, server) => {
      assert.deepEqual(await g.get('/v1.0/organization'), { ok: 3 });
      const [a, b, c] = server.received.map((r) => r.at);
      assert.ok(b! - a! >= 49 && c! - b! >= 99, `${b! - a!} ${c! - b!}`);
      assert.equal(g.accounting.unavailable, 2);
    },
    { random: () => 0.5, backoff: { baseMs: 100, capMs: 1_000 } },
  );
  await withGraph(
    (_r, res) => json(res, 503, graphErrorBody('serviceNotAvailable', 'busy')),
    async (g, server) => {
      await assert.rejects(g.get('/v1.0/organization'), (e: unknown) => isSyncError(e, 'throttled') && e.status === 503);
      assert.equal(server.received.length, 3);
    },
    { maxAttempts: 3, random: () => 0 },
  );
});

test('dropped connections are retried with back-off up to the bound; a hung server times out as network', async () => {
  let n = 0;
  await withGraph(
    (_r, res) => {
      if (n++ < 2) res.socket?.destroy();
      else json(res, 200, { ok: true });
    },
    async (g) => {
      assert.deepEqual(await g.get('/v1.0/organization'), { ok: true });
      assert.equal(g.accounting.networkErrors, 2);
    },
  );
  await withGraph(
    (_r, res) => {
      res.socket?.destroy();
    },
    async (g, server) => {
      await assert.rejects(g.get('/v1.0/organization'), (e: unknown) => isSyncError(e, 'network') && /could not reach 127\.0\.0\.1/.test(e.message));
      assert.equal(server.received.length, 3);
    },
    { maxNetworkAttempts: 3 },
  );
  await withGraph(
    () => undefined,
    async (g) => {
      await assert.rejects(g.get('/v1.0/organization'), (e: unknown) => isSyncError(e, 'network') && /no answer within 150 ms/.test(e.message));
    },
    { timeoutMs: 150, maxNetworkAttempts: 1 },
  );
});

const ERRORS: readonly { path: string; status: number; code: string; message: string; kind: SyncErrorKind; permission?: string }[] = [
  {
    path: '/v1.0/users/delta?$select=id',
    status: 403,
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges to complete the operation.',
    kind: 'permission',
    permission: 'User.Read.All',
  },
  {
    path: '/beta/users/u1/authentication/methods',
    status: 403,
    code: 'accessDenied',
    message: 'Request Authorization failed',
    kind: 'permission',
    permission: 'UserAuthenticationMethod.Read.All',
  },
  {
    path: '/v1.0/groups/g1/members?$select=id',
    status: 403,
    code: 'Authorization_RequestDenied',
    message: 'Insufficient privileges to complete the operation.',
    kind: 'permission',
    permission: 'GroupMember.Read.All',
  },
  {
    path: '/beta/policies/authenticationMethodsPolicy',
    status: 403,
    code: 'accessDenied',
    message: 'denied',
    kind: 'permission',
    permission: 'Policy.Read.AuthenticationMethod',
  },
  {
    path: '/v1.0/roleManagement/directory/roleEligibilityScheduleInstances',
    status: 403,
    code: 'UnauthorizedAccessException',
    message: 'denied',
    kind: 'permission',
    permission: 'RoleEligibilitySchedule.Read.Directory',
  },
  {
    path: '/v1.0/auditLogs/directoryAudits',
    status: 403,
    code: 'Authentication_MSGraphPermissionMissing',
    message: 'Calling principal does not have required MSGraph permissions AuditLog.Read.All',
    kind: 'permission',
    permission: 'AuditLog.Read.All',
  },
  {
    path: '/beta/auditLogs/signIns',
    status: 403,
    code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    message: "Neither tenant is B2C or tenant doesn't have premium license",
    kind: 'licence',
  },
  { path: '/v1.0/users/delta?$deltatoken=x', status: 410, code: 'syncStateNotFound', message: 'The sync state is not found.', kind: 'deltaExpired' },
  { path: '/v1.0/users/delta?$deltatoken=x', status: 400, code: 'syncStateNotFound', message: 'Sync state not found', kind: 'deltaExpired' },
  {
    path: '/v1.0/users?$skiptoken=x',
    status: 400,
    code: 'Directory_ExpiredPageToken',
    message: 'The specified page token value has expired and can no longer be included in your request.',
    kind: 'skiptokenExpired',
  },
  { path: '/v1.0/users/nobody', status: 404, code: 'Request_ResourceNotFound', message: 'Resource does not exist.', kind: 'graph' },
];

test('Graph error envelopes become typed SyncErrors naming the permission, with the request id', async () => {
  let current = ERRORS[0]!;
  await withGraph(
    (_r, res) => json(res, current.status, graphErrorBody(current.code, current.message)),
    async (g) => {
      for (const c of ERRORS) {
        current = c;
        await assert.rejects(g.get(c.path), (e: unknown) => {
          assert.ok(isSyncError(e, c.kind), `${c.path}: ${String(e)}`);
          assert.equal(e.permission, c.permission);
          assert.equal(e.status, c.status);
          assert.equal(e.code, c.code);
          assert.equal(e.requestId, '94fb3b52-452a-4535-a601-69e0a90e3aa2');
          assert.ok(e.message.startsWith(`GET ${c.path.split('?')[0]}: `), e.message);
          if (c.permission !== undefined) assert.match(e.message, new RegExp(`needs the ${c.permission.replace(/\./g, '\\.')} application permission`));
          return true;
        });
      }
    },
  );
});

test('401: the token is replaced once; a second 401 is an auth error; an echoed token never reaches the error', async () => {
  await withGraph(
    (r, res) => json(res, 401, graphErrorBody('InvalidAuthenticationToken', `Token ${String(r.headers.authorization)} is expired`)),
    async (g, server, tokens) => {
      await assert.rejects(g.get('/v1.0/organization'), (e: unknown) => {
        assert.ok(isSyncError(e, 'auth'));
        assert.equal(e.reason, 'invalidToken');
        for (const text of [e.message, JSON.stringify(e), inspect(e), String(e.stack)]) assert.ok(!text.includes(TOKEN), text);
        assert.match(e.message, /\[redacted\]/);
        return true;
      });
      assert.equal(server.received.length, 2);
      assert.equal(tokens.invalidated, 1);
      assert.equal(tokens.issued, 2);
    },
  );
});

test("$batch: Graph's request shape; each inner 429 retried alone after its own Retry-After; other failures reported", async () => {
  const innerSeen = new Map<string, number[]>();
  await withGraph(
    (r, res) => {
      assert.equal(r.method, 'POST');
      assert.equal(r.url, '/beta/$batch');
      assert.equal(r.headers['content-type'], 'application/json');
      const body = parse(r.body) as { requests: { id: string; method: string; url: string }[] };
      const responses = body.requests.map((q) => {
        assert.equal(q.method, 'GET');
        assert.ok(q.url.startsWith('/users/'));
        const seen = innerSeen.get(q.id) ?? [];
        seen.push(Date.now());
        innerSeen.set(q.id, seen);
        if (q.id === '2' && seen.length === 1)
          return { id: q.id, status: 429, headers: { 'Retry-After': '0.4' }, body: graphErrorBody('TooManyRequests', 'Please retry again later.') };
        if (q.id === '3') return { id: q.id, status: 404, headers: {}, body: graphErrorBody('Request_ResourceNotFound', 'gone') };
        return { id: q.id, status: 200, headers: { 'Content-Type': 'application/json' }, body: { value: [{ id: `m${q.id}` }] } };
      });
      json(res, 200, { responses: responses.reverse() });
    },
    async (g) => {
      const results = await g.batch(
        'beta',
        ['1', '2', '3'].map((id) => ({ id, url: `/users/u${id}/authentication/methods` })),
      );
      assert.deepEqual(
        results.map((r) => [r.id, r.ok, r.status]),
        [
          ['1', true, 200],
          ['2', true, 200],
          ['3', false, 404],
        ],
      );
      const r3 = results[2]!;
      assert.ok(!r3.ok && isSyncError(r3.error, 'graph'));
      assert.deepEqual(innerSeen.get('1')!.length, 1);
      const [first, again] = innerSeen.get('2')!;
      assert.ok(again! - first! >= 400, `${again! - first!}`);
      assert.equal(g.accounting.innerThrottled, 1);
      assert.equal(g.accounting.batches, 2);
      assert.equal(g.accounting.requests.directory, 4);
    },
  );
});

test("$batch: a top-level 429 holds the batch's classes for the tenant, then the whole batch is sent again", async () => {
  let n = 0;
  await withGraph(
    (r, res) => {
      if (r.url.endsWith('$batch') && n++ === 0)
        return json(res, 429, graphErrorBody('TooManyRequests', 'Please retry again later.'), { 'retry-after': '0.3' });
      if (r.url.endsWith('$batch')) return json(res, 200, { responses: [{ id: 'a', status: 200, body: { ok: 1 } }] });
      return json(res, 200, { ok: 2 });
    },
    async (g, server) => {
      const [batch] = await Promise.all([
        g.batch('v1.0', [{ id: 'a', url: '/users/u/authentication/signInPreferences' }]),
        delayed(60, () => g.get('/v1.0/organization')),
      ]);
      assert.deepEqual(batch[0], { id: 'a', ok: true, status: 200, body: { ok: 1 }, headers: {} });
      const t0 = server.received[0]!.at;
      for (const r of server.received.slice(1)) assert.ok(r.at - t0 >= 300, `${r.url} ${r.at - t0}`);
    },
  );
});

test('$batch: more than 20 requests, duplicate ids and absolute urls are refused before sending', async () => {
  await withGraph(
    (_r, res) => json(res, 500, {}),
    async (g, server) => {
      await assert.rejects(
        g.batch(
          'v1.0',
          Array.from({ length: 21 }, (_, i) => ({ id: String(i), url: '/users' })),
        ),
        RangeError,
      );
      await assert.rejects(
        g.batch('v1.0', [
          { id: 'a', url: '/users' },
          { id: 'a', url: '/groups' },
        ]),
        RangeError,
      );
      await assert.rejects(g.batch('v1.0', [{ id: 'a', url: 'https://evil.example/users' }]), RangeError);
      assert.equal(server.received.length, 0);
    },
  );
});

test('clients of several tenants share one scheduler: the per-app reports budget is split between them', async () => {
  await withGraph(
    (_r, res) => json(res, 200, { value: [] }),
    async (g, server, tokens) => {
      const scheduler = g.scheduler;
      const other = new GraphClient({ settings: { graphUrl: server.url, tenant: 'other', clientId: 'app' }, tokens, scheduler });
      await Promise.all(Array.from({ length: 5 }, () => [g.get('/v1.0/auditLogs/directoryAudits'), other.get('/v1.0/auditLogs/directoryAudits')]).flat());
      assert.equal(server.received.length, 10);
    },
    { scheduler: new RequestScheduler() },
  );
});

function delayed<T>(ms: number, f: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => setTimeout(() => void f().then(resolve, reject), ms));
}
