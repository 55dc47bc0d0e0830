// Black-box: the dashboard's oidc sign-in (authorization code + PKCE) in chromium, against the built
// server in AMR_AUTH_MODE=oidc and a tiny OpenID provider this test runs (node:http): discovery,
// /authorize that redirects straight back with a code when the PKCE challenge, state, nonce and
// redirect URI are there, /token that checks the code verifier against the S256 challenge and
// signs Entra-v2-shaped tokens (RS256), and its JWKS. Without chromium it skips, except in CI.
import { after, before, describe, test } from 'node:test';
import { AMR, serveBuilt, type BuiltServer } from '../test-support/built-server.js';
import { testDatabaseFile } from '../test-support/test-db.js';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

declare const document: { querySelector(selector: string): { textContent: string | null } | null };
declare const window: object;
declare const localStorage: { readonly length: number; key(i: number): string | null; getItem(k: string): string | null };
declare const sessionStorage: { readonly length: number; key(i: number): string | null; getItem(k: string): string | null };
declare const location: { readonly href: string };

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CLIENT_ID = '5d3c1a2b-7e8f-4a6b-9c0d-1e2f3a4b5c6d';
const GRAPH = 'https://graph.microsoft.com';
const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const USER = 'megan.bowen@contoso.example';

const missing = !existsSync(CHROMIUM);
const skip = missing && !process.env.CI ? `chromium is not installed (${CHROMIUM}); install it with: apt-get install -y chromium` : false;

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');

/** A minimal OpenID provider shaped like Entra's v2 endpoints (the "organizations" authority). */
class TestProvider {
  base = '';
  tenantId = '';
  redirectUri = '';
  /** Access token lifetime in seconds. */
  accessLifetime = 3600;
  refuseRefresh = false;
  /** Answer /authorize with a state other than the one asked for (an answer this tab did not start). */
  tamperState = false;
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly grants: { type: string; ok: boolean }[] = [];
  readonly issued: string[] = [];
  private readonly codes = new Map<string, { challenge: string; nonce: string; redirectUri: string }>();
  private readonly refreshTokens = new Set<string>();
  private server: HttpServer | null = null;
  private key: { privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK } | null = null;

