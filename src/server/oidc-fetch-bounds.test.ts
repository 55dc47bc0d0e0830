// The oidc mode's fetches are bounded (decision 0057, issue 11 item 4): tokens failing a check that
// needs no key never cause a fetch; thousands of forged tenants cost a bounded number of fetches
// and a bounded cache; concurrent tokens share one fetch; a failure is remembered for its TTL;
// unknown issuers get 401 and known ones 503; bodies and time are capped. Against a local OpenID
// provider double whose discovery, like Entra's, answers 400 for a tenant it does not hold.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { GraphError } from '../graph/errors.js';
import type { AuthConfig } from './config.js';
import { ISSUER_KEYS_DEFAULTS, type IssuerKeysOptions } from './issuer-keys.js';
import { LruMap } from './lru-map.js';
import { OidcVerifier } from './oidc-verifier.js';
import { NOW, TENANT } from '../test-support/fixture-tenant.js';

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

type Mode = 'up' | 'down' | 'hang' | 'huge' | 'chunked-huge' | 'slow-body' | 'not-json' | 'no-jwks-uri';
const DISCOVERY = /^\/([0-9a-f-]{36})\/v2\.0\/\.well-known\/openid-configuration$/;

/**
 * /{tid}/v2.0/.well-known/openid-configuration (400 unless the tenant is held, as Entra answers
 * AADSTS90002), /{tid}/keys (per tenant, as Entra's tenant discovery names), /common/keys,
 * /fixed/.well-known/openid-configuration; every request counted; `mode` breaks them all.
 */
class Provider {
  server!: Server;
  base = '';
  keys: Key[] = [];
  tenants = new Set<string>([TENANT]);
  fetches = { discovery: 0, jwks: 0 };
  mode: Mode = 'up';

  async start(): Promise<void> {
    this.keys = [await newKey()];
    this.server = createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  reset(): void {
    this.fetches = { discovery: 0, jwks: 0 };
    this.mode = 'up';
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '';
    const discovery = DISCOVERY.exec(url);
    if (discovery !== null || url === '/fixed/.well-known/openid-configuration') this.fetches.discovery++;
    else if (url.endsWith('/keys')) this.fetches.jwks++;
    else {
      res.writeHead(404).end();
      return;
    }
    if (this.broken(res)) return;
    if (discovery !== null) {
      if (!this.tenants.has(discovery[1]!)) {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_tenant"}');
        return;
      }
      this.json(res, { issuer: `${this.base}/${discovery[1]}/v2.0`, jwks_uri: this.mode === 'no-jwks-uri' ? undefined : `${this.base}/${discovery[1]}/keys` });
    } else if (url.startsWith('/fixed/')) {
      this.json(res, { issuer: `${this.base}/fixed`, jwks_uri: `${this.base}/common/keys` });
    } else {
      this.json(res, { keys: this.keys.map((k) => ({ ...k.jwk, x5c: ['MIIC...'.repeat(100)] })) });
    }
  }

  private broken(res: ServerResponse): boolean {
    const big = `{"keys":[],"padding":"${'x'.repeat(1 << 20)}"}`;
    switch (this.mode) {
      case 'down':
        res.writeHead(500).end('down');
        return true;
      case 'hang':
        return true; // never answers
      case 'huge':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(big.length) }).end(big);
        return true;
      case 'chunked-huge':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write(big.slice(0, 1 << 19));
        res.end(big.slice(1 << 19));
        return true;
      case 'slow-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"keys":[');
        return true; // and nothing more
      case 'not-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>');
        return true;
      default:
        return false;
    }
  }

  private json(res: ServerResponse, body: unknown): void {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  template(): string {
    return `${this.base}/{tenantid}/v2.0`;
  }
  issuer(tid: string): string {
    return `${this.base}/${tid}/v2.0`;
  }
  config(overrides: Partial<Extract<AuthConfig, { mode: 'oidc' }>> = {}): Extract<AuthConfig, { mode: 'oidc' }> {
    return { mode: 'oidc', issuers: [this.template()], audiences: ['https://graph.microsoft.com'], jwksUri: null, ...overrides };
  }

  sign(tid: string, key: Key = this.keys[0]!): Promise<string> {
    return new SignJWT(claimsFor(this.issuer(tid), tid)).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: key.kid }).sign(key.privateKey);
  }
}

