// Kill and resume, refused and failed syncs, mirror mode, verify, runSyncAll and syncStatus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runSync, runSyncAll, saveTenantCredentials, syncStatus, verifyTenant, type SyncProgress } from './index.js';
import { isRecord } from './state.js';
import { SyncError } from '../sync-error.js';
import { demoSnapshot, harness, importedRows, servedRows, withHarness, type Harness } from './harness.test.js';
import { ALL_PERMISSIONS, APP_ID, SECRET } from '../../test-support/graph-double/test-fixture.js';

const methodRequests = (h: Harness): number => h.double.requests.flatMap((r) => r.inner ?? []).filter((i) => i.path.endsWith('/authentication/methods')).length;

/** Users whose methods a run read, from its progress reports (the run's own count, not the double's log, which
 * may still receive the killed run's last requests). */
function methodsRead(): { readonly onProgress: (p: SyncProgress) => void; readonly total: () => number } {
  let total = 0;
  return {
    onProgress: (p) => {
      if (p.phase === 'methods' && p.total !== null) total = p.total;
    },
    total: () => total,
  };
}

async function checkpointedUsers(h: Harness): Promise<number> {
  const text = (await h.store.getSyncState(h.tenantId))?.checkpoint ?? null;
  const o: unknown = text === null ? null : (JSON.parse(text) as unknown);
  return isRecord(o) && isRecord(o['methods']) ? Object.keys(o['methods']).length : 0;
}

test('a sync aborted at a random point and run again ≡ one clean sync (fast-check)', async () => {
  const h0 = await harness(demoSnapshot(80, 'kill'));
  let calls = 0;
  try {
    await runSync(h0.store, {
      tenant: h0.tenantId,
      env: h0.env,
      ssprPolicyFile: h0.ssprFile,
      onProgress: () => {
        calls++;
      },
    });
  } finally {
    await h0.close();
  }
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: calls }), async (stopAt) => {
      await withHarness(demoSnapshot(80, 'kill'), async (h) => {
        const controller = new AbortController();
        let seen = 0;
        await runSync(h.store, {
          tenant: h.tenantId,
          env: h.env,
          ssprPolicyFile: h.ssprFile,
          signal: controller.signal,
          onProgress: () => {
            if (++seen === stopAt) controller.abort(new Error('killed'));
          },
        }).catch(() => undefined);
        const checkpointed = await checkpointedUsers(h);
        const read = methodsRead();
        const again = await h.sync({ onProgress: read.onProgress });
        assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
        // Users the killed run checkpointed are not read again.
        if (again.pass === 'full') assert.equal(read.total(), again.users - checkpointed);
        const status = (await syncStatus(h.store)).find((s) => s.tenantId === h.tenantId);
        assert.equal(status?.lastOutcome, 'succeeded');
      });
    }),
    { numRuns: 5 },
  );
});

test('a run killed in the methods phase resumes from its checkpoint without reading those users again', async () => {
  await withHarness(demoSnapshot(120, 'resume'), async (h) => {
    const controller = new AbortController();
    await assert.rejects(
      runSync(h.store, {
        tenant: h.tenantId,
        env: h.env,
        ssprPolicyFile: h.ssprFile,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'methods' && p.done >= 60) controller.abort(new Error('killed'));
        },
      }),
    );
    const checkpointed = await checkpointedUsers(h);
    assert.ok(checkpointed >= 60, `checkpointed: ${checkpointed}`);
    const deltaBefore = h.double.requests.filter((r) => r.path.includes('/users/delta')).length;
    const read = methodsRead();
    const outcome = await h.sync({ onProgress: read.onProgress });
    assert.ok(
      outcome.warnings.some((w) => w.startsWith('resumed')),
      outcome.warnings.join('; '),
    );
    assert.equal(read.total(), outcome.users - checkpointed);
    assert.equal(h.double.requests.filter((r) => r.path.includes('/users/delta')).length, deltaBefore, 'users not read again');
    assert.equal(await checkpointedUsers(h), 0, 'the checkpoint is cleared');
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
  });
});

test('a refused sync (missing permission) names the permission and changes nothing served', async () => {
  await withHarness(demoSnapshot(40, 'refused'), async (h) => {
    await h.sync();
    const served = await servedRows(h.store, h.tenantId);
    const generation = (await h.store.getTenant(h.tenantId))?.currentGeneration;
    const someone = String(served[0]?.['id']);
    h.double.state.addMethod(someone, { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'new-key', displayName: 'Key' });
    h.double.state.putApp({ clientId: APP_ID, secrets: [SECRET], permissions: ALL_PERMISSIONS.filter((p) => p !== 'UserAuthenticationMethod.Read.All') });
    await assert.rejects(h.sync({ full: true }), (e: unknown) => {
      assert.ok(e instanceof SyncError);
      assert.equal(e.kind, 'permission');
      assert.match(e.message, /UserAuthenticationMethod\.Read\.All/);
      return true;
    });
    assert.deepEqual(await servedRows(h.store, h.tenantId), served);
    assert.equal((await h.store.getTenant(h.tenantId))?.currentGeneration, generation);
    const [status] = await syncStatus(h.store);
    assert.equal(status?.lastOutcome, 'failed');
    assert.equal(status?.lastError?.kind, 'permission');
    assert.notEqual(status?.lastSuccessAt, null);
  });
});