  get authority(): string {
    return `${this.base}/organizations/v2.0`;
  }
  get issuerTemplate(): string {
    return `${this.base}/{tenantid}/v2.0`;
  }

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.key = { privateKey, jwk: { ...(await exportJWK(publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' } };
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: Error) => {
        res.writeHead(500).end(err.message);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }).end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'content-type' })
        .end();
      return;
    }
    if (url.pathname.endsWith('/.well-known/openid-configuration')) {
      this.json(res, 200, {
        issuer: this.issuerTemplate,
        authorization_endpoint: `${this.base}/organizations/oauth2/v2.0/authorize`,
        token_endpoint: `${this.base}/organizations/oauth2/v2.0/token`,
        jwks_uri: `${this.base}/keys`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
      return;
    }
    if (url.pathname === '/keys') {
      this.json(res, 200, { keys: [this.key!.jwk] });
      return;
    }
    if (url.pathname === '/organizations/oauth2/v2.0/authorize') {
      this.authorize(url.searchParams, res);
      return;
    }
    if (url.pathname === '/organizations/oauth2/v2.0/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req as AsyncIterable<Buffer>) body += chunk.toString();
      await this.token(new URLSearchParams(body), res);
      return;
    }
    res.writeHead(404).end();
  }

  private authorize(q: URLSearchParams, res: ServerResponse): void {
    this.authorizeRequests.push(q);
    const problems = [
      q.get('client_id') !== CLIENT_ID && 'client_id',
      q.get('response_type') !== 'code' && 'response_type',
      q.get('redirect_uri') !== this.redirectUri && 'redirect_uri',
      q.get('code_challenge_method') !== 'S256' && 'code_challenge_method',
      !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') && 'code_challenge',
      !q.get('state') && 'state',
      !q.get('nonce') && 'nonce',
      !(q.get('scope') ?? '').split(' ').includes('openid') && 'scope',
    ].filter((p) => p !== false);
    if (problems.length > 0) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`invalid request: ${problems.join(', ')}`);
      return;
    }
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, { challenge: q.get('code_challenge')!, nonce: q.get('nonce')!, redirectUri: q.get('redirect_uri')! });
    const back = new URL(this.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', this.tamperState ? 'not-the-state-this-tab-sent' : q.get('state')!);
    res.writeHead(302, { Location: back.href }).end();
  }

  private async token(form: URLSearchParams, res: ServerResponse): Promise<void> {
    const type = form.get('grant_type') ?? '';
    const refuse = (error: string, description: string) => {
      this.grants.push({ type, ok: false });
      this.json(res, 400, { error, error_description: description });
    };
    if (form.get('client_id') !== CLIENT_ID) {
      refuse('invalid_client', 'unknown client');
      return;
    }
    let nonce: string | null = null;
    if (type === 'authorization_code') {
      const pending = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? ''); // one use
      if (pending === undefined) {
        refuse('invalid_grant', 'unknown or used code');
        return;
      }
      if (form.get('redirect_uri') !== pending.redirectUri) {
        refuse('invalid_grant', 'redirect_uri differs');
        return;
      }
      if (s256(form.get('code_verifier') ?? '') !== pending.challenge) {
        refuse('invalid_grant', 'PKCE verification failed');
        return;
      }
      nonce = pending.nonce;
    } else if (type === 'refresh_token') {
      const rt = form.get('refresh_token') ?? '';
      if (this.refuseRefresh || !this.refreshTokens.delete(rt)) {
        refuse('invalid_grant', 'AADSTS700084: The refresh token has expired.');
        return;
      }
    } else {
      refuse('unsupported_grant_type', type);
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const iss = `${this.base}/${this.tenantId}/v2.0`;
    const oid = '7f0e3c1d-2b4a-4c5d-8e6f-0a1b2c3d4e5f';
    const access = await new SignJWT({
      tid: this.tenantId,
      oid,
      azp: CLIENT_ID,
      azpacr: '0',
      scp: 'AuditLog.Read.All Reports.Read.All',
      wids: [REPORTS_READER],
      upn: USER,
      preferred_username: USER,
      name: 'Megan Bowen',
      ver: '2.0',
      uti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .setIssuer(iss)
      .setAudience(GRAPH)
      .setSubject(oid)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.accessLifetime)
      .sign(this.key!.privateKey);
    const id = await new SignJWT({ tid: this.tenantId, oid, preferred_username: USER, name: 'Megan Bowen', ...(nonce === null ? {} : { nonce }) })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1', typ: 'JWT' })
      .setIssuer(iss)
      .setAudience(CLIENT_ID)
      .setSubject(oid)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(this.key!.privateKey);
    const refreshToken = randomBytes(32).toString('base64url');
    this.refreshTokens.add(refreshToken);
    this.issued.push(access);
    this.grants.push({ type, ok: true });
    this.json(res, 200, {
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/AuditLog.Read.All https://graph.microsoft.com/Reports.Read.All openid profile offline_access',
      expires_in: this.accessLifetime,
      access_token: access,
      id_token: id,
      refresh_token: refreshToken,
    });
  }
}

type AmrServer = BuiltServer;

const startAmr = (db: string, provider: TestProvider): Promise<AmrServer> =>
  serveBuilt(db, {
    env: {
      AMR_AUTH_MODE: 'oidc',
      AMR_OIDC_ISSUERS: provider.issuerTemplate,
      AMR_OIDC_AUDIENCES: GRAPH,
      AMR_DASHBOARD_CLIENT_ID: CLIENT_ID,
      AMR_DASHBOARD_AUTHORITY: provider.authority,
    },
  });