const NOW_S = Math.floor(NOW.getTime() / 1000);
const claimsFor = (iss: string, tid: string): Record<string, unknown> => ({
  aud: 'https://graph.microsoft.com',
  iss,
  tid,
  oid: randomUUID(),
  azp: 'app',
  scp: 'AuditLog.Read.All',
  iat: NOW_S,
  nbf: NOW_S,
  exp: NOW_S + 3600,
});
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** A token nobody signed: what a flood of forged tenants looks like. */
const forged = (claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: randomUUID() }): string =>
  `${b64(header)}.${b64(claims)}.${Buffer.from(randomUUID()).toString('base64url')}`;

const provider = new Provider();
before(() => provider.start());
after(() => provider.stop());

/** A test clock (ms) and a verifier on it. */
function setup(options: Partial<IssuerKeysOptions> = {}, config = provider.config()) {
  provider.reset();
  const clock = { ms: 1_000_000 };
  const verifier = new OidcVerifier(config, { clock: () => clock.ms, ...options });
  return { clock, verifier };
}

async function refusal(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof GraphError, String(err));
    return err;
  }
  assert.fail('the token was accepted');
}

const is401 = (err: GraphError, message: RegExp) => {
  assert.equal(err.status, 401, err.message);
  assert.equal(err.code, 'InvalidAuthenticationToken');
  assert.equal(err.headers['WWW-Authenticate'], 'Bearer');
  assert.match(err.message, message);
};

describe('checks that need no key come before any fetch', () => {
  const tid = randomUUID();
  const good = claimsFor('', tid);
  const cases: readonly [string, () => string, RegExp][] = [
    ['a wrong audience', () => forged({ ...good, iss: provider.issuer(tid), aud: 'api://other' }), /Invalid audience/],
    ['an expired token', () => forged({ ...good, iss: provider.issuer(tid), exp: NOW_S - 600 }), /expired/],
    ['no exp', () => forged({ ...good, iss: provider.issuer(tid), exp: undefined }), /exp/],
    ['a token not yet valid', () => forged({ ...good, iss: provider.issuer(tid), nbf: NOW_S + 3600 }), /not yet valid/],
    ['a non-numeric iat', () => forged({ ...good, iss: provider.issuer(tid), iat: 'yesterday' }), /iat/],
    ['HS256', () => forged({ ...good, iss: provider.issuer(tid) }, { alg: 'HS256', kid: 'k' }), /algorithm is not accepted/],
    ['alg none', () => forged({ ...good, iss: provider.issuer(tid) }, { alg: 'none' }), /algorithm is not accepted/],
    ['an iss of another tenant than tid', () => forged({ ...good, iss: provider.issuer(randomUUID()) }), /Invalid issuer/],
    ['an iss outside the templates', () => forged({ ...good, iss: `${provider.base}/evil/${tid}/v2.0` }), /Invalid issuer/],
    ['a tid that is no GUID', () => forged({ ...good, tid: 'common', iss: provider.issuer('common') }), /not a GUID/],
  ];
  for (const [name, token, message] of cases) {
    test(`${name}: 401, nothing fetched`, async () => {
      const { verifier } = setup();
      is401(await refusal(verifier.verify(token(), NOW)), message);
      assert.deepEqual(provider.fetches, { discovery: 0, jwks: 0 });
    });
  }
});

