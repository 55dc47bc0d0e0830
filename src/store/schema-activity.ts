// Row types of the activity tables (audit records, sign-in facts, events, rollups, method use), for
// kysely. Part of schema.ts's DB, which names every table; split off by topic to keep files short.

/** Each user's newest use of each method (migration 8): kept current as activity lands, read by report builds. */
export interface MethodUseTable {
  tenant_key: number;
  user_id: string;
  /** 'signIn' (sign-in method names) or 'reset' (usageAuthMethod names of successful resets). */
  source: string;
  method: string;
  /** The newest succeeded step (any sign-in) or successful reset verification. */
  last_used_at: string;
  /** The newest succeeded step of a successful sign-in (usedStrength); null when none. */
  last_success_at: string | null;
}

export interface AuditRecordsTable {
  tenant_key: number;
  id: string;
  activity_at: string;
  activity_name: string;
  correlation_id: string | null;
  /** The normalised AuditRecord: kept so events can be re-derived when rules change. */
  record_json: string;
}

export interface SignInFactsTable {
  tenant_key: number;
  id: string;
  created_at: string;
  user_id: string;
  is_interactive: number;
  is_success: number;
  requirement: string | null;
  /** [{method, succeeded, primary}] */
  methods_json: string;
}

export interface ActivityEventsTable {
  tenant_key: number;
  id: string;
  feature: string;
  user_id: string | null;
  user_principal_name: string;
  upn_key: string;
  user_display_name: string;
  name_key: string;
  event_at: string;
  auth_method: string;
  is_success: number;
  failure_reason: string;
  /** Reset attempts are re-derived per session: the correlation id groups them. */
  session_id: string | null;
}

export interface PasswordEventsTable {
  tenant_key: number;
  id: string;
  kind: string;
  user_id: string | null;
  event_at: string;
  is_success: number;
}

/** Interactive sign-ins per UTC hour and method (decisions 0045, 0046): bounded reads per window. */
export interface SignInMethodHoursTable {
  tenant_key: number;
  hour: string;
  method: string;
  success: number;
  failure: number;
}

/** Successful interactive sign-ins per UTC day by requirement (decision 0045). */
export interface SignInDaysTable {
  tenant_key: number;
  day: string;
  single_factor: number;
  multi_factor: number;
  unclassified: number;
}

/** Registration and reset outcomes per UTC hour, feature and method (decision 0046). */
export interface ActivityHoursTable {
  tenant_key: number;
  hour: string;
  feature: string;
  auth_method: string;
  success: number;
  failure: number;
}

/** Password resets, changes and unlocks per UTC day and kind. */
export interface PasswordDaysTable {
  tenant_key: number;
  day: string;
  kind: string;
  success: number;
  failure: number;
}
