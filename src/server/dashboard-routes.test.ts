// The dashboard's routes in process: the built files with their headers, and the demo sign-in —
// dev mode only, this machine only, a tenant the database holds, a token the Graph routes accept.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { NOW, OTHER_TENANT, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp, toGraphError, type AppDeps } from './app.js';
import { ConfigError, loadConfig, type Env } from './config.js';
import { DEV_SIGN_IN_SECONDS, DEV_SIGN_IN_USER, pageHeaders, registerDashboardRoutes } from './dashboard-routes.js';
import { ensureSigningKey } from './tokens.js';

const CODE = 'this-runs-sign-in-code';

/** What GET /dashboard/config answers (dashboard-routes.ts). */
interface ConfigAnswer {
  readonly authMode: 'dev' | 'oidc';
  readonly devSignIn: boolean;
  readonly devSignInOffered: boolean;
  readonly behindProxy: boolean;
  readonly tenants: readonly { readonly id: string; readonly displayName: string | null; readonly hasReports: boolean }[];
  readonly oidc: { readonly authority: string; readonly clientId: string; readonly scopes: readonly string[]; readonly redirectUri: string | null } | null;
}
const OIDC: Env = {
  AMR_AUTH_MODE: 'oidc',
  AMR_OIDC_ISSUERS: 'https://login.microsoftonline.com/{tenantid}/v2.0',
  AMR_OIDC_JWKS_URI: 'https://127.0.0.1:9/keys',
};

async function deps(tenants: readonly string[], env: Env = {}): Promise<AppDeps> {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  for (const t of tenants) {
    await importSnapshot(store, Readable.from([fixtureSnapshot(t)]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
  }
  return { config: loadConfig(env), store, signingKey: await ensureSigningKey(store), skipTokenSecret: 's', logger: false, now: () => NOW, localCode: CODE };
}

async function app(tenants: readonly string[], env: Env = {}): Promise<{ app: FastifyInstance; store: Store; close(): Promise<void> }> {
  const d = await deps(tenants, env);
  const a = await buildApp(d);
  return {
    app: a,
    store: d.store,
    close: async () => {
      await a.close();
      await d.store.close();
    },
  };
}

const signIn = (a: FastifyInstance, body: Record<string, unknown> = {}, headers: Record<string, string> = {}, remoteAddress?: string) =>
  a.inject({
    method: 'POST',
    url: '/dashboard/dev-sign-in',
    headers: { host: '127.0.0.1:8080', 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ code: CODE, ...body }),
    ...(remoteAddress ? { remoteAddress } : {}),
  });

describe('the built page', () => {
  let root: string;
  let a: FastifyInstance;
  let store: Store;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'amr-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>amr</title><script type="module" src="/assets/index-abc123.js"></script>');
    await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    await writeFile(join(root, 'assets', 'notes.txt'), 'not a web type');
    const d = await deps([TENANT]);
    store = d.store;
    a = Fastify();
    a.setErrorHandler((err, _request, reply) => {
      const g = toGraphError(err);
      reply.status(g.status).send({ error: { code: g.code, message: g.message } });
    });
    registerDashboardRoutes(a, d, { webRoot: root });
  });
  after(async () => {
    await a.close();
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  test('/ is the page, with a content security policy and no caching', async () => {
    const r = await a.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /^text\/html/);
    assert.match(r.body, /<title>amr<\/title>/);
    assert.match(r.headers['content-security-policy'] as string, /script-src 'self'; .*connect-src 'self'.*frame-ancestors 'none'/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  });

  test('hashed assets are cached for good; other names are not served', async () => {
    const js = await a.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /^text\/javascript/);
    assert.match(js.headers['cache-control'] as string, /immutable/);
    for (const url of ['/assets/notes.txt', '/assets/../index.html', '/assets/%2e%2e/index.html', '/index.html', '/etc/passwd']) {
      assert.equal((await a.inject({ method: 'GET', url })).statusCode, 404, url);
    }
  });

  test('without a build, / says how to build the page', async () => {
    const d = await deps([]);
    const bare = Fastify();
    bare.setErrorHandler((err, _request, reply) => {
      const g = toGraphError(err);
      reply.status(g.status).send({ error: { code: g.code, message: g.message } });
    });
    registerDashboardRoutes(bare, d, { webRoot: join(root, 'missing') });
    const r = await bare.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 404);
    assert.match(r.body, /npm run build/);
    await bare.close();
    await d.store.close();
  });
});

