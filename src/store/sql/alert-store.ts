// Alert rules, alerts, webhooks and their delivery queue and log (issue 15 item 3; decision 0093):
// the reads and writes SqlStore delegates. Like sync_state, the store keeps rule and alert JSON
// without reading it (src/alerts/ owns those shapes); every table is keyed by the tenant id first.
import { sql } from 'kysely';
import type { SqlEngine, SqlExecutor } from './executor.js';
import type { AlertsTable, WebhookDeliveriesTable } from '../schema-alerts.js';
import type {
  AlertChanges,
  AlertListQuery,
  AlertPage,
  AlertRecord,
  AlertRuleRecord,
  AlertStore,
  AttemptOutcome,
  DeliveryAttempt,
  DeliveryRecord,
  DeliveryStatus,
  DueDelivery,
  WebhookRecord,
} from './alert-records.js';

export type * from './alert-records.js';

const ruleOf = (r: {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  enabled: number;
  rule_json: string;
  created_at: string;
  updated_at: string;
}): AlertRuleRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  kind: r.kind,
  name: r.name,
  enabled: r.enabled === 1,
  json: r.rule_json,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const alertOf = (r: AlertsTable): AlertRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  ruleId: r.rule_id,
  conditionKey: r.condition_key,
  status: r.status as AlertRecord['status'],
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  resolvedAt: r.resolved_at,
  detailJson: r.detail_json,
});

const alertRow = (a: AlertRecord): AlertsTable => ({
  tenant_id: a.tenantId,
  id: a.id,
  rule_id: a.ruleId,
  condition_key: a.conditionKey,
  status: a.status,
  first_seen_at: a.firstSeenAt,
  last_seen_at: a.lastSeenAt,
  resolved_at: a.resolvedAt,
  detail_json: a.detailJson,
});

const deliveryOf = (r: WebhookDeliveriesTable): DeliveryRecord => ({
  tenantId: r.tenant_id,
  id: r.id,
  webhookId: r.webhook_id,
  alertId: r.alert_id,
  event: r.event,
  payloadJson: r.payload_json,
  status: r.status as DeliveryStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at,
});

const deliveryRow = (d: DeliveryRecord): WebhookDeliveriesTable => ({
  tenant_id: d.tenantId,
  id: d.id,
  webhook_id: d.webhookId,
  alert_id: d.alertId,
  event: d.event,
  payload_json: d.payloadJson,
  status: d.status,
  attempts: d.attempts,
  next_attempt_at: d.nextAttemptAt,
  last_status_code: d.lastStatusCode,
  last_error: d.lastError,
  created_at: d.createdAt,
});

export class AlertStorage implements AlertStore {
  constructor(private readonly engine: SqlEngine) {}

  async listAlertRules(tenantId: string): Promise<readonly AlertRuleRecord[]> {
    const { qb, reader } = this.engine;
    return (await reader.all(qb.selectFrom('alert_rules').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').compile())).map(
      ruleOf,
    );
  }

  async getAlertRule(tenantId: string, id: string): Promise<AlertRuleRecord | null> {
    const { qb, reader } = this.engine;
    const rows = await reader.all(qb.selectFrom('alert_rules').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).compile());
    return rows[0] ? ruleOf(rows[0]) : null;
  }

  putAlertRule(rule: AlertRuleRecord): Promise<void> {
    const { qb } = this.engine;
    const row = {
      tenant_id: rule.tenantId,
      id: rule.id,
      kind: rule.kind,
      name: rule.name,
      enabled: rule.enabled ? 1 : 0,
      rule_json: rule.json,
      created_at: rule.createdAt,
      updated_at: rule.updatedAt,
    };
    return this.engine.writeTransaction(async (tx) => {
      await tx.run(qb.deleteFrom('alert_rules').where('tenant_id', '=', rule.tenantId).where('id', '=', rule.id).compile());
      await tx.run(qb.insertInto('alert_rules').values(row).compile());
    });
  }

