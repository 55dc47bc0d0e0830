// Alert evaluation (decision 0093): a pure function from the rules and what was read for them to
// the conditions that hold now, each under a stable key, so that opening and resolving alerts is a
// set difference (lifecycle.ts).
import type { BucketSummary, GroupBy } from '../reports/breakdowns.js';
import { STRENGTH_CLASSES, strengthRank } from '../reports/protection-classes.js';
import type { AdminProtection, MethodChange } from './data-source.js';
import type { AlertRule, Metric } from './rules.js';

/** What was read for the rules; a rule whose input is absent is not judged (its alerts stay as they are). */
export interface EvaluationInputs {
  /** Current buckets by groupKey(groupBy). */
  readonly current: ReadonlyMap<string, readonly BucketSummary[]>;
  /** Buckets of a past day by pastKey(groupBy, days); null: history does not reach that day. */
  readonly past: ReadonlyMap<string, readonly BucketSummary[] | null>;
  /** By privilegedOnly ('all' | 'privileged'). */
  readonly admins: ReadonlyMap<string, readonly AdminProtection[]>;
  /** Changes by the rule's id (each rule reads its own window). */
  readonly changes: ReadonlyMap<string, readonly MethodChange[]>;
}

export type ConditionSubject =
  | { readonly kind: 'bucket'; readonly groupBy: GroupBy | null; readonly key: string | null; readonly displayName: string | null }
  | { readonly kind: 'user'; readonly userId: string; readonly userPrincipalName: string };

export interface Condition {
  readonly conditionKey: string;
  readonly ruleId: string;
  readonly ruleKind: AlertRule['kind'];
  readonly subject: ConditionSubject;
  /** What was measured (JSON data): the alert's detail. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface Evaluation {
  readonly conditions: readonly Condition[];
  /** Rules judged this time: only their alerts (and those of rules gone or disabled) may resolve. */
  readonly judgedRuleIds: ReadonlySet<string>;
}

export const groupKey = (groupBy: GroupBy | null): string => groupBy ?? 'all';
export const pastKey = (groupBy: GroupBy | null, days: number): string => `${groupKey(groupBy)}|${days}`;
export const adminsKey = (privilegedOnly: boolean): string => (privilegedOnly ? 'privileged' : 'all');

/**
 * A bucket's coverage of `metric` in percent, or null for an empty bucket. A feature: users with
 * it. A class: users whose registeredStrength is that class or stronger, except weakMfa: exactly
 * weakMfa (the weak-only users, whom "coverage" of a stronger class would hide).
 */
export function coverageOf(bucket: BucketSummary, metric: Metric): number | null {
  const total = bucket.totalUserCount;
  if (total <= 0) return null;
  let count: number;
  if (metric === 'weakMfa') count = bucket.protection.weakMfa;
  else if ((STRENGTH_CLASSES as readonly string[]).includes(metric)) {
    const rank = strengthRank(metric as (typeof STRENGTH_CLASSES)[number]);
    count = STRENGTH_CLASSES.filter((c) => strengthRank(c) >= rank).reduce((n, c) => n + bucket.protection[c], 0);
  } else count = bucket.feature.userRegistrationFeatureCounts.find((f) => f.feature === metric)?.userCount ?? 0;
  return (100 * count) / total;
}

const bucketId = (key: string | null): string => (key === null ? '~none' : `=${key}`);
const round = (n: number): number => Math.round(n * 100) / 100;

function bucketSubject(groupBy: GroupBy | null, b: BucketSummary): ConditionSubject {
  return { kind: 'bucket', groupBy, key: b.key, displayName: b.displayName };
}

function coverageBelow(rule: Extract<AlertRule, { kind: 'coverageBelow' }>, inputs: EvaluationInputs): Condition[] | null {
  const buckets = inputs.current.get(groupKey(rule.groupBy));
  if (buckets === undefined) return null;
  const out: Condition[] = [];
  for (const b of buckets) {
    const value = coverageOf(b, rule.metric);
    if (value === null || b.totalUserCount < rule.minBucketSize || !(value < rule.threshold)) continue;
    out.push({
      conditionKey: `${rule.id}|bucket|${bucketId(b.key)}`,
      ruleId: rule.id,
      ruleKind: rule.kind,
      subject: bucketSubject(rule.groupBy, b),
      detail: { metric: rule.metric, coveragePercent: round(value), thresholdPercent: rule.threshold, totalUserCount: b.totalUserCount },
    });
  }
  return out;
}

