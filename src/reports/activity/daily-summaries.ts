// userMfaSignInSummary, userPasswordResetsAndChangesSummary and the unlock series, one row per UTC day (graph-api §3.8–3.9; A12; decision 0047).
import type { MfaDayRow, PasswordDayRow } from './rollups.js';
import { stableId } from './stable-id.js';
import { dayStart, lastDays } from './time-buckets.js';

/** entra-rules §3.5: usage data is kept 30 days. */
export const DAILY_SUMMARY_DAYS = 30;

export interface MfaSignInSummaryRow {
  readonly id: string;
  readonly createdDateTime: string;
  readonly totalSignIns: number;
  readonly singleFactorSignIns: number;
  readonly multiFactorSignIns: number;
}

export interface PasswordResetsSummaryRow {
  readonly id: string;
  readonly aggregatedDateTime: string;
  readonly passwordResetsByAdminCount: number;
  readonly passwordResetsSelfServiceCount: number;
  readonly changePasswordSelfServiceCount: number;
}

export interface UnlockSummaryRow {
  readonly day: string;
  readonly unlockSelfServiceCount: number;
}

/** Days newest first over the last 30 UTC days (today included); days with nothing are left out. */
export function summariseMfaSignIns(rows: Iterable<MfaDayRow>, now: string): MfaSignInSummaryRow[] {
  const byDay = new Map<string, { single: number; multi: number }>();
  for (const r of rows) {
    const d = byDay.get(r.day) ?? { single: 0, multi: 0 };
    d.single += r.singleFactor;
    d.multi += r.multiFactor;
    byDay.set(r.day, d);
  }
  return lastDays(DAILY_SUMMARY_DAYS, now).flatMap((day) => {
    const d = byDay.get(day);
    if (d === undefined || d.single + d.multi === 0) return [];
    return [
      {
        id: stableId('userMfaSignInSummary', day),
        createdDateTime: dayStart(day),
        totalSignIns: d.single + d.multi,
        singleFactorSignIns: d.single,
        multiFactorSignIns: d.multi,
      },
    ];
  });
}

/** Successful events per kind and day (entra-rules §3.2: successful resets and changes). */
function successByDay(rows: Iterable<PasswordDayRow>): Map<string, Map<PasswordDayRow['kind'], number>> {
  const byDay = new Map<string, Map<PasswordDayRow['kind'], number>>();
  for (const r of rows) {
    const kinds = byDay.get(r.day) ?? new Map<PasswordDayRow['kind'], number>();
    kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + r.success);
    byDay.set(r.day, kinds);
  }
  return byDay;
}

export function summarisePasswordResets(rows: Iterable<PasswordDayRow>, now: string): PasswordResetsSummaryRow[] {
  const byDay = successByDay(rows);
  return lastDays(DAILY_SUMMARY_DAYS, now).flatMap((day) => {
    const k = byDay.get(day);
    const row = {
      id: stableId('userPasswordResetsAndChangesSummary', day),
      aggregatedDateTime: dayStart(day),
      passwordResetsByAdminCount: k?.get('resetByAdmin') ?? 0,
      passwordResetsSelfServiceCount: k?.get('resetSelfService') ?? 0,
      changePasswordSelfServiceCount: k?.get('changeSelfService') ?? 0,
    };
    const any = row.passwordResetsByAdminCount + row.passwordResetsSelfServiceCount + row.changePasswordSelfServiceCount;
    return any === 0 ? [] : [row];
  });
}

/** A12 PROPOSAL: successful self-service unlocks as their own series (no Graph field holds them). */
export function summariseUnlocks(rows: Iterable<PasswordDayRow>, now: string): UnlockSummaryRow[] {
  const byDay = successByDay(rows);
  return lastDays(DAILY_SUMMARY_DAYS, now).flatMap((day) => {
    const n = byDay.get(day)?.get('unlockSelfService') ?? 0;
    return n === 0 ? [] : [{ day, unlockSelfServiceCount: n }];
  });
}
