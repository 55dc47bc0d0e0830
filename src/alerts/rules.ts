// Alert rules (issue 15 item 3; decision 0093): their kinds and options, and the one validation
// every entry point (admin API, CLI) uses, so a bad rule is refused the same way everywhere.
import { GROUP_BY, type GroupBy } from '../reports/breakdowns.js';
import { FEATURES, type Feature } from '../reports/summaries.js';

/** Strength classes a coverage rule may measure (`none` is no coverage). */
export const CLASS_METRICS = ['phishingResistant', 'passwordless', 'mfa', 'weakMfa'] as const;
export type ClassMetric = (typeof CLASS_METRICS)[number];
export type Metric = Feature | ClassMetric;
export const METRICS: readonly Metric[] = [...FEATURES, ...CLASS_METRICS];

export const RULE_KINDS = ['coverageBelow', 'coverageDrop', 'adminWithoutPhishingResistant', 'privilegedMethodChange'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Defaults and bounds (decision 0093). */
export const DEFAULT_CHANGE_DAYS = 7;
export const MAX_NAME_LENGTH = 200;

interface CoverageOptions {
  readonly metric: Metric;
  /** null: the whole tenant (one bucket, key 'all'). */
  readonly groupBy: GroupBy | null;
  /** Buckets with fewer users are not judged (a department of two is noise). */
  readonly minBucketSize: number;
}

export type RuleSpec =
  | ({ readonly kind: 'coverageBelow'; readonly threshold: number } & CoverageOptions)
  | ({ readonly kind: 'coverageDrop'; readonly points: number; readonly days: number } & CoverageOptions)
  | { readonly kind: 'adminWithoutPhishingResistant'; readonly privilegedOnly: boolean }
  /** `days`: how long a change stays an open alert before it resolves (decision 0093). */
  | { readonly kind: 'privilegedMethodChange'; readonly privilegedOnly: boolean; readonly days: number };

export type AlertRule = RuleSpec & {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly createdDateTime: string;
};

/** A refused rule, webhook or option: `field` names the input at fault. */
export class AlertInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'AlertInputError';
  }
}

type Json = Readonly<Record<string, unknown>>;

const show = (v: unknown): string => (v === undefined ? 'missing' : (JSON.stringify(v) ?? String(v)).slice(0, 80));

function oneOf<T extends string>(body: Json, field: string, allowed: readonly T[]): T {
  const v = body[field];
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new AlertInputError(field, `is ${show(v)}; use one of ${allowed.join(', ')}`);
  return v as T;
}

function numberIn(body: Json, field: string, min: number, max: number, whole: boolean, fallback?: number): number {
  const v = body[field];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v))) {
    throw new AlertInputError(field, `is ${show(v)}; use ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return v;
}

function bool(body: Json, field: string, fallback: boolean): boolean {
  const v = body[field];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new AlertInputError(field, `is ${show(v)}; use true or false`);
  return v;
}

function coverage(body: Json): CoverageOptions {
  const groupBy = body['groupBy'] === undefined || body['groupBy'] === null ? null : oneOf(body, 'groupBy', GROUP_BY);
  return { metric: oneOf(body, 'metric', METRICS), groupBy, minBucketSize: numberIn(body, 'minBucketSize', 1, 1_000_000_000, true, 1) };
}

const FIELDS: Readonly<Record<RuleKind, readonly string[]>> = {
  coverageBelow: ['metric', 'threshold', 'groupBy', 'minBucketSize'],
  coverageDrop: ['metric', 'points', 'days', 'groupBy', 'minBucketSize'],
  adminWithoutPhishingResistant: ['privilegedOnly'],
  privilegedMethodChange: ['privilegedOnly', 'days'],
};
const COMMON_FIELDS = ['kind', 'name', 'enabled'];
/** Read-only fields a client may echo back (a PATCH of a fetched rule); ignored when equal. */
const READ_ONLY = ['id', 'tenantId', 'createdDateTime'];

function specOf(body: Json, kind: RuleKind): RuleSpec {
  switch (kind) {
    case 'coverageBelow':
      return { kind, ...coverage(body), threshold: numberIn(body, 'threshold', 0, 100, false) };
    case 'coverageDrop':
      return { kind, ...coverage(body), points: numberIn(body, 'points', 0, 100, false), days: numberIn(body, 'days', 1, 365, true) };
    case 'adminWithoutPhishingResistant':
      return { kind, privilegedOnly: bool(body, 'privilegedOnly', false) };
    case 'privilegedMethodChange':
      return { kind, privilegedOnly: bool(body, 'privilegedOnly', false), days: numberIn(body, 'days', 1, 90, true, DEFAULT_CHANGE_DAYS) };
  }
}

function objectOf(body: unknown): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AlertInputError('body', 'send a JSON object');
  return body as Json;
}

function checkFields(body: Json, kind: RuleKind, existing: AlertRule | null): void {
  const allowed = new Set([...COMMON_FIELDS, ...FIELDS[kind]]);
  for (const key of Object.keys(body)) {
    if (allowed.has(key)) continue;
    if (existing !== null && READ_ONLY.includes(key) && body[key] === existing[key as keyof AlertRule]) continue;
    const hint = READ_ONLY.includes(key) ? 'it is set by amr' : `a ${kind} rule takes ${[...allowed].join(', ')}`;
    throw new AlertInputError(key.slice(0, 64), `is not accepted here: ${hint}`);
  }
}

function nameOf(body: Json, fallback: string | undefined): string {
  const v = body['name'] ?? fallback;
  if (typeof v !== 'string' || v.trim() === '' || v.length > MAX_NAME_LENGTH)
    throw new AlertInputError('name', `is ${show(v)}; give a non-empty text of at most ${MAX_NAME_LENGTH} characters`);
  return v.trim();
}

/** A new rule from a request body; throws AlertInputError naming the field at fault. */
export function parseNewRule(input: unknown, made: { id: string; tenantId: string; now: Date }): AlertRule {
  const body = objectOf(input);
  const kind = oneOf(body, 'kind', RULE_KINDS);
  checkFields(body, kind, null);
  const spec = specOf(body, kind);
  return {
    id: made.id,
    tenantId: made.tenantId,
    name: nameOf(body, undefined),
    enabled: bool(body, 'enabled', true),
    createdDateTime: made.now.toISOString(),
    ...spec,
  };
}

/** A rule changed by a PATCH body (merge): the kind cannot change; the result is validated whole. */
export function patchRule(existing: AlertRule, input: unknown): AlertRule {
  const body = objectOf(input);
  if (body['kind'] !== undefined && body['kind'] !== existing.kind)
    throw new AlertInputError('kind', `cannot change (the rule is ${existing.kind}): delete it and add a new one`);
  checkFields(body, existing.kind, existing);
  const merged: Json = { ...existing, ...body };
  const spec = specOf(merged, existing.kind);
  return {
    id: existing.id,
    tenantId: existing.tenantId,
    name: nameOf(body, existing.name),
    enabled: bool(body, 'enabled', existing.enabled),
    createdDateTime: existing.createdDateTime,
    ...spec,
  };
}
