// Evaluates one tenant's alert rules now (decision 0093): reads what the enabled rules need, judges
// them (evaluate.ts), and opens and resolves alerts with their deliveries in one transaction.
import { randomUUID } from 'node:crypto';
import type { BucketSummary } from '../reports/breakdowns.js';
import type { Store } from '../store/store.js';
import type { AdminProtection, AlertDataSource, MethodChange } from './data-source.js';
import { adminsKey, evaluate, groupKey, pastKey, type EvaluationInputs } from './evaluate.js';
import { reconcile } from './lifecycle.js';
import type { AlertRule } from './rules.js';
import { storeDataSource, type MethodChangeFeed } from './store-data-source.js';
import { ruleOf } from './wire.js';

const DAY_MS = 86_400_000;

export interface EvaluateOptions {
  /** Where the inputs come from (default: storeDataSource over `store`). */
  readonly source?: AlertDataSource;
  /** The method-change feed for the default source. */
  readonly methodChanges?: MethodChangeFeed;
  readonly newId?: () => string;
}

export interface EvaluationSummary {
  readonly tenantId: string;
  readonly rulesJudged: number;
  readonly opened: number;
  readonly resolved: number;
  readonly stillOpen: number;
  readonly deliveriesQueued: number;
}

const dayBefore = (now: Date, days: number): string => new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);

/** Reads each input the enabled rules need, once. */
export async function gatherInputs(rules: readonly AlertRule[], source: AlertDataSource, now: Date): Promise<EvaluationInputs> {
  const current = new Map<string, readonly BucketSummary[]>();
  const past = new Map<string, readonly BucketSummary[] | null>();
  const admins = new Map<string, readonly AdminProtection[]>();
  const changes = new Map<string, readonly MethodChange[]>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    if (rule.kind === 'coverageBelow' || rule.kind === 'coverageDrop') {
      const key = groupKey(rule.groupBy);
      if (!current.has(key)) {
        const buckets = await source.currentBuckets(rule.groupBy);
        if (buckets !== null) current.set(key, buckets);
      }
      if (rule.kind === 'coverageDrop' && !past.has(pastKey(rule.groupBy, rule.days))) {
        past.set(pastKey(rule.groupBy, rule.days), await source.bucketsOn(rule.groupBy, dayBefore(now, rule.days)));
      }
    } else if (rule.kind === 'adminWithoutPhishingResistant') {
      const key = adminsKey(rule.privilegedOnly);
      if (!admins.has(key)) {
        const found = await source.adminsWithoutPhishingResistant(rule.privilegedOnly);
        if (found !== null) admins.set(key, found);
      }
    } else {
      const found = await source.methodChanges(new Date(now.getTime() - rule.days * DAY_MS).toISOString());
      if (found !== null) changes.set(rule.id, found);
    }
  }
  return { current, past, admins, changes };
}

/** Evaluates the tenant's rules as of `now`; safe to call at any time, from any server (one at a time per tenant). */
export async function evaluateTenant(store: Store, tenantId: string, now: Date, options: EvaluateOptions = {}): Promise<EvaluationSummary> {
  const rules = (await store.listAlertRules(tenantId)).map(ruleOf);
  if (rules.length === 0 && (await store.listAlerts({ tenantId, status: 'open', top: 1, after: null })).rows.length === 0) {
    return { tenantId, rulesJudged: 0, opened: 0, resolved: 0, stillOpen: 0, deliveriesQueued: 0 };
  }
  const source = options.source ?? storeDataSource(store, tenantId, options.methodChanges);
  const evaluation = evaluate(rules, await gatherInputs(rules, source, now));
  const newId = options.newId ?? randomUUID;
  const changes = await store.updateAlerts(tenantId, (open, webhooks) => reconcile({ tenantId, rules, evaluation, open, webhooks, now, newId }));
  return {
    tenantId,
    rulesJudged: evaluation.judgedRuleIds.size,
    opened: changes.opened.length,
    resolved: changes.resolved.length,
    stillOpen: changes.seen.length,
    deliveriesQueued: changes.deliveries.length,
  };
}
