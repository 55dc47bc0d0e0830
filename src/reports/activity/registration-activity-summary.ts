// userRegistrationActivity(period) rows from hourly rollups, and their enum gating (graph-api §3.5, §2.7; decisions 0046–0048).
import type { ActivityHourRow } from './rollups.js';
import { stableId } from './stable-id.js';
import type { HourWindow } from './time-buckets.js';
import { inWindow } from './time-buckets.js';
import { UNKNOWN_FUTURE_VALUE, gateUsageAuthMethod, usageAuthMethodRank } from './usage-auth-method.js';

export type ActivityFeature = 'registration' | 'reset';

/** graph-api §3.5 example (log-samples graph.beta.userRegistrationActivity.d1.json): 17 registration rows… */
export const REGISTRATION_ROW_METHODS = [
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPush',
  'email',
  'mobilePhone',
  'officePhone',
  'alternateMobilePhone',
  'securityQuestion',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'fido2SecurityKey',
  'temporaryAccessPass',
  'microsoftAuthenticatorPasswordless',
  'macOsSecureEnclaveKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'externalAuthMethod',
] as const;

/** …then 8 reset rows (entra-rules §3.4). */
export const RESET_ROW_METHODS = [
  'email',
  'mobilePhone',
  'officePhone',
  'alternateMobilePhone',
  'securityQuestion',
  'microsoftAuthenticatorPush',
  'sms',
  'oneTimePasscode',
] as const;

export interface RegistrationActivityRow {
  readonly id: string;
  readonly feature: ActivityFeature;
  readonly authMethod: string;
  readonly successfulActivityCount: number;
  readonly failureActivityCount: number;
}

type Sums = Map<string, { success: number; failure: number }>;

/** Success and failure per feature|authMethod over the buckets of a window. */
export function sumActivity(rows: Iterable<ActivityHourRow>, window: HourWindow): Sums {
  const sums: Sums = new Map();
  for (const r of rows) {
    if (!inWindow(r.hour, window)) continue;
    const key = `${r.feature}|${r.authMethod}`;
    const s = sums.get(key) ?? { success: 0, failure: 0 };
    s.success += r.success;
    s.failure += r.failure;
    sums.set(key, s);
  }
  return sums;
}

/**
 * The documented 25 rows in documented order, zeros included, each feature followed by any other
 * method with activity in CSDL order (appPassword, passKeySynced, qrCode, unknownFutureValue…).
 * Names are not gated here: see gateRegistrationActivity.
 */
export function summariseRegistrationActivity(rows: Iterable<ActivityHourRow>, window: HourWindow): RegistrationActivityRow[] {
  const sums = sumActivity(rows, window);
  return [...featureRows('registration', REGISTRATION_ROW_METHODS, sums), ...featureRows('reset', RESET_ROW_METHODS, sums)];
}

function featureRows(feature: ActivityFeature, documented: readonly string[], sums: Sums): RegistrationActivityRow[] {
  const extra = [...sums.entries()]
    .filter(([k, s]) => k.startsWith(`${feature}|`) && (s.success !== 0 || s.failure !== 0))
    .map(([k]) => k.slice(feature.length + 1))
    .filter((m) => !documented.includes(m))
    .sort((a, b) => usageAuthMethodRank(a) - usageAuthMethodRank(b) || (a < b ? -1 : 1));
  return [...documented, ...extra].map((m) => activityRow(feature, m, sums.get(`${feature}|${m}`)));
}

export function activityRow(feature: ActivityFeature, authMethod: string, s?: { success: number; failure: number }): RegistrationActivityRow {
  return {
    id: stableId('userRegistrationActivity', feature, authMethod),
    feature,
    authMethod,
    successfulActivityCount: s?.success ?? 0,
    failureActivityCount: s?.failure ?? 0,
  };
}

/**
 * graph-api §2.7 for an aggregate: without `Prefer: include-unknown-enum-members`, the rows whose
 * method the caller may not see are summed into one unknownFutureValue row per feature, placed last
 * in that feature's rows, so (feature, authMethod) stays a key (decision 0048).
 */
export function gateRegistrationActivity(rows: readonly RegistrationActivityRow[], includeUnknown: boolean): RegistrationActivityRow[] {
  if (includeUnknown) return [...rows];
  const out: RegistrationActivityRow[] = [];
  for (const feature of ['registration', 'reset'] as const) {
    const own = rows.filter((r) => r.feature === feature);
    const hidden = own.filter((r) => gateUsageAuthMethod(r.authMethod, false) === UNKNOWN_FUTURE_VALUE);
    out.push(...own.filter((r) => !hidden.includes(r)));
    if (hidden.length === 0) continue;
    const sum = (f: (r: RegistrationActivityRow) => number): number => hidden.reduce((n, r) => n + f(r), 0);
    out.push(activityRow(feature, UNKNOWN_FUTURE_VALUE, { success: sum((r) => r.successfulActivityCount), failure: sum((r) => r.failureActivityCount) }));
  }
  return out;
}