describe('forged tenants: bounded fetches and memory', () => {
  const flood = async (verifier: OidcVerifier, count: number, message = /Invalid issuer/) => {
    for (let i = 0; i < count; i++) {
      const tid = randomUUID();
      is401(await refusal(verifier.verify(forged(claimsFor(provider.issuer(tid), tid)), NOW)), message);
    }
  };

  test('5,000 distinct tenant ids: at most the new-issuer budget is fetched, every answer a 401', async () => {
    const { verifier } = setup();
    await flood(verifier, 5_000);
    assert.equal(provider.fetches.discovery, ISSUER_KEYS_DEFAULTS.newIssuersPerMinute);
    assert.equal(provider.fetches.jwks, 0);
    assert.deepEqual(verifier.cacheSizes(), { discovered: 0, failedIssuers: ISSUER_KEYS_DEFAULTS.newIssuersPerMinute, discovering: 0, keySets: 0 });
  });

  test('the budget refills with time: one new issuer a second by default', async () => {
    const { verifier, clock } = setup();
    await flood(verifier, 100);
    assert.equal(provider.fetches.discovery, 60);
    clock.ms += 10_000;
    await flood(verifier, 100);
    assert.equal(provider.fetches.discovery, 70);
  });

  test('without a budget, the caches still hold at most maxIssuers failures, and a held tenant stays known', async () => {
    const { verifier } = setup({ newIssuersPerMinute: 1e9, maxIssuers: 100 });
    const held = await provider.sign(TENANT);
    await verifier.verify(held, NOW);
    await flood(verifier, 1_000);
    assert.equal(provider.fetches.discovery, 1_001);
    assert.deepEqual(verifier.cacheSizes(), { discovered: 1, failedIssuers: 100, discovering: 0, keySets: 1 });
    // The flood evicted only failures: the held tenant is neither discovered nor keyed again.
    assert.equal((await verifier.verify(held, NOW)).tenantId, TENANT);
    assert.deepEqual(provider.fetches, { discovery: 1_001, jwks: 1 });
  });

  test('a template with a shared key set: no discovery at all, one key set fetch for every tenant', async () => {
    const { verifier, clock } = setup({ sharedKeySets: { [provider.template()]: `${provider.base}/common/keys` } });
    provider.tenants.add('aaaaaaaa-0000-0000-0000-000000000001');
    assert.equal((await verifier.verify(await provider.sign(TENANT), NOW)).tenantId, TENANT);
    assert.equal((await verifier.verify(await provider.sign('aaaaaaaa-0000-0000-0000-000000000001'), NOW)).tenantId, 'aaaaaaaa-0000-0000-0000-000000000001');
    // Made-up kids: no refetch within the cooldown, then one.
    await flood(verifier, 5_000, /does not publish/);
    assert.deepEqual(provider.fetches, { discovery: 0, jwks: 1 });
    clock.ms += ISSUER_KEYS_DEFAULTS.refetchCooldownMs;
    await flood(verifier, 100, /does not publish/);
    assert.deepEqual(provider.fetches, { discovery: 0, jwks: 2 });
    assert.deepEqual(verifier.cacheSizes(), { discovered: 0, failedIssuers: 0, discovering: 0, keySets: 1 });
  });
});

describe('single flight', () => {
  test('50 concurrent identical tokens: one discovery, one key set fetch', async () => {
    const { verifier } = setup();
    const token = await provider.sign(TENANT);
    const principals = await Promise.all(Array.from({ length: 50 }, () => verifier.verify(token, NOW)));
    assert.ok(principals.every((p) => p.tenantId === TENANT));
    assert.deepEqual(provider.fetches, { discovery: 1, jwks: 1 });
  });

  test('50 concurrent tokens of a tenant whose discovery fails: one fetch, 50 refusals', async () => {
    const { verifier } = setup();
    const tid = randomUUID();
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => verifier.verify(forged(claimsFor(provider.issuer(tid), tid)), NOW)));
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as GraphError).status === 401));
    assert.equal(provider.fetches.discovery, 1);
  });

  test('a known key set refetched for 50 concurrent unknown kids: one fetch', async () => {
    const { verifier, clock } = setup();
    await verifier.verify(await provider.sign(TENANT), NOW);
    const rotated = await newKey();
    provider.keys = [rotated, ...provider.keys];
    try {
      clock.ms += ISSUER_KEYS_DEFAULTS.refetchCooldownMs;
      const token = await provider.sign(TENANT, rotated);
      await Promise.all(Array.from({ length: 50 }, () => verifier.verify(token, NOW)));
      assert.deepEqual(provider.fetches, { discovery: 1, jwks: 2 });
    } finally {
      provider.keys = provider.keys.slice(1);
    }
  });
});

describe('a failure is remembered for failureTtlMs, then tried again', () => {
  test('a tenant whose discovery fails', async () => {
    const { verifier, clock } = setup();
    const tid = randomUUID();
    const token = forged(claimsFor(provider.issuer(tid), tid));
    is401(await refusal(verifier.verify(token, NOW)), /answered 400/);
    clock.ms += ISSUER_KEYS_DEFAULTS.failureTtlMs - 1;
    is401(await refusal(verifier.verify(token, NOW)), /answered 400/);
    assert.equal(provider.fetches.discovery, 1);
    clock.ms += 1;
    is401(await refusal(verifier.verify(token, NOW)), /answered 400/);
    assert.equal(provider.fetches.discovery, 2);
  });

  test('a known issuer whose key set fails: 503 with the remaining wait as Retry-After, then recovery', async () => {
    const { verifier, clock } = setup({}, provider.config({ jwksUri: `${provider.base}/common/keys` }));
    const token = await provider.sign(TENANT);
    provider.mode = 'down';
    const first = await refusal(verifier.verify(token, NOW));
    assert.equal(first.status, 503);
    assert.equal(first.code, 'serviceNotAvailable');
    assert.equal(first.headers['Retry-After'], '30');
    provider.mode = 'up';
    clock.ms += 20_000;
    assert.equal((await refusal(verifier.verify(token, NOW))).headers['Retry-After'], '10');
    assert.equal(provider.fetches.jwks, 1);
    clock.ms += 10_000;
    assert.equal((await verifier.verify(token, NOW)).tenantId, TENANT);
    assert.equal(provider.fetches.jwks, 2);
  });
});

