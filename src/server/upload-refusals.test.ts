// In-process tests of how the admin uploads refuse (decision 0054): a Content-Type not accepted is
// a 415, an empty body a 400, a record past a parse limit a 400 (or 413 for its size), every one
// in Graph's error envelope and naming the place and the limit; the tenant's state does not change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ADMIN_KEY, OTHER_TENANT, TENANT, fixtureSnapshot, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

let s: TestServer;

before(async () => ({ s } = await serverWithToken()));
after(() => s.close());

type Route = 'snapshot' | 'logs';
const post = (route: Route, body: string | Buffer, contentType: string | null, tenant = TENANT) =>
  s.app.inject({
    method: 'POST',
    url: `/admin/tenants/${tenant}/${route}`,
    payload: body,
    headers: { 'x-amr-admin-key': ADMIN_KEY, ...(contentType === null ? {} : { 'content-type': contentType }) },
  });

interface Envelope {
  error: { code: string; message: string; innerError: { 'request-id': string } };
}

function envelope(r: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, code: string): string {
  assert.equal(r.statusCode, status, r.body);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const e = JSON.parse(r.body) as Envelope;
  assert.equal(e.error.code, code);
  assert.equal(typeof e.error.innerError['request-id'], 'string');
  return e.error.message;
}

const state = async () => JSON.stringify(await s.store.listTenants());

/** The fixture's NDJSON snapshot with one more user line, `extra` merged into it. */
const snapshotWith = (userText: string) => `${fixtureSnapshot()}{"user":${userText}}\n`;
const userText = (field: string) =>
  `{"id":"x1","userPrincipalName":"x1@contoso.example","displayName":"X","userType":"Member","accountEnabled":true,"f":${field}}`;

describe("admin uploads: refusals in Graph's envelope", () => {
  test('a Content-Type that is present but not accepted is a 415 listing the accepted types, on both routes', async () => {
    const before = await state();
    for (const route of ['snapshot', 'logs'] as const) {
      for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/csv']) {
        const message = envelope(await post(route, fixtureSnapshot(), type), 415, 'UnsupportedMediaType');
        assert.match(message, /application\/json, application\/x-ndjson.*application\/gzip/, `${route} ${type}`);
      }
      // A body with no Content-Type at all: the same 415, saying what to send.
      assert.match(envelope(await post(route, fixtureSnapshot(), null), 415, 'UnsupportedMediaType'), /no Content-Type: send it as application\/json, /);
    }
    assert.equal(await state(), before);
  });

  test('an empty body is a 400 in the envelope, on both routes and for every accepted type', async () => {
    const before = await state();
    for (const route of ['snapshot', 'logs'] as const) {
      for (const type of ['application/json', 'application/x-ndjson', 'application/gzip']) {
        const r = await post(route, '', type);
        envelope(r, 400, 'BadRequest');
      }
      envelope(await post(route, gzipSync(''), 'application/gzip'), 400, 'BadRequest');
      envelope(await post(route, '  \n', 'application/x-ndjson'), 400, 'BadRequest');
    }
    assert.equal(await state(), before);
  });

  test('a snapshot user past the depth or value limit is a 400, past the size limit a 413; nothing is stored', async () => {
    const before = await state();
    const deep = envelope(
      await post('snapshot', snapshotWith(userText(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)), 'application/x-ndjson'),
      400,
      'BadRequest',
    );
    assert.match(deep, /^The snapshot was refused and nothing was stored: line \d+: nests objects and arrays more than 64 levels deep .*AMR_MAX_DEPTH/);
    const many = envelope(await post('snapshot', gzipSync(snapshotWith(userText(`[${'{},'.repeat(300_000)}{}]`))), 'application/gzip'), 400, 'BadRequest');
    assert.match(many, /line \d+: holds more than 200000 JSON values .*AMR_MAX_RECORD_ELEMENTS/);
    const large = envelope(
      await post('snapshot', gzipSync(snapshotWith(userText(`"${'x'.repeat(2 * 1024 * 1024)}"`))), 'application/gzip'),
      413,
      'RequestEntityTooLarge',
    );
    assert.match(large, /line \d+: is longer than 1 MiB, the limit on one record .*AMR_MAX_RECORD_BYTES/);
    const json = JSON.stringify({ amrSnapshot: 1, tenant: { id: TENANT }, users: [JSON.parse(userText('1')) as unknown] }).replace(
      '"f":1',
      `"f":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    assert.match(
      envelope(await post('snapshot', json, 'application/json'), 400, 'BadRequest'),
      /users\[0\]: nests objects and arrays more than 64 levels deep/,
    );
    assert.equal(await state(), before);
  });

  test('a snapshot with invalid UTF-8 or a lone surrogate escape is a 400 naming the place', async () => {
    const before = await state();
    const bad = Buffer.concat([Buffer.from(fixtureSnapshot()), Buffer.from('{"user":{"id":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}}\n')]);
    assert.match(envelope(await post('snapshot', bad, 'application/x-ndjson'), 400, 'BadRequest'), /byte \d+: the input is not valid UTF-8 at byte \d+/);
    assert.match(
      envelope(await post('snapshot', snapshotWith(userText('"\\ud800"')), 'application/x-ndjson'), 400, 'BadRequest'),
      /line \d+: the escape "\\ud800" is half of a UTF-16 surrogate pair/,
    );
    assert.equal(await state(), before);
  });

  test('a log line past the value limit stops the upload with a 400, past the size limit a 413', async () => {
    const many = envelope(await post('logs', gzipSync(`{"records":[${'{},'.repeat(500_000)}{}]}\n`), 'application/gzip', OTHER_TENANT), 400, 'BadRequest');
    assert.match(many, /^The log export stopped at line 1: holds more than 400000 JSON values .*AMR_MAX_RECORD_ELEMENTS/);
    const large = envelope(
      await post('logs', gzipSync(`{"a":1}\n"${'x'.repeat(17 * 1024 * 1024)}"\n`), 'application/gzip', OTHER_TENANT),
      413,
      'RequestEntityTooLarge',
    );
    assert.match(large, /line 2: is longer than 16 MiB, the limit on one line/);
    const record = envelope(
      await post('logs', gzipSync(`{"records":["${'x'.repeat(5 * 1024 * 1024)}"]}`), 'application/gzip', OTHER_TENANT),
      413,
      'RequestEntityTooLarge',
    );
    assert.match(record, /records\[0\]: is larger than 1 MiB, the limit on one record/);
  });
});
