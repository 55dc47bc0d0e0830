// Black-box regression for issue 11's proxy findings: the built server (`amr serve`) behind a plain
// reverse proxy on the same machine — one that, like nginx by default, sets Host to the upstream
// and adds no forwarding headers — so every remote client reaches amr from 127.0.0.1. Before the
// fix the demo sign-in handed such clients a Reports Reader token and links followed the Host.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';

const run = promisify(execFile);
let dir: string;
let db: string;
const children = new Set<ChildProcess>();
const proxies = new Set<Server>();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-proxy-'));
  db = await testDatabaseFile(dir);
  await run(process.execPath, [AMR, 'seed', '--db', db, '--users', '50', '--no-history']);
});
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const p of proxies) p.close();
  await rm(dir, { recursive: true, force: true });
});

async function serve(env: Record<string, string> = {}): Promise<BuiltServer> {
  const server = await serveBuilt(db, { env: { AMR_AUTH_MODE: 'dev', ...env } });
  children.add(server.process);
  return server;
}

/**
 * A reverse proxy on 127.0.0.1: Host set to the upstream, other headers passed as they came, and
 * `add` added (a TLS-terminating proxy that says so adds X-Forwarded-Proto).
 */
async function proxyTo(upstream: string, add: Record<string, string> = {}): Promise<string> {
  const target = new URL(upstream);
  const proxy = createServer((req, res) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, ...add } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      res.statusCode = 502;
      res.end();
    });
    req.pipe(out);
  });
  proxies.add(proxy);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

const signInCode = async (server: BuiltServer): Promise<string | null> => {
  for (let i = 0; i < 50 && !/amr: dashboard \S+/.test(server.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
  return /amr: dashboard \S+#signin=(\S+)/.exec(server.stderr())?.[1] ?? null;
};

const devSignIn = (base: string, body: Record<string, unknown>) =>
  fetch(`${base}/dashboard/dev-sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a plain reverse proxy on the same machine, nothing configured', () => {
  let server: BuiltServer;
  let proxied: string;
  before(async () => {
    server = await serve();
    proxied = await proxyTo(server.url);
  });

  test('a remote client through the proxy gets no token from the demo sign-in, nor the tenant list', async () => {
    const r = await devSignIn(proxied, {});
    assert.equal(r.status, 403);
    const body = await r.text();
    assert.doesNotMatch(body, /eyJ/, 'no token');
    assert.match(body, /DevSignInCodeInvalid/);
    for (const guess of ['', 'x', 'AAAAAAAAAAAAAAAAAAAAAAAA']) assert.equal((await devSignIn(proxied, { code: guess })).status, 403);
    const config = (await (await fetch(`${proxied}/dashboard/config`)).json()) as { devSignIn: boolean; tenants: unknown[] };
    assert.equal(config.devSignIn, false);
    assert.deepEqual(config.tenants, []);
  });

  test("keyless /metrics through the proxy answers nothing; this run's printed code opens it on this machine", async () => {
    const through = await fetch(`${proxied}/metrics`);
    assert.equal(through.status, 401);
    assert.doesNotMatch(await through.text(), /amr_http_requests_total/);
    const line = /amr: metrics .*curl -H 'Authorization: Bearer (\S+)' (\S+)/.exec(server.stderr());
    assert.ok(line, server.stderr());
    const direct = await fetch(line[2]!, { headers: { authorization: `Bearer ${line[1]}` } });
    assert.equal(direct.status, 200);
    assert.match(await direct.text(), /amr_http_requests_total/);
  });

  test('only whoever saw the printed link can sign in to the demo', async () => {
    const code = await signInCode(server);
    assert.ok(code, server.stderr());
    const r = await devSignIn(server.url, { code });
    assert.equal(r.status, 200);
    assert.match(((await r.json()) as { token: string }).token, /^eyJ/);
  });
});

describe('a proxy amr is told about', () => {
  test('AMR_PUBLIC_URL: every link has the public origin, the demo sign-in and keyless /metrics are off', async () => {
    const server = await serve({ AMR_PUBLIC_URL: 'https://amr.example.org' });
    const proxied = await proxyTo(server.url);
    assert.equal(await signInCode(server), null, 'no sign-in code is printed behind a proxy');
    assert.match(server.stderr(), /amr: dashboard https:\/\/amr\.example\.org\//);
    const { stdout: token } = await run(process.execPath, [AMR, 'token', '--db', db]);
    const page = await fetch(`${proxied}/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    assert.equal(page.status, 200);
    assert.match(((await page.json()) as { '@odata.nextLink': string })['@odata.nextLink'], /^https:\/\/amr\.example\.org\/v1\.0\/reports\//);
    assert.equal((await fetch(`${proxied}/metrics`)).status, 403);
    assert.equal((await fetch(`${server.url}/metrics`)).status, 403, 'not even from this machine directly');
    assert.equal((await devSignIn(proxied, {})).status, 403);
  });

  test("AMR_TRUST_PROXY: a TLS-terminating proxy's X-Forwarded-Proto and Host make https links", async () => {
    const server = await serve({ AMR_TRUST_PROXY: 'loopback' });
    const proxied = await proxyTo(server.url, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'reports.example.org', 'x-forwarded-for': '203.0.113.9' });
    const { stdout: token } = await run(process.execPath, [AMR, 'token', '--db', db]);
    const page = await fetch(`${proxied}/beta/reports/authenticationMethods/userRegistrationDetails?$top=1`, {
      headers: { authorization: `Bearer ${token.trim()}` },
    });
    assert.match(((await page.json()) as { '@odata.nextLink': string })['@odata.nextLink'], /^https:\/\/reports\.example\.org\/beta\//);
    assert.equal((await fetch(`${proxied}/metrics`)).status, 403);
    assert.equal((await devSignIn(proxied, {})).status, 403);
  });
});