describe('401 for an issuer amr never reached, 503 for a known one', () => {
  test('a template issuer never reached, its provider down: 401', async () => {
    const { verifier } = setup();
    provider.mode = 'down';
    is401(await refusal(verifier.verify(await provider.sign(TENANT), NOW)), /cannot get the signing keys .*answered 500/);
  });

  test('a template issuer reached before, its keys now unreachable (a rotated kid): 503', async () => {
    const { verifier, clock } = setup();
    await verifier.verify(await provider.sign(TENANT), NOW);
    const rotated = await newKey();
    clock.ms += ISSUER_KEYS_DEFAULTS.refetchCooldownMs;
    provider.mode = 'down';
    const err = await refusal(verifier.verify(await provider.sign(TENANT, rotated), NOW));
    assert.equal(err.status, 503);
    assert.equal(err.headers['Retry-After'], '30');
    // Tokens signed with the keys already held still verify.
    assert.equal((await verifier.verify(await provider.sign(TENANT), NOW)).tenantId, TENANT);
  });

  const configured: readonly [string, () => Extract<AuthConfig, { mode: 'oidc' }>, () => Partial<IssuerKeysOptions>][] = [
    ['AMR_OIDC_JWKS_URI', () => provider.config({ jwksUri: `${provider.base}/common/keys` }), () => ({})],
    ['a shared key set', () => provider.config(), () => ({ sharedKeySets: { [provider.template()]: `${provider.base}/common/keys` } })],
    ['a fixed (non-template) issuer', () => provider.config({ issuers: [`${provider.base}/fixed`] }), () => ({})],
  ];
  for (const [name, config, options] of configured) {
    test(`${name}, unreachable from the start: 503`, async () => {
      const { verifier } = setup(options(), config());
      provider.mode = 'down';
      const iss = config().issuers[0]!.replace('{tenantid}', TENANT);
      const err = await refusal(verifier.verify(forged(claimsFor(iss, TENANT)), NOW));
      assert.equal(err.status, 503, err.message);
      assert.match(err.message, /answered 500/);
    });
  }

  test('over the new-issuer budget: 401 saying so, and nothing remembered', async () => {
    const { verifier } = setup({ newIssuersPerMinute: 0 });
    is401(await refusal(verifier.verify(await provider.sign(TENANT), NOW)), /discovers at most 0 issuers new to it a minute/);
    assert.deepEqual(provider.fetches, { discovery: 0, jwks: 0 });
    assert.deepEqual(verifier.cacheSizes(), { discovered: 0, failedIssuers: 0, discovering: 0, keySets: 0 });
  });
});

describe('bodies and time are capped', () => {
  const broken: readonly [Mode, RegExp][] = [
    ['huge', /more than 65536 bytes/],
    ['chunked-huge', /more than 65536 bytes/],
    ['not-json', /did not send JSON/],
    ['no-jwks-uri', /names no http\(s\) jwks_uri/],
    ['hang', /did not answer within 300 ms/],
    ['slow-body', /did not answer within 300 ms/],
  ];
  for (const [mode, message] of broken) {
    test(`discovery that is ${mode}: 401 with the reason`, async () => {
      const { verifier } = setup({ timeoutMs: 300 });
      provider.mode = mode;
      is401(await refusal(verifier.verify(await provider.sign(TENANT), NOW)), message);
    });
  }
  test('a key set over the cap, for a configured JWKS URI: 503 with the reason', async () => {
    const { verifier } = setup({}, provider.config({ jwksUri: `${provider.base}/common/keys` }));
    provider.mode = 'chunked-huge';
    const err = await refusal(verifier.verify(await provider.sign(TENANT), NOW));
    assert.equal(err.status, 503);
    assert.match(err.message, /more than 65536 bytes/);
  });
});

describe('LruMap', () => {
  test('drops the least recently used entry past its capacity', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    assert.equal(lru.get('a'), 1); // a is now the most recent
    lru.set('c', 3);
    assert.equal(lru.get('b'), undefined);
    assert.equal(lru.get('a'), 1);
    assert.equal(lru.get('c'), 3);
    assert.equal(lru.size, 2);
    assert.throws(() => new LruMap(0), RangeError);
  });
});
