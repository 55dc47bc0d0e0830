// Export read-ahead (read-ahead.ts) and the store's counts by generation: bounded, taken once,
// never served stale or failed, and each generation counted as itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { openStore } from '../open-store.js';
import { FIXTURE_USERS, LISTED, NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';
import { ReadAhead, readsAheadNow } from './read-ahead.js';

test('a page read ahead is handed over once, within its time, and a failed one is forgotten', async () => {
  const ahead = new ReadAhead<string>({ maxPages: 2, ttlMs: 1000 });
  ahead.start('a', async () => 'page a', 0);
  ahead.start('a', async () => 'read twice', 0);
  assert.equal(await ahead.take('a', 10), 'page a');
  assert.equal(ahead.take('a', 10), undefined);
  ahead.start('b', async () => 'page b', 0);
  assert.equal(ahead.take('b', 1001), undefined, 'past its time');
  ahead.start('c', () => Promise.reject(new Error('reader gone')), 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(ahead.take('c', 1), undefined, 'a failure is never served');
  assert.deepEqual(ahead.stats(), { held: 0, started: 3, hits: 1 });
});

test('read-ahead holds at most maxPages: the oldest go first', async () => {
  const ahead = new ReadAhead<number>({ maxPages: 2, ttlMs: 1000 });
  for (let i = 0; i < 5; i++) ahead.start(`p${i}`, async () => i, i);
  assert.equal(ahead.stats().held, 2);
  assert.equal(ahead.take('p0', 5), undefined);
  assert.equal(await ahead.take('p4', 5), 4);
  assert.equal(await ahead.take('p3', 5), 3);
});

test('reading ahead only where a reader says it is idle', () => {
  assert.equal(readsAheadNow({}), false);
  assert.equal(readsAheadNow({ hasIdleReader: () => false }), false);
  assert.equal(readsAheadNow({ hasIdleReader: () => true }), true);
});

test('$count is remembered per generation: a new snapshot is counted anew, the old one still as it was', async () => {
  const store = await openStore({ db: ':memory:', now: () => NOW });
  try {
    const load = (users: typeof FIXTURE_USERS) =>
      importSnapshot(store, Readable.from([fixtureSnapshot(TENANT, users)]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    await load(FIXTURE_USERS);
    const first = (await store.getTenant(TENANT))!.currentGeneration!;
    const query = (generation: number) => ({ tenantId: TENANT, generation, filter: null, orderby: [], top: 1, after: null, count: true });
    assert.equal((await store.listRegistrationDetails(query(first))).count, LISTED.length);
    await load(FIXTURE_USERS.slice(0, 2));
    const second = (await store.getTenant(TENANT))!.currentGeneration!;
    assert.notEqual(second, first);
    const listedNow = FIXTURE_USERS.slice(0, 2).filter((u) => u.enabled !== false && !u.deleted).length;
    assert.equal((await store.listRegistrationDetailsJson(query(second), ['id'])).count, listedNow);
    assert.equal((await store.listRegistrationDetails(query(second))).count, listedNow);
    assert.equal((await store.listRegistrationDetailsJson(query(first), ['id'])).count, LISTED.length);
  } finally {
    await store.close();
  }
});