test('transient faults (inner 503, 429 with Retry-After, dropped connection) are retried; the result is the same', async () => {
  await withHarness(demoSnapshot(40, 'faults'), async (h) => {
    h.double.faults.inject({ path: '/authentication/methods', kind: 503, count: 3 });
    h.double.faults.inject({ path: '/subscribedSkus', kind: 429, retryAfter: 0.05 });
    h.double.faults.inject({ path: '/roleManagement/directory/roleAssignments', kind: 'drop' });
    const outcome = await h.sync();
    assert.ok(outcome.throttled >= 1);
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
  });
});

test('an expired delta link makes a full pass with the same result', async () => {
  await withHarness(demoSnapshot(40, 'expired'), async (h) => {
    await h.sync();
    h.double.faults.expireDeltaLinks();
    h.double.state.updateUser(String((await servedRows(h.store, h.tenantId))[0]?.['id']), { displayName: 'Changed' });
    const outcome = await h.sync();
    assert.equal(outcome.pass, 'full');
    assert.ok(outcome.warnings.some((w) => w.includes('expired')));
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
  });
});

test('mirror mode (userRegistrationDetails only) serves the same rows on this tenant', async () => {
  await withHarness(demoSnapshot(60, 'mirror'), async (h) => {
    const outcome = await h.sync({ mode: 'mirror' });
    assert.equal(outcome.mode, 'mirror');
    assert.equal(methodRequests(h), 0);
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
  });
});

test('verify: no differences when Entra agrees; the users behind each difference when not', async () => {
  await withHarness(demoSnapshot(60, 'verify'), async (h) => {
    await h.sync();
    const clean = await verifyTenant(h.store, h.tenantId);
    assert.ok(clean.usersCompared > 0);
    assert.deepEqual(clean.differences, []);
    assert.deepEqual(clean.onlyInEntra, []);
    const rows = await servedRows(h.store, h.tenantId);
    const target = rows.find((r) => r['isMfaRegistered'] === false && r['isSsprRegistered'] === false);
    assert.ok(target);
    const id = String(target['id']);
    h.double.state.overrideRegistrationDetails(id, { isMfaRegistered: true, methodsRegistered: ['microsoftAuthenticatorPush'] });
    await h.sync({ full: true });
    const report = await verifyTenant(h.store, h.tenantId);
    const props = report.differences.map((d) => d.property).sort();
    assert.deepEqual(props, ['isMfaRegistered', 'methodsRegistered']);
    for (const d of report.differences)
      assert.deepEqual(
        d.users.map((u) => u.id),
        [id],
      );
  });
});

test('runSyncAll syncs every tenant with credentials and collects each failure; saveTenantCredentials checks ids', async () => {
  await withHarness(demoSnapshot(30, 'all'), async (h) => {
    await assert.rejects(saveTenantCredentials(h.store, { tenantId: 'contoso.com', clientId: APP_ID }), /GUID/);
    await assert.rejects(saveTenantCredentials(h.store, { tenantId: h.tenantId, clientId: 'app' }), /GUID/);
    await saveTenantCredentials(h.store, { tenantId: h.tenantId.toUpperCase(), clientId: APP_ID, secretEnv: 'TENANT_A_SECRET', ssprPolicyFile: h.ssprFile });
    const other = '99999999-9999-4999-8999-999999999999';
    await saveTenantCredentials(h.store, { tenantId: other, clientId: APP_ID, secretEnv: 'UNSET_SECRET' });
    const stored = await h.store.getSyncState(h.tenantId);
    assert.ok(stored?.credentials?.includes('TENANT_A_SECRET'));
    assert.ok(!stored?.credentials?.includes(SECRET));
    const env = { AMR_GRAPH_URL: h.env.AMR_GRAPH_URL, AMR_LOGIN_URL: h.env.AMR_LOGIN_URL, TENANT_A_SECRET: SECRET };
    const results = await runSyncAll(h.store, { env });
    assert.equal(results.length, 2);
    const failed = results.find((r) => 'error' in r);
    assert.ok(failed && 'error' in failed);
    assert.equal(failed.tenantId, other);
    assert.match(failed.error.message, /UNSET_SECRET/);
    assert.deepEqual(await servedRows(h.store, h.tenantId), await importedRows(h));
    const statuses = await syncStatus(h.store);
    assert.deepEqual(
      statuses.map((s) => [s.tenantId, s.hasCredentials, s.lastOutcome]).sort(),
      [
        [h.tenantId, true, 'succeeded'],
        [other, true, 'failed'],
      ].sort(),
    );
    const refused = statuses.find((s) => s.tenantId === other);
    assert.equal(refused?.lastError?.kind, 'settings');
    assert.match(refused?.lastError?.message ?? '', /UNSET_SECRET/);
    const mine = statuses.find((s) => s.tenantId === h.tenantId);
    assert.equal(mine?.logsAtRisk, false);
    const later = await syncStatus(h.store, new Date(Date.now() + 40 * 86_400_000));
    assert.equal(later.find((s) => s.tenantId === h.tenantId)?.logsAtRisk, true);
  });
});
