// GET /amr/v1/reports/protectionSummary, /registrationSummary and registrationHistory?groupBy=…
// through the real app and a real store (decision 0092); expected buckets from the raw snapshot
// (expected-protection.ts), never from the server's own answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUP_BY, type GroupBy } from '../reports/breakdowns.js';
import { roleName } from '../reports/roles.js';
import type { ExpectedBucket } from '../test-support/expected-protection.js';
import { startProtectionServer, type ProtectionServer } from '../test-support/protection-server.js';
import { PROTECTION_CAPTURED, PROTECTION_OTHER_TENANT, protectionSnapshot } from '../test-support/protection-http-tenant.js';

interface Bucket {
  key: string | null;
  displayName: string | null;
  totalUserCount: number;
  counts?: Record<string, number>;
  features?: Record<string, number>;
  methods?: Record<string, number>;
  staleUserCount: number;
}
interface Summary {
  groupBy: string | null;
  capturedDateTime: string;
  buckets: Bucket[];
}
interface ErrorBody {
  error: { code: string; message: string };
}

let s: ProtectionServer;
before(async () => (s = await startProtectionServer()));
after(() => s.close());

async function summary(which: 'protectionSummary' | 'registrationSummary', query = '', options = {}): Promise<Summary> {
  const r = await s.get(`/amr/v1/reports/${which}${query}`, options);
  assert.equal(r.statusCode, 200, r.body);
  return r.json<Summary>();
}

/** Keys ascending, the users without the attribute (null) last. */
function assertOrder(buckets: readonly Bucket[]): void {
  const keys = buckets.map((b) => b.key);
  const named = keys.filter((k): k is string => k !== null);
  assert.deepEqual(keys, [...[...named].sort(), ...(keys.includes(null) ? [null] : [])]);
}

/** What a bucket's displayName must be, from the snapshot: the group's or role's name; none for a department or type. */
function displayNameOf(groupBy: GroupBy | null, key: string | null): string | null | undefined {
  if (key === null || groupBy === null || groupBy === 'department' || groupBy === 'userType') return null;
  if (groupBy === 'group') return (protectionSnapshot().groups.find((g) => g.id === key)?.displayName as string | undefined) ?? null;
  if (groupBy === 'role') return roleName(key);
  return undefined; // licence: the skuPartNumber when the store knows it
}