  deleteAlertRule(tenantId: string, id: string): Promise<boolean> {
    const { qb } = this.engine;
    return this.engine.writeTransaction(
      async (tx) => (await tx.run(qb.deleteFrom('alert_rules').where('tenant_id', '=', tenantId).where('id', '=', id).compile())) > 0,
    );
  }

  async listWebhooks(tenantId: string): Promise<readonly WebhookRecord[]> {
    const { qb, reader } = this.engine;
    const rows = await reader.all(qb.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').compile());
    return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id, url: r.url, secret: r.secret, enabled: r.enabled === 1, createdAt: r.created_at }));
  }

  addWebhook(w: WebhookRecord): Promise<void> {
    const { qb } = this.engine;
    const row = { tenant_id: w.tenantId, id: w.id, url: w.url, secret: w.secret, enabled: w.enabled ? 1 : 0, created_at: w.createdAt };
    return this.engine.writeTransaction(async (tx) => {
      await tx.run(qb.insertInto('webhooks').values(row).compile());
    });
  }

  deleteWebhook(tenantId: string, id: string): Promise<boolean> {
    const { qb } = this.engine;
    return this.engine.writeTransaction(async (tx) => {
      const deliveries = qb.selectFrom('webhook_deliveries').select('id').where('tenant_id', '=', tenantId).where('webhook_id', '=', id);
      await tx.run(qb.deleteFrom('webhook_attempts').where('tenant_id', '=', tenantId).where('delivery_id', 'in', deliveries).compile());
      await tx.run(qb.deleteFrom('webhook_deliveries').where('tenant_id', '=', tenantId).where('webhook_id', '=', id).compile());
      return (await tx.run(qb.deleteFrom('webhooks').where('tenant_id', '=', tenantId).where('id', '=', id).compile())) > 0;
    });
  }

  async listAlerts(q: AlertListQuery): Promise<AlertPage> {
    const { qb, reader } = this.engine;
    let query = qb.selectFrom('alerts').selectAll().where('tenant_id', '=', q.tenantId);
    if (q.status !== 'all') query = query.where('status', '=', q.status);
    const after = q.after;
    if (after !== null) {
      query = query.where((eb) => eb.or([eb('first_seen_at', '<', after[0]), eb.and([eb('first_seen_at', '=', after[0]), eb('id', '<', after[1])])]));
    }
    const rows = (
      await reader.all(
        query
          .orderBy('first_seen_at', 'desc')
          .orderBy('id', 'desc')
          .limit(q.top + 1)
          .compile(),
      )
    ).map(alertOf);
    const page = rows.slice(0, q.top);
    const last = page[page.length - 1];
    return { rows: page, next: rows.length > q.top && last ? [last.firstSeenAt, last.id] : null };
  }

  updateAlerts(tenantId: string, decide: (open: readonly AlertRecord[], webhooks: readonly WebhookRecord[]) => AlertChanges): Promise<AlertChanges> {
    const { qb } = this.engine;
    return this.engine.writeTransaction(async (tx) => {
      // Two servers evaluating one tenant at once would open the same alert twice.
      await tx.advisoryLock?.(`alerts:${tenantId}`);
      const open = (
        await tx.all(qb.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId).where('status', '=', 'open').orderBy('id').compile())
      ).map(alertOf);
      const hooks = await tx.all(qb.selectFrom('webhooks').selectAll().where('tenant_id', '=', tenantId).orderBy('id').compile());
      const changes = decide(
        open,
        hooks.map((r) => ({ tenantId: r.tenant_id, id: r.id, url: r.url, secret: r.secret, enabled: r.enabled === 1, createdAt: r.created_at })),
      );
      for (const a of changes.opened) await tx.run(qb.insertInto('alerts').values(alertRow(a)).compile());
      for (const a of [...changes.resolved, ...changes.seen]) {
        const { status, last_seen_at, resolved_at, detail_json } = alertRow(a);
        await tx.run(
          qb.updateTable('alerts').set({ status, last_seen_at, resolved_at, detail_json }).where('tenant_id', '=', tenantId).where('id', '=', a.id).compile(),
        );
      }
      for (const d of changes.deliveries) await tx.run(qb.insertInto('webhook_deliveries').values(deliveryRow(d)).compile());
      return changes;
    });
  }

  claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<{ due: DueDelivery[]; nextDueAt: string | null }> {
    const { qb } = this.engine;
    const at = now.toISOString();
    const held = new Date(now.getTime() + leaseMs).toISOString();
    return this.engine.writeTransaction(async (tx) => {
      await tx.advisoryLock?.('webhook-deliveries');
      const rows = await tx.all(
        qb
          .selectFrom('webhook_deliveries')
          .selectAll()
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', at)
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .compile(),
      );
      const due: DueDelivery[] = [];
      for (const row of rows) {
        const d = deliveryOf(row);
        const hook = (await tx.all(qb.selectFrom('webhooks').selectAll().where('tenant_id', '=', d.tenantId).where('id', '=', d.webhookId).compile()))[0];
        if (hook === undefined || hook.enabled !== 1) {
          await this.finish(tx, d, 'failed', null, hook === undefined ? 'the webhook was removed' : 'the webhook is disabled');
          continue;
        }
        await tx.run(qb.updateTable('webhook_deliveries').set({ next_attempt_at: held }).where('tenant_id', '=', d.tenantId).where('id', '=', d.id).compile());
        due.push({ ...d, url: hook.url, secret: hook.secret });
      }
      const next = await tx.all(
        qb
          .selectFrom('webhook_deliveries')
          .select(sql<string | null>`min(next_attempt_at)`.as('next'))
          .where('status', '=', 'pending')
          .compile(),
      );
      return { due, nextDueAt: next[0]?.next ?? null };
    });
  }

  private async finish(tx: SqlExecutor, d: DeliveryRecord, status: DeliveryStatus, nextAttemptAt: string | null, error: string | null): Promise<void> {
    await tx.run(
      this.engine.qb
        .updateTable('webhook_deliveries')
        .set({ status, next_attempt_at: nextAttemptAt, last_error: error })
        .where('tenant_id', '=', d.tenantId)
        .where('id', '=', d.id)
        .compile(),
    );
  }

  recordDeliveryAttempt(o: AttemptOutcome): Promise<void> {
    const { qb } = this.engine;
    const a = o.attempt;
    return this.engine.writeTransaction(async (tx) => {
      await tx.run(
        qb
          .insertInto('webhook_attempts')
          .values({
            tenant_id: o.tenantId,
            delivery_id: o.deliveryId,
            attempt: a.attempt,
            at: a.at,
            status_code: a.statusCode,
            error: a.error,
            duration_ms: a.durationMs,
          })
          .compile(),
      );
      await tx.run(
        qb
          .updateTable('webhook_deliveries')
          .set({ status: o.status, attempts: a.attempt, next_attempt_at: o.nextAttemptAt, last_status_code: a.statusCode, last_error: a.error })
          .where('tenant_id', '=', o.tenantId)
          .where('id', '=', o.deliveryId)
          .compile(),
      );
    });
  }

  async listDeliveries(tenantId: string, webhookId: string, top: number): Promise<(DeliveryRecord & { attemptLog: DeliveryAttempt[] })[]> {
    const { qb, reader } = this.engine;
    const rows = await reader.all(
      qb
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('webhook_id', '=', webhookId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(top)
        .compile(),
    );
    if (rows.length === 0) return [];
    const attempts = await reader.all(
      qb
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(
          'delivery_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('attempt')
        .compile(),
    );
    return rows.map((r) => ({
      ...deliveryOf(r),
      attemptLog: attempts
        .filter((x) => x.delivery_id === r.id)
        .map((x) => ({ attempt: x.attempt, at: x.at, statusCode: x.status_code, error: x.error, durationMs: x.duration_ms })),
    }));
  }
}