describe('demo sign-in (dev mode)', () => {
  let s: Awaited<ReturnType<typeof app>>;
  before(async () => {
    s = await app([TENANT]);
  });
  after(() => s.close());

  test('hands a one-hour Reports Reader token that the Graph routes accept', async () => {
    const r = await signIn(s.app);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers['cache-control'], 'no-store');
    const body = r.json() as { token: string; expiresOn: string; tenant: { id: string; displayName: string }; identity: { userPrincipalName: string } };
    assert.equal(body.tenant.id, TENANT);
    assert.equal(body.identity.userPrincipalName, DEV_SIGN_IN_USER);
    const claims = decodeJwt(body.token);
    assert.equal(claims.tid, TENANT);
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), DEV_SIGN_IN_SECONDS);
    assert.equal(Date.parse(body.expiresOn), NOW.getTime() + DEV_SIGN_IN_SECONDS * 1000);
    const graph = await s.app.inject({
      method: 'GET',
      url: '/v1.0/reports/authenticationMethods/usersRegisteredByFeature()',
      headers: { authorization: `Bearer ${body.token}` },
    });
    assert.equal(graph.statusCode, 200, graph.body);
  });

  test('/dashboard/config lists the tenants to this machine only, given the code', async () => {
    const config = (headers: Record<string, string>, remoteAddress?: string) =>
      s.app.inject({ method: 'GET', url: '/dashboard/config', headers, ...(remoteAddress ? { remoteAddress } : {}) }).then((r) => r.json() as ConfigAnswer);
    assert.deepEqual(await config({ host: 'localhost:8080', 'x-amr-sign-in-code': CODE }), {
      authMode: 'dev',
      devSignIn: true,
      devSignInOffered: true,
      behindProxy: false,
      tenants: [{ id: TENANT, displayName: 'Contoso (fixture)', hasReports: true }],
      oidc: null,
    });
    const none = { authMode: 'dev', devSignIn: false, devSignInOffered: true, behindProxy: false, tenants: [], oidc: null };
    assert.deepEqual(await config({ host: 'localhost:8080' }), none);
    assert.deepEqual(await config({ host: 'localhost:8080', 'x-amr-sign-in-code': 'guess' }), none);
    assert.deepEqual(await config({ host: 'amr.example.org', 'x-amr-sign-in-code': CODE }, '192.0.2.7'), { ...none, devSignInOffered: false });
  });

  test('without the code, or with another, the demo sign-in is refused (a proxy on this machine passes every other test)', async () => {
    for (const code of [undefined, '', 'guess', CODE.toUpperCase(), 42]) {
      const r = await s.app.inject({
        method: 'POST',
        url: '/dashboard/dev-sign-in',
        headers: { host: '127.0.0.1:8080', 'content-type': 'application/json' },
        payload: JSON.stringify({ code }),
      });
      assert.equal(r.statusCode, 403, String(code));
      const error = (r.json() as { error: { code: string; message: string } }).error;
      assert.equal(error.code, 'DevSignInCodeInvalid');
      assert.match(error.message, /#signin=/);
    }
  });

  test('refused to another machine, through a proxy, or under a foreign host name (DNS rebinding)', async () => {
    const cases: [Record<string, string>, string | undefined][] = [
      [{}, '192.0.2.7'],
      [{ 'x-forwarded-for': '192.0.2.7' }, undefined],
      [{ host: 'attacker.example:8080' }, undefined],
    ];
    for (const [headers, remote] of cases) {
      const r = await signIn(s.app, {}, headers, remote);
      assert.equal(r.statusCode, 403, JSON.stringify(headers));
      assert.equal((r.json() as { error: { code: string } }).error.code, 'DevSignInNotAllowed');
    }
  });

  test('off behind a proxy (AMR_PUBLIC_URL or AMR_TRUST_PROXY), even from this machine with the code', async () => {
    for (const env of [{ AMR_PUBLIC_URL: 'https://amr.example.org' }, { AMR_TRUST_PROXY: '127.0.0.1' }]) {
      const p = await app([TENANT], env);
      const r = await signIn(p.app);
      assert.equal(r.statusCode, 403, JSON.stringify(env));
      assert.match((r.json() as { error: { message: string } }).error.message, /off behind a proxy/);
      const config = await p.app.inject({ method: 'GET', url: '/dashboard/config', headers: { host: 'localhost:8080', 'x-amr-sign-in-code': CODE } });
      assert.deepEqual(config.json() as ConfigAnswer, {
        authMode: 'dev',
        devSignIn: false,
        devSignInOffered: false,
        behindProxy: true,
        tenants: [],
        oidc: null,
      });
      await p.close();
    }
  });

  test('a server started without a code has no demo sign-in', async () => {
    const d = { ...(await deps([TENANT])), localCode: null };
    const a = await buildApp(d);
    assert.equal((await signIn(a)).statusCode, 403);
    await a.close();
    await d.store.close();
  });

  test("a body that is not JSON is a 415 in Graph's envelope", async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const r = await s.app.inject({
        method: 'POST',
        url: '/dashboard/dev-sign-in',
        headers: { host: '127.0.0.1:8080', 'content-type': type },
        payload: 'code=x',
      });
      assert.equal(r.statusCode, 415, type);
      const error = (r.json() as { error: { code: string; message: string; innerError: Record<string, string> } }).error;
      assert.equal(error.code, 'UnsupportedMediaType');
      assert.match(error.message, /application\/json/);
      assert.equal(error.innerError['request-id'], r.headers['request-id']);
    }
  });

  test('an unknown tenant is a 404', async () => {
    const r = await signIn(s.app, { tenantId: OTHER_TENANT });
    assert.equal(r.statusCode, 404);
  });
});

