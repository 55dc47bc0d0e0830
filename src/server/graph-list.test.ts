// In-process HTTP tests of userRegistrationDetails: shapes, paging, filters, ordering, $select, $count.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIXTURE_USERS, LISTED, serverWithToken, type TestServer } from '../test-support/fixture-tenant.js';

const BASE = '/reports/authenticationMethods/userRegistrationDetails';
type Row = Record<string, unknown>;
type Page = { value: Row[]; '@odata.nextLink'?: string; '@odata.count'?: number; '@odata.context': string };

let s: TestServer;
let token: string;

before(async () => ({ s, token } = await serverWithToken()));
after(() => s.close());

async function get(url: string, headers: Record<string, string> = {}) {
  return s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...headers } });
}

async function json(url: string): Promise<Page> {
  const r = await get(url);
  assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
  return r.json() as Page;
}

/** Follows @odata.nextLink to the end, as a client would, and returns every row. */
async function all(url: string): Promise<Row[]> {
  const rows: Row[] = [];
  let next: string | undefined = url;
  while (next) {
    const page: Page = await json(next.replace(/^http:\/\/[^/]+/, ''));
    rows.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return rows;
}

const upns = (rows: readonly Row[]) => rows.map((r) => r.userPrincipalName);

describe('userRegistrationDetails list', () => {
  test('lists every enabled, not deleted user exactly once', async () => {
    const rows = await all(`/v1.0${BASE}`);
    assert.deepEqual(new Set(rows.map((r) => r.id)), new Set(LISTED.map((u) => u.id)));
    assert.equal(rows.length, LISTED.length);
  });

  test('v1.0 and beta property sets, in Graph order, with @odata.context', async () => {
    const v1 = await json(`/v1.0${BASE}?$top=1`);
    assert.equal(v1['@odata.context'], 'http://localhost:80/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails');
    assert.deepEqual(Object.keys(v1.value[0]!), [
      'id',
      'userPrincipalName',
      'userDisplayName',
      'isAdmin',
      'isSsprRegistered',
      'isSsprEnabled',
      'isSsprCapable',
      'isMfaRegistered',
      'isMfaCapable',
      'isPasswordlessCapable',
      'lastUpdatedDateTime',
      'methodsRegistered',
      'isSystemPreferredAuthenticationMethodEnabled',
      'systemPreferredAuthenticationMethods',
      'userPreferredMethodForSecondaryAuthentication',
      'userType',
    ]);
    const beta = await json(`/beta${BASE}?$top=1`);
    assert.ok('defaultMfaMethod' in beta.value[0]!);
    assert.equal(beta.value[0]!.lastUpdatedDateTime, '2026-11-20T06:00:00.000Z');
  });

  test('$orderby sorts case-insensitively by code point, ties broken by id, both directions, across pages', async () => {
    const asc = await all(`/v1.0${BASE}?$orderby=userPrincipalName&$top=2`);
    assert.deepEqual(upns(asc), [
      'alice@contoso.com',
      'Bob@contoso.com',
      'carol_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      'elodie@contoso.com',
      'frank.admin@contoso.com',
      'zoe@contoso.com',
    ]);
    const desc = await all(`/v1.0${BASE}?$orderby=userPrincipalName desc&$top=4`);
    assert.deepEqual(upns(desc), [...upns(asc)].reverse());
    const byName = await all(`/beta${BASE}?$orderby=userDisplayName asc&$top=1`);
    // 'é' sorts after 'z' by code point.
    assert.deepEqual(
      byName.map((r) => r.userDisplayName),
      ['Alice Archer', 'bob builder', 'Carol Guest', 'Frank Admin', 'Zoë Zed', 'Élodie Élan'],
    );
  });

  test('default order pages by id', async () => {
    const rows = await all(`/v1.0${BASE}?$top=5`);
    assert.deepEqual(
      rows.map((r) => r.id),
      LISTED.map((u) => u.id).sort(),
    );
  });

  const FILTERS: readonly [string, readonly string[]][] = [
    ["methodsRegistered/any(m:m eq 'email')", ['Bob@contoso.com', 'elodie@contoso.com', 'frank.admin@contoso.com']],
    ["userType eq 'guest'", ['carol_fabrikam.com#EXT#@contoso.onmicrosoft.com']],
    ["startswith(userPrincipalName,'B')", ['Bob@contoso.com']],
    ["userDisplayName eq 'ZOË ZED'", ['zoe@contoso.com']],
    ['isAdmin eq true', ['frank.admin@contoso.com']],
    ["not(isAdmin eq true) and userType eq 'member'", ['Bob@contoso.com', 'alice@contoso.com', 'elodie@contoso.com', 'zoe@contoso.com']],
    ["userPrincipalName in ('alice@contoso.com','ZOE@contoso.com')", ['alice@contoso.com', 'zoe@contoso.com']],
    ["methodsRegistered/any(m: m eq 'windowsHelloForBusiness' or m eq 'officePhone')", ['elodie@contoso.com', 'zoe@contoso.com']],
    ["(userType eq 'guest' or isAdmin eq true) and startswith(userDisplayName, 'f')", ['frank.admin@contoso.com']],
    ["methodsRegistered/any(m: m eq 'noSuchMethod')", []],
    ["id eq '00000000-0000-0000-0000-000000000003'", ['zoe@contoso.com']],
  ];
  for (const [filter, expected] of FILTERS) {
    test(`$filter=${filter}`, async () => {
      const rows = await all(`/v1.0${BASE}?$filter=${encodeURIComponent(filter)}`);
      assert.deepEqual(upns(rows).sort(), [...expected].sort());
    });
  }

  test('every boolean flag: eq true and eq false split the users exactly as the rows say', async () => {
    const rows = await all(`/beta${BASE}`);
    for (const flag of [
      'isAdmin',
      'isMfaRegistered',
      'isMfaCapable',
      'isPasswordlessCapable',
      'isSsprRegistered',
      'isSsprEnabled',
      'isSsprCapable',
      'isSystemPreferredAuthenticationMethodEnabled',
    ]) {
      for (const value of [true, false]) {
        const filtered = await all(`/beta${BASE}?$filter=${flag}%20eq%20${value}`);
        assert.deepEqual(
          filtered.map((r) => r.id).sort(),
          rows
            .filter((r) => r[flag] === value)
            .map((r) => r.id)
            .sort(),
          `${flag} eq ${value}`,
        );
      }
    }
  });

  test('$select keeps id and the named properties, and says so in the context', async () => {
    const page = await json(`/v1.0${BASE}?$select=userPrincipalName,isAdmin&$top=2`);
    assert.deepEqual(Object.keys(page.value[0]!), ['id', 'userPrincipalName', 'isAdmin']);
    assert.match(page['@odata.context'], /userRegistrationDetails\(userPrincipalName,isAdmin\)$/);
  });

  test('$count=true adds @odata.count of the filtered set; /$count answers text', async () => {
    assert.equal((await json(`/v1.0${BASE}?$count=true&$top=1`))['@odata.count'], LISTED.length);
    assert.equal((await json(`/v1.0${BASE}?$count=true&$filter=isAdmin%20eq%20true`))['@odata.count'], 1);
    const r = await get(`/v1.0${BASE}/$count`);
    assert.equal(r.statusCode, 200);
    assert.equal(r.body, String(LISTED.length));
    assert.match(String(r.headers['content-type']), /^text\/plain/);
  });

  test('beta accepts system query options without the $ prefix', async () => {
    const page = await json(`/beta${BASE}?top=1&filter=isAdmin%20eq%20true`);
    assert.deepEqual(upns(page.value), ['frank.admin@contoso.com']);
  });
});

describe('userRegistrationDetails by id', () => {
  test('returns the flat entity with a $entity context, both key syntaxes', async () => {
    const frank = FIXTURE_USERS[5]!;
    for (const url of [`/beta${BASE}/${frank.id}`, `/beta${BASE}('${frank.id}')`]) {
      const r = await get(url);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json() as Row;
      assert.equal(body.id, frank.id);
      assert.equal(body.isAdmin, true);
      assert.equal(body['@odata.context'], 'http://localhost:80/beta/$metadata#reports/authenticationMethods/userRegistrationDetails/$entity');
      assert.equal('value' in body, false);
    }
    const v1 = (await get(`/v1.0${BASE}/${frank.id}`)).json() as Row;
    assert.equal('defaultMfaMethod' in v1, false);
  });

  test('a disabled or unknown user is 404 Request_ResourceNotFound', async () => {
    for (const id of [FIXTURE_USERS[3]!.id, 'no-such-user']) {
      const r = await get(`/v1.0${BASE}/${id}`);
      assert.equal(r.statusCode, 404);
      assert.equal((r.json() as { error: { code: string } }).error.code, 'Request_ResourceNotFound');
    }
  });
});
