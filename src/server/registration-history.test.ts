// Trends: the registration state recorded per UTC day (when a snapshot lands, and daily), carried
// over days without a row, and served at /amr/v1/reports/registrationHistory through real HTTP.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import type { Store } from '../store/store.js';
import { FIXTURE_USERS, OTHER_TENANT, TENANT, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken, type MintOptions, type SigningKey } from './tokens.js';

let clock = new Date('2026-11-20T12:00:00Z');
let store: Store;
let app: FastifyInstance;
let key: SigningKey;
let base: string;

/** The fixture snapshot captured at `captured`, with the first `users` users. */
async function land(captured: string, users = FIXTURE_USERS.length, tenant = TENANT, license: 'free' | 'P2' = 'P2'): Promise<void> {
  const text = fixtureSnapshot(tenant, FIXTURE_USERS.slice(0, users), license).replace(
    '"capturedDateTime":"2026-11-20T06:00:00Z"',
    `"capturedDateTime":"${captured}"`,
  );
  assert.ok(text.includes(captured));
  await importSnapshot(store, Readable.from([text]), { sourceName: captured, encoding: 'ndjson', now: () => clock });
}

before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => clock });
  key = await ensureSigningKey(store);
  app = await buildApp({ config: loadConfig({}), store, signingKey: key, skipTokenSecret: 's', logger: false, now: () => clock });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await app.close();
  await store.close();
});

const token = (options: Partial<MintOptions> = {}) => mintDevToken(key, { tenantId: TENANT, ...options }, clock);

interface HistoryDay {
  day: string;
  recorded: boolean;
  capturedDateTime: string;
  totalUserCount: number;
  features: Record<string, number>;
  methods: Record<string, number>;
}
interface HistoryBody {
  from: string;
  to: string;
  includedUserTypes: string;
  value: HistoryDay[];
  error: { code: string; message: string };
}

async function history(query: string, options: Partial<MintOptions> = {}): Promise<{ status: number; body: HistoryBody }> {
  const r = await fetch(`${base}/amr/v1/reports/registrationHistory${query}`, { headers: { authorization: `Bearer ${await token(options)}` } });
  return { status: r.status, body: (await r.json()) as HistoryBody };
}

async function graphFeatures(query = ''): Promise<Record<string, number>> {
  const r = await fetch(`${base}/v1.0/reports/authenticationMethods/usersRegisteredByFeature${query}`, {
    headers: { authorization: `Bearer ${await token()}` },
  });
  const body = (await r.json()) as { userRegistrationFeatureCounts: { feature: string; userCount: number }[] };
  return Object.fromEntries(body.userRegistrationFeatureCounts.map((c) => [c.feature, c.userCount]));
}

