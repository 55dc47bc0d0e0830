// Migration 8 (issue 15, decision 0091): userProtection columns on the report rows, each user's
// last use of each method (from the activity), and the breakdowns per generation and per day.
import type { Migration } from './migrations.js';

export const m008: Migration = {
  version: 8,
  name: 'protection strength per user, method use, breakdowns by department, group, licence, role and user type (decision 0091)',
  statements: (qb) => [
    ...(
      [
        ['department', 'text', null],
        ['department_key', 'text', null],
        ['company_name', 'text', null],
        ['registered_strength', 'text', 'none'],
        ['used_strength', 'text', null],
        ['is_weak_mfa_only', 'integer', 0],
        ['stale_mask', 'integer', 0],
        ['stale_count', 'integer', 0],
        // Rows computed before this migration: evaluated at no instant until the tenant is recomputed.
        ['as_of', 'text', ''],
      ] as const
    ).map(([column, type, dflt]) =>
      qb.schema
        .alterTable('registration_details')
        .addColumn(column, type, (c) => (dflt === null ? c : c.notNull().defaultTo(dflt)))
        .compile(),
    ),
    qb.schema
      .createTable('method_use')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text', (c) => c.notNull())
      .addColumn('last_success_at', 'text')
      .addPrimaryKeyConstraint('method_use_pk', ['tenant_key', 'user_id', 'source', 'method'])
      .compile(),
    qb.schema
      .createTable('breakdowns')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('group_by', 'text', (c) => c.notNull())
      .addColumn('buckets_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('breakdowns_pk', ['tenant_key', 'generation', 'group_by'])
      .compile(),
    qb.schema
      .createTable('breakdown_history')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('group_by', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('captured_at', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('buckets_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('breakdown_history_pk', ['tenant_key', 'group_by', 'day'])
      .compile(),
  ],
};