describe('demo sign-in with no tenant, or several', () => {
  test('no tenant yet: a 409 that names the import and seed commands', async () => {
    const s = await app([]);
    const r = await signIn(s.app);
    assert.equal(r.statusCode, 409);
    assert.match((r.json() as { error: { message: string } }).error.message, /npx amr seed.*npx amr import/);
    await s.close();
  });

  test('several tenants: the caller names one', async () => {
    const s = await app([TENANT, OTHER_TENANT]);
    const unnamed = await signIn(s.app);
    assert.equal(unnamed.statusCode, 400);
    assert.match(unnamed.body, new RegExp(OTHER_TENANT));
    const named = await signIn(s.app, { tenantId: OTHER_TENANT });
    assert.equal(named.statusCode, 200);
    assert.equal(decodeJwt((named.json() as { token: string }).token).tid, OTHER_TENANT);
    await s.close();
  });
});

describe('oidc mode', () => {
  test('there is no demo sign-in: 404, and the page is told the mode', async () => {
    const s = await app([TENANT], OIDC);
    const r = await signIn(s.app);
    assert.equal(r.statusCode, 404);
    const config = await s.app.inject({ method: 'GET', url: '/dashboard/config', headers: { host: '127.0.0.1' } });
    assert.deepEqual(config.json() as ConfigAnswer, {
      authMode: 'oidc',
      devSignIn: false,
      devSignInOffered: false,
      behindProxy: false,
      tenants: [],
      oidc: null,
    });
    await s.close();
  });

  const CLIENT = '8a1f3c2e-4b5d-4e6f-9a0b-1c2d3e4f5a6b';

  test('with AMR_DASHBOARD_CLIENT_ID, /dashboard/config names the public client (Entra defaults)', async () => {
    const s = await app([TENANT], { ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT });
    const r = await s.app.inject({ method: 'GET', url: '/dashboard/config', headers: { host: 'amr.example.org' }, remoteAddress: '192.0.2.7' });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['cache-control'], 'no-store');
    assert.deepEqual(r.json() as ConfigAnswer, {
      authMode: 'oidc',
      devSignIn: false,
      devSignInOffered: false,
      behindProxy: false,
      tenants: [],
      oidc: {
        authority: 'https://login.microsoftonline.com/organizations/v2.0',
        clientId: CLIENT,
        redirectUri: null,
        scopes: ['openid', 'profile', 'offline_access', 'https://graph.microsoft.com/AuditLog.Read.All', 'https://graph.microsoft.com/Reports.Read.All'],
      },
    });
    await s.close();
  });

  test('the settings as given: authority (trailing slash dropped), scopes, redirect URI', async () => {
    const s = await app([TENANT], {
      ...OIDC,
      AMR_DASHBOARD_CLIENT_ID: CLIENT,
      AMR_DASHBOARD_AUTHORITY: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0/',
      AMR_DASHBOARD_SCOPES: 'openid offline_access api://amr-reports/AuditLog.Read.All',
      AMR_DASHBOARD_REDIRECT_URI: 'https://amr.example.org/',
    });
    const r = await s.app.inject({ method: 'GET', url: '/dashboard/config' });
    assert.deepEqual((r.json() as { oidc: unknown }).oidc, {
      authority: 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0',
      clientId: CLIENT,
      scopes: ['openid', 'offline_access', 'api://amr-reports/AuditLog.Read.All'],
      redirectUri: 'https://amr.example.org/',
    });
    await s.close();
  });

  test('invalid or misplaced dashboard settings are configuration errors that say what to do', () => {
    const cases: [Env, RegExp][] = [
      [{ AMR_DASHBOARD_CLIENT_ID: CLIENT }, /AMR_DASHBOARD_CLIENT_ID is used only with AMR_AUTH_MODE=oidc/],
      [{ ...OIDC, AMR_DASHBOARD_AUTHORITY: 'https://login.microsoftonline.com/organizations/v2.0' }, /AMR_DASHBOARD_AUTHORITY needs AMR_DASHBOARD_CLIENT_ID/],
      [{ ...OIDC, AMR_DASHBOARD_CLIENT_ID: 'has space' }, /AMR_DASHBOARD_CLIENT_ID=has space is not valid/],
      [
        { ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_AUTHORITY: 'http://login.example.org/v2.0' },
        /must be an https URL \(http only for localhost\)/,
      ],
      [{ ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_AUTHORITY: 'not a url' }, /AMR_DASHBOARD_AUTHORITY: 'not a url' is not a URL/],
      [{ ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_AUTHORITY: 'https://login.example.org/v2.0?x=1' }, /no query, fragment or credentials/],
      [
        { ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_SCOPES: 'offline_access https://graph.microsoft.com/AuditLog.Read.All' },
        /AMR_DASHBOARD_SCOPES must include openid/,
      ],
      [
        { ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_REDIRECT_URI: 'http://amr.example.org/' },
        /AMR_DASHBOARD_REDIRECT_URI: .* must be an https URL/,
      ],
    ];
    for (const [env, message] of cases)
      assert.throws(
        () => loadConfig(env),
        (err: Error) => err instanceof ConfigError && message.test(err.message),
        JSON.stringify(env),
      );
    // http is fine for a provider on this machine (the browser test's).
    const local = loadConfig({ ...OIDC, AMR_DASHBOARD_CLIENT_ID: CLIENT, AMR_DASHBOARD_AUTHORITY: 'http://127.0.0.1:5555/common/v2.0' }).auth;
    assert.equal(local.mode === 'oidc' ? local.dashboard?.authority : null, 'http://127.0.0.1:5555/common/v2.0');
  });
});

