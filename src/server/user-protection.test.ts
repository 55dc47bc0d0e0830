// GET /amr/v1/reports/userProtection through the real app and a real store (decision 0092): rows,
// $filter on every property, $orderby, $select, $count, paging by next links, by id, errors,
// permissions and tenant isolation. Expected rows come from the raw snapshot (expected-protection.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExpectedProtection } from '../test-support/expected-protection.js';
import { OTHER_TENANT_PEOPLE, startProtectionServer, type ProtectionServer } from '../test-support/protection-server.js';
import { PROTECTION_CAPTURED, PROTECTION_OTHER_TENANT, UNLISTED, personId } from '../test-support/protection-http-tenant.js';

const BASE = '/amr/v1/reports/userProtection';
type Row = Record<string, unknown>;
interface Page {
  value: Row[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
  '@odata.context'?: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

let s: ProtectionServer;
before(async () => (s = await startProtectionServer()));
after(() => s.close());

async function page(url: string, options = {}): Promise<Page> {
  const r = await s.get(url, options);
  assert.equal(r.statusCode, 200, `${url} → ${r.body}`);
  return r.json<Page>();
}

/** Follows @odata.nextLink to the end, as a client would; every link must stay under /amr/v1. */
async function all(url: string, options = {}): Promise<{ rows: Row[]; pages: Page[] }> {
  const rows: Row[] = [];
  const pages: Page[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const p: Page = await page(next, options);
    pages.push(p);
    rows.push(...p.value);
    next = p['@odata.nextLink'];
    if (next !== undefined) assert.match(next, /^http:\/\/localhost(:80)?\/amr\/v1\/reports\/userProtection\?\$skiptoken=[^&]+$/);
  }
  return { rows, pages };
}

const upns = (rows: readonly { userPrincipalName?: unknown }[]) => rows.map((r) => r.userPrincipalName as string);
const sorted = (xs: readonly string[]) => [...xs].sort();

/** The wire order: ProtectionDetails' own (reports/model.ts), written out here as the contract. */
const WIRE = [
  'id',
  'userPrincipalName',
  'userDisplayName',
  'userType',
  'department',
  'companyName',
  'isAdmin',
  'isPrivilegedAdmin',
  'registeredStrength',
  'usedStrength',
  'isWeakMfaOnly',
  'staleMethods',
  'staleMethodCount',
  'methodsRegistered',
  'lastUpdatedDateTime',
];

describe('userProtection list', () => {
  test('the fixture covers every class, weak-only users and stale methods (else the filters below prove little)', () => {
    const classes = new Set(s.oracle.rows.map((r) => r.registeredStrength));
    for (const c of ['phishingResistant', 'mfa', 'weakMfa', 'none']) assert.ok(classes.has(c as ExpectedProtection['registeredStrength']), c);
    assert.ok(s.oracle.rows.some((r) => r.staleMethodCount > 0));
    assert.ok(s.oracle.rows.some((r) => r.isWeakMfaOnly));
  });

  test('every listed user once, each row as the rules compute it from the snapshot, no @odata.context', async () => {
    const { rows, pages } = await all(`${BASE}?$top=5`);
    assert.ok(pages.length >= 3);
    for (const p of pages) assert.equal(p['@odata.context'], undefined);
    assert.deepEqual(sorted(rows.map((r) => r.id as string)), sorted(s.oracle.rows.map((r) => r.id)));
    const expected = new Map(s.oracle.rows.map((r) => [r.id, r]));
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), WIRE);
      const { lastUpdatedDateTime, ...rest } = row;
      assert.deepEqual(rest, { ...expected.get(row.id as string) });
      assert.equal(Date.parse(lastUpdatedDateTime as string), Date.parse(PROTECTION_CAPTURED));
    }
  });

