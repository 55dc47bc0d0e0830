// The reader pool (issue 13 §5): answers equal to the single main-thread reader's, reads of
// committed state only, a bounded queue, threads ended by close, and a crashed thread's query
// failed with a clear error while the pool replaces the thread.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { demoTenant } from '../../demo/index.js';
import { registrationDetailsEntity } from '../../graph/entities.js';
import { registrationDetailsToWire } from '../../graph/wire/registration-details.js';
import { importObjects } from '../../ingest/import-objects.js';
import type { RegistrationDetails } from '../../reports/model.js';
import { parseFilter } from '../../odata/index.js';
import { openStore } from '../open-store.js';
import { migrate } from '../sql/migrations.js';
import { STORE_BUSY, type OrderItem, type RegistrationListQuery, type Store } from '../store.js';
import { ReaderPool } from './reader-pool.js';
import { compileOnlySqlite, openSqliteEngine } from './sqlite-engine.js';
import { SqlStore } from '../sql/sql-store.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const qb = compileOnlySqlite();
let dir: string;
let tenantDb: string;
let tenantId: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-readers-'));
  tenantDb = join(dir, 'tenant.db');
  const demo = demoTenant({ users: 1500, seed: 'readers', now: NOW });
  tenantId = demo.tenantId;
  const store = await openStore({ db: tenantDb, now: () => NOW });
  try {
    await importObjects(store, demo, () => NOW);
  } finally {
    await store.close();
  }
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const select = <R = unknown>(text: string) => sql.raw<R>(text).compile(qb);
/** A read that keeps one thread busy for a while (a few hundred ms here): rows counted, none returned. */
const SLOW = select('with recursive c(x) as (select 1 union all select x + 1 from c limit 3000000) select count(*) as n from c');

const FILTERS = [
  null,
  'isMfaCapable eq false',
  "methodsRegistered/any(m:m eq 'email')",
  "userType eq 'guest' or isSsprRegistered eq false",
  "startswith(userPrincipalName,'a')",
  'isAdmin eq true and isPasswordlessCapable eq false',
  "not (userPreferredMethodForSecondaryAuthentication eq 'push')",
] as const;
const ORDERS: readonly (readonly OrderItem[])[] = [
  [],
  [{ property: 'userPrincipalName', direction: 'asc' }],
  [{ property: 'userDisplayName', direction: 'desc' }],
];

interface ListArgs {
  readonly filter: number;
  readonly order: number;
  readonly top: number;
  readonly pages: number;
  readonly count: boolean;
  readonly properties: readonly (keyof RegistrationDetails)[];
}
const PROPERTIES: readonly (keyof RegistrationDetails)[] = [
  'id',
  'userPrincipalName',
  'isAdmin',
  'methodsRegistered',
  'userPreferredMethodForSecondaryAuthentication',
  'userType',
  'lastUpdatedDateTime',
];

/** Pages through a listing as a client would, so positions after the first page are exercised too. */
async function pages(store: Store, generation: number, a: ListArgs): Promise<unknown[]> {
  const text = FILTERS[a.filter]!;
  const filter = text === null ? null : parseFilter(text, registrationDetailsEntity['v1.0'], { includeUnknownEnumMembers: false });
  const out: unknown[] = [];
  let after: readonly string[] | null = null;
  for (let p = 0; p < a.pages; p++) {
    const query: RegistrationListQuery = { tenantId, generation, filter, orderby: ORDERS[a.order]!, top: a.top, after, count: a.count };
    const [page, json] = await Promise.all([store.listRegistrationDetails(query), store.listRegistrationDetailsJson(query, a.properties)]);
    // The serialised page is the object page on the wire written with JSON.stringify (decisions 0007, 0083).
    assert.deepEqual({ ...json, json: undefined }, { json: undefined, rowCount: page.rows.length, next: page.next, ...(a.count ? { count: page.count } : {}) });
    assert.equal(
      `[${Buffer.from(json.json).toString('utf8')}]`,
      JSON.stringify(
        page.rows.map((r) => registrationDetailsToWire(r, a.properties)),
        [...a.properties],
      ),
    );
    // Bytes compared as text: a page from a thread arrives as a Uint8Array, one read here as a Buffer.
    out.push(page, { ...json, json: Buffer.from(json.json).toString('utf8') });
    if (page.next === null) break;
    after = page.next;
  }
  return out;
}

