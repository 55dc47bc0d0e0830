// Row types of the alert and change-feed tables (decisions 0093, 0094), for kysely. Part of
// schema.ts's DB, which names every table; split off by topic to keep files short.

/** Alert rules per tenant (decision 0093): the rule's JSON as src/alerts/ writes it. */
export interface AlertRulesTable {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  enabled: number;
  rule_json: string;
  created_at: string;
  updated_at: string;
}

/** Alerts, open or resolved: one row per condition from when it began to hold until it stopped. */
export interface AlertsTable {
  tenant_id: string;
  id: string;
  rule_id: string;
  condition_key: string;
  status: string;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  detail_json: string;
}

/** Webhooks per tenant; the secret signs every delivery (HMAC-SHA256). */
export interface WebhooksTable {
  tenant_id: string;
  id: string;
  url: string;
  secret: string;
  enabled: number;
  created_at: string;
}

/** The delivery queue: one row per alert event and webhook, pending until sent or given up. */
export interface WebhookDeliveriesTable {
  tenant_id: string;
  id: string;
  webhook_id: string;
  alert_id: string;
  event: string;
  payload_json: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
}

/** The delivery log: every attempt, with the answer's status or the error. */
export interface WebhookAttemptsTable {
  tenant_id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/**
 * The change feed (decision 0094): a listed user's method registered ('added') or removed between
 * the tenant's previous report generation and a new one. Written when the generation is built.
 */
export interface MethodChangesTable {
  tenant_key: number;
  /** '<generation>:<user id>:<method>': unique in the tenant, the same on every read. */
  id: string;
  generation: number;
  /** The new generation's capture, and the one it is compared with. */
  captured_at: string;
  previous_captured_at: string;
  user_id: string;
  user_principal_name: string;
  user_display_name: string;
  method: string;
  change: string;
  is_admin: number;
  is_privileged_admin: number;
}