describe('registration history', () => {
  test('a landed snapshot is the history of its capture day; later days carry it over until recorded', async () => {
    await land('2026-11-18T06:00:00Z', 5);
    clock = new Date('2026-11-20T12:00:00Z');
    const r = await history('?days=5');
    assert.equal(r.status, 200);
    assert.equal(r.body.from, '2026-11-16');
    assert.equal(r.body.to, '2026-11-20');
    assert.deepEqual(
      r.body.value.map((d) => [d.day, d.recorded]),
      [
        ['2026-11-18', true],
        ['2026-11-19', false],
        ['2026-11-20', false],
      ],
    );
    assert.deepEqual(r.body.value[0]!.features, await graphFeatures());
    assert.equal(r.body.value[2]!.capturedDateTime, '2026-11-18T06:00:00.000Z');
  });

  test('the daily record writes today once, for every tenant with a report state', async () => {
    assert.equal(await store.recordDailyHistory(clock), 1);
    assert.equal(await store.recordDailyHistory(clock), 0);
    const r = await history('?days=1');
    assert.deepEqual(
      r.body.value.map((d) => [d.day, d.recorded]),
      [['2026-11-20', true]],
    );
  });

  test('a later capture of the same day replaces it; an earlier one arriving late does not', async () => {
    clock = new Date('2026-11-21T12:00:00Z');
    await land('2026-11-21T08:00:00Z', 8);
    const all = (await history('?days=1')).body.value[0]!;
    await land('2026-11-21T01:00:00Z', 3);
    const still = (await history('?days=1')).body.value[0]!;
    assert.equal(still.capturedDateTime, '2026-11-21T08:00:00.000Z');
    assert.deepEqual(still, all);
    // Graph shows the newest import (the earlier capture), the history the latest capture of the day.
    await land('2026-11-21T09:00:00Z', 8);
    const later = (await history('?days=1')).body.value[0]!;
    assert.equal(later.capturedDateTime, '2026-11-21T09:00:00.000Z');
    assert.deepEqual(later.features, await graphFeatures());
    const methods = (await (
      await fetch(`${base}/v1.0/reports/authenticationMethods/usersRegisteredByMethod`, { headers: { authorization: `Bearer ${await token()}` } })
    ).json()) as {
      userRegistrationMethodCounts: { authenticationMethod: string; userCount: number }[];
    };
    assert.deepEqual(later.methods, Object.fromEntries(methods.userRegistrationMethodCounts.map((c) => [c.authenticationMethod, c.userCount])));
  });

  test('each audience has its own history, as the summary functions count it', async () => {
    const r = await history('?days=2&includedUserTypes=guest&includedUserRoles=all');
    assert.equal(r.body.includedUserTypes, 'guest');
    assert.deepEqual(r.body.value.at(-1)!.features, await graphFeatures("(includedUserTypes='guest',includedUserRoles='all')"));
    assert.equal((await history('?includedUserTypes=MEMBER')).body.includedUserTypes, 'member');
  });

  test('a tenant sees its own history only', async () => {
    clock = new Date('2026-11-22T12:00:00Z');
    await land('2026-11-22T06:00:00Z', 2, OTHER_TENANT);
    const other = await history('?days=10', { tenantId: OTHER_TENANT });
    assert.deepEqual(
      other.body.value.map((d) => d.day),
      ['2026-11-22'],
    );
    assert.equal(other.body.value[0]!.totalUserCount, 2);
    const own = await history('?days=10');
    assert.equal(own.body.value[0]!.day, '2026-11-18');
  });

  const refused: readonly [string, Partial<MintOptions>, number, string, RegExp][] = [
    ['?days=0', {}, 400, 'BadRequest', /'days'/],
    ['?days=3651', {}, 400, 'BadRequest', /'days'/],
    ['?days=1.5', {}, 400, 'BadRequest', /'days'/],
    ['?includedUserTypes=robots', {}, 400, 'BadRequest', /all, member, guest/],
    ['?includedUserRoles=unknownFutureValue', {}, 400, 'BadRequest', /privilegedAdmin/],
    ['?$top=5', {}, 400, 'BadRequest', /not supported/],
    ['?days=1&days=2', {}, 400, 'BadRequest', /more than once/],
    ['', { scopes: ['User.Read'] }, 403, 'Authentication_MSGraphPermissionMissing', /AuditLog\.Read\.All/],
    ['', { wids: [] }, 403, 'Authentication_RequestFromUnsupportedUserRole', /allowed roles/],
    ['', { tenantId: 'deadbeef-0000-4000-8000-000000000000' }, 404, 'Request_ResourceNotFound', /deadbeef/],
  ];
  for (const [query, options, status, code, message] of refused) {
    test(`refuses ${query || JSON.stringify(options)}: ${status} ${code}`, async () => {
      const r = await history(query, options);
      assert.equal(r.status, status, JSON.stringify(r.body));
      assert.equal(r.body.error.code, code);
      assert.match(r.body.error.message, message);
    });
  }
  test('no token: 401; a write: 405; an app token with the permission: 200', async () => {
    assert.equal((await fetch(`${base}/amr/v1/reports/registrationHistory`)).status, 401);
    assert.equal(
      (await fetch(`${base}/amr/v1/reports/registrationHistory`, { method: 'POST', headers: { authorization: `Bearer ${await token()}` } })).status,
      405,
    );
    assert.equal((await history('', { app: true, roles: ['AuditLog.Read.All'] })).status, 200);
  });
});
