// Sync settings: each bad value is refused with the variable named and no secret echoed; certificates read right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { isLoopback, readSyncSettings, type SyncSettingsInput } from './settings.js';
import { isSyncError } from './sync-error.js';
import { OTHER_RSA_KEY, TEST_EC_CERT, TEST_EC_KEY, TEST_RSA_CERT, TEST_RSA_KEY } from './test-keys.js';

const TENANT = '0E7B3F1A-1111-4222-8333-944445555666';
const CLIENT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'Zx8Q~super.secret-value_1234567890';

function read(over: Partial<SyncSettingsInput> = {}, env: Record<string, string> = {}): ReturnType<typeof readSyncSettings> {
  return readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CLIENT_SECRET: SECRET, ...env }, ...over });
}

function refused(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(isSyncError(e, 'settings'), String(e));
    assert.match(e.message, pattern);
    assert.ok(!e.message.includes(SECRET));
    return true;
  });
}

test('defaults: public cloud, GUID tenant lower-cased, secret credential', () => {
  const s = read();
  assert.equal(s.tenant, TENANT.toLowerCase());
  assert.equal(s.clientId, CLIENT);
  assert.equal(s.graphUrl, 'https://graph.microsoft.com');
  assert.equal(s.loginUrl, 'https://login.microsoftonline.com');
  assert.equal(s.credential.kind, 'secret');
});

test('national cloud endpoints and a domain tenant are accepted; a trailing slash is dropped', () => {
  const s = read({ tenant: 'Contoso.OnMicrosoft.us' }, { AMR_GRAPH_URL: 'https://graph.microsoft.us/', AMR_LOGIN_URL: 'https://login.microsoftonline.us' });
  assert.equal(s.tenant, 'contoso.onmicrosoft.us');
  assert.equal(s.graphUrl, 'https://graph.microsoft.us');
  assert.equal(s.loginUrl, 'https://login.microsoftonline.us');
});

test('tenant: reserved names, bare words, IP-like and malformed names are refused', () => {
  refused(() => read({ tenant: 'common' }), /names no tenant/);
  refused(() => read({ tenant: 'organizations' }), /names no tenant/);
  for (const t of ['contoso', '1.2.3.4', '-bad.example.com', 'a..b', 'x y.com', '']) refused(() => read({ tenant: t }), /--tenant must be/);
});

test('client id must be a GUID; the credential must be exactly one of secret and certificate', () => {
  refused(() => readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_SECRET: SECRET } }), /AMR_SYNC_CLIENT_ID is not set/);
  refused(() => read({}, { AMR_SYNC_CLIENT_ID: 'my-app' }), /AMR_SYNC_CLIENT_ID must be/);
  refused(() => readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT } }), /neither AMR_SYNC_CLIENT_SECRET nor AMR_SYNC_CERTIFICATE/);
  refused(() => read({}, { AMR_SYNC_CERTIFICATE: TEST_RSA_KEY + TEST_RSA_CERT }), /only one of/);
});

test('http:// only for loopback hosts; other schemes, credentials and queries are refused naming the variable', () => {
  for (const u of ['http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:3000', 'http://[::1]:9000']) {
    assert.equal(read({}, { AMR_GRAPH_URL: u }).graphUrl, u);
  }
  refused(() => read({}, { AMR_GRAPH_URL: 'http://graph.microsoft.com' }), /AMR_GRAPH_URL must use https:\/\/ .*loopback/);
  refused(() => read({}, { AMR_LOGIN_URL: 'http://10.0.0.1' }), /AMR_LOGIN_URL must use https:\/\//);
  refused(() => read({}, { AMR_LOGIN_URL: 'http://127.0.0.1.evil.com' }), /AMR_LOGIN_URL must use https/);
  refused(() => read({}, { AMR_GRAPH_URL: 'ftp://graph.microsoft.com' }), /AMR_GRAPH_URL must be an https/);
  refused(() => read({}, { AMR_GRAPH_URL: 'not a url' }), /AMR_GRAPH_URL is not an absolute URL/);
  refused(() => read({}, { AMR_GRAPH_URL: `https://u:${SECRET}@graph.microsoft.com` }), /AMR_GRAPH_URL must not carry/);
  refused(() => read({}, { AMR_GRAPH_URL: 'https://graph.microsoft.com/?x=1' }), /query or fragment/);
  assert.equal(isLoopback('127.0.0.256'), false);
  assert.equal(isLoopback('128.0.0.1'), false);
});

test('certificate: thumbprints are SHA-1 and SHA-256 of the DER, base64url; PEM order does not matter; a file path works', () => {
  const der = new X509Certificate(TEST_RSA_CERT).raw;
  for (const pem of [TEST_RSA_KEY + TEST_RSA_CERT, TEST_RSA_CERT + '\n' + TEST_RSA_KEY]) {
    const s = readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CERTIFICATE: pem } });
    assert.equal(s.credential.kind, 'certificate');
    if (s.credential.kind !== 'certificate') return;
    assert.equal(s.credential.certificate.x5t, createHash('sha1').update(der).digest('base64url'));
    assert.equal(s.credential.certificate.x5tS256, createHash('sha256').update(der).digest('base64url'));
  }
  const dir = mkdtempSync(join(tmpdir(), 'amr-sync-'));
  const file = join(dir, 'app.pem');
  writeFileSync(file, TEST_RSA_KEY + TEST_RSA_CERT);
  assert.equal(readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CERTIFICATE: file } }).credential.kind, 'certificate');
  refused(
    () => readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CERTIFICATE: join(dir, 'missing.pem') } }),
    /names no readable file \(ENOENT\)/,
  );
});

test('certificate: missing parts, EC keys, a key of another certificate, encrypted keys and expiry are refused', () => {
  const cert = (pem: string, now?: number): unknown =>
    readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CERTIFICATE: pem }, ...(now === undefined ? {} : { now }) });
  refused(() => cert(TEST_RSA_CERT), /AMR_SYNC_CERTIFICATE: no private key/);
  refused(() => cert(TEST_RSA_KEY), /AMR_SYNC_CERTIFICATE: no certificate found/);
  refused(() => cert(OTHER_RSA_KEY + TEST_RSA_CERT), /matches its private key/);
  refused(() => cert(TEST_EC_KEY + TEST_EC_CERT), /is ec; an RSA key is needed/);
  refused(() => cert('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n' + TEST_RSA_CERT), /encrypted/);
  refused(() => cert('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' + TEST_RSA_CERT), /could not be read/);
  refused(() => cert(TEST_RSA_KEY + TEST_RSA_CERT, Date.UTC(2300, 0, 1)), /expired on/);
});

test('settings print without the secret or the private key (JSON, inspect, template strings)', () => {
  const key = TEST_RSA_KEY.split('\n')[1]!;
  for (const s of [read(), readSyncSettings({ tenant: TENANT, env: { AMR_SYNC_CLIENT_ID: CLIENT, AMR_SYNC_CERTIFICATE: TEST_RSA_KEY + TEST_RSA_CERT } })]) {
    for (const text of [
      JSON.stringify(s),
      inspect(s, { depth: 10, showHidden: true }),
      `${String(s.credential.kind === 'secret' ? s.credential.secret : '')}`,
    ]) {
      assert.ok(!text.includes(SECRET), text);
      assert.ok(!text.includes(key), text);
    }
  }
  assert.match(JSON.stringify(read()), /"credential":"client secret"/);
});
