// Store contract, on SQLite and PostgreSQL alike: the change feed (decision 0094). Each capture's
// changes are exactly the difference of the raw snapshots' methods (reports/methods.ts names),
// newest capture first, keyset-paged, filtered, per tenant, and pruned with the activity.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { openStore } from '../open-store.js';
import type { MethodChange, MethodChangeQuery, Store } from '../store.js';
import { contractStores } from '../../test-support/test-db.js';
import { changeKey, expectedChanges, firstCapture, landCapture, nextCapture, type Capture } from '../../test-support/changing-tenant.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const T1 = '2026-11-18T06:00:00.000Z';
const T2 = '2026-11-19T06:00:00.000Z';
const T3 = '2026-11-20T06:00:00.000Z';

let tenants = 0;
const newTenant = (): string => `aaaaaaaa-0000-4000-8000-${(++tenants).toString(16).padStart(12, '0')}`;

/** Every change of the query, following the keyset `top` rows at a time. */
async function all(store: Store, query: Omit<MethodChangeQuery, 'after' | 'top'>, top = 1000): Promise<MethodChange[]> {
  const rows: MethodChange[] = [];
  let after: readonly string[] | null = null;
  do {
    const page = await store.listMethodChanges({ ...query, top, after });
    assert.ok(page.rows.length <= top);
    rows.push(...page.rows);
    after = page.next;
  } while (after !== null);
  return rows;
}

const sorted = (keys: readonly string[]): string[] => [...keys].sort();

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: the change feed`, () => {
    let store: Store;
    // No paging grace: the previous generation is deleted in the very import that supersedes it.
    before(async () => {
      store = await openStore({ db: await contract.db(), now: () => NOW, pagingGraceMs: 0 });
    });
    after(() => store.close());

    test("each capture's changes are the difference of the raw snapshots; the first capture has none", async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 5, max: 40 }), async (seed, count) => {
          const tenantId = newTenant();
          const a = firstCapture(seed, count, T1);
          const b = nextCapture(seed + 1, a, T2);
          await landCapture(store, tenantId, a, () => NOW);
          assert.deepEqual(await all(store, { tenantId }), []);
          const generation = await landCapture(store, tenantId, b, () => NOW);
          const got = await all(store, { tenantId });
          assert.deepEqual(sorted(got.map(changeKey)), sorted(expectedChanges(a, b).map(changeKey)));
          for (const c of got) {
            const row = await store.getRegistrationDetails(tenantId, generation, c.userId);
            assert.ok(row !== null, 'every change is of a user the new capture lists');
            assert.deepEqual([c.isAdmin, c.isPrivilegedAdmin], [row.isAdmin, row.isPrivilegedAdmin]);
            assert.equal(c.id, `${generation}:${c.userId}:${c.method}`);
          }
        }),
        { numRuns: contract.name === 'sqlite' ? 25 : 6 },
      );
    });

    describe('three captures', () => {
      const tenantId = newTenant();
      let a: Capture, b: Capture, c: Capture;
      let expected: string[];
      before(async () => {
        a = firstCapture(7, 60, T1);
        b = nextCapture(8, a, T2);
        c = nextCapture(9, b, T3);
        for (const capture of [a, b, c]) await landCapture(store, tenantId, capture, () => NOW);
        expected = [...expectedChanges(b, c), ...expectedChanges(a, b)].map(changeKey);
        assert.ok(expectedChanges(a, b).length > 0 && expectedChanges(b, c).length > 0, 'the seeds change something in each capture');
      });

      test('newest capture first; pages of any size list the same rows in the same order', async () => {
        const whole = await all(store, { tenantId });
        assert.deepEqual(sorted(whole.map(changeKey)), sorted(expected));
        const times = whole.map((r) => r.changedDateTime);
        assert.deepEqual(times, [...times].sort().reverse());
        assert.equal(new Set(whole.map((r) => r.id)).size, whole.length);
        for (const top of [1, 2, 7]) assert.deepEqual(await all(store, { tenantId }, top), whole);
      });

      test('since (inclusive) and until (exclusive) select captures', async () => {
        const keys = async (q: Omit<MethodChangeQuery, 'after' | 'top' | 'tenantId'>) => sorted((await all(store, { tenantId, ...q }, 5)).map(changeKey));
        assert.deepEqual(await keys({ since: T3 }), sorted(expectedChanges(b, c).map(changeKey)));
        assert.deepEqual(await keys({ until: T3 }), sorted(expectedChanges(a, b).map(changeKey)));
        assert.deepEqual(await keys({ since: T2, until: T3 }), sorted(expectedChanges(a, b).map(changeKey)));
        assert.deepEqual(await keys({ since: '2026-11-21T00:00:00.000Z' }), []);
      });

      test('userId, method and change filter, alone and together', async () => {
        const whole = await all(store, { tenantId });
        const some = whole[Math.floor(whole.length / 2)]!;
        const lately = whole.find((r) => r.changedDateTime === T3 && r.change === 'added')!;
        const cases: Omit<MethodChangeQuery, 'after' | 'top' | 'tenantId'>[] = [
          { userId: some.userId },
          { method: some.method },
          { change: 'removed' },
          { change: 'added', method: lately.method, since: T3 },
          { userId: some.userId, change: some.change },
        ];
        for (const q of cases) {
          const want = whole.filter(
            (r) =>
              (q.userId === undefined || r.userId === q.userId) &&
              (q.method === undefined || r.method === q.method) &&
              (q.change === undefined || r.change === q.change) &&
              (q.since === undefined || r.changedDateTime >= q.since),
          );
          assert.ok(want.length > 0, JSON.stringify(q));
          assert.deepEqual(await all(store, { tenantId, ...q }, 3), want, JSON.stringify(q));
        }
      });

      test('another tenant sees none of them; an unknown tenant none at all', async () => {
        const other = newTenant();
        await landCapture(store, other, a, () => NOW);
        await landCapture(store, other, a, () => NOW);
        assert.deepEqual(await all(store, { tenantId: other }), []);
        assert.deepEqual(await all(store, { tenantId: 'bbbbbbbb-0000-4000-8000-000000000000' }), []);
      });

      test('a recompute of the same directory state records nothing', async () => {
        const before = (await all(store, { tenantId })).length;
        await store.recompute(tenantId);
        assert.equal((await all(store, { tenantId })).length, before);
      });

      test('another snapshot with the capture time of the current one is not a new capture: nothing recorded', async () => {
        const before = await all(store, { tenantId });
        const same = { ...nextCapture(10, c, T3), capturedAt: T3 };
        assert.ok(expectedChanges(c, same).length > 0);
        await landCapture(store, tenantId, same, () => NOW);
        assert.deepEqual(await all(store, { tenantId }), before);
        await landCapture(store, tenantId, c, () => NOW);
      });

      test('pruned with the activity: changes captured before the cut go', async () => {
        await store.pruneActivity(tenantId, T3);
        assert.deepEqual(sorted((await all(store, { tenantId })).map(changeKey)), sorted(expectedChanges(b, c).map(changeKey)));
      });
    });
  });
}