test('a pooled store answers every query as the single main-thread reader does, many at once', async () => {
  const single = await openStore({ db: tenantDb, now: () => NOW, readers: 1 });
  const pooled = await openStore({ db: tenantDb, now: () => NOW, readers: 3 });
  // An engine that cannot write JSON itself (PostgreSQL until it can): pages written from the columns.
  const engine = openSqliteEngine({ path: tenantDb });
  const plain = new SqlStore({ ...engine, rowJsonSql: undefined }, { now: () => NOW, pagingGraceMs: 60_000 });
  try {
    const generation = (await single.getTenant(tenantId))!.currentGeneration!;
    assert.deepEqual(await pooled.getTenant(tenantId), await single.getTenant(tenantId));
    assert.deepEqual(await pooled.listTenants(), await single.listTenants());
    assert.deepEqual(
      await pooled.getRegistrationSummary(tenantId, generation, 'all', 'all'),
      await single.getRegistrationSummary(tenantId, generation, 'all', 'all'),
    );
    const args = fc.record({
      filter: fc.integer({ min: 0, max: FILTERS.length - 1 }),
      order: fc.integer({ min: 0, max: ORDERS.length - 1 }),
      top: fc.integer({ min: 1, max: 400 }),
      pages: fc.integer({ min: 1, max: 3 }),
      count: fc.boolean(),
      properties: fc.shuffledSubarray([...PROPERTIES]),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(args, { minLength: 1, maxLength: 8 }), async (batch) => {
        // The batch runs concurrently on the pool: answers must not mix up between queries.
        const [expected, actual, written] = await Promise.all([
          Promise.all(batch.map((a) => pages(single, generation, a))),
          Promise.all(batch.map((a) => pages(pooled, generation, a))),
          Promise.all(batch.map((a) => pages(plain, generation, a))),
        ]);
        assert.deepEqual(actual, expected);
        assert.deepEqual(written, expected);
      }),
      { numRuns: 40 },
    );
    const first = (await single.listRegistrationDetails({ tenantId, generation, filter: null, orderby: [], top: 5, after: null, count: false })).rows;
    for (const row of first) assert.deepEqual(await pooled.getRegistrationDetails(tenantId, generation, row.id), row);
  } finally {
    await plain.close();
    await pooled.close();
    await single.close();
  }
});

test('reads see committed state only: never a write transaction in flight', async () => {
  const path = join(dir, 'committed.db');
  const engine = openSqliteEngine({ path, readers: 2 });
  try {
    await migrate(engine, () => NOW);
    const read = async () => (await engine.reader.all(select<{ value: string }>("select value from settings where key = 'k'"))).map((r) => r.value);
    await engine.writeTransaction(async (tx) => {
      await tx.run(qb.insertInto('settings').values({ key: 'k', value: 'v1' }).compile());
      // Waits for the writer thread to have run the insert: the row is in the open transaction now.
      assert.deepEqual(await tx.all(select("select value from settings where key = 'k'")), [{ value: 'v1' }]);
      assert.deepEqual(await Promise.all([read(), read(), read()]), [[], [], []]);
    });
    assert.deepEqual(await read(), ['v1']);
    await assert.rejects(
      engine.writeTransaction(async (tx) => {
        await tx.run(qb.updateTable('settings').set({ value: 'v2' }).where('key', '=', 'k').compile());
        await tx.all(select('select 1'));
        assert.deepEqual(await read(), ['v1']);
        throw new Error('rolled back');
      }),
      /rolled back/,
    );
    assert.deepEqual(await read(), ['v1']);
  } finally {
    await engine.close();
  }
});

test('a slow read holds one thread: the others keep answering', async () => {
  const pool = new ReaderPool(tenantDb, { size: 2 });
  try {
    await Promise.all([pool.all(select('select 1')), pool.all(select('select 1'))]);
    let slowDone = false;
    const slow = pool.all(SLOW).then((rows) => {
      slowDone = true;
      return rows;
    });
    const quick = await Promise.all(Array.from({ length: 50 }, (_, i) => pool.all(select(`select ${i} as n`))));
    assert.deepEqual(
      quick.map((r) => r[0]),
      Array.from({ length: 50 }, (_, i) => ({ n: i })),
    );
    assert.equal(slowDone, false, 'the quick reads waited behind the slow one');
    assert.deepEqual(await slow, [{ n: 3000000 }]);
    // Parameters and rows as arrays cross to the threads and back.
    assert.deepEqual(await pool.arrays({ ...select('select ? as a, ? as b'), parameters: ['x', 2] }), [['x', 2]]);
  } finally {
    await pool.close();
  }
});

