// The JSON shapes of rules, alerts, webhooks and deliveries on the wire (admin API, /amr/v1/alerts,
// webhook bodies, the CLI), and the conversions from the store's records (decision 0093).
import type { AlertRecord, AlertRuleRecord, DeliveryAttempt, DeliveryRecord, WebhookRecord } from '../store/sql/alert-store.js';
import type { ConditionSubject } from './evaluate.js';
import type { AlertRule } from './rules.js';

/** What an alert row's detail JSON holds besides its columns. */
export interface AlertDetail {
  readonly ruleName: string;
  readonly kind: AlertRule['kind'];
  readonly subject: ConditionSubject;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AlertWire extends AlertDetail {
  readonly id: string;
  readonly ruleId: string;
  readonly status: 'open' | 'resolved';
  readonly conditionKey: string;
  readonly firstSeenDateTime: string;
  readonly lastSeenDateTime: string;
  readonly resolvedDateTime: string | null;
}

export function alertWire(a: AlertRecord): AlertWire {
  const d = JSON.parse(a.detailJson) as AlertDetail;
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: d.ruleName,
    kind: d.kind,
    status: a.status,
    conditionKey: a.conditionKey,
    subject: d.subject,
    detail: d.detail,
    firstSeenDateTime: a.firstSeenAt,
    lastSeenDateTime: a.lastSeenAt,
    resolvedDateTime: a.resolvedAt,
  };
}

export function ruleRecord(rule: AlertRule, updatedAt: Date): AlertRuleRecord {
  return {
    tenantId: rule.tenantId,
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    enabled: rule.enabled,
    json: JSON.stringify(rule),
    createdAt: rule.createdDateTime,
    updatedAt: updatedAt.toISOString(),
  };
}

export const ruleOf = (r: AlertRuleRecord): AlertRule => JSON.parse(r.json) as AlertRule;

/** A webhook as listed: never its secret (shown once, when it is made). */
export function webhookWire(w: WebhookRecord): { id: string; url: string; enabled: boolean; createdDateTime: string } {
  return { id: w.id, url: w.url, enabled: w.enabled, createdDateTime: w.createdAt };
}

export function deliveryWire(d: DeliveryRecord & { readonly attemptLog: readonly DeliveryAttempt[] }): Record<string, unknown> {
  return {
    id: d.id,
    alertId: d.alertId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    nextAttemptDateTime: d.nextAttemptAt,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdDateTime: d.createdAt,
    attemptLog: d.attemptLog.map((a) => ({ attempt: a.attempt, dateTime: a.at, statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  };
}