  const byUpn = (a: ExpectedProtection, b: ExpectedProtection) => (a.userPrincipalName < b.userPrincipalName ? -1 : 1);
  const FILTERS: readonly [string, (r: ExpectedProtection) => boolean][] = [
    ["registeredStrength eq 'weakMfa'", (r) => r.registeredStrength === 'weakMfa'],
    ["registeredStrength in ('phishingResistant','passwordless')", (r) => ['phishingResistant', 'passwordless'].includes(r.registeredStrength)],
    ["registeredStrength ne 'none'", (r) => r.registeredStrength !== 'none'],
    ['isWeakMfaOnly eq true', (r) => r.isWeakMfaOnly],
    ['isAdmin eq true', (r) => r.isAdmin],
    ['isPrivilegedAdmin eq false', (r) => !r.isPrivilegedAdmin],
    ["department eq 'SALES'", (r) => r.department?.toLowerCase() === 'sales'],
    ["startswith(department,'eng')", (r) => r.department?.toLowerCase().startsWith('eng') === true],
    ['department eq null', (r) => r.department === null],
    ["department in ('Support','Sales')", (r) => r.department === 'Support' || r.department === 'Sales'],
    // OData's null: null ne 'x' is true, and not() of a test on null is exact.
    ["department ne 'Sales'", (r) => r.department?.toLowerCase() !== 'sales'],
    ["not(startswith(department,'S'))", (r) => !(r.department?.toLowerCase().startsWith('s') === true)],
    ['usedStrength ne null', (r) => r.usedStrength !== null],
    ['isAdmin in (true, false)', () => true],
    ["companyName eq 'contoso'", () => false], // compared as stored
    ["companyName eq 'Fabrikam'", (r) => r.companyName === 'Fabrikam'],
    ["startswith(companyName,'Con')", (r) => r.companyName?.startsWith('Con') === true],
    ["userType eq 'guest'", (r) => r.userType === 'guest'],
    ['staleMethodCount gt 0', (r) => r.staleMethodCount > 0],
    ['staleMethodCount ge 2', (r) => r.staleMethodCount >= 2],
    ['staleMethodCount eq 0', (r) => r.staleMethodCount === 0],
    ['staleMethodCount lt 1', (r) => r.staleMethodCount < 1],
    ['staleMethodCount le 1', (r) => r.staleMethodCount <= 1],
    ["staleMethods/any(m: m eq 'fido2SecurityKey')", (r) => r.staleMethods.includes('fido2SecurityKey')],
    ["methodsRegistered/any(m: m eq 'mobilePhone')", (r) => r.methodsRegistered.includes('mobilePhone')],
    ['usedStrength eq null', (r) => r.usedStrength === null],
    ["usedStrength eq 'mfa'", () => false],
    ["isWeakMfaOnly eq true and department ne 'Sales'", (r) => r.isWeakMfaOnly && r.department !== 'Sales'],
    ["startswith(userPrincipalName,'a') or startswith(userDisplayName,'B')", (r) => r.userPrincipalName.startsWith('a') || r.userDisplayName.startsWith('B')],
    [`id eq '${personId(10).toUpperCase()}'`, (r) => r.id === personId(10)],
  ];
  for (const [filter, keep] of FILTERS) {
    test(`$filter=${filter}, paged by two`, async () => {
      const { rows } = await all(`${BASE}?$filter=${encodeURIComponent(filter)}&$top=2&$count=true`);
      const expected = s.oracle.rows.filter(keep).sort(byUpn);
      assert.deepEqual(sorted(upns(rows)), upns(expected));
      const counted = await s.get(`${BASE}/$count?$filter=${encodeURIComponent(filter)}`);
      assert.equal(counted.statusCode, 200);
      assert.match(String(counted.headers['content-type']), /^text\/plain/);
      assert.equal(counted.body, String(expected.length));
    });
  }

  test('$count=true counts the filtered rows on every page', async () => {
    const { pages } = await all(`${BASE}?$filter=${encodeURIComponent("department eq 'Sales'")}&$count=true&$top=1`);
    const n = s.oracle.rows.filter((r) => r.department === 'Sales').length;
    assert.equal(pages.length, n);
    for (const p of pages) assert.equal(p['@odata.count'], n);
    assert.equal((await page(`${BASE}`))['@odata.count'], undefined);
    assert.equal((await s.get(`${BASE}/$count`)).body, String(s.oracle.rows.length));
  });

