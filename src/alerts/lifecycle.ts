// Opening and resolving alerts (decision 0093): pure. An alert opens when its condition starts to
// hold, stays open (last seen renewed, no new event) while it holds, and resolves when it stops;
// each opening and resolution queues one delivery per enabled webhook.
import type { AlertChanges, AlertRecord, DeliveryRecord, WebhookRecord } from '../store/sql/alert-store.js';
import type { Evaluation } from './evaluate.js';
import type { AlertRule } from './rules.js';
import { alertWire, type AlertDetail } from './wire.js';

export type AlertEvent = 'alert.opened' | 'alert.resolved';

export interface ReconcileInput {
  readonly tenantId: string;
  readonly rules: readonly AlertRule[];
  readonly evaluation: Evaluation;
  readonly open: readonly AlertRecord[];
  readonly webhooks: readonly WebhookRecord[];
  readonly now: Date;
  readonly newId: () => string;
}

function deliveriesFor(input: ReconcileInput, alert: AlertRecord, event: AlertEvent): DeliveryRecord[] {
  const at = input.now.toISOString();
  return input.webhooks
    .filter((w) => w.enabled)
    .map((w) => {
      const id = input.newId();
      return {
        tenantId: input.tenantId,
        id,
        webhookId: w.id,
        alertId: alert.id,
        event,
        payloadJson: JSON.stringify({ id, event, tenantId: input.tenantId, alert: alertWire(alert) }),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        lastStatusCode: null,
        lastError: null,
        createdAt: at,
      };
    });
}

/** What to write for this evaluation. Applying it and reconciling again with the same evaluation opens and resolves nothing. */
export function reconcile(input: ReconcileInput): AlertChanges {
  const at = input.now.toISOString();
  const rules = new Map(input.rules.filter((r) => r.enabled).map((r) => [r.id, r]));
  const holding = new Map(input.evaluation.conditions.map((c) => [c.conditionKey, c]));
  const openKeys = new Set(input.open.map((a) => a.conditionKey));
  const opened: AlertRecord[] = [];
  const resolved: AlertRecord[] = [];
  const seen: AlertRecord[] = [];
  for (const a of input.open) {
    const c = holding.get(a.conditionKey);
    const rule = rules.get(a.ruleId);
    if (c !== undefined && rule !== undefined) {
      const detail: AlertDetail = { ruleName: rule.name, kind: rule.kind, subject: c.subject, detail: c.detail };
      seen.push({ ...a, lastSeenAt: at, detailJson: JSON.stringify(detail) });
    } else if (rule === undefined || input.evaluation.judgedRuleIds.has(a.ruleId)) {
      // Resolved: the condition no longer holds, or its rule was removed or disabled.
      resolved.push({ ...a, status: 'resolved', resolvedAt: at });
    }
    // Otherwise the rule could not be judged this time (no data): the alert stays as it is.
  }
  for (const c of input.evaluation.conditions) {
    const rule = rules.get(c.ruleId);
    if (openKeys.has(c.conditionKey) || rule === undefined) continue;
    const detail: AlertDetail = { ruleName: rule.name, kind: rule.kind, subject: c.subject, detail: c.detail };
    opened.push({
      tenantId: input.tenantId,
      id: input.newId(),
      ruleId: c.ruleId,
      conditionKey: c.conditionKey,
      status: 'open',
      firstSeenAt: at,
      lastSeenAt: at,
      resolvedAt: null,
      detailJson: JSON.stringify(detail),
    });
  }
  const deliveries = [...opened.flatMap((a) => deliveriesFor(input, a, 'alert.opened')), ...resolved.flatMap((a) => deliveriesFor(input, a, 'alert.resolved'))];
  return { opened, resolved, seen, deliveries };
}
