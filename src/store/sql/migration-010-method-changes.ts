// Migration 10: the change feed's table (issue 15 item 3, decision 0094): one row per user, method
// and capture where a listed user's registered methods changed between two report generations.
import type { Migration } from './migrations.js';

export const m010: Migration = {
  version: 10,
  name: 'method changes: methods registered and removed per user between captures (decision 0094)',
  statements: (qb) => [
    qb.schema
      .createTable('method_changes')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('captured_at', 'text', (c) => c.notNull())
      .addColumn('previous_captured_at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('user_principal_name', 'text', (c) => c.notNull())
      .addColumn('user_display_name', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('is_admin', 'integer', (c) => c.notNull())
      .addColumn('is_privileged_admin', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('method_changes_pk', ['tenant_key', 'id'])
      .compile(),
    // The feed's order (newest capture first, then generation, then id) and its since/until range.
    qb.schema.createIndex('method_changes_by_time').on('method_changes').columns(['tenant_key', 'captured_at', 'generation', 'id']).compile(),
    // ?userId=: one user's changes without walking the tenant's.
    qb.schema.createIndex('method_changes_by_user').on('method_changes').columns(['tenant_key', 'user_id', 'captured_at', 'generation', 'id']).compile(),
  ],
};
