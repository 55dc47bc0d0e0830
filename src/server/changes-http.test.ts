// GET /amr/v1/changes through real HTTP (decision 0094): the feed of two captures as the raw
// snapshots say, paged by signed next links, filtered, permitted as the registration report,
// kept to the caller's tenant, and a Graph-shaped 400 naming each bad parameter.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testDatabase } from '../test-support/test-db.js';
import { changeKey, expectedChanges, firstCapture, landCapture, nextCapture, type ExpectedChange } from '../test-support/changing-tenant.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { ensureSigningKey, mintDevToken, type MintOptions, type SigningKey } from './tokens.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER = '99999999-8888-7777-6666-555555555555';
const UNKNOWN = '77777777-8888-7777-6666-555555555555';
const T1 = '2026-11-18T06:00:00.000Z';
const T2 = '2026-11-19T06:00:00.000Z';
const A = firstCapture(41, 80, T1);
const B = nextCapture(42, A, T2);
const EXPECTED = expectedChanges(A, B);
const OTHER_A = firstCapture(44, 20, T1);
const OTHER_B = nextCapture(43, OTHER_A, T2);

let store: Store;
let app: FastifyInstance;
let key: SigningKey;
let base: string;

before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => NOW });
  for (const c of [A, B]) await landCapture(store, TENANT, c, () => NOW);
  // Another tenant with changes of its own, which must never show in TENANT's feed.
  for (const c of [OTHER_A, OTHER_B]) await landCapture(store, OTHER, c, () => NOW);
  key = await ensureSigningKey(store);
  app = await buildApp({ config: loadConfig({}), store, signingKey: key, skipTokenSecret: 's', logger: false, now: () => NOW });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await app.close();
  await store.close();
});

interface Change extends ExpectedChange {
  id: string;
  isAdmin: boolean;
  isPrivilegedAdmin: boolean;
}
interface Body {
  value: Change[];
  '@odata.nextLink'?: string;
  error?: { code: string; message: string };
}

/** One signed-in reader unless told otherwise: next links continue for the caller they were issued to. */
const READER = 'cccccccc-0000-4000-8000-000000000001';
const token = (options: Partial<MintOptions> = {}) => mintDevToken(key, { tenantId: TENANT, objectId: READER, ...options }, NOW);

async function get(url: string, options: Partial<MintOptions> = {}, method = 'GET'): Promise<{ status: number; body: Body }> {
  const r = await fetch(url.startsWith('http') ? url : `${base}${url}`, { method, headers: { authorization: `Bearer ${await token(options)}` } });
  return { status: r.status, body: (await r.json()) as Body };
}

/** Every row of a listing, following its next links. */
async function follow(url: string, options: Partial<MintOptions> = {}): Promise<{ rows: Change[]; pages: number }> {
  const rows: Change[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next !== undefined) {
    const r = await get(next, options);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    rows.push(...r.body.value);
    next = r.body['@odata.nextLink'];
    pages++;
  }
  return { rows, pages };
}

const sorted = (xs: readonly ExpectedChange[]): string[] => xs.map(changeKey).sort();

