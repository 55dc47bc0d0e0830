// Password changes by the user and password resets by the helpdesk in the window (self-service resets
// and unlocks come from the reset sessions): when, and whether a change was first refused.
import type { Rng } from '../prng.js';
import { MINUTE_MS } from '../wire.js';
import type { ActivitySettings } from './activity-settings.js';
import { isEmpty, type ActiveSpan } from './active-span.js';
import { utcOffsetMinutes, workingInstant } from './calendar.js';
import { isSuccessful, type PlannedSession } from './reset-plan.js';
import type { UserProfile } from './user-profile.js';

export interface PasswordPlan {
  /** Self-service changes; `refusedFirst`: a banned password was refused a minute or two before. */
  readonly changes: readonly { readonly atMs: number; readonly refusedFirst: boolean }[];
  readonly adminResets: readonly number[];
}

/**
 * Monthly rates (judgments, decision 0031): 4% of employees change their password; the helpdesk resets
 * 1.5% of those outside the SSPR pilot and 0.4% inside it; 30% of failed reset sessions end in a helpdesk
 * reset shortly after; 10% of changes first pick a banned password.
 */
export const PASSWORD_RATE = { change: 0.04, refused: 0.1, adminOutside: 0.015, adminInside: 0.004, afterFailedSession: 0.3 } as const;

const NONE: PasswordPlan = { changes: [], adminResets: [] };

function helpdeskAfter(rng: Rng, sessions: readonly PlannedSession[], toMs: number): number[] {
  const last = sessions[sessions.length - 1];
  if (last === undefined || isSuccessful(last.outcome) || !rng.chance(PASSWORD_RATE.afterFailedSession)) return [];
  const at = last.atMs + rng.between(10, 120) * MINUTE_MS;
  return at <= toMs ? [at] : [];
}

export function planPasswords(
  u: UserProfile,
  s: ActivitySettings,
  span: ActiveSpan,
  inPilot: boolean,
  sessions: readonly PlannedSession[],
  rng: Rng,
): PasswordPlan {
  if (u.kind !== 'person' || isEmpty(span)) return NONE;
  const offset = utcOffsetMinutes(u.usageLocation);
  const changes = rng.chance(PASSWORD_RATE.change * s.months)
    ? [{ atMs: workingInstant(rng, span.fromMs, span.toMs, offset), refusedFirst: rng.chance(PASSWORD_RATE.refused) }]
    : [];
  const rate = inPilot ? PASSWORD_RATE.adminInside : PASSWORD_RATE.adminOutside;
  const adminResets = rng.chance(rate * s.months) ? [workingInstant(rng, span.fromMs, span.toMs, offset)] : [];
  adminResets.push(...helpdeskAfter(rng, sessions, span.toMs));
  return { changes, adminResets };
}
