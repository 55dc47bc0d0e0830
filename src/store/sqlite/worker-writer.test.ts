// The writer thread (file databases): same results as the in-thread writer, and a failed
// pipelined insert rolls the whole transaction back and leaves the store usable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { importObjects } from '../../ingest/import-objects.js';
import { openStore } from '../open-store.js';
import { migrate } from '../sql/migrations.js';
import { openSqliteEngine } from './sqlite-engine.js';
import type { Store } from '../store.js';
import { NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amr-writer-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function rows(store: Store) {
  const tenant = await store.getTenant(TENANT);
  const page = await store.listRegistrationDetails({
    tenantId: TENANT,
    generation: tenant!.currentGeneration!,
    filter: null,
    orderby: [],
    top: 1000,
    after: null,
    count: false,
  });
  return page.rows;
}

async function importFixture(store: Store): Promise<void> {
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
}

test('a file database (writer thread) gives the same report as an in-memory one', async () => {
  const file = await openStore({ db: join(dir, 'same.db'), now: () => NOW });
  const memory = await openStore({ db: ':memory:', now: () => NOW });
  try {
    await importFixture(file);
    await importFixture(memory);
    assert.deepEqual(await rows(file), await rows(memory));
    assert.equal((await rows(file)).length, 6);
  } finally {
    await file.close();
    await memory.close();
  }
});

test('a failed insert in the pipeline rolls everything back; the store stays usable', async () => {
  const store = await openStore({ db: join(dir, 'rollback.db'), now: () => NOW });
  try {
    await importFixture(store);
    const before = await rows(store);
    const user = { id: 'dup', userPrincipalName: 'd@x', displayName: 'D', userType: 'Member', accountEnabled: true };
    const header = { amrSnapshot: 1, tenant: { id: TENANT }, capturedDateTime: '2026-11-21T00:00:00Z' };
    // The normalisers do not look for duplicates (the file reader does): the database refuses it.
    await assert.rejects(
      importObjects(store, { header: () => header, users: () => [user, user], groups: () => [], roleAssignments: () => [] }, () => NOW),
      /UNIQUE constraint failed/,
    );
    assert.deepEqual(await rows(store), before);
    await importFixture(store);
    assert.deepEqual(await rows(store), before);
  } finally {
    await store.close();
  }
});

test('a transaction sent behind a failing one (before its commit is answered) is not touched by the failure', async () => {
  const engine = openSqliteEngine({ path: join(dir, 'behind.db') });
  try {
    await migrate(engine, () => NOW);
    const row = (id: string) => [id, 'x'];
    // Neither waits for the other: the second is sent as soon as the first's commit is.
    const failing = engine.writeTransaction(async (tx) => {
      await tx.insertMany('settings', ['key', 'value'], [row('a'), row('a')]);
    });
    const next = engine.writeTransaction(async (tx) => {
      await tx.insertMany('settings', ['key', 'value'], [row('b')]);
    });
    await assert.rejects(failing, /UNIQUE constraint failed/);
    await next;
    const keys = await engine.reader.all(sql<{ key: string }>`select key from settings where key in ('a', 'b') order by key`.compile(engine.qb));
    assert.deepEqual(
      keys.map((k) => k.key),
      ['b'],
    );
  } finally {
    await engine.close();
  }
});

test('the checkpointer thread copies committed pages into the database file while the store is open', async () => {
  const file = join(dir, 'checkpointed.db');
  const engine = openSqliteEngine({ path: file });
  try {
    await migrate(engine, () => NOW);
    const before = statSync(file).size;
    // About 2 MB of pages: far below the writer's own checkpoint (40,000 pages), so only the checkpointer copies them.
    await engine.writeTransaction(async (tx) => {
      await tx.insertMany(
        'settings',
        ['key', 'value'],
        Array.from({ length: 2000 }, (_, i) => [`k${i}`, 'v'.repeat(1000)]),
      );
    });
    const deadline = Date.now() + 20_000;
    while (statSync(file).size < before + 2_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(statSync(file).size >= before + 2_000_000, `database file ${statSync(file).size} bytes, was ${before}`);
  } finally {
    await engine.close();
  }
});