  test('$orderby userPrincipalName and userDisplayName, both directions, across pages', async () => {
    const asc = upns([...s.oracle.rows].sort(byUpn));
    assert.deepEqual(upns((await all(`${BASE}?$orderby=userPrincipalName&$top=3`)).rows), asc);
    assert.deepEqual(upns((await all(`${BASE}?$orderby=userPrincipalName desc&$top=4`)).rows), [...asc].reverse());
    const names = s.oracle.rows.map((r) => r.userDisplayName).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const byName = (await all(`${BASE}?$orderby=userDisplayName desc&$top=5`)).rows.map((r) => r.userDisplayName);
    assert.deepEqual(byName, [...names].reverse());
  });

  test('$select keeps id and the selected properties, in wire order', async () => {
    const p = await page(`${BASE}?$select=registeredStrength,department&$top=2`);
    for (const row of p.value) assert.deepEqual(Object.keys(row), ['id', 'department', 'registeredStrength']);
    const star = await page(`${BASE}?$select=*&$top=1`);
    assert.deepEqual(Object.keys(star.value[0]!), WIRE);
  });

  test('by id: the row (any case of the GUID), $select, and 404 for a user not listed or unknown', async () => {
    const want = s.oracle.rows.find((r) => r.staleMethodCount > 0)!;
    const r = await s.get(`${BASE}/${want.id.toUpperCase()}`);
    assert.equal(r.statusCode, 200, r.body);
    const { lastUpdatedDateTime: _t, ...rest } = r.json<Row>();
    assert.deepEqual(rest, { ...want });
    assert.equal(r.json<Row>()['@odata.context'], undefined);
    assert.deepEqual(r.json<Row>(), { ...r.json<Row>() }); // flat, not wrapped in value
    assert.deepEqual(Object.keys((await s.get(`${BASE}('${want.id}')?$select=staleMethods`)).json<Row>()), ['id', 'staleMethods']);
    for (const id of [...UNLISTED.map(personId), personId(99)]) {
      const missing = await s.get(`${BASE}/${id}`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<ErrorBody>().error.code, 'Request_ResourceNotFound');
    }
  });

  const BAD: readonly [string, RegExp][] = [
    [`${BASE}?$filter=noSuch eq 1`, /noSuch/],
    [`${BASE}?$filter=${encodeURIComponent("registeredStrength eq 'bogus'")}`, /bogus/],
    [`${BASE}?$filter=${encodeURIComponent("startswith(registeredStrength,'m')")}`, /registeredStrength/],
    [`${BASE}?$filter=${encodeURIComponent("staleMethodCount gt 'x'")}`, /staleMethodCount|x/],
    [`${BASE}?$orderby=department`, /department/],
    [`${BASE}?$filter=lastUpdatedDateTime ge 2026-11-20T06:00:00Z`, /lastUpdatedDateTime/],
    [`${BASE}?$top=1001`, /1000/],
    [`${BASE}?$skip=1`, /skip/],
    [`${BASE}?$expand=x`, /expand/],
    [`${BASE}?$select=nothing`, /nothing/],
    [`${BASE}?$skiptoken=garbage`, /skiptoken/i],
    [`${BASE}/$count?$top=1`, /top/],
    [`${BASE}/${personId(1)}?$filter=isAdmin eq true`, /filter/],
    ['/amr/v1/reports/protectionSummary?$top=1', /top/],
  ];
  for (const [url, message] of BAD) {
    test(`400 for ${decodeURIComponent(url)}`, async () => {
      const r = await s.get(url);
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json<ErrorBody>().error.code, 'BadRequest');
      assert.match(r.json<ErrorBody>().error.message, message);
    });
  }

  test("an unknown segment is Graph's 400 naming it; Graph's roots and $metadata know no amr report", async () => {
    const r = await s.get(`${BASE}/${personId(1)}/more`);
    assert.equal(r.statusCode, 400, r.body);
    assert.match(r.json<ErrorBody>().error.message, /segment 'more'/);
    for (const root of ['/v1.0', '/beta']) {
      const g = await s.get(`${root}/reports/userProtection`);
      assert.equal(g.statusCode, 400, g.body); // Graph: "Resource not found for the segment 'userProtection'."
      assert.match(g.json<ErrorBody>().error.message, /userProtection/);
    }
    const metadata = await s.app.inject({ method: 'GET', url: '/v1.0/$metadata' });
    assert.equal(metadata.statusCode, 200);
    assert.doesNotMatch(metadata.body, /userProtection|protectionSummary|registrationSummary/);
  });
});

