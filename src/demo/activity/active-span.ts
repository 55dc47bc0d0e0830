// When, inside the window, an account can act at all: from its creation (or the window's start) to
// now, to the day it was disabled, or never (rooms, shared mailboxes, service accounts, unredeemed guests).
import type { Rng } from '../prng.js';
import { DAY_MS } from '../wire.js';
import type { ActivitySettings } from './activity-settings.js';
import type { UserProfile } from './user-profile.js';

/** Activity falls in (fromMs, toMs]; empty when toMs <= fromMs. */
export interface ActiveSpan {
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Share of disabled employees who left during the window rather than before it: about 1% of staff leave
 * a month and 3.5% of the demo's people are disabled (decision 0030), so roughly three in ten (a judgment).
 */
export const LEAVERS_IN_WINDOW = 0.3;

export function isEmpty(span: ActiveSpan): boolean {
  return span.toMs <= span.fromMs;
}

/**
 * Deleted accounts were disabled 1–14 days before deletion; disabled ones stopped at a day drawn in the
 * window or before it. Resource accounts never sign in: Exchange creates them blocked, and the ones
 * enabled by mistake are still nobody's (theme E of peers-and-asks.md). Service accounts would only log
 * non-interactive sign-ins no report counts, so they are left out.
 */
export function activeSpan(u: UserProfile, s: ActivitySettings, rng: Rng): ActiveSpan {
  const fromMs = Math.max(s.startMs, u.createdMs);
  const never = { fromMs, toMs: fromMs };
  if (u.kind === 'resource' || !u.guestAccepted) return never;
  if (u.deletedMs !== null) return { fromMs, toMs: Math.min(s.nowMs, u.deletedMs - rng.between(1, 14) * DAY_MS) };
  if (!u.enabled) return rng.chance(LEAVERS_IN_WINDOW) ? { fromMs, toMs: s.startMs + Math.floor(rng.next() * (s.nowMs - s.startMs)) } : never;
  return { fromMs, toMs: s.nowMs };
}
