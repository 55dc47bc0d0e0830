// The background sync tells the alerts of each tenant it replaced, and only of those (decision 0093).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncOutcome } from '../sync/run/contract.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import { NOW } from '../test-support/fixture-tenant.js';
import { Metrics } from './metrics.js';
import { SyncLoop, type SyncLoopApi } from './sync-loop.js';

const A = '0b3c5e2a-1111-4222-8333-944455556666';
const B = '1c4d6f3b-2222-4333-8444-a55566667777';

test('a succeeded sync triggers an evaluation of its tenant; a failed one does not', async () => {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  const synced: string[] = [];
  const api: SyncLoopApi = {
    runSyncAll: async () => [{ tenantId: A, generation: 2 } as SyncOutcome, { tenantId: B, error: new Error('refused') }],
    syncStatus: async () => [],
  };
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const controller = new AbortController();
  const loop = new SyncLoop({
    api,
    store,
    periodMs: 3_600_000,
    metrics: new Metrics(),
    log: quiet,
    now: () => NOW,
    signal: controller.signal,
    onSynced: (t) => synced.push(t),
  });
  try {
    await loop.runNow();
    assert.deepEqual(synced, [A]);
  } finally {
    await loop.stop();
    await store.close();
  }
});
