// The token source against a loopback Entra token endpoint: both credential kinds, caching, single flight, AADSTS errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeProtectedHeader, importX509, jwtVerify } from 'jose';
import { ManualClock } from './manual-clock.js';
import { readSyncSettings } from './settings.js';
import { isSyncError } from './sync-error.js';
import { aadErrorBody, json, startLoopback, type Received } from './test-http.js';
import { TEST_RSA_CERT, TEST_RSA_KEY } from './test-keys.js';
import { ASSERTION_LIFETIME_S, TokenSource } from './token-source.js';

const TENANT = '0e7b3f1a-1111-4222-8333-944445555666';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'Zx8Q~super.secret-value_1234567890';

function settings(login: string, credential: 'secret' | 'certificate'): ReturnType<typeof readSyncSettings> {
  return readSyncSettings({
    tenant: TENANT,
    env: {
      AMR_SYNC_CLIENT_ID: CLIENT,
      AMR_LOGIN_URL: login,
      AMR_GRAPH_URL: 'http://127.0.0.1:1',
      ...(credential === 'secret' ? { AMR_SYNC_CLIENT_SECRET: SECRET } : { AMR_SYNC_CERTIFICATE: TEST_RSA_KEY + TEST_RSA_CERT }),
    },
  });
}

const form = (r: Received): URLSearchParams => new URLSearchParams(r.body);

test('secret flow: the form Entra documents; the token is cached and fetched once for concurrent callers', async () => {
  let n = 0;
  const aad = await startLoopback((r, res) => {
    n++;
    json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `tok-${n}` });
  });
  try {
    const clock = new ManualClock();
    const ts = new TokenSource(settings(aad.url, 'secret'), { clock });
    const tokens = await Promise.all([ts.getToken(), ts.getToken(), ts.getToken()]);
    assert.equal(aad.received.length, 1);
    assert.ok(tokens.every((t) => t === tokens[0]));
    assert.equal(tokens[0]!.authorization(), 'Bearer tok-1');
    const r = aad.received[0]!;
    assert.equal(r.method, 'POST');
    assert.equal(r.url, `/${TENANT}/oauth2/v2.0/token`);
    assert.equal(r.headers['content-type'], 'application/x-www-form-urlencoded');
    const f = form(r);
    assert.equal(f.get('grant_type'), 'client_credentials');
    assert.equal(f.get('client_id'), CLIENT);
    assert.equal(f.get('scope'), 'http://127.0.0.1:1/.default');
    assert.equal(f.get('client_secret'), SECRET);
    assert.equal(f.get('client_assertion'), null);

    await clock.advance(3599_000 - 5 * 60_000 - 1);
    assert.equal((await ts.getToken()).authorization(), 'Bearer tok-1');
    await clock.advance(1);
    assert.equal((await ts.getToken()).authorization(), 'Bearer tok-2', 'refreshed 5 minutes before expiry');
    ts.invalidate(await ts.getToken());
    assert.equal((await ts.getToken()).authorization(), 'Bearer tok-3', 'a refused token is not reused');
    assert.ok(!inspect(tokens[0]).includes('tok-1') && !JSON.stringify(tokens[0]).includes('tok-1'));
  } finally {
    await aad.close();
  }
});

