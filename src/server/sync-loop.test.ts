// `amr serve --sync-every`: the period it takes, one background run at a time, aborted at shutdown,
// and each tenant's last sync in /readyz (never failing it) and /metrics.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { SyncOutcome, SyncRequest, SyncStatus } from '../sync/run/contract.js';
import { SyncError } from '../sync/sync-error.js';
import { formatAge, formatDuration, parseDuration } from '../util/duration.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { openStore } from '../store/open-store.js';
import { testDatabase } from '../test-support/test-db.js';
import { ADMIN_KEY, NOW, fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { Metrics } from './metrics.js';
import { SyncLoop, type SyncLoopApi, type SyncLoopLog } from './sync-loop.js';
import { ensureSigningKey } from './tokens.js';

const TENANT = '0b3c5e2a-1111-4222-8333-944455556666';
const OTHER = '1c4d6f3b-2222-4333-8444-a55566667777';
const quiet: SyncLoopLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

const outcome: SyncOutcome = {
  tenantId: TENANT,
  mode: 'full',
  pass: 'incremental',
  users: 10,
  usersRead: 1,
  groups: 1,
  roleAssignments: 1,
  audits: 1,
  signIns: 1,
  license: 'P2',
  ssprPolicySource: 'file',
  requests: 9,
  throttled: 0,
  waitedMs: 0,
  startedAt: NOW.toISOString(),
  finishedAt: NOW.toISOString(),
  warnings: [],
  generation: 2,
};
const statuses: readonly SyncStatus[] = [
  {
    tenantId: TENANT,
    hasCredentials: true,
    lastAttemptAt: '2026-01-01T00:00:00.000Z',
    lastSuccessAt: '2026-01-01T00:00:00.000Z',
    lastOutcome: 'succeeded',
    lastError: null,
    retentionDays: 30,
    logsAtRisk: false,
  },
  {
    tenantId: OTHER,
    hasCredentials: true,
    lastAttemptAt: '2026-01-01T00:00:00.000Z',
    lastSuccessAt: null,
    lastOutcome: 'failed',
    lastError: { kind: 'permission', message: 'needs AuditLog.Read.All on GET /v1.0/auditLogs/directoryAudits' },
    retentionDays: 7,
    logsAtRisk: true,
  },
];

/** A stand-in orchestrator whose runSyncAll waits until released (or aborted). */
function fakeApi(): SyncLoopApi & { runs: number; signals: AbortSignal[]; release(): void } {
  let release = () => undefined as void;
  const api = {
    runs: 0,
    signals: [] as AbortSignal[],
    release: () => release(),
    async runSyncAll(_store: unknown, options: Omit<SyncRequest, 'tenant' | 'credentials'>) {
      api.runs++;
      if (options.signal) api.signals.push(options.signal);
      await new Promise<void>((resolve, reject) => {
        release = resolve;
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason));
      });
      return [outcome, { tenantId: OTHER, error: new SyncError('permission', 'needs AuditLog.Read.All', { permission: 'AuditLog.Read.All' }) }];
    },
    async syncStatus() {
      return statuses;
    },
  };
  return api;
}

describe('durations', () => {
  test('parse and print', () => {
    assert.equal(parseDuration('6h'), 6 * 3_600_000);
    assert.equal(parseDuration('30m'), 1_800_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    for (const bad of ['', '6', 'h', '6x', '-5m', '30m1h', '1.5h']) assert.equal(parseDuration(bad), null, bad);
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatAge(3 * 86_400_000 + 5), '3d');
  });
  test('--sync-every / AMR_SYNC_EVERY: at least 5m, refused clearly otherwise', () => {
    assert.equal(loadConfig({}).syncEveryMs, null);
    assert.equal(loadConfig({ AMR_SYNC_EVERY: '6h' }).syncEveryMs, 21_600_000);
    assert.equal(loadConfig({ AMR_SYNC_EVERY: '6h' }, { syncEvery: '5m' }).syncEveryMs, 300_000);
    assert.throws(
      () => loadConfig({}, { syncEvery: '4m59s' }),
      (e: unknown) => e instanceof ConfigError && /--sync-every 4m59s is too short: sync at most every 5m/.test(e.message),
    );
    assert.throws(() => loadConfig({ AMR_SYNC_EVERY: 'hourly' }), /AMR_SYNC_EVERY "hourly" is not a duration: write a number and a unit, e\.g\. 30m, 6h, 1d/);
  });
});

