// Everything one user does in the window, decided once from the user's own stream, so the audit and
// the sign-in generators (which run separately) agree: a reset session has its failed sign-ins before
// it, and nobody signs in with a method before registering it.
import { streamFor } from '../prng.js';
import type { ActivitySettings } from './activity-settings.js';
import { activeSpan, type ActiveSpan } from './active-span.js';
import { planPasswords, type PasswordPlan } from './password-plan.js';
import { planRegistrations, type RegistrationPlan } from './registration-plan.js';
import { planResets, type PlannedSession } from './reset-plan.js';
import type { SsprScope } from './sspr-scope.js';
import type { UserProfile } from './user-profile.js';

/** Stream labels of the activity generator (the tenant's own use 0x5e1, 0x5e2, 0x6e0). */
export const STREAM = { plan: 0xac71, signIns: 0xac72, audits: 0xac73 } as const;

export interface UserPlan {
  readonly span: ActiveSpan;
  readonly registration: RegistrationPlan;
  readonly sessions: readonly PlannedSession[];
  readonly passwords: PasswordPlan;
}

export function planUser(u: UserProfile, s: ActivitySettings, scope: SsprScope): UserPlan {
  const rng = streamFor(s.seed, STREAM.plan, u.index);
  const span = activeSpan(u, s, rng);
  const registration = planRegistrations(u, s, span, rng);
  const sessions = planResets(u, s, span, scope, registration.availableMs, rng);
  const passwords = planPasswords(u, s, span, scope.inScope(u.department), sessions, rng);
  return { span, registration, sessions, passwords };
}
