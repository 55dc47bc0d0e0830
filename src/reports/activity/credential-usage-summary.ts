// The deprecated getCredentialUsageSummary(period) rows in legacy method names (graph-api §3.10; decisions 0047, 0048).
import type { ActivityHourRow } from './rollups.js';
import type { ActivityFeature, RegistrationActivityRow } from './registration-activity-summary.js';
import { sumActivity } from './registration-activity-summary.js';
import { stableId } from './stable-id.js';
import type { HourWindow } from './time-buckets.js';
import { gateUsageAuthMethod, legacyAuthMethod, usageAuthMethodRank } from './usage-auth-method.js';

/**
 * Modern names mapped to legacy ones (legacyAuthMethod), then gated, then summed; only rows with
 * activity, registration before reset, each in usageAuthMethod CSDL order (the doc example has one row).
 */
export function summariseCredentialUsage(rows: Iterable<ActivityHourRow>, window: HourWindow, includeUnknown: boolean): RegistrationActivityRow[] {
  const legacy = new Map<string, { feature: ActivityFeature; authMethod: string; success: number; failure: number }>();
  for (const [key, s] of sumActivity(rows, window)) {
    const feature: ActivityFeature = key.startsWith('registration|') ? 'registration' : 'reset';
    const authMethod = gateUsageAuthMethod(legacyAuthMethod(feature, key.slice(feature.length + 1)), includeUnknown);
    const k = `${feature}|${authMethod}`;
    const row = legacy.get(k) ?? { feature, authMethod, success: 0, failure: 0 };
    row.success += s.success;
    row.failure += s.failure;
    legacy.set(k, row);
  }
  return [...legacy.values()]
    .filter((r) => r.success !== 0 || r.failure !== 0)
    .sort(
      (a, b) => (a.feature === b.feature ? 0 : a.feature === 'registration' ? -1 : 1) || usageAuthMethodRank(a.authMethod) - usageAuthMethodRank(b.authMethod),
    )
    .map((r) => ({
      id: stableId('credentialUsageSummary', r.feature, r.authMethod),
      feature: r.feature,
      authMethod: r.authMethod,
      successfulActivityCount: r.success,
      failureActivityCount: r.failure,
    }));
}
