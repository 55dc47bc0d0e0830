// AMR_AUTH_MODE=oidc against a local issuer (discovery document + JWKS over HTTP): Entra v1 and
// v2 access tokens, app-only tokens, Graph tokens with a header nonce, key rotation (unknown kid
// → fetched again), untrusted issuers (never fetched), and an issuer whose keys cannot be fetched
// (the fetch bounds themselves: oidc-fetch-bounds.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { GraphError } from '../graph/errors.js';
import { buildApp } from './app.js';
import { loadConfig, type AuthConfig } from './config.js';
import { OidcVerifier, withHashedNonce } from './oidc-verifier.js';
import { ensureSigningKey, REPORTS_READER } from './tokens.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import { NOW, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';

interface Key {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function newKey(): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A local OpenID provider: /{tid}/v2.0/.well-known/openid-configuration and /keys; counts fetches. */
class Issuer {
  server!: Server;
  base = '';
  keys: Key[] = [];
  fetches = { discovery: 0, jwks: 0 };
  down = false;

  async start(): Promise<void> {
    this.keys = [await newKey()];
    this.server = createServer((req, res) => {
      if (this.down) {
        res.writeHead(500).end('down');
        return;
      }
      if (req.url?.endsWith('/.well-known/openid-configuration')) {
        this.fetches.discovery++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: this.base, jwks_uri: `${this.base}/keys` }));
      } else if (req.url === '/keys') {
        this.fetches.jwks++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.base = `http://127.0.0.1:${address.port}`;
  }

  v2(tid: string): string {
    return `${this.base}/${tid}/v2.0`;
  }
  v1(tid: string): string {
    return `${this.base}/sts/${tid}/`;
  }
  config(): Extract<AuthConfig, { mode: 'oidc' }> {
    return {
      mode: 'oidc',
      issuers: [`${this.base}/{tenantid}/v2.0`, `${this.base}/sts/{tenantid}/`],
      audiences: ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'],
      jwksUri: null,
    };
  }

  async sign(claims: Record<string, unknown>, options: { key?: Key; header?: Record<string, unknown> } = {}): Promise<string> {
    const key = options.key ?? this.keys[0]!;
    const iat = Math.floor(NOW.getTime() / 1000);
    return new SignJWT({ iat, nbf: iat, exp: iat + 3600, ...claims })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid, ...options.header })
      .sign(key.privateKey);
  }
}

const issuer = new Issuer();
before(() => issuer.start());
after(() => issuer.server.close());

const v1User = (overrides: Record<string, unknown> = {}) =>
  issuer.sign({
    aud: '00000003-0000-0000-c000-000000000000',
    iss: issuer.v1(TENANT),
    tid: TENANT,
    oid: randomUUID(),
    appid: 'app-v1',
    ver: '1.0',
    scp: 'AuditLog.Read.All User.Read',
    wids: [REPORTS_READER],
    ...overrides,
  });

