// runSync against the Graph double: a full sync serves what `amr import` of the same state serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { importSnapshot } from '../../ingest/import-snapshot.js';
import { join } from 'node:path';
import { runSync, syncStatus } from './index.js';
import { SyncError } from '../sync-error.js';
import { demoSnapshot, importedRows, servedRows, withHarness } from './harness.test.js';
import { SECRET, smallSnapshot, TENANT_ID } from '../../test-support/graph-double/test-fixture.js';
import { storedText } from '../../test-support/read-rows.js';

test('full sync of the fixture tenant ≡ amr import of the same state', async () => {
  await withHarness(smallSnapshot(5), async (h) => {
    const phases = new Set<string>();
    const out = join(h.dir, 'out.ndjson');
    const outcome = await runSync(h.store, { tenant: TENANT_ID, env: h.env, ssprPolicyFile: h.ssprFile, out, onProgress: (p) => phases.add(p.phase) });
    assert.equal(outcome.tenantId, TENANT_ID);
    assert.equal(outcome.pass, 'full');
    assert.equal(outcome.users, 5);
    assert.equal(outcome.ssprPolicySource, 'file');
    assert.deepEqual(await servedRows(h.store, TENANT_ID), await importedRows(h));
    assert.ok((await readFile(out, 'utf8')).startsWith('{"amrSnapshot":1'));
    // --out is a snapshot `amr import` takes, serving the same rows.
    const other = await h.openAnother('from-out');
    await importSnapshot(other, createReadStream(out), { sourceName: out, encoding: 'auto', now: () => new Date() });
    assert.deepEqual(await servedRows(other, TENANT_ID), await servedRows(h.store, TENANT_ID));
    // Neither the secret nor an access token is in the database (or its WAL).
    const stored = await storedText(h.db);
    assert.ok(stored.length > 0, 'the database was read');
    assert.ok(!stored.includes(SECRET), 'the database holds the secret');
    assert.ok(!/eyJ[A-Za-z0-9_-]{10,}\.eyJ/.test(stored), 'the database holds a token');
    for (const p of ['organization', 'licence', 'users', 'methods', 'roles', 'policies', 'groups', 'import']) assert.ok(phases.has(p), p);
  });
});

test('full sync of a 150-user demo tenant ≡ amr import; requests near the minimum', async () => {
  const snapshot = demoSnapshot(150);
  await withHarness(snapshot, async (h) => {
    const outcome = await h.sync();
    assert.ok(outcome.users >= 140 && outcome.users <= 150, `users ${outcome.users}`);
    const served = await servedRows(h.store, h.tenantId);
    assert.equal(served.length, (await importedRows(h)).length);
    assert.deepEqual(served, await importedRows(h));
    // 2 per user (methods, preferences) in batches of 20, plus a constant.
    assert.ok((outcome.httpCalls ?? Infinity) <= Math.ceil(300 / 20) + 30, `HTTP calls ${outcome.httpCalls}`);
    console.log(`full sync, 150 users: ${outcome.requests} Graph requests in ${outcome.httpCalls} HTTP calls`);
  });
});

test('a group past the 1 MiB record limit (20,000 direct members, as "All staff" groups are) syncs, and --out imports with the limit raised', async () => {
  const snapshot = smallSnapshot(5);
  const groups = snapshot['groups'] as Record<string, unknown>[];
  const big = groups[0]!;
  const devices = Array.from({ length: 20_000 }, (_, i) => ({
    '@odata.type': '#microsoft.graph.device',
    id: `dev-${String(i).padStart(6, '0')}-0000-4000-8000-000000000000`,
  }));
  groups[0] = { ...big, members: [...(big['members'] as unknown[]), ...devices] };
  await withHarness(snapshot, async (h) => {
    const out = join(h.dir, 'big-group.ndjson');
    await runSync(h.store, { tenant: TENANT_ID, env: h.env, ssprPolicyFile: h.ssprFile, out });
    assert.deepEqual(await servedRows(h.store, TENANT_ID), await importedRows(h, 'big', { maxRecordBytes: 8 * 1024 * 1024 }));
    // The file amr wrote holds a line over 1 MiB: a plain import names the flag that raises the limit.
    const other = await h.openAnother('big-out');
    await assert.rejects(importSnapshot(other, createReadStream(out), { sourceName: out, encoding: 'auto', now: () => new Date() }), /--max-record-bytes/);
    await importSnapshot(other, createReadStream(out), {
      sourceName: out,
      encoding: 'auto',
      now: () => new Date(),
      limits: { maxRecordBytes: 8 * 1024 * 1024 },
    });
    assert.deepEqual(await servedRows(other, TENANT_ID), await servedRows(h.store, TENANT_ID));
  });
});

