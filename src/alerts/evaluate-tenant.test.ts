// evaluateTenant over a real store with a data source of plain data: alerts open once with one
// delivery per webhook, stay open silently, resolve when the condition ends; the daily evaluation
// runs on one of two servers sharing a database.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BucketSummary } from '../reports/breakdowns.js';
import { FEATURES } from '../reports/summaries.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { testDatabase } from '../test-support/test-db.js';
import { fixtureSnapshot } from '../test-support/fixture-tenant.js';
import { importSnapshot } from '../ingest/import-snapshot.js';
import { Readable } from 'node:stream';
import { AlertService } from './alert-service.js';
import type { AlertDataSource } from './data-source.js';
import { evaluateTenant } from './evaluate-tenant.js';
import { parseNewRule } from './rules.js';
import { alertWire, ruleRecord } from './wire.js';

const TENANT = 'dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f';
const NOW = new Date('2026-12-07T10:00:00Z');
let store: Store;
before(async () => {
  store = await openStore({ db: await testDatabase(), now: () => NOW });
});
after(() => store.close());

function allBucket(mfaCapable: number, total: number): BucketSummary {
  return {
    key: 'all',
    displayName: null,
    totalUserCount: total,
    protection: { phishingResistant: 0, passwordless: 0, mfa: mfaCapable, weakMfa: 0, none: total - mfaCapable },
    staleUserCount: 0,
    feature: { totalUserCount: total, userRegistrationFeatureCounts: FEATURES.map((f) => ({ feature: f, userCount: f === 'mfaCapable' ? mfaCapable : 0 })) },
    method: { totalUserCount: total, userRegistrationMethodCounts: [] },
  };
}

const source = (mfaCapable: number): AlertDataSource => ({
  currentBuckets: async (groupBy) => (groupBy === null ? [allBucket(mfaCapable, 10)] : null),
  bucketsOn: async () => null,
  adminsWithoutPhishingResistant: async () => null,
  methodChanges: async () => null,
});

test('open once, silent while it holds, resolved when it ends; one delivery per webhook and event', async () => {
  const rule = parseNewRule({ kind: 'coverageBelow', name: 'MFA', metric: 'mfaCapable', threshold: 80 }, { id: 'rule-1', tenantId: TENANT, now: NOW });
  await store.putAlertRule(ruleRecord(rule, NOW));
  await store.addWebhook({ tenantId: TENANT, id: 'hook-1', url: 'http://127.0.0.1:9/', secret: 's', enabled: true, createdAt: NOW.toISOString() });
  await store.addWebhook({ tenantId: TENANT, id: 'hook-2', url: 'http://127.0.0.1:9/', secret: 's', enabled: false, createdAt: NOW.toISOString() });

  const first = await evaluateTenant(store, TENANT, NOW, { source: source(5) });
  assert.deepEqual([first.opened, first.resolved, first.deliveriesQueued], [1, 0, 1]);
  const again = await evaluateTenant(store, TENANT, new Date(NOW.getTime() + 1000), { source: source(6) });
  assert.deepEqual([again.opened, again.resolved, again.stillOpen, again.deliveriesQueued], [0, 0, 1, 0]);
  const [open] = (await store.listAlerts({ tenantId: TENANT, status: 'open', top: 10, after: null })).rows.map(alertWire);
  assert.equal(open!.detail['coveragePercent'], 60, 'the measurement is renewed while open');
  assert.equal(open!.lastSeenDateTime, '2026-12-07T10:00:01.000Z');

  const resolved = await evaluateTenant(store, TENANT, new Date(NOW.getTime() + 2000), { source: source(9) });
  assert.deepEqual([resolved.opened, resolved.resolved, resolved.deliveriesQueued], [0, 1, 1]);
  const deliveries = await store.listDeliveries(TENANT, 'hook-1', 10);
  assert.deepEqual(deliveries.map((d) => d.event).sort(), ['alert.opened', 'alert.resolved']);
  assert.deepEqual(await store.listDeliveries(TENANT, 'hook-2', 10), [], 'a disabled webhook gets nothing');
  const payload = JSON.parse(deliveries.find((d) => d.event === 'alert.resolved')!.payloadJson) as { alert: { status: string; resolvedDateTime: string } };
  assert.deepEqual([payload.alert.status, payload.alert.resolvedDateTime], ['resolved', '2026-12-07T10:00:02.000Z']);
});

test("the daily evaluation runs on the server holding the day's lease, once a day", async () => {
  let clock = new Date('2026-12-08T00:30:00Z');
  const a = new AlertService({ store, now: () => clock, log: null, holder: 'server-a' });
  const b = new AlertService({ store, now: () => clock, log: null, holder: 'server-b' });
  await importSnapshot(store, Readable.from([fixtureSnapshot()]), { sourceName: 'fixture', encoding: 'ndjson', now: () => new Date('2026-11-20T12:00:00Z') });
  const tenants = (await store.listTenants()).length;
  assert.equal(tenants, 1);
  assert.equal(await a.daily(), tenants);
  assert.equal(await b.daily(), 0, 'the other server skips the day');
  assert.equal(await a.daily(), 0, 'and the holder does not run it twice');
  clock = new Date('2026-12-09T01:00:00Z');
  assert.equal(await b.daily(), tenants, 'the next day whoever asks first runs it');
  await a.stop();
  await b.stop();
});