test("a waiting interactive read goes before a waiting bulk one (an export's next page)", async () => {
  // The slow read may outlast the bulk read's turn on a loaded machine (2 s): this order is the one before it.
  const pool = new ReaderPool(tenantDb, { size: 1, bulkMaxWaitMs: Number.POSITIVE_INFINITY });
  try {
    const order: string[] = [];
    const slow = pool.all(SLOW);
    const bulk = pool.bulk.all(select('select 1 as n')).then(() => order.push('bulk'));
    const interactive = pool.all(select('select 2 as n')).then(() => order.push('interactive'));
    await Promise.all([slow, bulk, interactive]);
    assert.deepEqual(order, ['interactive', 'bulk']);
    await assert.rejects(pool.bulk.insertMany('settings', ['key'], [['k']]), /does not write/);
  } finally {
    await pool.close();
  }
});

test('an overdue bulk read takes its turn before waiting interactive ones: exports never stop', async () => {
  const pool = new ReaderPool(tenantDb, { size: 1, bulkMaxWaitMs: 0 });
  try {
    const order: string[] = [];
    const slow = pool.all(SLOW);
    const interactive = [1, 2].map((n) => pool.all(select(`select ${n} as n`)).then(() => order.push(`interactive ${n}`)));
    const bulk = pool.bulk.all(select('select 3 as n')).then(() => order.push('bulk'));
    await Promise.all([slow, bulk, ...interactive]);
    // Overdue at once: it goes next, then the interactive reads in turn.
    assert.deepEqual(order, ['bulk', 'interactive 1', 'interactive 2']);
  } finally {
    await pool.close();
  }
});

test('the queue is bounded: past it a read is refused at once with STORE_BUSY', async () => {
  const pool = new ReaderPool(tenantDb, { size: 1, maxQueued: 2 });
  try {
    const slow = pool.all(SLOW);
    const waiting = [pool.all(select('select 1 as n')), pool.all(select('select 2 as n'))];
    await assert.rejects(pool.all(select('select 3 as n')), (err: Error & { code?: string }) => err.code === STORE_BUSY && /busy/.test(err.message));
    assert.deepEqual(await Promise.all(waiting), [[{ n: 1 }], [{ n: 2 }]]);
    await slow;
  } finally {
    await pool.close();
  }
});

test('a thread that dies fails its query with a clear error; the pool replaces it and goes on', async () => {
  const pool = new ReaderPool(tenantDb, { size: 2 });
  try {
    await Promise.all([pool.all(select('select 1')), pool.all(select('select 1'))]);
    // Thread 1 takes the slow read; thread 2 the quick ones, before and after thread 1 dies.
    const dying = pool.all(SLOW);
    const others = Array.from({ length: 20 }, (_, i) => pool.all(select(`select ${i} as n`)));
    await pool.terminateThread(0);
    await assert.rejects(
      dying,
      (err: Error & { code?: string }) => err.code === 'AMR_READER_STOPPED' && /reader thread running this query stopped \(terminated\)/.test(err.message),
    );
    assert.deepEqual(
      (await Promise.all(others)).map((r) => r[0]),
      Array.from({ length: 20 }, (_, i) => ({ n: i })),
    );
    assert.equal(pool.threadsStarted, 3);
    assert.equal(pool.liveThreads, 2);
    const after = await Promise.all([pool.all(SLOW), ...Array.from({ length: 10 }, (_, i) => pool.all(select(`select ${i} as n`)))]);
    assert.deepEqual(after[0], [{ n: 3000000 }]);
  } finally {
    await pool.close();
  }
});

test('a pool that cannot open the database fails each read with the reason', async () => {
  const pool = new ReaderPool(join(dir, 'missing', 'none.db'), { size: 2 });
  try {
    await assert.rejects(pool.all(select('select 1')), /cannot start a SQLite reader thread|reader thread running this query stopped/);
    await assert.rejects(pool.all(select('select 1')), /cannot start a SQLite reader thread|reader thread running this query stopped/);
  } finally {
    await pool.close();
  }
});

test('closing ends the threads: running reads finish, waiting ones and later ones fail, the WAL is removed', async () => {
  const path = join(dir, 'close.db');
  const engine = openSqliteEngine({ path, readers: 2 });
  await migrate(engine, () => NOW);
  const pool = engine.reader as ReaderPool;
  assert.equal(pool.liveThreads, 2);
  const running = [engine.reader.all(SLOW), engine.reader.all(SLOW)];
  const waiting = engine.reader.all(select('select 1'));
  await Promise.all([engine.close(), assert.rejects(waiting, /store is closed/)]);
  assert.deepEqual(await Promise.all(running), [[{ n: 3000000 }], [{ n: 3000000 }]]);
  assert.equal(pool.liveThreads, 0);
  await assert.rejects(engine.reader.all(select('select 1')), /store is closed/);
  // The writer closed last, with no reader left: it checkpointed and removed the WAL.
  assert.equal(existsSync(`${path}-wal`), false);
  await assert.rejects(pool.insertMany(), /does not write/);
});