function assertBuckets(groupBy: GroupBy | null, got: readonly Bucket[], expected: Map<string | null, ExpectedBucket>, part: 'counts' | 'registration'): void {
  assertOrder(got);
  assert.deepEqual(new Set(got.map((b) => b.key)), new Set(expected.keys()));
  for (const b of got) {
    const want = expected.get(b.key)!;
    assert.equal(b.totalUserCount, want.totalUserCount, `${String(b.key)} total`);
    assert.equal(b.staleUserCount, want.staleUserCount, `${String(b.key)} stale`);
    const name = displayNameOf(groupBy, b.key);
    if (name !== undefined) assert.equal(b.displayName, name, `${String(b.key)} displayName`);
    if (part === 'counts') {
      assert.deepEqual(b.counts, want.counts, `${String(b.key)} counts`);
      assert.deepEqual(Object.keys(b.counts!), ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none']);
    } else {
      assert.deepEqual(b.features, want.features, `${String(b.key)} features`);
      assert.deepEqual(b.methods, want.methods, `${String(b.key)} methods`);
      assert.equal(b.counts, undefined);
    }
  }
}

describe('protectionSummary and registrationSummary', () => {
  test('the fixture has users without a department, licence and role (the null buckets are exercised), and users in no group', () => {
    for (const by of ['department', 'licence', 'role'] as const) assert.ok(s.oracle.buckets(by).has(null), by);
    assert.ok(s.oracle.users.some((u) => u.keys.group.length === 0));
  });

  test('no groupBy: one bucket, key all, counting every listed user', async () => {
    const p = await summary('protectionSummary');
    assert.equal(p.groupBy, null);
    assert.equal(Date.parse(p.capturedDateTime), Date.parse(PROTECTION_CAPTURED));
    assert.deepEqual(
      p.buckets.map((b) => b.key),
      ['all'],
    );
    assertBuckets(null, p.buckets, s.oracle.buckets(null), 'counts');
    const r = await summary('registrationSummary');
    assertBuckets(null, r.buckets, s.oracle.buckets(null), 'registration');
  });

  for (const by of GROUP_BY) {
    test(`groupBy=${by}: buckets as the snapshot gives them`, async () => {
      const p = await summary('protectionSummary', `?groupBy=${by}`);
      assert.equal(p.groupBy, by);
      assertBuckets(by, p.buckets, s.oracle.buckets(by), 'counts');
      const r = await summary('registrationSummary', `?groupBy=${by}`);
      assert.equal(r.groupBy, by);
      assertBuckets(by, r.buckets, s.oracle.buckets(by), 'registration');
    });
  }

  test('groupBy is matched in any case and echoed as defined', async () => {
    assert.equal((await summary('protectionSummary', '?groupBy=DEPARTMENT')).groupBy, 'department');
  });

  test('a tenant gets its own breakdown', async () => {
    const p = await summary('protectionSummary', '?groupBy=department', { tenantId: PROTECTION_OTHER_TENANT });
    assertBuckets('department', p.buckets, s.otherOracle.buckets('department'), 'counts');
  });

  const BAD: readonly [string, RegExp][] = [
    ['?groupBy=country', /'groupBy' is 'country'.*department, group, licence, role, userType/],
    ['?groupBy=', /'groupBy'/],
    ['?groupBy=role&groupBy=group', /'groupBy' is given more than once/],
    ['?groupby=role', /'groupby' is not supported here; use groupBy/],
    ['?days=3', /'days' is not supported/],
    ['?$filter=key eq null', /filter/],
  ];
  for (const [query, message] of BAD) {
    for (const which of ['protectionSummary', 'registrationSummary'] as const) {
      test(`${which}${query}: 400`, async () => {
        const r = await s.get(`/amr/v1/reports/${which}${query.replace(/ /g, '%20')}`);
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json<ErrorBody>().error.code, 'BadRequest');
        assert.match(r.json<ErrorBody>().error.message, message);
      });
    }
  }
});

describe('registrationHistory?groupBy', () => {
  interface Day {
    day: string;
    totalUserCount: number;
    features: Record<string, number>;
    buckets?: Bucket[] | null;
  }
  const history = (query: string) => s.get(`/amr/v1/reports/registrationHistory${query}`);

  test('each day carries the buckets of its state, as registrationSummary writes them', async () => {
    const r = await history('?days=2&groupBy=department');
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json<{ groupBy: string; value: Day[] }>();
    assert.equal(body.groupBy, 'department');
    const today = body.value.at(-1)!;
    assert.equal(today.day, '2026-11-20');
    assertBuckets('department', today.buckets!, s.oracle.buckets('department'), 'registration');
    assert.deepEqual(today.features, s.oracle.buckets(null).get('all')!.features);
  });

  test('without groupBy the days carry no buckets', async () => {
    const body = (await history('?days=1')).json<{ groupBy: null; value: Day[] }>();
    assert.equal(body.groupBy, null);
    assert.ok(!('buckets' in body.value[0]!));
  });

  const BAD: readonly [string, RegExp][] = [
    ['?groupBy=nope', /department, group, licence, role, userType/],
    ['?groupBy=role&includedUserTypes=guest', /groupBy.*includedUserTypes/],
    ['?groupBy=role&includedUserRoles=admin', /groupBy.*includedUserRoles/],
    ['?groupBy=role&groupBy=role', /more than once/],
  ];
  for (const [query, message] of BAD) {
    test(`registrationHistory${query}: 400`, async () => {
      const r = await history(query);
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json<ErrorBody>().error.message, message);
    });
  }

  test("groupBy with the audience spelt out as 'all' is a breakdown of all users", async () => {
    const r = await history('?days=1&groupBy=userType&includedUserTypes=all&includedUserRoles=all');
    assert.equal(r.statusCode, 200, r.body);
    assertBuckets('userType', r.json<{ value: Day[] }>().value[0]!.buckets!, s.oracle.buckets('userType'), 'registration');
  });
});
