// Store contract, on SQLite and PostgreSQL alike: alert rules, webhooks, alerts opened and resolved
// in one transaction, newest-first paging, the delivery queue (claim, lease, attempts) and its log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../open-store.js';
import type { Store } from '../store.js';
import type { AlertRecord, DeliveryRecord } from '../sql/alert-store.js';
import { contractStores } from '../../test-support/test-db.js';

const T1 = 'dd5bff5f-1a20-4f27-864d-c3b9d8f78e1f';
const T2 = 'aa5bff5f-1a20-4f27-864d-c3b9d8f78e1f';
const AT = '2026-12-07T10:00:00.000Z';

const alert = (tenantId: string, id: string, firstSeenAt: string): AlertRecord => ({
  tenantId,
  id,
  ruleId: 'rule-1',
  conditionKey: `rule-1|${id}`,
  status: 'open',
  firstSeenAt,
  lastSeenAt: firstSeenAt,
  resolvedAt: null,
  detailJson: JSON.stringify({ n: id }),
});

const delivery = (tenantId: string, id: string, alertId: string, nextAttemptAt: string): DeliveryRecord => ({
  tenantId,
  id,
  webhookId: 'hook-1',
  alertId,
  event: 'alert.opened',
  payloadJson: '{"x":1}',
  status: 'pending',
  attempts: 0,
  nextAttemptAt,
  lastStatusCode: null,
  lastError: null,
  createdAt: nextAttemptAt,
});

for (const contract of await contractStores()) {
  describe(`store contract on ${contract.name}: alerts`, () => {
    let store: Store;
    before(async () => {
      store = await openStore({ db: await contract.db() });
    });
    after(() => store.close());

    test('rules: put replaces by id, list per tenant, delete says whether it removed one', async () => {
      const rule = { tenantId: T1, id: 'r1', kind: 'coverageBelow', name: 'MFA', enabled: true, json: '{"a":1}', createdAt: AT, updatedAt: AT };
      await store.putAlertRule(rule);
      await store.putAlertRule({ ...rule, name: 'MFA 2', enabled: false, json: '{"a":2}' });
      await store.putAlertRule({ ...rule, tenantId: T2 });
      assert.deepEqual(await store.listAlertRules(T1), [{ ...rule, name: 'MFA 2', enabled: false, json: '{"a":2}' }]);
      assert.equal((await store.getAlertRule(T2, 'r1'))?.name, 'MFA');
      assert.equal(await store.deleteAlertRule(T1, 'r1'), true);
      assert.equal(await store.deleteAlertRule(T1, 'r1'), false);
      assert.equal((await store.listAlertRules(T2)).length, 1);
    });

    test('alerts: opened, seen and resolved in one transaction; a failing decision writes nothing; paging newest first', async () => {
      await store.addWebhook({ tenantId: T1, id: 'hook-1', url: 'http://127.0.0.1:9/', secret: 's', enabled: true, createdAt: AT });
      const opened = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id, i) => alert(T1, id, `2026-12-0${i + 1}T00:00:00.000Z`));
      await store.updateAlerts(T1, (open, hooks) => {
        assert.deepEqual([open.length, hooks.length], [0, 1]);
        return { opened, resolved: [], seen: [], deliveries: [delivery(T1, 'd1', 'a1', AT)] };
      });
      await assert.rejects(
        store.updateAlerts(T1, () => ({ opened: [alert(T1, 'a9', AT), alert(T1, 'a1', AT)], resolved: [], seen: [], deliveries: [] })),
        'a duplicate id fails the transaction',
      );
      await store.updateAlerts(T1, (open) => {
        assert.deepEqual(
          open.map((a) => a.id),
          ['a1', 'a2', 'a3', 'a4', 'a5'],
          'a9 was rolled back',
        );
        return {
          opened: [],
          resolved: [{ ...open[0]!, status: 'resolved', resolvedAt: AT, lastSeenAt: AT }],
          seen: [{ ...open[1]!, lastSeenAt: AT, detailJson: '{"n":"again"}' }],
          deliveries: [],
        };
      });
      const all: string[] = [];
      let after: readonly [string, string] | null = null;
      do {
        const page = await store.listAlerts({ tenantId: T1, status: 'all', top: 2, after });
        all.push(...page.rows.map((a) => a.id));
        after = page.next;
      } while (after !== null);
      assert.deepEqual(all, ['a5', 'a4', 'a3', 'a2', 'a1']);
      assert.deepEqual(
        (await store.listAlerts({ tenantId: T1, status: 'resolved', top: 10, after: null })).rows.map((a) => [a.id, a.resolvedAt]),
        [['a1', AT]],
      );
      const open = (await store.listAlerts({ tenantId: T1, status: 'open', top: 10, after: null })).rows;
      assert.equal(open.find((a) => a.id === 'a2')?.detailJson, '{"n":"again"}');
      assert.deepEqual((await store.listAlerts({ tenantId: T2, status: 'all', top: 10, after: null })).rows, []);
    });

    test('deliveries: claimed when due and held for the lease; attempts logged; a removed webhook takes its deliveries', async () => {
      const before = new Date(Date.parse(AT) - 1000);
      const early = await store.claimDueDeliveries(before, 10, 60_000);
      assert.deepEqual([early.due.length, early.nextDueAt], [0, AT]);
      const claimed = await store.claimDueDeliveries(new Date(AT), 10, 60_000);
      assert.deepEqual(
        claimed.due.map((d) => [d.id, d.url, d.secret]),
        [['d1', 'http://127.0.0.1:9/', 's']],
      );
      assert.equal((await store.claimDueDeliveries(new Date(AT), 10, 60_000)).due.length, 0, 'held by the lease');
      const next = new Date(Date.parse(AT) + 4000).toISOString();
      await store.recordDeliveryAttempt({
        tenantId: T1,
        deliveryId: 'd1',
        attempt: { attempt: 1, at: AT, statusCode: 503, error: 'the receiver answered 503', durationMs: 5 },
        status: 'pending',
        nextAttemptAt: next,
      });
      const [logged] = await store.listDeliveries(T1, 'hook-1', 10);
      assert.deepEqual([logged!.status, logged!.attempts, logged!.nextAttemptAt, logged!.lastStatusCode], ['pending', 1, next, 503]);
      assert.deepEqual(logged!.attemptLog, [{ attempt: 1, at: AT, statusCode: 503, error: 'the receiver answered 503', durationMs: 5 }]);
      assert.equal((await store.claimDueDeliveries(new Date(next), 10, 60_000)).due.length, 1);
      assert.equal(await store.deleteWebhook(T1, 'hook-1'), true);
      assert.deepEqual(await store.listDeliveries(T1, 'hook-1', 10), []);
      assert.deepEqual(await store.listWebhooks(T1), []);
      assert.equal((await store.claimDueDeliveries(new Date('2030-01-01T00:00:00Z'), 10, 60_000)).nextDueAt, null);
    });
  });
}
