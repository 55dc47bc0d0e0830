// The records of alert rules, alerts, webhooks and deliveries, and the Store methods that keep them
// (decision 0093): types only; alert-store.ts implements them over SQL.

export interface AlertRuleRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly enabled: boolean;
  /** The whole rule as src/alerts/rules.ts writes it. */
  readonly json: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface AlertRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly ruleId: string;
  readonly conditionKey: string;
  readonly status: 'open' | 'resolved';
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  /** Rule name and kind, subject and measurements, as src/alerts/ writes them. */
  readonly detailJson: string;
}

export interface WebhookRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly url: string;
  /** The HMAC key (base64url of 32 random bytes): kept, since every delivery is signed with it. */
  readonly secret: string;
  readonly enabled: boolean;
  readonly createdAt: string;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface DeliveryRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly webhookId: string;
  readonly alertId: string;
  readonly event: string;
  /** The body without its send time: each attempt adds sentDateTime and signs what it sends. */
  readonly payloadJson: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
}

export interface DeliveryAttempt {
  readonly attempt: number;
  readonly at: string;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** A delivery claimed for sending, with where to send it and the key to sign it. */
export interface DueDelivery extends DeliveryRecord {
  readonly url: string;
  readonly secret: string;
}

/** What one evaluation writes, decided from the open alerts and the webhooks in one transaction. */
export interface AlertChanges {
  readonly opened: readonly AlertRecord[];
  readonly resolved: readonly AlertRecord[];
  /** Still open: last seen and measurements renewed. */
  readonly seen: readonly AlertRecord[];
  readonly deliveries: readonly DeliveryRecord[];
}

export interface AlertListQuery {
  readonly tenantId: string;
  readonly status: 'open' | 'resolved' | 'all';
  readonly top: number;
  /** [firstSeenAt, id] of the last alert of the previous page. */
  readonly after: readonly [string, string] | null;
}

export interface AlertPage {
  readonly rows: readonly AlertRecord[];
  readonly next: readonly [string, string] | null;
}

export interface AttemptOutcome {
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly attempt: DeliveryAttempt;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
}

/** The alert methods of Store (store.ts extends this). */
export interface AlertStore {
  listAlertRules(tenantId: string): Promise<readonly AlertRuleRecord[]>;
  getAlertRule(tenantId: string, id: string): Promise<AlertRuleRecord | null>;
  /** Inserts the rule or replaces the one with its id. */
  putAlertRule(rule: AlertRuleRecord): Promise<void>;
  deleteAlertRule(tenantId: string, id: string): Promise<boolean>;
  listWebhooks(tenantId: string): Promise<readonly WebhookRecord[]>;
  addWebhook(webhook: WebhookRecord): Promise<void>;
  /** Removes the webhook with its deliveries and their log. */
  deleteWebhook(tenantId: string, id: string): Promise<boolean>;
  /** Alerts newest first (first seen, then id, descending). */
  listAlerts(query: AlertListQuery): Promise<AlertPage>;
  /** In one transaction, one at a time per tenant: reads the open alerts and webhooks, writes what `decide` returns. */
  updateAlerts(tenantId: string, decide: (open: readonly AlertRecord[], webhooks: readonly WebhookRecord[]) => AlertChanges): Promise<AlertChanges>;
  /**
   * Pending deliveries due at `now` (oldest first, at most `limit`), each held for `leaseMs` (a
   * server that dies mid-send leaves it due again then); and when the next pending one is due.
   */
  claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<{ readonly due: readonly DueDelivery[]; readonly nextDueAt: string | null }>;
  recordDeliveryAttempt(outcome: AttemptOutcome): Promise<void>;
  /** A webhook's deliveries, newest first, with every attempt. */
  listDeliveries(tenantId: string, webhookId: string, top: number): Promise<readonly (DeliveryRecord & { readonly attemptLog: readonly DeliveryAttempt[] })[]>;
}