describe('GET /amr/v1/changes', () => {
  test('lists exactly the changes between the two captures, in the documented shape', async () => {
    assert.ok(EXPECTED.length > 10);
    const r = await get('/amr/v1/changes?$top=1000');
    assert.equal(r.status, 200);
    assert.equal(r.body['@odata.nextLink'], undefined);
    assert.deepEqual(sorted(r.body.value), sorted(EXPECTED));
    assert.deepEqual(Object.keys(r.body.value[0]!), [
      'id',
      'userId',
      'userPrincipalName',
      'userDisplayName',
      'method',
      'change',
      'changedDateTime',
      'previousCapturedDateTime',
      'isAdmin',
      'isPrivilegedAdmin',
    ]);
    const admins = new Set(B.users.filter((u) => u.admin).map((u) => u.id));
    for (const c of r.body.value) assert.equal(c.isAdmin, admins.has(c.userId));
  });

  test('pages through signed next links: the same rows as one page, default 100 a page', async () => {
    const whole = (await get('/amr/v1/changes?$top=1000')).body.value;
    const paged = await follow('/amr/v1/changes?$top=7');
    assert.deepEqual(paged.rows, whole);
    assert.equal(paged.pages, Math.ceil(whole.length / 7));
    const first = await get('/amr/v1/changes');
    assert.equal(first.body.value.length, Math.min(100, whole.length));
  });

  test('filters: since, until, userId (any case), method, change, carried by the next links', async () => {
    const someone = EXPECTED.find((c) => c.change === 'removed')!;
    const cases: [string, (c: ExpectedChange) => boolean][] = [
      [`since=${T2}`, () => true],
      ['since=2026-11-19T06:00:01Z', () => false],
      [`until=${T2}`, () => false],
      ['until=2026-11-19T06:00:00.001Z', () => true],
      [`userId=${someone.userId.toUpperCase()}`, (c) => c.userId === someone.userId],
      [`method=${someone.method.toUpperCase()}`, (c) => c.method === someone.method],
      ['change=removed', (c) => c.change === 'removed'],
      [`change=added&method=${someone.method}`, (c) => c.change === 'added' && c.method === someone.method],
    ];
    for (const [query, keep] of cases) {
      const { rows } = await follow(`/amr/v1/changes?${query}&$top=3`);
      assert.deepEqual(sorted(rows), sorted(EXPECTED.filter(keep)), query);
    }
  });

  test("a caller sees only its token's tenant; another tenant's token cannot continue the listing", async () => {
    const other = await get('/amr/v1/changes?$top=1000', { tenantId: OTHER });
    assert.equal(other.status, 200);
    assert.deepEqual(sorted(other.body.value), sorted(expectedChanges(OTHER_A, OTHER_B)));
    assert.notDeepEqual(sorted(other.body.value), sorted(EXPECTED));
    const next = (await get('/amr/v1/changes?$top=2')).body['@odata.nextLink']!;
    const stolen = await get(next, { tenantId: OTHER });
    assert.equal(stolen.status, 400);
    assert.match(stolen.body.error!.message, /another tenant/);
    const anotherUser = await get(next, { objectId: 'bbbbbbbb-0000-4000-8000-000000000001' });
    assert.equal(anotherUser.status, 400);
    assert.match(anotherUser.body.error!.message, /another caller/);
    const unknown = await get('/amr/v1/changes', { tenantId: UNKNOWN });
    assert.equal(unknown.status, 404);
  });

  test("the registration report's permissions", async () => {
    assert.equal((await get('/amr/v1/changes', { scopes: ['UserAuthenticationMethod.Read.All'] })).status, 200);
    assert.equal((await get('/amr/v1/changes', { app: true, roles: ['AuditLog.Read.All'] })).status, 200);
    const noScope = await get('/amr/v1/changes', { scopes: ['Reports.Read.All'] });
    assert.equal(noScope.status, 403);
    assert.equal(noScope.body.error!.code, 'Authentication_MSGraphPermissionMissing');
    const noRole = await get('/amr/v1/changes', { wids: ['fe930be7-5e62-47db-91af-98c3a49a38b1'] });
    assert.equal(noRole.status, 403);
    assert.equal(noRole.body.error!.code, 'Authentication_RequestFromUnsupportedUserRole');
    const r = await fetch(`${base}/amr/v1/changes`);
    assert.equal(r.status, 401);
  });

  test('a bad parameter is a Graph-shaped 400 that names it', async () => {
    const next = (await get('/amr/v1/changes?$top=2&change=added')).body['@odata.nextLink']!;
    const cases: [string, RegExp][] = [
      ['since=yesterday', /'since' is 'yesterday'/],
      ['until=2026-13-01T00:00:00Z', /'until'/],
      ['since=2026-11-20T00:00:00Z&until=2026-11-19T00:00:00Z', /'since' .* is after 'until'/],
      ['method=sms', /'method' is 'sms'; use one of mobilePhone/],
      ['change=modified', /'change' is 'modified'; use one of added, removed/],
      ['userId=', /'userId'/],
      ['$top=0', /'\$top' is '0'/],
      ['$top=1001', /'\$top' is '1001'/],
      ['$top=ten', /'\$top'/],
      ['$filter=userId eq 1', /'\$filter' is not supported here/],
      ['change=added&change=removed', /'change' is given more than once/],
      ['$skiptoken=forged.token', /\$skiptoken is not valid/],
      [`${next.split('?')[1]}&change=removed`, /'change' differs from the one the \$skiptoken was issued for/],
    ];
    for (const [query, message] of cases) {
      const r = await get(`/amr/v1/changes?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error!.code, 'BadRequest', query);
      assert.match(r.body.error!.message, message, query);
    }
    const post = await get('/amr/v1/changes', {}, 'POST');
    assert.equal(post.status, 405);
  });
});