function coverageDrop(rule: Extract<AlertRule, { kind: 'coverageDrop' }>, inputs: EvaluationInputs): Condition[] | null {
  const buckets = inputs.current.get(groupKey(rule.groupBy));
  const past = inputs.past.get(pastKey(rule.groupBy, rule.days));
  if (buckets === undefined || past === undefined) return null;
  const before = new Map((past ?? []).map((b) => [bucketId(b.key), b]));
  const out: Condition[] = [];
  for (const b of buckets) {
    const then = before.get(bucketId(b.key));
    const now = coverageOf(b, rule.metric);
    const was = then === undefined ? null : coverageOf(then, rule.metric);
    if (now === null || was === null || b.totalUserCount < rule.minBucketSize) continue;
    const drop = was - now;
    // A drop of exactly `points` counts; a zero-point rule fires on any fall, never on no change.
    if (!(drop >= rule.points && drop > 0)) continue;
    out.push({
      conditionKey: `${rule.id}|bucket|${bucketId(b.key)}`,
      ruleId: rule.id,
      ruleKind: rule.kind,
      subject: bucketSubject(rule.groupBy, b),
      detail: {
        metric: rule.metric,
        coveragePercent: round(now),
        previousCoveragePercent: round(was),
        dropPoints: round(drop),
        days: rule.days,
        totalUserCount: b.totalUserCount,
      },
    });
  }
  return out;
}

function adminsWithout(rule: Extract<AlertRule, { kind: 'adminWithoutPhishingResistant' }>, inputs: EvaluationInputs): Condition[] | null {
  const admins = inputs.admins.get(adminsKey(rule.privilegedOnly));
  if (admins === undefined) return null;
  return admins
    .filter((a) => a.registeredStrength !== 'phishingResistant' && (!rule.privilegedOnly || a.isPrivilegedAdmin))
    .map((a) => ({
      conditionKey: `${rule.id}|user|${a.userId}`,
      ruleId: rule.id,
      ruleKind: rule.kind,
      subject: { kind: 'user', userId: a.userId, userPrincipalName: a.userPrincipalName },
      detail: { userDisplayName: a.userDisplayName, registeredStrength: a.registeredStrength, isPrivilegedAdmin: a.isPrivilegedAdmin },
    }));
}

function methodChanges(rule: Extract<AlertRule, { kind: 'privilegedMethodChange' }>, inputs: EvaluationInputs): Condition[] | null {
  const changes = inputs.changes.get(rule.id);
  if (changes === undefined) return null;
  return changes
    .filter((c) => (rule.privilegedOnly ? c.isPrivilegedAdmin : c.isAdmin))
    .map((c) => ({
      conditionKey: `${rule.id}|change|${c.userId}|${c.id}`,
      ruleId: rule.id,
      ruleKind: rule.kind,
      subject: { kind: 'user', userId: c.userId, userPrincipalName: c.userPrincipalName },
      detail: { changeId: c.id, method: c.method, change: c.change, changedDateTime: c.changedDateTime, isPrivilegedAdmin: c.isPrivilegedAdmin },
    }));
}

function conditionsOf(rule: AlertRule, inputs: EvaluationInputs): Condition[] | null {
  switch (rule.kind) {
    case 'coverageBelow':
      return coverageBelow(rule, inputs);
    case 'coverageDrop':
      return coverageDrop(rule, inputs);
    case 'adminWithoutPhishingResistant':
      return adminsWithout(rule, inputs);
    case 'privilegedMethodChange':
      return methodChanges(rule, inputs);
  }
}

/** The conditions that hold now for the enabled rules, ordered by key; a key appears once. */
export function evaluate(rules: readonly AlertRule[], inputs: EvaluationInputs): Evaluation {
  const byKey = new Map<string, Condition>();
  const judged = new Set<string>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const found = conditionsOf(rule, inputs);
    if (found === null) continue;
    judged.add(rule.id);
    for (const c of found) if (!byKey.has(c.conditionKey)) byKey.set(c.conditionKey, c);
  }
  const conditions = [...byKey.values()].sort((a, b) => (a.conditionKey < b.conditionKey ? -1 : a.conditionKey > b.conditionKey ? 1 : 0));
  return { conditions, judgedRuleIds: judged };
}
