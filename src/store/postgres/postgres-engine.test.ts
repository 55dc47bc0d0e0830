// The PostgreSQL engine's own behaviour, on a throwaway cluster in every run (skipped loudly
// without PostgreSQL, never in CI): what it refuses that SQLite stores (U+0000), and how its write
// transactions end when the store sends statements without awaiting them (decision 0012).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { signIn } from '../../reports/activity/test-records.js';
import { openEngine, openStore } from '../open-store.js';
import type { SqlEngine } from '../sql/executor.js';
import { migrate } from '../sql/migrations.js';
import type { Store } from '../store.js';
import { FIXTURE_USERS, NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import { readRows } from '../../test-support/read-rows.js';
import { contractStores } from '../../test-support/test-db.js';

const T = '0b5e1c3a-7a7d-4d65-9f6e-2a1f0c9d8e7b';
const U0 = /U\+0000/;
const count = async (db: string, table: string): Promise<number> => Number((await readRows<{ n: number }>(db, `select count(*) as n from ${table}`))[0]?.n);

for (const contract of (await contractStores()).filter((s) => s.name === 'postgres')) {
  describe('PostgreSQL text cannot hold U+0000: a write holding it is refused by name, and changes nothing', () => {
    let db: string;
    let store: Store;
    before(async () => {
      db = await contract.db();
      store = await openStore({ db, now: () => NOW });
      await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    });
    after(() => store.close());

    test('a snapshot user (COPY) holding U+0000: the import is refused and the tenant keeps its state', async () => {
      const before = await store.getTenant(TENANT);
      const users = [...FIXTURE_USERS.slice(0, 3), { ...FIXTURE_USERS[3]!, name: 'Dave\u0000Null' }];
      await assert.rejects(
        importSnapshot(store, Readable.from([fixtureSnapshot(TENANT, users)]), { sourceName: 'nul', encoding: 'ndjson', now: () => NOW }),
        (e: Error) => U0.test(e.message) && /users\.display_name/.test(e.message),
      );
      assert.deepEqual(await store.getTenant(TENANT), before);
      assert.equal(await count(db, 'users'), FIXTURE_USERS.length);
    });

    test('a sign-in (insertNew) holding U+0000: the batch is refused, none of it stored', async () => {
      const ok = signIn({ id: 'fine', tenantId: T });
      await assert.rejects(store.appendActivity(T, { audits: [], signIns: [ok, signIn({ id: 'nul', tenantId: T, userId: 'u\u0000' })] }), (e: Error) =>
        U0.test(e.message),
      );
      assert.equal(await count(db, 'signin_facts'), 0);
      assert.deepEqual((await store.appendActivity(T, { audits: [], signIns: [ok] })).newSignIns, 1);
    });

    test('a setting (a parameter) holding U+0000 is refused', async () => {
      await assert.rejects(
        store.getOrCreateSetting('nul', () => 'a\u0000b'),
        (e: Error) => U0.test(e.message),
      );
      assert.equal(await store.getOrCreateSetting('nul', () => 'ab'), 'ab');
    });
  });

  describe('PostgreSQL write transactions', () => {
    let engine: SqlEngine;
    before(async () => {
      engine = await openEngine(await contract.db());
      await migrate(engine, () => NOW);
    });
    after(() => engine.close());
    const setting = (key: string, value: string) => engine.qb.insertInto('settings').values({ key, value }).compile();
    const settings = async (): Promise<string[]> =>
      (await engine.reader.all(sql<{ key: string }>`select key from settings order by key`.compile(engine.qb))).map((r) => r.key);

    test('statements sent and not awaited are committed with the transaction, in the order sent', async () => {
      await engine.writeTransaction(async (tx) => {
        void tx.run(setting('sent-1', 'a'));
        void tx.run(engine.qb.updateTable('settings').set({ value: 'b' }).where('key', '=', 'sent-1').compile());
        void tx.insertMany('settings', ['key', 'value'], [['sent-2', 'c']]);
      });
      assert.deepEqual(await settings(), ['sent-1', 'sent-2']);
      const value = await engine.reader.all(sql<{ value: string }>`select value from settings where key = 'sent-1'`.compile(engine.qb));
      assert.equal(value[0]?.value, 'b');
    });

    test('a failed statement fails the transaction even when its failure was caught: nothing is committed', async () => {
      await assert.rejects(
        engine.writeTransaction(async (tx) => {
          await tx.run(setting('kept-out', 'a'));
          await tx.run(setting('sent-1', 'duplicate')).catch(() => undefined);
        }),
        /duplicate key|unique/i,
      );
      assert.deepEqual(await settings(), ['sent-1', 'sent-2']);
    });

    test('a statement sent after the transaction ended is refused, not run on its own', async () => {
      let late: Promise<number> | null = null;
      await engine.writeTransaction(async (tx) => {
        setTimeout(() => {
          late = tx.run(setting('late', 'x'));
        }, 0);
      });
      await new Promise((r) => setTimeout(r, 20));
      await assert.rejects(late!, /after its transaction ended/);
      assert.deepEqual(await settings(), ['sent-1', 'sent-2']);
    });
  });
}