describe('the content security policy follows the sign-in settings', () => {
  test("connect-src is this origin only, plus the authority's origin when the page signs in there", () => {
    const csp = (env: Env) => pageHeaders(loadConfig(env).auth)['Content-Security-Policy']!;
    assert.match(csp({}), /connect-src 'self';/);
    assert.match(csp(OIDC), /connect-src 'self';/);
    const signIn = csp({ ...OIDC, AMR_DASHBOARD_CLIENT_ID: 'c', AMR_DASHBOARD_AUTHORITY: 'https://login.microsoftonline.com/organizations/v2.0' });
    assert.match(signIn, /connect-src 'self' https:\/\/login\.microsoftonline\.com;/);
    assert.match(signIn, /script-src 'self';.*form-action 'none'; frame-ancestors 'none'/);
  });

  test('the page is served with it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'amr-web-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>amr</title>');
    const d = await deps([], { ...OIDC, AMR_DASHBOARD_CLIENT_ID: 'c', AMR_DASHBOARD_AUTHORITY: 'http://127.0.0.1:5555/tenant/v2.0' });
    const a = Fastify();
    registerDashboardRoutes(a, d, { webRoot: root });
    const r = await a.inject({ method: 'GET', url: '/?code=abc&state=xyz' });
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-security-policy'] as string, /connect-src 'self' http:\/\/127\.0\.0\.1:5555;/);
    await a.close();
    await d.store.close();
    await rm(root, { recursive: true, force: true });
  });
});
