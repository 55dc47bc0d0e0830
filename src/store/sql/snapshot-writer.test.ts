// The streaming report path and the recompute path must give the same report for the same tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { openStore } from '../open-store.js';
import { testDatabase } from '../../test-support/test-db.js';
import { NOW, TENANT, fixtureSnapshot } from '../../test-support/fixture-tenant.js';

async function reportFor(ndjson: string) {
  const store = await openStore({ db: await testDatabase(), now: () => NOW });
  try {
    const summary = await importSnapshot(store, Readable.from([ndjson]), { sourceName: 'test', encoding: 'ndjson', now: () => NOW });
    const generation = summary.recompute.generation;
    const page = await store.listRegistrationDetails({ tenantId: TENANT, generation, filter: null, orderby: [], top: 1000, after: null, count: true });
    const byFeature = await store.getRegistrationSummary(TENANT, generation, 'all', 'all');
    const recomputed = await store.recompute(TENANT);
    const again = await store.listRegistrationDetails({
      tenantId: TENANT,
      generation: recomputed.generation,
      filter: null,
      orderby: [],
      top: 1000,
      after: null,
      count: false,
    });
    return { rows: page.rows, summary: byFeature, recomputedRows: again.rows, listed: summary.recompute.listedUsers };
  } finally {
    await store.close();
  }
}

test('groups and roles first (streamed), last (recomputed), and a later recompute all agree', async () => {
  const lines = fixtureSnapshot().trimEnd().split('\n');
  const header = lines[0]!;
  const users = lines.filter((l) => l.startsWith('{"user"'));
  const rest = lines.filter((l) => !l.startsWith('{"user"') && l !== header);
  const streamed = await reportFor([header, ...rest, ...users].join('\n'));
  const late = await reportFor([header, ...users, ...rest].join('\n'));
  const interleaved = await reportFor([header, users[0]!, rest[0]!, ...users.slice(1), ...rest.slice(1)].join('\n'));
  assert.equal(streamed.listed, 6);
  assert.ok(
    streamed.rows.some((r) => r.isAdmin),
    'the role assignment reached the streamed rows',
  );
  assert.ok(
    streamed.rows.some((r) => r.isSsprEnabled && !r.isAdmin),
    'the nested SSPR group reached the streamed rows',
  );
  for (const other of [late, interleaved]) {
    assert.deepEqual(other.rows, streamed.rows);
    assert.deepEqual(other.summary, streamed.summary);
  }
  assert.deepEqual(streamed.recomputedRows, streamed.rows);
});
