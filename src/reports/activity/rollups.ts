// Per-bucket rollup rows the store keeps, and how events add to them (decisions 0045, 0046, 0049).
import type { PasswordEvent, RegistrationOrResetEvent, SignInFact } from '../activity-model.js';
import { dayOf, hourOf } from './time-buckets.js';

/** userRegistrationActivity / credential usage: per (tenant, UTC hour, feature, authMethod). */
export interface ActivityHourRow {
  readonly hour: string;
  readonly feature: 'registration' | 'reset';
  readonly authMethod: string;
  readonly success: number;
  readonly failure: number;
}

/** userSignInsByAuthMethodSummary: interactive sign-ins per (tenant, UTC hour, method) (A11). */
export interface SignInMethodHourRow {
  readonly hour: string;
  readonly method: string;
  readonly success: number;
  readonly failure: number;
}

/** userMfaSignInSummary: successful interactive sign-ins per (tenant, UTC day) (§3.2 PROPOSAL). */
export interface MfaDayRow {
  readonly day: string;
  readonly singleFactor: number;
  readonly multiFactor: number;
  /** No usable requirement (absent, or MFA by an external provider): kept out of the report. */
  readonly unclassified: number;
}

/** userPasswordResetsAndChangesSummary and the unlock series: per (tenant, UTC day, kind) (A12). */
export interface PasswordDayRow {
  readonly day: string;
  readonly kind: PasswordEvent['kind'];
  readonly success: number;
  readonly failure: number;
}

type Counts<R> = { -readonly [K in keyof R]: R[K] };

/** Sums rows that share a key; O(keys) memory. */
function tally<R, I>(items: Iterable<I>, add: (item: I, bump: (key: string, make: () => Counts<R>, f: (r: Counts<R>) => void) => void) => void): R[] {
  const rows = new Map<string, Counts<R>>();
  const bump = (key: string, make: () => Counts<R>, f: (r: Counts<R>) => void): void => {
    let row = rows.get(key);
    if (row === undefined) rows.set(key, (row = make()));
    f(row);
  };
  for (const item of items) add(item, bump);
  return [...rows.values()];
}

/** Counts of registration/reset events; `sign` -1 gives the rows to subtract. */
export function activityRollup(events: readonly RegistrationOrResetEvent[], sign: 1 | -1 = 1): ActivityHourRow[] {
  return tally<ActivityHourRow, RegistrationOrResetEvent>(events, (e, bump) => {
    const hour = hourOf(e.eventDateTime);
    bump(
      `${hour}|${e.feature}|${e.authMethod}`,
      () => ({ hour, feature: e.feature, authMethod: e.authMethod, success: 0, failure: 0 }),
      (r) => {
        if (e.isSuccess) r.success += sign;
        else r.failure += sign;
      },
    );
  });
}

/**
 * What to add to the rollups when a session's events are replaced: after minus before, zero rows
 * dropped. The store applies it as `count = count + delta` (decision 0049).
 */
export function activityRollupDelta(before: readonly RegistrationOrResetEvent[], after: readonly RegistrationOrResetEvent[]): ActivityHourRow[] {
  const rows = [...activityRollup(after), ...activityRollup(before, -1)];
  return tally<ActivityHourRow, ActivityHourRow>(rows, (x, bump) => {
    bump(
      `${x.hour}|${x.feature}|${x.authMethod}`,
      () => ({ ...x, success: 0, failure: 0 }),
      (r) => {
        r.success += x.success;
        r.failure += x.failure;
      },
    );
  }).filter((r) => r.success !== 0 || r.failure !== 0);
}

/**
 * Interactive sign-ins only (§3.2). Each sign-in counts once per (method, outcome) it used: a
 * successful and a failed Text message step in one sign-in give one success and one failure (A11).
 */
export function signInMethodRollup(facts: readonly SignInFact[]): SignInMethodHourRow[] {
  return tally<SignInMethodHourRow, SignInFact>(
    facts.filter((f) => f.isInteractive),
    (f, bump) => {
      const hour = hourOf(f.createdDateTime);
      const seen = new Set<string>();
      for (const m of f.methods) {
        const once = `${m.method}|${m.succeeded}`;
        if (seen.has(once)) continue;
        seen.add(once);
        bump(
          `${hour}|${m.method}`,
          () => ({ hour, method: m.method, success: 0, failure: 0 }),
          (r) => {
            if (m.succeeded) r.success++;
            else r.failure++;
          },
        );
      }
    },
  );
}

/** Successful interactive sign-ins by requirement (§3.2, §4.4 PROPOSAL). */
export function mfaRollup(facts: readonly SignInFact[]): MfaDayRow[] {
  return tally<MfaDayRow, SignInFact>(
    facts.filter((f) => f.isInteractive && f.isSuccess),
    (f, bump) => {
      const day = dayOf(f.createdDateTime);
      bump(
        day,
        () => ({ day, singleFactor: 0, multiFactor: 0, unclassified: 0 }),
        (r) => {
          if (f.requirement === 'singleFactor') r.singleFactor++;
          else if (f.requirement === 'multiFactor') r.multiFactor++;
          else r.unclassified++;
        },
      );
    },
  );
}

export function passwordRollup(events: readonly PasswordEvent[]): PasswordDayRow[] {
  return tally<PasswordDayRow, PasswordEvent>(events, (e, bump) => {
    const day = dayOf(e.eventDateTime);
    bump(
      `${day}|${e.kind}`,
      () => ({ day, kind: e.kind, success: 0, failure: 0 }),
      (r) => {
        if (e.isSuccess) r.success++;
        else r.failure++;
      },
    );
  });
}
