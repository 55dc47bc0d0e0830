// Migration 9: alert rules, alerts, webhooks, the delivery queue and its log (decision 0093).
// Keyed by the tenant id first (Citus distributes by it, decision 0074), as sync_state is: rules
// and webhooks may be set up before a tenant's first snapshot.
import type { Migration } from './migrations.js';

export const m009: Migration = {
  version: 9,
  name: 'alerts: rules, alerts, webhooks, deliveries and their attempts (decision 0093)',
  statements: (qb) => [
    qb.schema
      .createTable('alert_rules')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('rule_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alert_rules_pk', ['tenant_id', 'id'])
      .compile(),
    qb.schema
      .createTable('alerts')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('condition_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .addColumn('detail_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('alerts_pk', ['tenant_id', 'id'])
      .compile(),
    // An evaluation reads a tenant's open alerts; listings go newest first.
    qb.schema.createIndex('alerts_by_status').on('alerts').columns(['tenant_id', 'status', 'condition_key']).compile(),
    qb.schema.createIndex('alerts_by_time').on('alerts').columns(['tenant_id', 'first_seen_at', 'id']).compile(),
    qb.schema
      .createTable('webhooks')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhooks_pk', ['tenant_id', 'id'])
      .compile(),
    qb.schema
      .createTable('webhook_deliveries')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('webhook_id', 'text', (c) => c.notNull())
      .addColumn('alert_id', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['tenant_id', 'id'])
      .compile(),
    qb.schema.createIndex('webhook_deliveries_by_webhook').on('webhook_deliveries').columns(['tenant_id', 'webhook_id', 'created_at']).compile(),
    // The sender's queue spans tenants: pending deliveries by when they are due.
    qb.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).compile(),
    qb.schema
      .createTable('webhook_attempts')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('error', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_attempts_pk', ['tenant_id', 'delivery_id', 'attempt'])
      .compile(),
  ],
};
