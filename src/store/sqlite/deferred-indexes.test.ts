// A large import builds the report table's secondary indexes once, after its rows (decision 0007):
// the indexes are there after every commit, a refused import leaves them and the previous state
// as they were, and the report is the same as with the indexes kept up to date all along.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { importObjects, type ObjectSnapshot } from '../../ingest/import-objects.js';
import { openStore } from '../open-store.js';
import { migrate } from '../sql/migrations.js';
import { DEFER_INDEXES_FROM_ROWS, DeferredIndexes } from '../sql/bulk-load.js';
import type { SqlEngine, SqlExecutor } from '../sql/executor.js';
import { openSqliteEngine } from './sqlite-engine.js';
import type { Store } from '../store.js';
import { NOW, TENANT } from '../../test-support/fixture-tenant.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-indexes-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 49 in 50 are listed (report rows); importObjects hands users over 1,000 at a time: the indexes are
 * deferred after the eleventh batch, and two more batches follow. */
const USERS = DEFER_INDEXES_FROM_ROWS + 2500;

function tenant(users: number, extra: readonly unknown[] = []): ObjectSnapshot {
  return {
    header: () => ({ amrSnapshot: 1, tenant: { id: TENANT, displayName: 'Contoso', license: 'P2' }, capturedDateTime: '2026-11-21T00:00:00Z' }),
    groups: () => [],
    roleAssignments: () => [],
    *users() {
      for (let i = 0; i < users; i++) {
        yield {
          id: `u-${String(i).padStart(6, '0')}`,
          userPrincipalName: `user${(i * 7919) % users}@contoso.com`,
          displayName: `User ${(i * 104_729) % users}`,
          userType: i % 10 === 0 ? 'Guest' : 'Member',
          accountEnabled: i % 50 !== 0,
          authentication: {
            methods: i % 3 === 0 ? [] : [{ '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: `e${i}`, emailAddress: `u${i}@x.org` }],
          },
        };
      }
      yield* extra;
    },
  };
}

const INDEXES = sql<{
  name: string;
  sql: string;
}>`select name, sql from sqlite_master where type = 'index' and tbl_name = 'registration_details' and sql is not null order by name`;

async function indexes(engine: SqlEngine): Promise<{ name: string; sql: string }[]> {
  return engine.reader.all(INDEXES.compile(engine.qb));
}

async function firstPage(store: Store, orderby: 'userPrincipalName' | 'userDisplayName'): Promise<unknown[]> {
  const t = await store.getTenant(TENANT);
  const page = await store.listRegistrationDetails({
    tenantId: TENANT,
    generation: t!.currentGeneration!,
    filter: null,
    orderby: [{ property: orderby, direction: 'asc' }],
    top: 50,
    after: null,
    count: true,
  });
  return [page.count, page.rows];
}

test(`an import of ${USERS} users into a file database: indexes rebuilt, the same pages as a small-step import in memory`, async () => {
  const path = join(dir, 'large.db');
  const engine = openSqliteEngine({ path });
  await migrate(engine, () => NOW);
  const declared = await indexes(engine);
  await engine.close();
  assert.equal(declared.length, 2);
  const file = await openStore({ db: path, now: () => NOW });
  const memory = await openStore({ db: ':memory:', now: () => NOW });
  try {
    await importObjects(file, tenant(USERS), () => NOW);
    await importObjects(memory, tenant(USERS), () => NOW);
    for (const by of ['userPrincipalName', 'userDisplayName'] as const) assert.deepEqual(await firstPage(file, by), await firstPage(memory, by));
  } finally {
    await file.close();
    await memory.close();
  }
  const reopened = openSqliteEngine({ path });
  try {
    assert.deepEqual(await indexes(reopened), declared);
    const check = await reopened.reader.all(sql<{ integrity_check: string }>`pragma integrity_check`.compile(reopened.qb));
    assert.deepEqual(check, [{ integrity_check: 'ok' }]);
  } finally {
    await reopened.close();
  }
});

test('a large import refused after its indexes were deferred leaves the indexes and the previous state', async () => {
  const path = join(dir, 'refused.db');
  const store = await openStore({ db: path, now: () => NOW });
  try {
    await importObjects(store, tenant(100), () => NOW);
    const before = await firstPage(store, 'userPrincipalName');
    // The duplicate comes after every other user: the database refuses it once the indexes are deferred.
    const duplicate = { id: 'u-000001', userPrincipalName: 'again@contoso.com', displayName: 'Again', userType: 'Member', accountEnabled: true };
    await assert.rejects(
      importObjects(store, tenant(USERS, [duplicate]), () => NOW),
      /UNIQUE constraint failed/,
    );
    assert.deepEqual(await firstPage(store, 'userPrincipalName'), before);
  } finally {
    await store.close();
  }
  const engine = openSqliteEngine({ path });
  try {
    assert.equal((await indexes(engine)).length, 2);
  } finally {
    await engine.close();
  }
});

test('no commit without the indexes: deferred and never restored by the caller, they are built at the commit', async () => {
  for (const path of [join(dir, 'commit.db'), ':memory:']) {
    const engine = openSqliteEngine({ path });
    try {
      await migrate(engine, () => NOW);
      const declared = await indexes(engine);
      await engine.writeTransaction(async (tx) => {
        await new DeferredIndexes(tx, 'registration_details', 0).added(DEFER_INDEXES_FROM_ROWS);
        const inside = await tx.all(INDEXES.compile(engine.qb));
        assert.deepEqual(inside, [], path);
      });
      assert.deepEqual(await indexes(engine), declared, path);
      // A rollback brings them back as they were.
      await assert.rejects(
        engine.writeTransaction(async (tx) => {
          await new DeferredIndexes(tx, 'registration_details', 0).added(DEFER_INDEXES_FROM_ROWS);
          throw new Error('refused');
        }),
        /refused/,
      );
      assert.deepEqual(await indexes(engine), declared, path);
      if (path === ':memory:') {
        // One connection reads and writes here: the load's cache and checkpoint settings are its own again.
        const setting = async (name: string) => (await engine.reader.all(sql.raw<Record<string, number>>(`pragma ${name}`).compile(engine.qb)))[0]?.[name];
        assert.equal(await setting('cache_size'), -131072);
        assert.equal(await setting('wal_autocheckpoint'), 40000);
      }
    } finally {
      await engine.close();
    }
  }
});

test('indexes are deferred only once the rows loaded reach the rows stored before (and the minimum)', async () => {
  const calls: string[] = [];
  const tx = {
    all: async () => [],
    arrays: async () => [],
    run: async () => 0,
    insertMany: async () => undefined,
    deferIndexes: async (t: string) => {
      calls.push(`defer ${t}`);
    },
    restoreIndexes: async (t: string) => {
      calls.push(`restore ${t}`);
    },
  } satisfies SqlExecutor & Record<'deferIndexes' | 'restoreIndexes', (t: string) => Promise<void>>;
  const load = new DeferredIndexes(tx, 'registration_details', 3 * DEFER_INDEXES_FROM_ROWS);
  await load.restore();
  for (let i = 0; i < 3; i++) await load.added(DEFER_INDEXES_FROM_ROWS - 1);
  assert.deepEqual(calls, []);
  await load.added(3);
  await load.added(DEFER_INDEXES_FROM_ROWS);
  assert.deepEqual(calls, ['defer registration_details']);
  await load.restore();
  await load.restore();
  assert.deepEqual(calls, ['defer registration_details', 'restore registration_details']);
  // Into an empty table, from the minimum on.
  const first = new DeferredIndexes(tx, 'registration_details', 0);
  await first.added(DEFER_INDEXES_FROM_ROWS - 1);
  assert.equal(calls.length, 2);
  await first.added(1);
  assert.equal(calls.length, 3);
  calls.length = 2;
  // An engine without the capability updates its indexes as it goes.
  const plain = new DeferredIndexes({ all: tx.all, arrays: tx.arrays, run: tx.run, insertMany: tx.insertMany }, 'registration_details', 0);
  await plain.added(10 * DEFER_INDEXES_FROM_ROWS);
  await plain.restore();
  assert.equal(calls.length, 2);
});
