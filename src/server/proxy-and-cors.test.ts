// Behind a proxy, across origins, and at the edges of HTTP (issue 11): the origin of every link
// (AMR_PUBLIC_URL, trusted forwarding headers, Host, none), Host validation, absolute-form request
// lines, CORS as Graph answers it, 405 with Allow on every route, secrets in URLs kept out of the
// logs, and the keys' own rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import { ADMIN_KEY, NOW, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Env } from './config.js';
import { createLogger } from './main.js';
import { isHostPort, trustList } from './public-origin.js';
import { redactUrl } from './redact-url.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';
import type { FastifyInstance } from 'fastify';

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';

interface Served {
  readonly app: FastifyInstance;
  readonly token: string;
  readonly base: string;
  readonly logs: string[];
  close(): Promise<void>;
}

async function serve(env: Env = {}): Promise<Served> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  const key = await ensureSigningKey(store);
  const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, AMR_LOG_LEVEL: 'info', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const app = await buildApp({
    config,
    store,
    signingKey: key,
    skipTokenSecret: 's',
    logger: createLogger(config, sink),
    now: () => NOW,
    localCode: 'code-0123456789',
  });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    base,
    logs,
    token: await mintDevToken(key, { tenantId: TENANT }, NOW),
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** One raw HTTP exchange (so Host, the request line and the HTTP version are exactly as written). */
function raw(base: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString();
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      let body = rest.join('\r\n\r\n');
      if (/transfer-encoding: chunked/i.test(head)) body = body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '');
      resolve({ status, headers: head, body });
    });
    setTimeout(() => socket.end(), 1500).unref();
  });
}

const nextLinkOf = (body: string): string => (JSON.parse(body) as { '@odata.nextLink': string })['@odata.nextLink'];

describe('links: the origin amr writes', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());

  test('from the Host header when nothing else is set', async () => {
    const r = await fetch(`${s.base}${LIST}?$top=1`, { headers: { authorization: `Bearer ${s.token}` } });
    assert.ok(nextLinkOf(await r.text()).startsWith(`${s.base}/v1.0/`));
  });

  test("a Host that is not host[:port] is a 400 in Graph's envelope, never echoed into a link", async () => {
    for (const host of ['evil.example/x', 'a b', 'evil.example:99999', 'user@evil.example', '[::1', 'evil.example:8080:1', '..', 'ex ample']) {
      const r = await raw(s.base, `GET ${LIST}?$top=1 HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${s.token}\r\nConnection: close\r\n\r\n`);
      assert.equal(r.status, 400, host);
      assert.match(r.body, /"code":"BadRequest".*not a valid host\[:port\]/, host);
    }
  });

  test('more than one Host line is a 400 (RFC 9112 §3.2), on Graph and operational routes alike', async () => {
    const { port } = new URL(s.base);
    for (const [path, hosts] of [
      [`${LIST}?$top=1`, ['127.0.0.1', 'evil.example']],
      [`${LIST}?$top=1`, [`127.0.0.1:${port}`, `127.0.0.1:${port}`]],
      ['/healthz', ['127.0.0.1', 'evil.example']],
    ] as const) {
      const r = await raw(
        s.base,
        `GET ${path} HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}Authorization: Bearer ${s.token}\r\nConnection: close\r\n\r\n`,
      );
      assert.equal(r.status, 400, `${path} ${hosts.join(',')}: ${r.body}`);
      assert.match(r.body, /"code":"BadRequest".*more than one Host header/);
      assert.ok(!r.body.includes('evil.example'));
    }
    const one = await raw(s.base, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.equal(one.status, 200);
  });

  test("HTTP/1.0 without Host: the socket's own address, never http:///", async () => {
    const r = await raw(s.base, `GET ${LIST}?$top=1 HTTP/1.0\r\nAuthorization: Bearer ${s.token}\r\n\r\n`);
    assert.equal(r.status, 200, r.body);
    assert.ok(nextLinkOf(r.body).startsWith(`${s.base}/v1.0/`), nextLinkOf(r.body));
  });

  test('an absolute-form request line is served, its authority standing for Host (RFC 9112 §3.2.2)', async () => {
    const r = await raw(
      s.base,
      `GET http://reports.example:8443${LIST}?$top=1 HTTP/1.1\r\nHost: ignored.example\r\nAuthorization: Bearer ${s.token}\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(r.status, 200, r.body);
    assert.ok(nextLinkOf(r.body).startsWith('http://reports.example:8443/v1.0/'), nextLinkOf(r.body));
    const health = await raw(s.base, `GET HTTP://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    assert.equal(health.status, 200);
  });

  test('forwarding headers from an untrusted peer change nothing', async () => {
    const r = await fetch(`${s.base}${LIST}?$top=1`, {
      headers: {
        authorization: `Bearer ${s.token}`,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'evil.example',
        forwarded: 'proto=https;host=evil.example',
      },
    });
    assert.ok(nextLinkOf(await r.text()).startsWith(`${s.base}/v1.0/`));
  });
});