test('certificate flow: a PS256 assertion with x5t#S256 and x5t, aud = token endpoint, iss = sub = client id, ≤ 10 min', async () => {
  const publicKey = await importX509(TEST_RSA_CERT, 'PS256');
  const der = new X509Certificate(TEST_RSA_CERT).raw;
  const failures: string[] = [];
  const jtis = new Set<string>();
  const aad = await startLoopback(async (r, res) => {
    const f = form(r);
    const endpoint = `http://127.0.0.1:${r.headers.host?.split(':')[1] ?? ''}/${TENANT}/oauth2/v2.0/token`;
    try {
      assert.equal(f.get('client_secret'), null);
      assert.equal(f.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const assertion = f.get('client_assertion') ?? '';
      const header = decodeProtectedHeader(assertion);
      assert.equal(header.alg, 'PS256');
      assert.equal(header.typ, 'JWT');
      const { createHash } = await import('node:crypto');
      assert.equal(header['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
      assert.equal(header.x5t, createHash('sha1').update(der).digest('base64url'));
      const { payload } = await jwtVerify(assertion, publicKey, { algorithms: ['PS256'], audience: endpoint, issuer: CLIENT, subject: CLIENT });
      assert.ok(typeof payload.jti === 'string' && !jtis.has(payload.jti));
      jtis.add(payload.jti);
      assert.ok(
        payload.exp !== undefined && payload.nbf !== undefined && payload.exp - payload.nbf <= 600 && payload.exp - payload.nbf === ASSERTION_LIFETIME_S,
      );
      json(res, 200, { token_type: 'Bearer', expires_in: 3599, access_token: 'cert-token' });
    } catch (e) {
      failures.push(String(e));
      json(res, 401, aadErrorBody('invalid_client', 700027, 'Client assertion failed signature validation.'));
    }
  });
  try {
    const ts = new TokenSource(settings(aad.url, 'certificate'));
    assert.equal((await ts.getToken()).authorization(), 'Bearer cert-token');
    ts.invalidate(await ts.getToken());
    await ts.getToken();
    assert.deepEqual(failures, []);
    assert.equal(jtis.size, 2);
  } finally {
    await aad.close();
  }
});

const AAD_CASES: readonly { code: number; error: string; reason: string; pattern: RegExp }[] = [
  { code: 7000215, error: 'invalid_client', reason: 'invalidSecret', pattern: /client secret is not valid.*AADSTS7000215/ },
  { code: 7000222, error: 'invalid_client', reason: 'secretExpired', pattern: /expired/ },
  { code: 700016, error: 'unauthorized_client', reason: 'appNotFound', pattern: new RegExp(`application ${CLIENT} was not found in tenant ${TENANT}`) },
  { code: 7000229, error: 'invalid_client', reason: 'consentMissing', pattern: /admin consent/ },
  { code: 90002, error: 'invalid_request', reason: 'tenantNotFound', pattern: /tenant .* was not found/ },
  { code: 700027, error: 'invalid_client', reason: 'invalidCertificate', pattern: /upload the certificate/ },
];

test('Entra error answers become auth SyncErrors with a reason and a clear message, never the secret', async () => {
  let current = AAD_CASES[0]!;
  const aad = await startLoopback((_r, res) =>
    json(res, current.error === 'invalid_request' ? 400 : 401, aadErrorBody(current.error, current.code, `Something went wrong for secret ${SECRET}.`)),
  );
  try {
    for (const c of AAD_CASES) {
      current = c;
      const ts = new TokenSource(settings(aad.url, 'secret'));
      await assert.rejects(ts.getToken(), (e: unknown) => {
        assert.ok(isSyncError(e, 'auth'));
        assert.equal(e.reason, c.reason);
        assert.equal(e.code, `AADSTS${c.code}`);
        assert.match(e.message, c.pattern);
        for (const text of [e.message, JSON.stringify(e), inspect(e)]) assert.ok(!text.includes(SECRET), text);
        return true;
      });
    }
    current = { code: 123456, error: 'invalid_request', reason: 'other', pattern: /./ };
    await assert.rejects(new TokenSource(settings(aad.url, 'secret')).getToken(), (e: unknown) => {
      assert.ok(isSyncError(e, 'auth'));
      assert.equal(e.reason, 'other');
      assert.match(e.message, /AADSTS123456: Something went wrong for secret \[redacted\]\./);
      return true;
    });
  } finally {
    await aad.close();
  }
});

test('a 503 or a dropped connection from the token endpoint is retried within the bound, then a network error', async () => {
  let n = 0;
  const aad = await startLoopback((_r, res) => {
    n++;
    if (n === 1) res.socket?.destroy();
    else if (n === 2) json(res, 503, {});
    else json(res, 200, { token_type: 'Bearer', expires_in: '3599', access_token: 'late' });
  });
  try {
    const ts = new TokenSource(settings(aad.url, 'secret'), { backoff: { baseMs: 5, capMs: 20 } });
    assert.equal((await ts.getToken()).authorization(), 'Bearer late');
    n = -100;
    const down = new TokenSource(settings(aad.url, 'secret'), { backoff: { baseMs: 5, capMs: 20 }, maxAttempts: 2 });
    await aad.close();
    await assert.rejects(down.getToken(), (e: unknown) => isSyncError(e, 'network'));
  } finally {
    await aad.close();
  }
});
