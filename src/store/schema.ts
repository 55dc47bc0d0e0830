// Row types of every table, for kysely's query builder. snake_case stays inside store/.
// Booleans are integers 0/1 and bit sets are 32-bit integers on every dialect, so the same
// SQL (including `&` on masks) runs on SQLite and PostgreSQL.
// DB and TABLES below name every table, and a table added to one and not the other fails to
// compile (TABLES_COVER_DB); the activity and alert tables' row types are in schema-activity.ts
// and schema-alerts.ts.

import type {
  MethodUseTable,
  AuditRecordsTable,
  SignInFactsTable,
  ActivityEventsTable,
  PasswordEventsTable,
  SignInMethodHoursTable,
  SignInDaysTable,
  ActivityHoursTable,
  PasswordDaysTable,
} from './schema-activity.js';
import type { AlertRulesTable, AlertsTable, WebhooksTable, WebhookDeliveriesTable, WebhookAttemptsTable, MethodChangesTable } from './schema-alerts.js';

export interface TenantsTable {
  /** Every other table keys by this small integer: narrower rows and indexes than the GUID. */
  tenant_key: number;
  tenant_id: string;
  display_name: string | null;
  license: string;
  current_generation: number | null;
  captured_at: string | null;
  imported_at: string | null;
  created_at: string;
}

export interface GenerationsTable {
  tenant_key: number;
  generation: number;
  captured_at: string;
  computed_at: string;
  superseded_at: string | null;
  user_count: number;
}

export interface UsersTable {
  tenant_key: number;
  id: string;
  user_principal_name: string;
  display_name: string;
  user_type: string;
  account_enabled: number;
  deleted: number;
  methods_json: string;
  sign_in_preferences_json: string | null;
  security_questions: number;
  properties_json: string;
}

export interface GroupsTable {
  tenant_key: number;
  id: string;
  display_name: string | null;
}

export interface GroupMembersTable {
  tenant_key: number;
  group_id: string;
  member_kind: string;
  member_id: string;
  /** Insertion order within the tenant: pages a large group's members by keyset. */
  seq: number;
}

export interface RoleAssignmentsTable {
  tenant_key: number;
  principal_id: string;
  role_definition_id: string;
  directory_scope_id: string;
  status: string;
}

export interface PoliciesTable {
  tenant_key: number;
  policies_json: string;
}

export interface RegistrationDetailsTable {
  tenant_key: number;
  generation: number;
  id: string;
  user_principal_name: string;
  upn_key: string;
  user_display_name: string;
  name_key: string;
  user_type: string;
  is_admin: number;
  is_privileged_admin: number;
  is_mfa_registered: number;
  is_mfa_capable: number;
  is_passwordless_capable: number;
  is_sspr_registered: number;
  is_sspr_enabled: number;
  is_sspr_capable: number;
  is_system_preferred_enabled: number;
  system_preferred_mask: number;
  user_preferred: string;
  default_mfa: string;
  methods_mask: number;
  last_updated: string;
  // userProtection (migration 8, decision 0091): per user, not per shape.
  department: string | null;
  /** department in lower case: filters compare names case-insensitively. */
  department_key: string | null;
  company_name: string | null;
  registered_strength: string;
  used_strength: string | null;
  is_weak_mfa_only: number;
  /** Stale methodsRegistered names as a mask (bit = METHODS_REGISTERED index). */
  stale_mask: number;
  stale_count: number;
  /** The instant usedStrength and the stale methods are evaluated at. */
  as_of: string;
}

export interface RegistrationSummariesTable {
  tenant_key: number;
  generation: number;
  user_types: string;
  user_roles: string;
  feature_json: string;
  method_json: string;
}

export interface RegistrationHistoryTable {
  tenant_key: number;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  user_types: string;
  user_roles: string;
  /** When the recorded state was captured (the snapshot's capturedDateTime). */
  captured_at: string;
  /** When amr wrote the row. */
  recorded_at: string;
  feature_json: string;
  method_json: string;
}

/** A generation's breakdown by one attribute (group_by '' = all users): BucketSummary[] as JSON. */
export interface BreakdownsTable {
  tenant_key: number;
  generation: number;
  group_by: string;
  buckets_json: string;
}

/** A breakdown per UTC day, as registration_history keeps the summaries. */
export interface BreakdownHistoryTable {
  tenant_key: number;
  group_by: string;
  day: string;
  captured_at: string;
  recorded_at: string;
  buckets_json: string;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/**
 * Admissions of the Graph and admin throttles when several servers share the database (issue 13,
 * decision 0050): one row per admitted request, kept while inside its window.
 */
export interface ThrottleLogTable {
  key: string;
  /** Milliseconds since the epoch. */
  stamp: number;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** A tenant's sync state (decision 0073): keyed by the tenant id first, as Citus distributes by it. */
export interface SyncStateTable {
  tenant_id: string;
  /** TenantCredentialRef JSON: ids, variable names and file paths, never a secret. */
  credentials_json: string | null;
  /** Delta link, watermarks, last attempt/outcome/error (JSON). */
  state_json: string;
  /** gzip + base64 of the last assembled snapshot's JSON. */
  snapshot_gz: string | null;
  /** gzip + base64 of Entra's last userRegistrationDetails rows (JSON array). */
  registration_gz: string | null;
  /** gzip + base64 of an unfinished run's checkpoint (JSON). */
  checkpoint_gz: string | null;
  updated_at: string;
}

export interface DB {
  sync_state: SyncStateTable;
  tenants: TenantsTable;
  generations: GenerationsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  role_assignments: RoleAssignmentsTable;
  policies: PoliciesTable;
  registration_details: RegistrationDetailsTable;
  registration_summaries: RegistrationSummariesTable;
  registration_history: RegistrationHistoryTable;
  settings: SettingsTable;
  amr_migrations: MigrationsTable;
  throttle_log: ThrottleLogTable;
  audit_records: AuditRecordsTable;
  signin_facts: SignInFactsTable;
  activity_events: ActivityEventsTable;
  password_events: PasswordEventsTable;
  signin_method_hours: SignInMethodHoursTable;
  signin_days: SignInDaysTable;
  activity_hours: ActivityHoursTable;
  password_days: PasswordDaysTable;
  method_use: MethodUseTable;
  breakdowns: BreakdownsTable;
  breakdown_history: BreakdownHistoryTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  method_changes: MethodChangesTable;
}

/** Every table of DB by name, for dialect steps that go table by table (PostgreSQL collation). */
export const TABLES = [
  'sync_state',
  'tenants',
  'generations',
  'users',
  'groups',
  'group_members',
  'role_assignments',
  'policies',
  'registration_details',
  'registration_summaries',
  'registration_history',
  'settings',
  'amr_migrations',
  'throttle_log',
  'audit_records',
  'signin_facts',
  'activity_events',
  'password_events',
  'signin_method_hours',
  'signin_days',
  'activity_hours',
  'password_days',
  'method_use',
  'breakdowns',
  'breakdown_history',
  'alert_rules',
  'alerts',
  'webhooks',
  'webhook_deliveries',
  'webhook_attempts',
  'method_changes',
] as const satisfies readonly (keyof DB)[];
/** A table added to DB and not to TABLES fails to compile here. */
export const TABLES_COVER_DB: Exclude<keyof DB, (typeof TABLES)[number]> extends never ? true : never = true;
