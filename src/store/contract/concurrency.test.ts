// Store contract (issue 13 §3, §7): several servers writing one PostgreSQL database. Imports of
// different tenants run side by side; imports of one tenant wait for each other (advisory locks);
// tenants created at once get distinct keys; a setting made at once is made once; the daily
// history is recorded once. PostgreSQL only: a SQLite file has one writer at a time by design.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { signIn } from '../../reports/activity/test-records.js';
import { openStore } from '../open-store.js';
import { LATEST_MIGRATION, MIGRATIONS } from '../sql/migrations.js';
import type { Store } from '../store.js';
import { FIXTURE_USERS, OTHER_TENANT, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import { readRows } from '../../test-support/read-rows.js';
import { contractStores } from '../../test-support/test-db.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const delay = (ms: number): Promise<'waiting'> => new Promise((r) => setTimeout(() => r('waiting'), ms));

/** A snapshot import that stops after its header and first users until `release` is called. */
function heldImport(store: Store, tenantId: string): { done: Promise<number>; release: () => void } {
  const lines = fixtureSnapshot(tenantId).trimEnd().split('\n');
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  async function* held(): AsyncGenerator<string> {
    yield `${lines.slice(0, 3).join('\n')}\n`;
    await gate;
    yield `${lines.slice(3).join('\n')}\n`;
  }
  const done = importSnapshot(store, Readable.from(held()), { sourceName: 'held', encoding: 'ndjson', now: () => NOW }).then((s) => s.recompute.generation);
  return { done, release };
}

const plainImport = async (store: Store, tenantId: string, users = FIXTURE_USERS): Promise<number> =>
  (await importSnapshot(store, Readable.from([fixtureSnapshot(tenantId, users)]), { sourceName: 'plain', encoding: 'ndjson', now: () => NOW })).recompute
    .generation;

const advisoryLocks = async (db: string, granted: boolean): Promise<number> =>
  Number((await readRows<{ n: number }>(db, `select count(*) as n from pg_locks where locktype = 'advisory' and granted = ${granted}`))[0]?.n);

/** Waits until `check` holds (the other connection got there), failing after 20 s. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await delay(50);
  }
  assert.fail(`timed out waiting: ${what}`);
}

for (const contract of (await contractStores()).filter((s) => s.name === 'postgres')) {
  describe('store contract on postgres: two servers writing one database', () => {
    let db: string;
    let a: Store;
    let b: Store;
    before(async () => {
      db = await contract.empty();
      // Both start at once on an empty database: one migrates, the other finds it done.
      [a, b] = await Promise.all([openStore({ db, now: () => NOW }), openStore({ db, now: () => NOW })]);
    });
    after(async () => {
      await a.close();
      await b.close();
    });

    test('both servers migrated the empty database once', async () => {
      const rows = await readRows<{ version: number }>(db, 'select version from amr_migrations order by version');
      assert.deepEqual(
        rows.map((r) => r.version),
        MIGRATIONS.map((m) => m.version),
      );
      assert.equal(rows.length, LATEST_MIGRATION);
    });

    test('imports of different tenants run side by side', async () => {
      await plainImport(a, TENANT);
      await plainImport(b, OTHER_TENANT);
      const held = heldImport(a, TENANT);
      try {
        await until('the held import holds its tenant', async () => (await advisoryLocks(db, true)) > 0);
        const other = plainImport(b, OTHER_TENANT);
        assert.equal(await Promise.race([other.then(() => 'done'), delay(20_000)]), 'done', "the other tenant's import finished while the first was held");
      } finally {
        held.release();
      }
      const generation = await held.done;
      assert.equal((await a.getTenant(TENANT))?.currentGeneration, generation);
    });

    test('imports of one tenant wait for each other; the later one is current', async () => {
      const held = heldImport(a, TENANT);
      let second: Promise<number> | null = null;
      try {
        await until('the held import holds its tenant', async () => (await advisoryLocks(db, true)) > 0);
        second = plainImport(b, TENANT, FIXTURE_USERS.slice(0, 3));
        await until("the second import waits for the tenant's lock", async () => (await advisoryLocks(db, false)) > 0);
        assert.equal(await Promise.race([second.then(() => 'done'), delay(500)]), 'waiting');
      } finally {
        held.release();
      }
      const first = await held.done;
      const later = await second!;
      assert.ok(later > first, `${later} after ${first}`);
      assert.equal((await b.getTenant(TENANT))?.currentGeneration, later);
      const page = await a.listRegistrationDetails({ tenantId: TENANT, generation: later, filter: null, orderby: [], top: 100, after: null, count: true });
      assert.equal(page.count, 3);
    });

    test('tenants created by two servers at once get distinct keys', async () => {
      const ids = Array.from({ length: 16 }, (_, i) => `c0ffee00-0000-4000-8000-${String(i).padStart(12, '0')}`);
      await Promise.all(ids.map((id, i) => (i % 2 ? a : b).appendActivity(id, { audits: [], signIns: [signIn({ id: `s-${i}`, tenantId: id })] })));
      const keys = await readRows<{ tenant_id: string; tenant_key: number }>(db, 'select tenant_id, tenant_key from tenants');
      assert.equal(new Set(keys.map((k) => k.tenant_key)).size, keys.length);
      for (const id of ids)
        assert.ok(
          keys.some((k) => k.tenant_id === id),
          id,
        );
    });

    test("a new tenant's first import does not hold up another new tenant's, and both keep their keys", async () => {
      const first = 'c0ffee01-0000-4000-8000-000000000001';
      const second = 'c0ffee01-0000-4000-8000-000000000002';
      const held = heldImport(a, first);
      try {
        await until('the held import holds its tenant and its key', async () => (await advisoryLocks(db, true)) >= 2);
        const other = plainImport(b, second);
        assert.equal(await Promise.race([other.then(() => 'done'), delay(20_000)]), 'done', 'the second new tenant was imported while the first was held');
      } finally {
        held.release();
      }
      await held.done;
      const keys = await readRows<{ tenant_id: string; tenant_key: number }>(
        db,
        `select tenant_id, tenant_key from tenants where tenant_id in ('${first}', '${second}')`,
      );
      assert.equal(keys.length, 2);
      assert.notEqual(keys[0]!.tenant_key, keys[1]!.tenant_key);
    });

    test('a setting made by two servers at once is made once', async () => {
      for (let i = 0; i < 10; i++) {
        const [x, y] = await Promise.all([a.getOrCreateSetting(`key-${i}`, () => `a-${i}`), b.getOrCreateSetting(`key-${i}`, () => `b-${i}`)]);
        assert.equal(x, y);
      }
    });

    test('the daily history is recorded once, whichever server records it', async () => {
      const day = new Date('2026-11-25T01:00:00Z');
      const withState = Number((await readRows<{ n: number }>(db, 'select count(*) as n from tenants where current_generation is not null'))[0]?.n);
      assert.ok(withState >= 2);
      const [x, y] = await Promise.all([a.recordDailyHistory(day), b.recordDailyHistory(day)]);
      assert.equal(x + y, withState, 'each tenant with a report state, once');
      const rows = await readRows<{ tenant_key: number; n: number }>(
        db,
        "select tenant_key, count(*) as n from registration_history where day = '2026-11-25' group by tenant_key",
      );
      assert.equal(rows.length, withState);
      assert.deepEqual(await Promise.all([a.recordDailyHistory(day), b.recordDailyHistory(day)]), [0, 0]);
    });
  });
}
