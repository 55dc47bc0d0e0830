// The sync_state table (migration 6): upserts of the given columns only, large parts compressed, listing without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../open-store.js';
import { testDatabase } from '../../test-support/test-db.js';

test('sync state: partial upserts keep other columns, null clears, listing leaves the large parts out', async () => {
  const store = await openStore({ db: await testDatabase(), now: () => new Date('2026-12-01T00:00:00Z') });
  try {
    assert.equal(await store.getSyncState('t1'), null);
    await store.putSyncState('t1', { credentials: '{"tenantId":"t1","clientId":"c"}' });
    const big = JSON.stringify({ users: Array.from({ length: 5000 }, (_, i) => ({ id: `user-${i}`, methods: [] })) });
    await store.putSyncState('t1', { state: '{"lastOutcome":"succeeded"}', snapshot: big, checkpoint: '{"version":1}' });
    const got = await store.getSyncState('t1');
    assert.equal(got?.credentials, '{"tenantId":"t1","clientId":"c"}');
    assert.equal(got?.state, '{"lastOutcome":"succeeded"}');
    assert.equal(got?.snapshot, big);
    assert.equal(got?.checkpoint, '{"version":1}');
    assert.equal(got?.registrationRows, null);
    assert.equal(got?.updatedAt, '2026-12-01T00:00:00.000Z');
    await store.putSyncState('t1', { checkpoint: null });
    assert.equal((await store.getSyncState('t1'))?.checkpoint, null);
    assert.equal((await store.getSyncState('t1'))?.snapshot, big);
    await store.putSyncState('t0', { state: '{}' });
    const list = await store.listSyncStates();
    assert.deepEqual(
      list.map((r) => r.tenantId),
      ['t0', 't1'],
    );
    assert.equal(list[1]?.snapshot, null);
    assert.equal(list[1]?.credentials, '{"tenantId":"t1","clientId":"c"}');
    assert.equal(list[0]?.credentials, null);
  } finally {
    await store.close();
  }
});
