// The writer thread (file databases): same results as the in-thread writer, and a failed
// pipelined insert rolls the whole transaction back and leaves the store usable.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { importObjects } from '../../ingest/import-objects.js';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import { NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'amr-writer-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

async function rows(store: Store) {
  const tenant = await store.getTenant(TENANT);
  const page = await store.listRegistrationDetails({ tenantId: TENANT, generation: tenant!.currentGeneration!, filter: null, orderby: [], top: 1000, after: null, count: false });
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
    await assert.rejects(importObjects(store, { header: () => header, users: () => [user, user], groups: () => [], roleAssignments: () => [] }, () => NOW),
      /UNIQUE constraint failed/);
    assert.deepEqual(await rows(store), before);
    await importFixture(store);
    assert.deepEqual(await rows(store), before);
  } finally {
    await store.close();
  }
});