describe('OidcVerifier', () => {
  test('an Entra v1 delegated token: tid, oid, appid, scp, wids', async () => {
    const p = await new OidcVerifier(issuer.config()).verify(await v1User(), NOW);
    assert.equal(p.tenantId, TENANT);
    assert.equal(p.kind, 'delegated');
    assert.equal(p.appId, 'app-v1');
    assert.deepEqual([...p.scopes].sort(), ['AuditLog.Read.All', 'User.Read']);
    assert.deepEqual([...p.wids], [REPORTS_READER]);
  });
  test('an Entra v2 app-only token: azp, roles, no scp', async () => {
    const token = await issuer.sign({
      aud: 'https://graph.microsoft.com',
      iss: issuer.v2(TENANT),
      tid: TENANT,
      oid: randomUUID(),
      azp: 'app-v2',
      ver: '2.0',
      roles: ['AuditLog.Read.All'],
      idtyp: 'app',
    });
    const p = await new OidcVerifier(issuer.config()).verify(token, NOW);
    assert.equal(p.kind, 'application');
    assert.equal(p.appId, 'app-v2');
    assert.deepEqual([...p.roles], ['AuditLog.Read.All']);
    assert.equal(p.scopes.size, 0);
  });
  test('a Graph token whose header nonce is signed as its SHA-256', async () => {
    const nonce = 'AQABAAAAAAD--DLA3VO7QrddgJg7WevrsQm8BPrxvM3PlpfC';
    const hashed = createHash('sha256').update(nonce).digest('base64url');
    const signed = await issuer.sign(
      { aud: 'https://graph.microsoft.com', iss: issuer.v1(TENANT), tid: TENANT, scp: 'AuditLog.Read.All', wids: [REPORTS_READER] },
      { header: { nonce: hashed } },
    );
    // What Entra hands out: the same header with the raw nonce.
    const [h, p, sig] = signed.split('.');
    const header = JSON.parse(Buffer.from(h!, 'base64url').toString()) as Record<string, unknown>;
    const token = `${Buffer.from(JSON.stringify({ ...header, nonce })).toString('base64url')}.${p}.${sig}`;
    assert.equal(withHashedNonce(token), signed);
    const principal = await new OidcVerifier(issuer.config()).verify(token, NOW);
    assert.equal(principal.tenantId, TENANT);
  });
  test('a rotated key (unknown kid) is fetched again', async () => {
    const verifier = new OidcVerifier(issuer.config(), { refetchCooldownMs: 0 });
    await verifier.verify(await v1User(), NOW);
    const before = issuer.fetches.jwks;
    const rotated = await newKey();
    issuer.keys = [rotated, ...issuer.keys];
    await verifier.verify(
      await issuer.sign({ aud: 'https://graph.microsoft.com', iss: issuer.v1(TENANT), tid: TENANT, scp: 'AuditLog.Read.All' }, { key: rotated }),
      NOW,
    );
    assert.equal(issuer.fetches.jwks, before + 1);
    // Known keys are not fetched again.
    await verifier.verify(await v1User(), NOW);
    assert.equal(issuer.fetches.jwks, before + 1);
  });
  const refused: readonly [string, () => Promise<string>, RegExp][] = [
    ['an issuer not configured (never fetched)', () => v1User({ iss: 'http://127.0.0.1:1/evil/' }), /Invalid issuer/],
    ['an issuer of another tenant', () => v1User({ iss: issuer.v1('99999999-8888-7777-6666-555555555555') }), /Invalid issuer/],
    ['a wrong audience', () => v1User({ aud: 'api://other' }), /Invalid audience/],
    ['an expired token', () => v1User({ exp: Math.floor(NOW.getTime() / 1000) - 600 }), /expired/],
    [
      'a key the issuer does not publish',
      async () => {
        const stranger = await newKey();
        return issuer.sign({ aud: 'https://graph.microsoft.com', iss: issuer.v1(TENANT), tid: TENANT }, { key: stranger });
      },
      /does not publish/,
    ],
  ];
  for (const [name, token, message] of refused) {
    test(`refuses ${name} with 401`, async () => {
      const before = issuer.fetches.discovery;
      await assert.rejects(
        new OidcVerifier(issuer.config()).verify(await token(), NOW),
        (err: unknown) => err instanceof GraphError && err.status === 401 && err.code === 'InvalidAuthenticationToken' && message.test(err.message),
      );
      if (!name.includes('does not publish')) assert.equal(issuer.fetches.discovery, before); // refused before any fetch
    });
  }
  test('a known issuer whose keys cannot be fetched: 503 with Retry-After, and later recovers', async () => {
    let ms = 0;
    const verifier = new OidcVerifier(issuer.config(), { clock: () => ms });
    await verifier.verify(await v1User(), NOW);
    const rotated = await newKey();
    ms += 30_000; // past the unknown-kid cooldown
    issuer.down = true;
    const token = await issuer.sign({ aud: 'https://graph.microsoft.com', iss: issuer.v1(TENANT), tid: TENANT, scp: 'AuditLog.Read.All' }, { key: rotated });
    try {
      await assert.rejects(
        verifier.verify(token, NOW),
        (err: unknown) => err instanceof GraphError && err.status === 503 && err.headers['Retry-After'] === '30',
      );
    } finally {
      issuer.down = false;
    }
    issuer.keys = [rotated, ...issuer.keys];
    ms += 30_000; // past the remembered failure
    assert.equal((await verifier.verify(token, NOW)).tenantId, TENANT);
  });
  test('an issuer amr has never reached, its keys unreachable: 401', async () => {
    issuer.down = true;
    try {
      await assert.rejects(
        new OidcVerifier(issuer.config()).verify(await v1User(), NOW),
        (err: unknown) => err instanceof GraphError && err.status === 401 && /cannot get the signing keys/.test(err.message),
      );
    } finally {
      issuer.down = false;
    }
  });
});