test('a paging token that expires part-way through a listing: the listing is read again from its start, and the result ≡ import', async () => {
  await withHarness(
    smallSnapshot(7),
    async (h) => {
      let expired = 0;
      const outcome = await runSync(h.store, {
        tenant: TENANT_ID,
        env: h.env,
        ssprPolicyFile: h.ssprFile,
        onProgress: (p) => {
          // After the first page of the users delta and of userRegistrationDetails: every token issued so far expires.
          if ((p.phase === 'users' || p.phase === 'registrationDetails') && p.done === 2 && expired < 2) {
            expired++;
            h.double.faults.expireSkipTokens();
          }
        },
      });
      assert.equal(expired, 2);
      assert.equal(outcome.warnings.filter((w) => /paging token expired after 1 pages/.test(w)).length, 2, outcome.warnings.join('\n'));
      assert.deepEqual(await servedRows(h.store, TENANT_ID), await importedRows(h));
    },
    { pageSizes: { usersDelta: 2, registrationDetails: 2 } },
  );
});

test('a free tenant: userRegistrationDetails and sign-ins are skipped with warnings; the rows still match', async () => {
  await withHarness(smallSnapshot(5, 'free'), async (h) => {
    const outcome = await runSync(h.store, { tenant: TENANT_ID, env: h.env, ssprPolicyFile: h.ssprFile });
    assert.equal(outcome.license, 'free');
    assert.ok(
      outcome.warnings.some((w) => w.includes('userRegistrationDetails')),
      outcome.warnings.join('; '),
    );
    assert.ok(
      outcome.warnings.some((w) => w.includes('sign-ins')),
      outcome.warnings.join('; '),
    );
    assert.deepEqual(await servedRows(h.store, TENANT_ID), await importedRows(h));
    const [status] = await syncStatus(h.store);
    assert.equal(status?.retentionDays, 7);
  });
});

test('settings are checked before any request: a missing client id is a settings error naming it', async () => {
  await withHarness(smallSnapshot(2), async (h) => {
    await assert.rejects(
      runSync(h.store, { tenant: TENANT_ID, env: { ...h.env, AMR_SYNC_CLIENT_ID: '' } }),
      (e: unknown) => e instanceof SyncError && e.kind === 'settings' && /AMR_SYNC_CLIENT_ID/.test(e.message),
    );
    assert.equal(h.double.requests.length, 0);
  });
});

test("sync and audit logs: the tenant's audits reach the store and a second sync adds no duplicates", async () => {
  await withHarness(smallSnapshot(5), async (h) => {
    const first = await runSync(h.store, { tenant: TENANT_ID, env: h.env, ssprPolicyFile: h.ssprFile });
    h.double.state.addMethod('00000000-0000-4000-8000-000000000002', {
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
      id: 'k1',
      displayName: 'Key',
    });
    const second = await runSync(h.store, { tenant: TENANT_ID, env: h.env, ssprPolicyFile: h.ssprFile });
    assert.equal(second.pass, 'incremental');
    assert.equal(second.audits, first.audits + 1);
    const events = await h.store.listActivityEvents({
      tenantId: TENANT_ID,
      since: '2000-01-01T00:00:00Z',
      filter: null,
      orderby: [],
      top: 1000,
      after: null,
      count: true,
    });
    assert.ok(events.rows.length >= 1, 'registration event stored');
  });
});

test("with Graph's limits enforced by the double, a full and an incremental sync receive no 429", async () => {
  await withHarness(
    demoSnapshot(100, 'limits'),
    async (h) => {
      const full = await h.sync();
      const inc = await h.sync();
      assert.equal(inc.pass, 'incremental');
      assert.equal(full.throttled + inc.throttled, 0);
      assert.equal(h.double.requests.filter((r) => r.status === 429 || (r.inner ?? []).some((i) => i.status === 429)).length, 0);
      assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
      console.log(
        `limits on, 100 users: full ${full.requests} requests waited ${Math.round(full.waitedMs)} ms; incremental ${inc.requests} requests waited ${Math.round(inc.waitedMs)} ms`,
      );
    },
    { limits: { authenticationMethods: 'identity' } },
  );
});