describe('the background sync', () => {
  test('never two runs at once; shutdown aborts the one running and waits for it', async () => {
    const api = fakeApi();
    const shutdown = new AbortController();
    const metrics = new Metrics();
    const leaseAlways = { claimLease: async () => true } as never;
    const loop = new SyncLoop({
      api,
      store: leaseAlways,
      periodMs: 300_000,
      metrics,
      log: quiet,
      now: () => NOW,
      signal: shutdown.signal,
      firstDelayMs: 60_000,
    });
    const a = loop.runNow();
    const b = loop.runNow();
    assert.equal(a, b);
    await new Promise((r) => setImmediate(r));
    assert.equal(api.runs, 1);
    assert.equal(loop.state().running, true);
    api.release();
    await a;
    assert.equal(loop.state().running, false);
    const text = await metrics.registry.metrics();
    assert.match(text, /amr_sync_runs_total\{outcome="succeeded"\} 1/);
    assert.match(text, /amr_sync_runs_total\{outcome="failed"\} 1/);
    assert.match(text, new RegExp(`amr_sync_last_success_timestamp_seconds\\{tenant="${TENANT}"\\} ${Date.parse('2026-01-01T00:00:00Z') / 1000}`));
    assert.match(text, new RegExp(`amr_sync_last_outcome\\{tenant="${OTHER}",outcome="failed"\\} 1`));
    assert.match(text, new RegExp(`amr_sync_last_outcome\\{tenant="${OTHER}",outcome="succeeded"\\} 0`));
    assert.match(text, new RegExp(`amr_sync_logs_at_risk\\{tenant="${OTHER}"\\} 1`));

    loop.start(); // the timer; the run below is a manual one
    const c = loop.runNow();
    await new Promise((r) => setImmediate(r));
    shutdown.abort();
    await c;
    assert.equal(api.signals[1]?.aborted, true, 'the running sync was aborted');
    assert.match(await metrics.registry.metrics(), /amr_sync_runs_total\{outcome="aborted"\} 1/);
    assert.equal(loop.state().nextRunAt, null, 'no run scheduled after shutdown');
    await loop.runNow();
    assert.equal(api.runs, 2, 'no run after shutdown');
  });

  test('servers sharing a database: one runs each round, another takes over once its lease ends', async () => {
    const store = await openStore({ db: ':memory:', now: () => NOW });
    try {
      let now = NOW.getTime();
      const clock = () => new Date(now);
      const period = 300_000;
      const loops = ['a', 'b'].map((holder) => {
        const api = fakeApi();
        const loop = new SyncLoop({
          api,
          store,
          periodMs: period,
          metrics: new Metrics(),
          log: quiet,
          now: clock,
          signal: new AbortController().signal,
          holder,
        });
        return { api, loop };
      });
      const round = async (i: number) => {
        const done = loops[i]!.loop.runNow();
        await new Promise((r) => setTimeout(r, 5));
        loops[i]!.api.release();
        await done;
      };
      await round(0);
      await round(1);
      assert.deepEqual([loops[0]!.api.runs, loops[1]!.api.runs], [1, 0], 'b skipped the round a holds');
      assert.equal(loops[1]!.loop.state().roundsRunElsewhere, 1);
      now += period;
      await round(0);
      await round(1);
      assert.deepEqual([loops[0]!.api.runs, loops[1]!.api.runs], [2, 0], 'a renews its lease each round');
      // a stops: b takes the round once a's lease (two periods) has ended.
      now += period;
      await round(1);
      assert.equal(loops[1]!.api.runs, 0);
      now += period + 1;
      await round(1);
      assert.equal(loops[1]!.api.runs, 1);
    } finally {
      await store.close();
    }
  });

  test("/readyz shows each tenant's last sync and stays ready when one failed; no error message in it", async () => {
    const store = await openStore({ db: await testDatabase(), now: () => NOW });
    await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => NOW });
    const config = loadConfig({ AMR_ADMIN_KEY: ADMIN_KEY, AMR_SYNC_EVERY: '6h' });
    const app = await buildApp({
      config,
      store,
      signingKey: await ensureSigningKey(store),
      skipTokenSecret: 's',
      logger: false,
      now: () => NOW,
      localCode: null,
      sync: fakeApi(),
    });
    try {
      const r = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(r.statusCode, 200);
      const body = r.json<unknown>() as {
        status: string;
        sync: { everySeconds: number; tenants: { tenantId: string; lastOutcome: string; error?: string; logsAtRisk: boolean; ageSeconds: number | null }[] };
      };
      assert.equal(body.status, 'ready');
      assert.equal(body.sync.everySeconds, 21_600);
      const other = body.sync.tenants.find((t) => t.tenantId === OTHER);
      assert.deepEqual([other?.lastOutcome, other?.error, other?.logsAtRisk, other?.ageSeconds], ['failed', 'permission', true, null]);
      assert.ok(!r.body.includes('auditLogs'), 'no message or path');
    } finally {
      await app.close();
      await store.close();
    }
    // Without --sync-every, /readyz is as before.
    const plain = await openStore({ db: await testDatabase(), now: () => NOW });
    const app2 = await buildApp({
      config: loadConfig({}),
      store: plain,
      signingKey: await ensureSigningKey(plain),
      skipTokenSecret: 's',
      logger: false,
      now: () => NOW,
      sync: fakeApi(),
    });
    try {
      const body: unknown = (await app2.inject({ method: 'GET', url: '/readyz' })).json();
      assert.equal((body as { sync?: unknown }).sync, undefined);
    } finally {
      await app2.close();
      await plain.close();
    }
  });
});