describe('links behind a proxy', () => {
  test('AMR_PUBLIC_URL sets the origin of every link, whatever Host says', async () => {
    const s = await serve({ AMR_PUBLIC_URL: 'https://amr.example.org' });
    try {
      const r = await fetch(`${s.base}${LIST}?$top=1`, { headers: { authorization: `Bearer ${s.token}`, 'x-forwarded-host': 'evil.example' } });
      assert.ok(nextLinkOf(await r.text()).startsWith('https://amr.example.org/v1.0/reports/'));
      const forged = await raw(s.base, `GET ${LIST}?$top=1 HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${s.token}\r\nConnection: close\r\n\r\n`);
      assert.ok(nextLinkOf(forged.body).startsWith('https://amr.example.org/'));
    } finally {
      await s.close();
    }
  });

  test('AMR_TRUST_PROXY: X-Forwarded-Proto/Host and Forwarded count from those peers', async () => {
    const s = await serve({ AMR_TRUST_PROXY: '127.0.0.0/8' });
    try {
      const link = async (headers: Record<string, string>) =>
        nextLinkOf(await (await fetch(`${s.base}${LIST}?$top=1`, { headers: { authorization: `Bearer ${s.token}`, ...headers } })).text());
      assert.ok((await link({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'amr.example.org' })).startsWith('https://amr.example.org/v1.0/'));
      assert.ok((await link({ forwarded: 'for=192.0.2.1;proto=https;host="amr.example.org:8443"' })).startsWith('https://amr.example.org:8443/v1.0/'));
      // The nearest proxy's entry is the one that counts.
      assert.ok(
        (await link({ 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'evil.example, amr.example.org' })).startsWith('https://amr.example.org/'),
      );
      // Only the scheme forwarded: the Host stays.
      assert.ok((await link({ 'x-forwarded-proto': 'https' })).startsWith(`https://${new URL(s.base).host}/`));
      const bad = await fetch(`${s.base}${LIST}?$top=1`, { headers: { authorization: `Bearer ${s.token}`, 'x-forwarded-host': 'evil.example/path' } });
      assert.equal(bad.status, 400);
    } finally {
      await s.close();
    }
  });

  test('a trusted proxy from another address range does not make this peer trusted', async () => {
    const s = await serve({ AMR_TRUST_PROXY: '10.0.0.0/8,fd00::/8' });
    try {
      const r = await fetch(`${s.base}${LIST}?$top=1`, {
        headers: { authorization: `Bearer ${s.token}`, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' },
      });
      assert.ok(nextLinkOf(await r.text()).startsWith(`${s.base}/`));
    } finally {
      await s.close();
    }
  });

  test('behind a proxy the demo sign-in and keyless /metrics are off, even from this machine', async () => {
    for (const env of [{ AMR_PUBLIC_URL: 'https://amr.example.org' }, { AMR_TRUST_PROXY: 'loopback' }]) {
      const s = await serve(env);
      try {
        const metrics = await fetch(`${s.base}/metrics`);
        assert.equal(metrics.status, 403, JSON.stringify(env));
        assert.match(await metrics.text(), /AMR_METRICS_KEY/);
        const signIn = await fetch(`${s.base}/dashboard/dev-sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: 'code-0123456789' }),
        });
        assert.equal(signIn.status, 403, JSON.stringify(env));
      } finally {
        await s.close();
      }
    }
  });

  test('configuration: what each setting accepts, and errors that say what is wrong', () => {
    assert.equal(loadConfig({ AMR_PUBLIC_URL: 'https://amr.example.org/' }).proxy.publicUrl, 'https://amr.example.org');
    assert.equal(loadConfig({ AMR_PUBLIC_URL: 'HTTPS://AMR.example.org:443' }).proxy.publicUrl, 'https://amr.example.org');
    assert.deepEqual(loadConfig({ AMR_TRUST_PROXY: '10.0.0.1, 10.0.0.0/8 fd00::/8,loopback' }).proxy.trustProxy, [
      '10.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
      'loopback',
    ]);
    const cases: [Env, RegExp][] = [
      [{ AMR_PUBLIC_URL: 'amr.example.org' }, /AMR_PUBLIC_URL=amr\.example\.org is not a URL/],
      [{ AMR_PUBLIC_URL: 'ftp://amr.example.org' }, /not an http\(s\) URL/],
      [{ AMR_PUBLIC_URL: 'https://amr.example.org/reports' }, /must be an origin only/],
      [{ AMR_PUBLIC_URL: 'https://amr.example.org/?x=1' }, /must be an origin only/],
      [{ AMR_TRUST_PROXY: 'proxy.local' }, /AMR_TRUST_PROXY: 'proxy\.local' is not an IP address or CIDR/],
      [{ AMR_TRUST_PROXY: '10.0.0.0/33' }, /prefix length/],
      [{ AMR_CORS_ORIGINS: 'app.example.org' }, /AMR_CORS_ORIGINS: 'app\.example\.org' is not an origin/],
      [{ AMR_CORS_ORIGINS: 'https://app.example.org/path' }, /is not an origin/],
    ];
    for (const [env, message] of cases)
      assert.throws(
        () => loadConfig(env),
        (e: Error) => e instanceof ConfigError && message.test(e.message),
        JSON.stringify(env),
      );
  });

  test('host[:port] and trust lists', () => {
    for (const ok of ['localhost', 'localhost:8080', 'amr.example.org', 'amr.example.org.', '127.0.0.1:1', '[::1]:8080', '[fe80::1]', 'amr_1.internal:65535'])
      assert.ok(isHostPort(ok), ok);
    for (const bad of ['', ':80', 'a:b', 'a:65536', '[::1', '[zz::1]', 'a/b', 'a?b', 'a#b', 'a@b', '-a.example', 'a..b', `${'a'.repeat(64)}.example`])
      assert.ok(!isHostPort(bad), bad);
    const list = trustList(['10.0.0.0/8', '::1']);
    assert.ok(list.check('10.1.2.3', 'ipv4'));
    assert.ok(!list.check('11.0.0.1', 'ipv4'));
  });
});

describe('CORS like Graph', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());

  const preflight = (path: string, origin = 'https://app.example.org', headers: Record<string, string> = {}) =>
    fetch(`${s.base}${path}`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,consistencylevel,sdkversion,client-request-id',
        ...headers,
      },
    });

  test('preflights on /v1.0, /beta and /amr/v1 are answered without a token', async () => {
    for (const path of [LIST, '/beta/reports/authenticationMethods/usersRegisteredByMethod()', '/amr/v1/reports/registrationHistory?days=7', '/v1.0']) {
      const r = await preflight(path);
      assert.equal(r.status, 204, path);
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      assert.equal(r.headers.get('access-control-allow-credentials'), null, 'no credentials');
      const allowed = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const h of ['authorization', 'content-type', 'prefer', 'consistencylevel', 'client-request-id']) assert.ok(allowed.includes(h), h);
      assert.match(r.headers.get('access-control-allow-methods') ?? '', /GET/);
      assert.ok(r.headers.get('request-id'));
    }
  });

  test('answers expose request-id, client-request-id and Retry-After, errors included', async () => {
    const ok = await fetch(`${s.base}${LIST}?$top=1`, { headers: { origin: 'https://app.example.org', authorization: `Bearer ${s.token}` } });
    const unauthorized = await fetch(`${s.base}${LIST}`, { headers: { origin: 'https://app.example.org' } });
    assert.equal(unauthorized.status, 401);
    for (const r of [ok, unauthorized]) {
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      const exposed = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase();
      for (const h of ['request-id', 'client-request-id', 'retry-after']) assert.ok(exposed.includes(h), h);
    }
  });

  test("the admin API, the dashboard's routes and the operations routes stay same-origin", async () => {
    for (const path of [`/admin/tenants/${TENANT}/snapshot`, '/dashboard/dev-sign-in', '/dashboard/config', '/', '/metrics', '/healthz']) {
      const r = await preflight(path);
      assert.equal(r.headers.get('access-control-allow-origin'), null, path);
      assert.notEqual(r.status, 204, path);
      const get = await fetch(`${s.base}${path}`, { headers: { origin: 'https://app.example.org' } });
      assert.equal(get.headers.get('access-control-allow-origin'), null, path);
    }
  });

  test('AMR_CORS_ORIGINS: listed origins are echoed (Vary: Origin); others get no CORS headers; none turns it off', async () => {
    const listed = await serve({ AMR_CORS_ORIGINS: 'https://app.example.org,http://localhost:3000' });
    try {
      const yes = await fetch(`${listed.base}${LIST}`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'GET' },
      });
      assert.equal(yes.status, 204);
      assert.equal(yes.headers.get('access-control-allow-origin'), 'http://localhost:3000');
      assert.match(yes.headers.get('vary') ?? '', /Origin/);
      const no = await fetch(`${listed.base}${LIST}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      assert.equal(no.status, 403);
      assert.equal(no.headers.get('access-control-allow-origin'), null);
      assert.match(await no.text(), /"error":\{"code":"Forbidden".*AMR_CORS_ORIGINS/);
      const actual = await fetch(`${listed.base}${LIST}?$top=1`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${listed.token}` } });
      assert.equal(actual.headers.get('access-control-allow-origin'), null);
    } finally {
      await listed.close();
    }
    const off = await serve({ AMR_CORS_ORIGINS: 'none' });
    try {
      const r = await fetch(`${off.base}${LIST}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET' },
      });
      assert.equal(r.status, 403);
    } finally {
      await off.close();
    }
  });
});

describe('405 with Allow on every route', () => {
  let s: Served;
  before(async () => {
    s = await serve();
  });
  after(() => s.close());

  test("a known path with another method is a 405 that lists the methods, in Graph's envelope", async () => {
    const cases: [string, string, RegExp][] = [
      ['DELETE', '/healthz', /^GET, HEAD$/],
      ['POST', '/metrics', /^GET, HEAD$/],
      ['PUT', '/', /^GET, HEAD$/],
      ['GET', '/dashboard/dev-sign-in', /^POST$/],
      ['DELETE', '/dashboard/config', /^GET, HEAD$/],
      ['GET', `/admin/tenants/${TENANT}/snapshot`, /POST/],
      ['PATCH', '/amr/v1/reports/registrationHistory', /GET/],
      ['POST', LIST, /^GET$/],
    ];
    for (const [method, path, allow] of cases) {
      const r = await fetch(`${s.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${s.token}`, 'x-amr-admin-key': ADMIN_KEY, 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      assert.equal(r.status, 405, `${method} ${path}`);
      assert.match(r.headers.get('allow') ?? '', allow, `${method} ${path}`);
      const body = (await r.json()) as { error: { code: string; innerError: Record<string, string> } };
      assert.equal(body.error.innerError['request-id'], r.headers.get('request-id'));
    }
    assert.equal((await fetch(`${s.base}/nothing-here`, { method: 'DELETE' })).status, 404);
  });
});

describe('secrets in URLs stay out of the logs', () => {
  test('redactUrl: access_token, code, key and JWT-shaped parts, however spelled', () => {
    const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl';
    assert.equal(redactUrl(`/v1.0/x?access_token=${jwt}&$top=1`), '/v1.0/x?access_token=[redacted]&$top=1');
    assert.equal(redactUrl('/?code=abc&state=xyz'), '/?code=[redacted]&state=xyz');
    assert.equal(redactUrl('/admin?KEY=secret-admin-key&Access%5FToken=t'), '/admin?KEY=[redacted]&Access%5FToken=[redacted]');
    assert.equal(redactUrl(`/v1.0/${jwt}/users`), '/v1.0/[redacted]/users');
    assert.equal(redactUrl(`/v1.0/x?$filter=id eq '${jwt}'`), "/v1.0/x?$filter=id eq '[redacted]'");
    assert.equal(redactUrl(`/v1.0/eyJhbGciOiJFUzI1NiJ9%2Eabc%2Edef`), '/v1.0/[redacted]');
    assert.equal(redactUrl('/v1.0/reports?$top=5&$filter=x'), '/v1.0/reports?$top=5&$filter=x');
  });

  test('redactUrl: secret names however decorated, `;` separators and path parameters', () => {
    const cases: readonly [string, string][] = [
      ['/v1.0/x?a=1;access_token=s3cret', '/v1.0/x?a=1;access_token=[redacted]'],
      ['/v1.0/x?access_token[]=s3cret', '/v1.0/x?access_token[]=[redacted]'],
      ['/v1.0/x?access_token%5B%5D=s3cret', '/v1.0/x?access_token%5B%5D=[redacted]'],
      ['/v1.0/x?access_token%00=s3cret', '/v1.0/x?access_token%00=[redacted]'],
      ['/v1.0/x?access%255Ftoken=s3cret', '/v1.0/x?access%255Ftoken=[redacted]'],
      ['/v1.0/x?bearer=s3cret&auth=s3cret&session=s3cret', '/v1.0/x?bearer=[redacted]&auth=[redacted]&session=[redacted]'],
      ['/v1.0/x?Authorization=Bearer%20s3cret&sessionId=s3cret', '/v1.0/x?Authorization=[redacted]&sessionId=[redacted]'],
      ['/v1.0/x?my_secret=s3cret&client-secret=s3cret&pwd=s3cret', '/v1.0/x?my_secret=[redacted]&client-secret=[redacted]&pwd=[redacted]'],
      ['/v1.0/reports;access_token=s3cret/users', '/v1.0/reports;access_token=[redacted]/users'],
      ['/v1.0/reports;jsessionid=s3cret?$top=1', '/v1.0/reports;jsessionid=[redacted]?$top=1'],
      // Not secrets: OData's own options, continuation tokens included.
      ['/v1.0/x?$skiptoken=abc&$top=2&$select=id,userPrincipalName', '/v1.0/x?$skiptoken=abc&$top=2&$select=id,userPrincipalName'],
      ['/v1.0/x?$filter=isMfaCapable%20eq%20true&$orderby=id', '/v1.0/x?$filter=isMfaCapable%20eq%20true&$orderby=id'],
    ];
    for (const [url, expected] of cases) assert.equal(redactUrl(url), expected, url);
    for (const [url] of cases) assert.ok(!redactUrl(url).includes('s3cret'), url);
  });

  test('a token, code or key put in the URL is never written to the log', async () => {
    const s = await serve();
    try {
      const secrets = [s.token, 'the-authorization-code-42', ADMIN_KEY];
      for (const url of [
        `${LIST}?access_token=${s.token}`,
        `/?code=the-authorization-code-42&state=1`,
        `/admin/tenants?key=${ADMIN_KEY}`,
        `/v1.0/${s.token}`,
        `${LIST}?$filter=${encodeURIComponent(`id eq '${s.token}'`)}`,
      ])
        await fetch(`${s.base}${url}`);
      const all = s.logs.join('');
      assert.ok(all.includes('[redacted]'), 'the URLs were logged, redacted');
      for (const secret of secrets) assert.ok(!all.includes(secret), `${secret.slice(0, 12)}… was logged`);
      assert.ok(!all.includes(s.token.split('.')[2]!), 'no token signature');
    } finally {
      await s.close();
    }
  });
});

describe('shared secrets in the environment', () => {
  test('the admin and metrics keys need 16+ characters, no white space, some variety', () => {
    for (const name of ['AMR_ADMIN_KEY', 'AMR_METRICS_KEY']) {
      for (const [value, message] of [
        [' '.repeat(16), /white space/],
        ['a'.repeat(40), /too uniform/],
        ['abababababababab', /too uniform/],
        ['short-key', /too short/],
        [' 0123456789abcdef', /white space/],
        ['0123456789abcdef\n', /white space/],
      ] as const) {
        assert.throws(
          () => loadConfig({ [name]: value }),
          (e: Error) => e instanceof ConfigError && message.test(e.message) && e.message.includes(name),
          `${name}=${JSON.stringify(value)}`,
        );
      }
      assert.doesNotThrow(() => loadConfig({ [name]: '9f86d081884c7d65' }));
    }
  });
});
