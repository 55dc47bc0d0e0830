// Store contract (issue 13 §7), on SQLite and PostgreSQL alike: report generations and paging
// consistency (decision 0003: a page token of a superseded generation keeps paging that state
// within the grace period, and is refused after it), keyset paging in code-point order of the
// folded names, and tenants that share object ids kept apart.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { compareCodePoints, foldCase } from '../../odata/index.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { openStore } from '../open-store.js';
import type { KeysetPosition, OrderItem, Store } from '../store.js';
import { FIXTURE_USERS, OTHER_TENANT, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import { contractStores } from '../../test-support/test-db.js';

const GRACE_MS = 60 * 60 * 1000;
const START = new Date('2026-11-20T12:00:00Z');

/** Names whose byte order differs from a locale's: case, accents, astral and last-plane characters, an empty-looking one. */
const TRICKY = ['Zoë Zed', 'zoe zed', 'Émile', 'émile', 'Alice', 'ALICE', '😀 Smile', '\uFFFF last', 'a\u{10FFFF}', 'Straße', 'STRASSE', 'İstanbul'];
const tricky = TRICKY.map((name, i) => ({
  id: `00000000-0000-4000-8000-${String(100 + i).padStart(12, '0')}`,
  upn: `${name.replace(/\s/g, '.')}@contoso.com`,
  name,
}));

async function land(store: Store, tenantId: string, users: Parameters<typeof fixtureSnapshot>[1], now: Date): Promise<number> {
  const summary = await importSnapshot(store, Readable.from([fixtureSnapshot(tenantId, users)]), {
    sourceName: 'contract',
    encoding: 'ndjson',
    now: () => now,
  });
  return summary.recompute.generation;
}

/** Every page of one export: the rows in order, and how many pages it took. */
async function exportAll(
  store: Store,
  tenantId: string,
  generation: number,
  orderby: readonly OrderItem[],
  top: number,
  from: KeysetPosition | null = null,
): Promise<RegistrationDetails[]> {
  const rows: RegistrationDetails[] = [];
  let after = from;
  do {
    const page = await store.listRegistrationDetails({ tenantId, generation, filter: null, orderby, top, after, count: false });
    rows.push(...page.rows);
    after = page.next;
  } while (after !== null);
  return rows;
}

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: generations, paging and tenants`, () => {
    let clock = START;
    let store: Store;
    before(async () => {
      store = await openStore({ db: await contract.db(), now: () => clock, pagingGraceMs: GRACE_MS });
    });
    after(() => store.close());

    test('a superseded generation keeps paging as it was within the grace period, and is gone after it', async () => {
      const first = await land(store, TENANT, FIXTURE_USERS, clock);
      const orderby: OrderItem[] = [{ property: 'userDisplayName', direction: 'asc' }];
      const whole = await exportAll(store, TENANT, first, orderby, 1000);
      assert.equal(whole.length, 6);
      const page = await store.listRegistrationDetails({ tenantId: TENANT, generation: first, filter: null, orderby, top: 2, after: null, count: true });
      assert.equal(page.count, 6);
      assert.ok(page.next !== null);
      // A new snapshot lands mid-export: users renamed, one gone, one new.
      clock = new Date(START.getTime() + 10 * 60_000);
      const renamed = [
        ...FIXTURE_USERS.slice(1).map((u) => ({ ...u, name: `${u.name} (renamed)` })),
        { id: '00000000-0000-4000-8000-0000000000ff', upn: 'new@contoso.com', name: 'New User' },
      ];
      const second = await land(store, TENANT, renamed, clock);
      assert.ok(second > first);
      assert.equal((await store.getTenant(TENANT))?.currentGeneration, second);
      assert.ok(await store.hasGeneration(TENANT, first));
      // The export goes on in the state it started on: every user once, as of the first snapshot.
      assert.deepEqual([...page.rows, ...(await exportAll(store, TENANT, first, orderby, 2, page.next))], whole);
      assert.ok(
        (await exportAll(store, TENANT, second, orderby, 1000)).every((r) => r.userDisplayName.endsWith('(renamed)') || r.userDisplayName === 'New User'),
      );
      // Past the grace period, the next import removes the first generation, not the second (superseded just now).
      clock = new Date(clock.getTime() + GRACE_MS + 60_000);
      const third = await land(store, TENANT, renamed, clock);
      assert.equal(await store.hasGeneration(TENANT, first), false);
      assert.deepEqual(await exportAll(store, TENANT, first, orderby, 2), []);
      assert.ok(await store.hasGeneration(TENANT, second));
      assert.ok(await store.hasGeneration(TENANT, third));
    });

    test('every $orderby pages in code-point order of the folded names, ties by id, each user once', async () => {
      const generation = await land(store, OTHER_TENANT, tricky, clock);
      const listed = await exportAll(store, OTHER_TENANT, generation, [], 1000);
      assert.equal(listed.length, TRICKY.length);
      assert.deepEqual(
        listed.map((r) => r.id),
        tricky.map((u) => u.id).sort(compareCodePoints),
      );
      for (const property of ['userPrincipalName', 'userDisplayName'] as const) {
        for (const direction of ['asc', 'desc'] as const) {
          const sign = direction === 'asc' ? 1 : -1;
          const expected = [...listed].sort(
            (a, b) => sign * (compareCodePoints(foldCase(a[property]), foldCase(b[property])) || compareCodePoints(a.id, b.id)),
          );
          for (const top of [1, 3, 1000]) {
            const rows = await exportAll(store, OTHER_TENANT, generation, [{ property, direction }], top);
            assert.deepEqual(
              rows.map((r) => r.id),
              expected.map((r) => r.id),
              `${property} ${direction} $top=${top}`,
            );
          }
        }
      }
    });

    test('two tenants with the same user ids keep their own rows, summaries and generations', async () => {
      const shared = FIXTURE_USERS.map((u) => ({ ...u, name: `${u.name} of Fabrikam`, upn: u.upn.replace('contoso', 'fabrikam') }));
      const before = (await store.getTenant(TENANT))!.currentGeneration!;
      const ours = await exportAll(store, TENANT, before, [], 1000);
      const theirs = await land(store, OTHER_TENANT, shared, clock);
      const rows = await exportAll(store, OTHER_TENANT, theirs, [], 1000);
      assert.ok(rows.length > 0 && rows.every((r) => r.userDisplayName.endsWith('of Fabrikam')));
      assert.deepEqual(await exportAll(store, TENANT, before, [], 1000), ours, "the other tenant's import changed nothing here");
      const id = FIXTURE_USERS[1]!.id;
      assert.equal((await store.getRegistrationDetails(OTHER_TENANT, theirs, id))?.userDisplayName, `${FIXTURE_USERS[1]!.name} of Fabrikam`);
      assert.equal((await store.getRegistrationDetails(TENANT, before, id))?.userDisplayName, `${FIXTURE_USERS[1]!.name} (renamed)`);
      // Generation numbers may coincide across tenants: a tenant's page never holds the other's rows.
      const crossed = await exportAll(store, TENANT, theirs, [], 1000);
      assert.ok(crossed.every((r) => !r.userDisplayName.endsWith('of Fabrikam')));
      assert.notEqual(await store.getRegistrationSummary(OTHER_TENANT, theirs, 'all', 'all'), null);
    });
  });
}