describe('dashboard oidc sign-in in chromium', { skip }, () => {
  const provider = new TestProvider();
  let dir: string;
  let amr: AmrServer;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  async function newPage(): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    const p = await context.newPage();
    p.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    // The provider's 400 to a refused grant is expected; anything else (CSP violations among them) is not.
    p.on('console', (m) => {
      if (m.type() === 'error' && !/401|400|Unauthorized|Bad Request/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
    return p;
  }

  async function signIn(p: Page, hash = ''): Promise<void> {
    await p.goto(`${amr.url}/${hash}`);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await p.getByTestId('identity').waitFor();
  }

  /** Everything the page keeps in storage, as one string. */
  const storage = (p: Page) =>
    p.evaluate(() => {
      const dump = (s: typeof localStorage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`).join('\n');
      return `${dump(localStorage)}\n${dump(sessionStorage)}`;
    });

  before(async () => {
    assert.ok(!missing, `chromium is not installed (${CHROMIUM}): .ci/run installs it with apt-get install -y chromium`);
    dir = await mkdtemp(join(tmpdir(), 'amr-dashboard-oidc-'));
    const db = await testDatabaseFile(dir);
    await run(process.execPath, [AMR, 'seed', '--users', '200', '--db', db, '--no-history']);
    provider.tenantId = (await run(process.execPath, [AMR, 'tenants', '--db', db])).stdout.trim().split(/\s+/)[0]!;
    await provider.start();
    amr = await startAmr(db, provider);
    provider.redirectUri = `${amr.url}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });

  after(async () => {
    await browser?.close();
    amr?.process.kill('SIGTERM');
    await provider.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the sign-in view offers the issuer's sign-in and passes axe", async () => {
    const p = await newPage();
    await p.goto(amr.url);
    const card = p.getByTestId('oidc-sign-in');
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(`Sign in at ${new URL(provider.base).host.replace(/\./g, '\\.')}`));
    assert.equal(await p.getByRole('button', { name: 'Sign in to the demo' }).count(), 0, 'no demo sign-in in oidc mode');
    if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(await readFile(AXE, 'utf8'));
    const violations = await p.evaluate(async () => {
      const w = window as unknown as {
        axe: { run(ctx: unknown, o: object): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      };
      const r = await w.axe.run(document, { resultTypes: ['violations'] });
      return r.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(', ')}`,
        );
    });
    assert.deepEqual(violations, [], 'axe on the oidc sign-in view');
    await context.close();
  });

  test('sign in with code + PKCE: the Registration tab shows numbers, the tenant and the identity; no token in storage or the address', async () => {
    const p = await newPage();
    const grantsBefore = provider.grants.length;
    await signIn(p, '#/registration?type=member&role=all');
    const asked = provider.authorizeRequests.at(-1)!;
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.equal(asked.get('response_mode'), 'query');
    assert.equal(
      asked.get('scope'),
      'openid profile offline_access https://graph.microsoft.com/AuditLog.Read.All https://graph.microsoft.com/Reports.Read.All',
    );
    assert.deepEqual(provider.grants.slice(grantsBefore), [{ type: 'authorization_code', ok: true }], 'the code was redeemed with the right verifier');
    assert.match(await p.getByTestId('tenant').innerText(), new RegExp(provider.tenantId));
    assert.match(await p.getByTestId('identity').innerText(), new RegExp(`${USER.replace(/\./g, '\\.')}, until .*\\(renewed automatically\\)`));
    // The view the sign-in started from, and numbers the server computed for the provider's token.
    assert.match(p.url(), /\/#\/registration\?type=member&role=all$/);
    await p.waitForFunction(() => /\d/.test(document.querySelector('[data-tile=mfa] .big')?.textContent ?? ''));
    assert.doesNotMatch(p.url(), /code=|state=/);
    const stored = await storage(p);
    assert.doesNotMatch(stored, /eyJ/, 'no token in localStorage or sessionStorage');
    assert.doesNotMatch(stored, /amr\.oidc\.pending/, 'the code verifier is gone once the answer came back');
    assert.doesNotMatch(await p.evaluate(() => location.href), /eyJ/);
    await context.close();
  });

  test('an answer with another state is refused with a clear message, and no code is redeemed', async () => {
    const p = await newPage();
    const grantsBefore = provider.grants.length;
    provider.tamperState = true;
    try {
      await p.goto(amr.url);
      await p.getByRole('button', { name: 'Sign in', exact: true }).click();
      const alert = p.getByRole('alert').filter({ hasText: 'Sign-in did not complete' });
      await alert.waitFor();
      assert.match(await alert.innerText(), /does not belong to a sign-in started in this tab \(its state does not match\)/);
    } finally {
      provider.tamperState = false;
    }
    assert.equal(provider.grants.length, grantsBefore, 'no token request');
    assert.doesNotMatch(await storage(p), /amr\.oidc\.pending/);
    assert.doesNotMatch(p.url(), /code=/);
    assert.equal(await p.getByTestId('identity').count(), 0);
    // An answer arriving with no sign-in started at all is refused the same way.
    await p.goto(`${amr.url}/?code=made-up&state=made-up`);
    await p.getByRole('alert').filter({ hasText: 'its state does not match' }).waitFor();
    assert.equal(provider.grants.length, grantsBefore);
    await context.close();
  });

  test('a token about to expire is renewed with the refresh token, in memory, without leaving the page', async () => {
    provider.accessLifetime = 8;
    try {
      const p = await newPage();
      const tokens: string[] = [];
      p.on('request', (r) => {
        const a = r.headers().authorization;
        if (a !== undefined && r.url().startsWith(amr.url)) tokens.push(a.replace(/^Bearer /, ''));
      });
      await signIn(p, '#/registration');
      const first = provider.issued.at(-1)!;
      const grantsBefore = provider.grants.length;
      await p.waitForFunction(() => /\d/.test(document.querySelector('[data-tile=mfa] .big')?.textContent ?? ''));
      // Renewal is due a quarter of the lifetime (2 s) before expiry.
      const deadline = Date.now() + 15_000;
      while (!provider.grants.slice(grantsBefore).some((g) => g.type === 'refresh_token' && g.ok) && Date.now() < deadline) await p.waitForTimeout(250);
      assert.ok(
        provider.grants.slice(grantsBefore).some((g) => g.type === 'refresh_token' && g.ok),
        'a refresh_token grant',
      );
      const renewed = provider.issued.at(-1)!;
      assert.notEqual(renewed, first);
      await p.waitForTimeout(3000); // past the first token's expiry
      assert.equal(await p.getByTestId('identity').count(), 1, 'still signed in');
      await p.evaluate(() => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = '#/usage';
      });
      await p.locator('[data-chart=requirement] canvas').first().waitFor();
      assert.ok(tokens.length > 0 && !tokens.slice(-1).includes(first) && provider.issued.includes(tokens.at(-1)!), 'the usage view used a renewed token');
      assert.doesNotMatch(await storage(p), /eyJ/);
      await context.close();
    } finally {
      provider.accessLifetime = 3600;
    }
  });

  test('when renewal is refused, the page asks to sign in again at expiry and keeps the view', async () => {
    provider.accessLifetime = 5;
    provider.refuseRefresh = true;
    try {
      const p = await newPage();
      await signIn(p, '#/usage?period=d7');
      const alert = p.getByRole('alert').filter({ hasText: 'Your sign-in has expired' });
      await alert.waitFor({ timeout: 15_000 });
      assert.ok(
        provider.grants.some((g) => g.type === 'refresh_token' && !g.ok),
        'renewal was tried',
      );
      assert.match(p.url(), /#\/usage\?period=d7$/);
      await p.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      await context.close();
    } finally {
      provider.accessLifetime = 3600;
      provider.refuseRefresh = false;
    }
  });

  test('no script errors and no content-security-policy violations', () => {
    assert.deepEqual(pageErrors, []);
  });
});
