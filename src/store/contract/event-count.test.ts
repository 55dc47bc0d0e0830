// Store contract (issue 14 item 2), on SQLite and PostgreSQL alike: countActivityEvents counts
// exactly the events listActivityEvents lists for the same window and filter (…/$count of
// userEventsSummary and userCredentialUsageDetails), for the tenant asked and no other.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FilterNode } from '../../odata/index.js';
import { byUser, registered, userTarget } from '../../reports/activity/test-records.js';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { contractStores } from '../../test-support/test-db.js';

const T1 = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';
const T2 = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const NOW = new Date('2026-11-30T12:00:00Z');

const str = (value: string) => ({ kind: 'string', value }) as const;
const FILTERS: readonly (FilterNode | null)[] = [
  null,
  { kind: 'compare', op: 'eq', property: 'isSuccess', value: { kind: 'boolean', value: true } },
  { kind: 'compare', op: 'eq', property: 'isSuccess', value: { kind: 'boolean', value: false } },
  { kind: 'startswith', property: 'userPrincipalName', prefix: 'USER1' },
  { kind: 'compare', op: 'eq', property: 'authMethod', value: str('nothingLikeThis') },
];

/** Registrations of several methods, results and users over November. */
function audits(tenantId: string) {
  const methods = ['User registered Authenticator app.', 'User registered Email.', 'User registered Phone.'];
  return Array.from({ length: 60 }, (_x, i) => {
    const who = { id: `00000000-0000-4000-8000-0000000000${String(i % 20).padStart(2, '0')}`, upn: `user${i % 20}@contoso.com`, name: `User ${i % 20}` };
    return registered(`r-${i}`, methods[i % 3]!, {
      tenantId,
      activityDateTime: new Date(Date.UTC(2026, 10, 1 + (i % 28), 10)).toISOString(),
      result: i % 5 === 0 ? 'failure' : 'success',
      initiatedBy: byUser(who),
      targets: [userTarget(who)],
    });
  });
}

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: countActivityEvents`, () => {
    let store: Store;
    before(async () => {
      store = await openStore({ db: await contract.db(), now: () => NOW });
      await store.appendActivity(T1, { audits: audits(T1), signIns: [] });
      await store.appendActivity(T2, { audits: audits(T2).slice(0, 7), signIns: [] });
    });
    after(() => store.close());

    test('counts what the listing lists, for every filter and window', async () => {
      for (const since of ['2000-01-01T00:00:00.000Z', '2026-11-15T00:00:00.000Z']) {
        const counts: number[] = [];
        for (const filter of FILTERS) {
          const listed = await store.listActivityEvents({ tenantId: T1, since, filter, orderby: [], top: 1000, after: null, count: true });
          const n = await store.countActivityEvents({ tenantId: T1, since, filter });
          assert.equal(n, listed.rows.length, `${since} ${JSON.stringify(filter)}`);
          assert.equal(listed.count, n);
          counts.push(n);
        }
        assert.ok(counts[0]! > counts[1]! && counts[1]! > 0, `the filters must tell rows apart: ${counts.join(', ')}`);
        assert.equal(counts[4], 0);
      }
    });

    test("another tenant's events and an unknown tenant count apart", async () => {
      const all = { since: '2000-01-01T00:00:00.000Z', filter: null };
      const t2 = await store.listActivityEvents({ tenantId: T2, ...all, orderby: [], top: 1000, after: null, count: false });
      assert.equal(await store.countActivityEvents({ tenantId: T2, ...all }), t2.rows.length);
      assert.ok(t2.rows.length > 0 && t2.rows.length < (await store.countActivityEvents({ tenantId: T1, ...all })));
      assert.equal(await store.countActivityEvents({ tenantId: '11111111-0000-4000-8000-000000000000', ...all }), 0);
    });
  });
}