describe('the server in oidc mode, over HTTP', () => {
  test("accepts the issuer's tokens and refuses dev tokens", async () => {
    const store = await openStore({ db: await testDatabase(), now: () => NOW });
    await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    const signingKey = await ensureSigningKey(store);
    const config = loadConfig({ AMR_AUTH_MODE: 'oidc', AMR_OIDC_ISSUERS: issuer.config().issuers.join(',') });
    const app = await buildApp({ config, store, signingKey, skipTokenSecret: 's', logger: false, now: () => NOW });
    try {
      const base = await app.listen({ host: '127.0.0.1', port: 0 });
      const url = `${base}/v1.0/reports/authenticationMethods/userRegistrationDetails`;
      const ok = await fetch(url, { headers: { authorization: `Bearer ${await v1User()}` } });
      assert.equal(ok.status, 200);
      const { mintDevToken } = await import('./tokens.js');
      const dev = await fetch(url, { headers: { authorization: `Bearer ${await mintDevToken(signingKey, { tenantId: TENANT }, NOW)}` } });
      assert.equal(dev.status, 401);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('configuration', () => {
  test('oidc needs issuers; bad values name the variable', () => {
    assert.throws(() => loadConfig({ AMR_AUTH_MODE: 'oidc' }), /AMR_OIDC_ISSUERS/);
    assert.throws(() => loadConfig({ AMR_AUTH_MODE: 'oidc', AMR_OIDC_ISSUERS: 'ftp://x/' }), /AMR_OIDC_ISSUERS/);
    assert.throws(() => loadConfig({ AMR_AUTH_MODE: 'magic' }), /AMR_AUTH_MODE=magic/);
    assert.deepEqual(loadConfig({}).auth, { mode: 'dev' });
  });
  test('throttle numbers are refused where they would be ignored', () => {
    assert.throws(() => loadConfig({ AMR_THROTTLE: 'graph', AMR_THROTTLE_PER_TENANT: '2/1' }), /AMR_THROTTLE_PER_TENANT is used only with AMR_THROTTLE=custom/);
    assert.throws(() => loadConfig({ AMR_THROTTLE_PER_APP: '2/1' }), /AMR_THROTTLE_PER_APP/);
    assert.throws(() => loadConfig({ AMR_THROTTLE: 'custom', AMR_THROTTLE_PER_TENANT: 'many' }), /REQUESTS\/SECONDS/);
    assert.deepEqual(loadConfig({ AMR_THROTTLE: 'custom', AMR_THROTTLE_PER_TENANT: '2/1' }).throttle.perAppPerTenant, { requests: 2, windowSeconds: 1 });
    assert.deepEqual(loadConfig({ AMR_THROTTLE: 'graph' }).throttle.perAppAllTenants, { requests: 122, windowSeconds: 10 });
  });
});

describe('oidc fetch bounds from the environment', () => {
  const base = { AMR_AUTH_MODE: 'oidc', AMR_OIDC_ISSUERS: 'https://login.microsoftonline.com/{tenantid}/v2.0' };
  test('defaults, given values, and values out of range refused with the variable named', () => {
    const bounds = (env: Record<string, string>) => {
      const a = loadConfig({ ...base, ...env }).auth;
      return a.mode === 'oidc' ? a.fetchBounds : undefined;
    };
    assert.deepEqual(bounds({}), { newIssuersPerMinute: 60, maxIssuers: 1000, timeoutMs: 5000 });
    assert.deepEqual(bounds({ AMR_OIDC_NEW_ISSUERS_PER_MINUTE: '5', AMR_OIDC_MAX_ISSUERS: '20', AMR_OIDC_FETCH_TIMEOUT_MS: '2000' }), {
      newIssuersPerMinute: 5,
      maxIssuers: 20,
      timeoutMs: 2000,
    });
    for (const [name, value] of [
      ['AMR_OIDC_NEW_ISSUERS_PER_MINUTE', '0'],
      ['AMR_OIDC_MAX_ISSUERS', 'many'],
      ['AMR_OIDC_FETCH_TIMEOUT_MS', '10'],
    ]) {
      assert.throws(() => loadConfig({ ...base, [name!]: value! }), new RegExp(`${name}=${value} is not valid`));
    }
  });
});
