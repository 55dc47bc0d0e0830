// Numbered, forward-only schema migrations, written once with kysely's schema builder.
import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlEngine } from './executor.js';
import { canonicalIdStatements } from './canonical-ids-migration.js';
import { m008 } from './migration-008-protection.js';
import { m009 } from './migration-009-alerts.js';
import { m010 } from './migration-010-method-changes.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: (qb: Kysely<DB>, dialect: SqlEngine['dialect']) => readonly CompiledQuery[];
}

const m001: Migration = {
  version: 1,
  name: 'tenant state and registration reports',
  statements: (qb, dialect) => [
    qb.schema
      .createTable('tenants')
      .addColumn('tenant_key', 'integer', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('license', 'text', (c) => c.notNull())
      .addColumn('current_generation', 'integer')
      .addColumn('captured_at', 'text')
      .addColumn('imported_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .compile(),
    qb.schema
      .createTable('generations')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('captured_at', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'text', (c) => c.notNull())
      .addColumn('superseded_at', 'text')
      .addColumn('user_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('generations_pk', ['tenant_key', 'generation'])
      .compile(),
    qb.schema
      .createTable('users')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('user_principal_name', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('user_type', 'text', (c) => c.notNull())
      .addColumn('account_enabled', 'integer', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('methods_json', 'text', (c) => c.notNull())
      .addColumn('sign_in_preferences_json', 'text')
      .addColumn('security_questions', 'integer', (c) => c.notNull())
      .addColumn('properties_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('users_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema
      .createTable('groups')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addPrimaryKeyConstraint('groups_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema
      .createTable('group_members')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('member_kind', 'text', (c) => c.notNull())
      .addColumn('member_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .compile(),
    qb.schema.createIndex('group_members_by_group').on('group_members').columns(['tenant_key', 'group_id', 'seq']).compile(),
    qb.schema
      .createTable('role_assignments')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('role_definition_id', 'text', (c) => c.notNull())
      .addColumn('directory_scope_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .compile(),
    qb.schema.createIndex('role_assignments_by_tenant').on('role_assignments').columns(['tenant_key']).compile(),
    qb.schema
      .createTable('policies')
      .addColumn('tenant_key', 'integer', (c) => c.primaryKey())
      .addColumn('policies_json', 'text', (c) => c.notNull())
      .compile(),
    ...registrationTables(qb, dialect),
    qb.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .compile(),
  ],
};

/**
 * Carried in the ordered indexes so a filtered, ordered page rejects rows from the index itself
 * and fetches only the rows it returns (bench/README.md: filtered first page).
 */
const FILTER_COLUMNS = [
  'is_mfa_capable',
  'is_mfa_registered',
  'is_passwordless_capable',
  'is_sspr_capable',
  'is_sspr_registered',
  'is_sspr_enabled',
  'is_admin',
  'user_type',
  'methods_mask',
] as const;

function registrationTables(qb: Kysely<DB>, _dialect: SqlEngine['dialect']): CompiledQuery[] {
  let t = qb.schema
    .createTable('registration_details')
    .addColumn('tenant_key', 'integer', (c) => c.notNull())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('user_principal_name', 'text', (c) => c.notNull())
    .addColumn('upn_key', 'text', (c) => c.notNull())
    .addColumn('user_display_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('user_type', 'text', (c) => c.notNull());
  for (const flag of [
    'is_admin',
    'is_privileged_admin',
    'is_mfa_registered',
    'is_mfa_capable',
    'is_passwordless_capable',
    'is_sspr_registered',
    'is_sspr_enabled',
    'is_sspr_capable',
    'is_system_preferred_enabled',
    'system_preferred_mask',
  ] as const) {
    t = t.addColumn(flag, 'integer', (c) => c.notNull());
  }
  const details = t
    .addColumn('user_preferred', 'text', (c) => c.notNull())
    .addColumn('default_mfa', 'text', (c) => c.notNull())
    .addColumn('methods_mask', 'integer', (c) => c.notNull())
    .addColumn('last_updated', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('registration_details_pk', ['tenant_key', 'generation', 'id'])
    .compile();
  return [
    details,
    // Keyset paging in $orderby order (graph-api §2.6): (sort key, id) under one generation.
    qb.schema
      .createIndex('registration_details_by_upn')
      .on('registration_details')
      .columns(['tenant_key', 'generation', 'upn_key', 'id', ...FILTER_COLUMNS])
      .compile(),
    qb.schema
      .createIndex('registration_details_by_name')
      .on('registration_details')
      .columns(['tenant_key', 'generation', 'name_key', 'id', ...FILTER_COLUMNS])
      .compile(),
    qb.schema
      .createTable('registration_summaries')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull())
      .addColumn('user_types', 'text', (c) => c.notNull())
      .addColumn('user_roles', 'text', (c) => c.notNull())
      .addColumn('feature_json', 'text', (c) => c.notNull())
      .addColumn('method_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('registration_summaries_pk', ['tenant_key', 'generation', 'user_types', 'user_roles'])
      .compile(),
  ];
}

const m002: Migration = {
  version: 2,
  name: 'activity: audit records, sign-in facts, derived events',
  statements: (qb) => [
    qb.schema
      .createTable('audit_records')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('activity_at', 'text', (c) => c.notNull())
      .addColumn('activity_name', 'text', (c) => c.notNull())
      .addColumn('correlation_id', 'text')
      .addColumn('record_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_records_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema.createIndex('audit_records_by_correlation').on('audit_records').columns(['tenant_key', 'correlation_id']).compile(),
    qb.schema.createIndex('audit_records_by_time').on('audit_records').columns(['tenant_key', 'activity_at']).compile(),
    qb.schema
      .createTable('signin_facts')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('is_interactive', 'integer', (c) => c.notNull())
      .addColumn('is_success', 'integer', (c) => c.notNull())
      .addColumn('requirement', 'text')
      .addColumn('methods_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('signin_facts_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema.createIndex('signin_facts_by_time').on('signin_facts').columns(['tenant_key', 'created_at']).compile(),
    qb.schema
      .createTable('activity_events')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('user_principal_name', 'text', (c) => c.notNull())
      .addColumn('upn_key', 'text', (c) => c.notNull())
      .addColumn('user_display_name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('event_at', 'text', (c) => c.notNull())
      .addColumn('auth_method', 'text', (c) => c.notNull())
      .addColumn('is_success', 'integer', (c) => c.notNull())
      .addColumn('failure_reason', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text')
      .addPrimaryKeyConstraint('activity_events_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema.createIndex('activity_events_by_time').on('activity_events').columns(['tenant_key', 'event_at']).compile(),
    qb.schema.createIndex('activity_events_by_session').on('activity_events').columns(['tenant_key', 'session_id']).compile(),
    qb.schema
      .createTable('password_events')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('event_at', 'text', (c) => c.notNull())
      .addColumn('is_success', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('password_events_pk', ['tenant_key', 'id'])
      .compile(),
    qb.schema.createIndex('password_events_by_time').on('password_events').columns(['tenant_key', 'event_at']).compile(),
  ],
};

const m003: Migration = {
  version: 3,
  name: 'activity rollups: sign-ins by hour and method and by day, events by hour, passwords by day',
  statements: (qb) => [
    qb.schema
      .createTable('activity_hours')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('hour', 'text', (c) => c.notNull())
      .addColumn('feature', 'text', (c) => c.notNull())
      .addColumn('auth_method', 'text', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .addColumn('failure', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('activity_hours_pk', ['tenant_key', 'hour', 'feature', 'auth_method'])
      .compile(),
    qb.schema
      .createTable('password_days')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .addColumn('failure', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('password_days_pk', ['tenant_key', 'day', 'kind'])
      .compile(),
    qb.schema
      .createTable('signin_method_hours')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('hour', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .addColumn('failure', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('signin_method_hours_pk', ['tenant_key', 'hour', 'method'])
      .compile(),
    qb.schema
      .createTable('signin_days')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('single_factor', 'integer', (c) => c.notNull())
      .addColumn('multi_factor', 'integer', (c) => c.notNull())
      .addColumn('unclassified', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('signin_days_pk', ['tenant_key', 'day'])
      .compile(),
  ],
};

const m004: Migration = {
  version: 4,
  name: 'registration history: the summaries per tenant, UTC day and audience (trends)',
  statements: (qb) => [
    qb.schema
      .createTable('registration_history')
      .addColumn('tenant_key', 'integer', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('user_types', 'text', (c) => c.notNull())
      .addColumn('user_roles', 'text', (c) => c.notNull())
      .addColumn('captured_at', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('feature_json', 'text', (c) => c.notNull())
      .addColumn('method_json', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('registration_history_pk', ['tenant_key', 'user_types', 'user_roles', 'day'])
      .compile(),
  ],
};

const m005: Migration = {
  version: 5,
  name: 'canonical ids: GUIDs stored in lower case (decision 0055)',
  statements: (qb) => canonicalIdStatements(qb),
};

const m006: Migration = {
  version: 6,
  name: 'sync state per tenant: credential refs, delta link, watermarks, last snapshot, checkpoint (decision 0073)',
  statements: (qb) => [
    qb.schema
      .createTable('sync_state')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey())
      .addColumn('credentials_json', 'text')
      .addColumn('state_json', 'text', (c) => c.notNull())
      .addColumn('snapshot_gz', 'text')
      .addColumn('registration_gz', 'text')
      .addColumn('checkpoint_gz', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .compile(),
  ],
};

const m007: Migration = {
  version: 7,
  name: 'throttle admissions shared by the servers of one database (issue 13)',
  statements: (qb) => [
    qb.schema
      .createTable('throttle_log')
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('stamp', 'bigint', (c) => c.notNull())
      .compile(),
    qb.schema.createIndex('throttle_log_by_key').on('throttle_log').columns(['key', 'stamp']).compile(),
  ],
};

export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010];

/** Applies the pending migrations in one transaction (all or none). Returns the versions applied. */
export async function migrate(engine: SqlEngine, now: () => Date): Promise<number[]> {
  const { qb } = engine;
  return engine.writeTransaction(async (tx) => {
    // Servers starting together on one PostgreSQL database migrate one after another.
    await tx.advisoryLock?.('migrations');
    await tx.run(
      qb.schema
        .createTable('amr_migrations')
        .ifNotExists()
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'text', (c) => c.notNull())
        .compile(),
    );
    const done = new Set((await tx.all(qb.selectFrom('amr_migrations').select('version').compile())).map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const stmt of m.statements(qb, engine.dialect)) await tx.run(stmt);
      await tx.run(qb.insertInto('amr_migrations').values({ version: m.version, name: m.name, applied_at: now().toISOString() }).compile());
      applied.push(m.version);
    }
    if (applied.length > 0) await engine.afterMigrate?.(tx);
    return applied;
  });
}

/** The newest migration version this build knows; /readyz compares against it. */
export const LATEST_MIGRATION = Math.max(...MIGRATIONS.map((m) => m.version));

export async function appliedMigration(engine: SqlEngine): Promise<number> {
  const rows = await engine.reader.all(
    engine.qb
      .selectFrom('amr_migrations')
      .select(sql<number>`max(version)`.as('v'))
      .compile(),
  );
  return rows[0]?.v ?? 0;
}