describe('userProtection paging tokens', () => {
  test('a next link keeps its filter; a changed option, another caller or another report refuses it', async () => {
    const first = await page(`${BASE}?$filter=${encodeURIComponent('isAdmin eq false')}&$top=2`);
    const next = first['@odata.nextLink']!;
    assert.ok(next);
    const changed = await s.get(`${next}&$filter=${encodeURIComponent('isAdmin eq true')}`);
    assert.equal(changed.statusCode, 400);
    const stranger = await s.get(next, { objectId: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa' });
    assert.equal(stranger.statusCode, 400);
    assert.match(stranger.json<ErrorBody>().error.message, /another caller/);
    const token = new URL(next).searchParams.get('$skiptoken')!;
    const graph = await s.get(`/v1.0/reports/authenticationMethods/userRegistrationDetails?$skiptoken=${encodeURIComponent(token)}`);
    assert.equal(graph.statusCode, 400);
    assert.match(graph.json<ErrorBody>().error.message, /another tenant or resource/);
    const graphNext = (await page('/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=1'))['@odata.nextLink']!;
    const back = await s.get(`${BASE}?$skiptoken=${encodeURIComponent(new URL(graphNext).searchParams.get('$skiptoken')!)}`);
    assert.equal(back.statusCode, 400);
  });
});

describe('userProtection access', () => {
  const REFUSED: readonly [object, number, string][] = [
    [{ scopes: ['User.Read'] }, 403, 'Authentication_MSGraphPermissionMissing'],
    [{ wids: [] }, 403, 'Authentication_RequestFromUnsupportedUserRole'],
    [{ app: true, roles: ['Reports.Read.All'] }, 403, 'Authentication_MSGraphPermissionMissing'],
    [{ tenantId: 'deadbeef-0000-4000-8000-000000000000' }, 404, 'Request_ResourceNotFound'],
  ];
  for (const [options, status, code] of REFUSED) {
    for (const url of [BASE, `${BASE}/$count`, `${BASE}/${personId(1)}`, '/amr/v1/reports/protectionSummary', '/amr/v1/reports/registrationSummary']) {
      test(`${url} with ${JSON.stringify(options)}: ${status} ${code}`, async () => {
        const r = await s.get(url, options);
        assert.equal(r.statusCode, status, r.body);
        assert.equal(r.json<ErrorBody>().error.code, code);
      });
    }
  }

  test('no token: 401; a write: 405; app tokens with either permission: 200', async () => {
    assert.equal((await s.app.inject({ method: 'GET', url: BASE })).statusCode, 401);
    assert.equal((await s.app.inject({ method: 'POST', url: BASE, headers: { authorization: `Bearer ${await s.token()}` } })).statusCode, 405);
    for (const role of ['AuditLog.Read.All', 'UserAuthenticationMethod.Read.All'])
      assert.equal((await s.get(BASE, { app: true, roles: [role] })).statusCode, 200);
  });

  test('each tenant sees its own users only, by list and by id; a next link does not cross tenants', async () => {
    const other = { tenantId: PROTECTION_OTHER_TENANT };
    const { rows } = await all(`${BASE}?$top=1`, other);
    assert.equal(rows.length, s.otherOracle.rows.length);
    assert.ok(rows.length <= OTHER_TENANT_PEOPLE);
    assert.deepEqual(sorted(rows.map((r) => r.id as string)), sorted(s.otherOracle.rows.map((r) => r.id)));
    const onlyHere = s.oracle.rows.find((r) => !s.otherOracle.rows.some((o) => o.id === r.id))!;
    assert.equal((await s.get(`${BASE}/${onlyHere.id}`, other)).statusCode, 404);
    assert.equal((await s.get(`${BASE}/${onlyHere.id}`)).statusCode, 200);
    const next = (await page(`${BASE}?$top=1`))['@odata.nextLink']!;
    const crossed = await s.get(next, other);
    assert.equal(crossed.statusCode, 400);
    assert.equal((await s.get(`${BASE}/$count`, other)).body, String(s.otherOracle.rows.length));
  });
});
