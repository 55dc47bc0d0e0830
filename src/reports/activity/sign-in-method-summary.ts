// userSignInsByAuthMethodSummary(period) rows from hourly rollups (graph-api §3.6; entra-rules A11; decisions 0045–0047).
import type { SignInMethodHourRow } from './rollups.js';
import type { SignInSummaryMethod } from './sign-in-methods.js';
import { SIGN_IN_SUMMARY_METHODS } from './sign-in-methods.js';
import type { HourWindow } from './time-buckets.js';
import { inWindow } from './time-buckets.js';

export interface SignInMethodSummaryRow {
  readonly authenticationMethod: SignInSummaryMethod;
  readonly successActivityCount: number;
}

/**
 * The 16 documented methods in documented order, zeros included; successes only (the Graph function,
 * A11; failures stay in the rollup for the portal-style chart). authenticationMethod is a String, not
 * usageAuthMethod (graph-api §7.15), so no enum gating applies; unmapped strings are not emitted.
 */
export function summariseSignInsByMethod(rows: Iterable<SignInMethodHourRow>, window: HourWindow): SignInMethodSummaryRow[] {
  const success = new Map<string, number>();
  for (const r of rows) {
    if (inWindow(r.hour, window)) success.set(r.method, (success.get(r.method) ?? 0) + r.success);
  }
  return SIGN_IN_SUMMARY_METHODS.map((m) => ({ authenticationMethod: m, successActivityCount: success.get(m) ?? 0 }));
}
