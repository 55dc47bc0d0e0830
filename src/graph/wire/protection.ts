// amr's protection reports on the wire (decision 0092): userProtection rows projected by $select,
// and the breakdown buckets protectionSummary, registrationSummary and registrationHistory share.
import type { BucketSummary } from '../../reports/breakdowns.js';
import type { ProtectionDetails } from '../../reports/model.js';
import { STRENGTH_CLASSES } from '../../reports/protection-classes.js';
import { PROTECTION_WIRE_ORDER } from '../amr-entities.js';

/** The properties to write, in wire order: all, or the $select ones (id always, as userRegistrationDetails). */
export function protectionProjection(select: readonly string[] | null): readonly (keyof ProtectionDetails)[] {
  const wanted = select === null || select.includes('*') ? null : new Set(['id', ...select]);
  return PROTECTION_WIRE_ORDER.filter((p) => wanted === null || wanted.has(p));
}

export function protectionToWire(row: ProtectionDetails, projection: readonly (keyof ProtectionDetails)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of projection) out[p] = row[p];
  return out;
}

interface BucketHead {
  readonly key: string | null;
  readonly displayName: string | null;
  readonly totalUserCount: number;
}

const head = (b: BucketSummary): BucketHead => ({ key: b.key, displayName: b.displayName, totalUserCount: b.totalUserCount });

/** protectionSummary's bucket: users per registeredStrength class (they sum to totalUserCount). */
export function protectionBucket(b: BucketSummary): Record<string, unknown> {
  return { ...head(b), counts: Object.fromEntries(STRENGTH_CLASSES.map((c) => [c, b.protection[c]])), staleUserCount: b.staleUserCount };
}

/**
 * registrationSummary's and registrationHistory's bucket: features and methods as registrationHistory
 * writes its days ({feature: userCount}, {method: userCount}).
 */
export function registrationBucket(b: BucketSummary): Record<string, unknown> {
  return {
    ...head(b),
    features: Object.fromEntries(b.feature.userRegistrationFeatureCounts.map((c) => [c.feature, c.userCount])),
    methods: Object.fromEntries(b.method.userRegistrationMethodCounts.map((c) => [c.authenticationMethod, c.userCount])),
    staleUserCount: b.staleUserCount,
  };
}
