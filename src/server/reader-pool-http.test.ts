// The Graph API over the SQLite reader pool (issue 13 §5): the same bytes as over the main
// thread's reader, `--readers` / AMR_READERS, and a full queue answered as Graph's 503.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp, toGraphError } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken } from './tokens.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { STORE_BUSY, type Store } from '../store/store.js';
import { NOW, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';

let dir: string;
let db: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-pool-http-'));
  db = join(dir, 'amr.db');
  const store = await openStore({ db, now: () => NOW });
  try {
    await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    await ensureSigningKey(store);
  } finally {
    await store.close();
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function server(readers: string): Promise<{ app: FastifyInstance; store: Store; token: string }> {
  const config = loadConfig({ AMR_DB: db, AMR_READERS: readers });
  const store = await openStore({ db, now: () => NOW, readers: config.readers });
  const key = await ensureSigningKey(store);
  const app = await buildApp({ config, store, signingKey: key, skipTokenSecret: 'test-secret', logger: false, now: () => NOW });
  return { app, store, token: await mintDevToken(key, { tenantId: TENANT, objectId: '5d1b9f1e-0000-4000-8000-000000000001' }, NOW) };
}

const LIST = '/v1.0/reports/authenticationMethods/userRegistrationDetails';
const URLS = [
  `${LIST}?$top=2`,
  `${LIST}?$filter=${encodeURIComponent('isMfaCapable eq true')}&$orderby=userPrincipalName desc&$count=true`,
  `${LIST}?$select=userPrincipalName,methodsRegistered&$top=1`,
  `/beta/reports/authenticationMethods/userRegistrationDetails?$orderby=userDisplayName&$top=3`,
  `${LIST}/00000000-0000-0000-0000-00000000000a`,
  `${LIST}/$count`,
  "/v1.0/reports/authenticationMethods/usersRegisteredByFeature(includedUserTypes='all',includedUserRoles='all')",
  '/v1.0/reports/authenticationMethods/usersRegisteredByMethod()',
];

/** Every page of a listing, following @odata.nextLink: status, content type and body bytes. */
async function follow(app: FastifyInstance, token: string, first: string): Promise<string[]> {
  const out: string[] = [];
  let url: string | undefined = first;
  while (url !== undefined) {
    const r: { statusCode: number; headers: Record<string, unknown>; body: string } = await app.inject({
      url,
      headers: { authorization: `Bearer ${token}`, host: 'amr.test' },
    });
    out.push(`${r.statusCode} ${String(r.headers['content-type'])} ${r.body}`);
    const next: string | undefined =
      r.statusCode === 200 && r.body.startsWith('{') ? (JSON.parse(r.body) as { '@odata.nextLink'?: string })['@odata.nextLink'] : undefined;
    url = next === undefined ? undefined : next.slice(next.indexOf('/', 'http://'.length));
  }
  return out;
}

test("over the reader pool the Graph API answers byte for byte as over the main thread's reader", async () => {
  const single = await server('0');
  const pooled = await server('2');
  try {
    for (const url of URLS) {
      const [a, b] = await Promise.all([follow(single.app, single.token, url), follow(pooled.app, pooled.token, url)]);
      assert.deepEqual(b, a, url);
      assert.match(a[0]!, /^200 /, url);
    }
  } finally {
    for (const s of [pooled, single]) {
      await s.app.close();
      await s.store.close();
    }
  }
});

test('a next link to a report state deleted after its grace period is still the 400 that says so', async () => {
  let now = NOW;
  const clock = () => now;
  const store = await openStore({ db: join(dir, 'expired.db'), now: clock, pagingGraceMs: 60_000, readers: 2 });
  const load = () => importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: clock });
  try {
    await load();
    const key = await ensureSigningKey(store);
    const app = await buildApp({ config: loadConfig({}), store, signingKey: key, skipTokenSecret: 'test-secret', logger: false, now: clock });
    const token = await mintDevToken(key, { tenantId: TENANT }, NOW);
    const get = (url: string) => app.inject({ url, headers: { authorization: `Bearer ${token}`, host: 'amr.test' } });
    const first = await get(`${LIST}?$top=1`);
    const next = (JSON.parse(first.body) as { '@odata.nextLink': string })['@odata.nextLink'].replace('http://amr.test', '');
    // A newer snapshot: the first state stays pageable for its grace period…
    await load();
    assert.equal((await get(next)).statusCode, 200);
    // …and is deleted by the first import after it.
    now = new Date(NOW.getTime() + 120_000);
    await load();
    const expired = await get(next);
    assert.equal(expired.statusCode, 400);
    assert.match(expired.body, /replaced by a newer snapshot and expired: start again from the first page/);
    await app.close();
  } finally {
    await store.close();
  }
});

test('--readers / AMR_READERS: default the cores Node may use, 0 to 256, the flag first', () => {
  assert.equal(loadConfig({}).readers, availableParallelism());
  assert.equal(loadConfig({ AMR_READERS: '4' }).readers, 4);
  assert.equal(loadConfig({ AMR_READERS: '4' }, { readers: '0' }).readers, 0);
  assert.throws(
    () => loadConfig({ AMR_READERS: 'many' }),
    (err: Error) => err instanceof ConfigError && /AMR_READERS=many is not valid/.test(err.message),
  );
  assert.throws(() => loadConfig({}, { readers: '-1' }), /--readers=-1 is not valid: expected a whole number from 0 to 256/);
});

test("a store too busy to queue a read is Graph's 503 serviceNotAvailable with Retry-After", () => {
  const e = toGraphError(Object.assign(new Error('all 2 SQLite reader threads are busy'), { code: STORE_BUSY }));
  assert.equal(e.status, 503);
  assert.equal(e.headers['Retry-After'], '1');
  assert.equal(e.body({ requestId: 'r', clientRequestId: 'c', date: NOW }).error.code, 'serviceNotAvailable');
});
