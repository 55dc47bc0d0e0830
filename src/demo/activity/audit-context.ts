// What every audit builder of one user shares: the settings, the user's id counters and stream, the
// helpdesk administrators who act on users, and the people the rows name.
import type { Rng } from '../prng.js';
import type { ActivitySettings } from './activity-settings.js';
import type { Initiator, Person } from './audit-object.js';
import { ipOf, officeIp } from './network.js';
import type { UserIds } from './record-ids.js';
import type { UserProfile } from './user-profile.js';

/** An administrator who resets passwords and issues passes (an active helpdesk-type role holder). */
export interface Actor extends Person {
  readonly usageLocation: string;
}

export interface AuditContext {
  readonly s: ActivitySettings;
  readonly ids: UserIds;
  readonly rng: Rng;
  readonly actors: readonly Actor[];
}

export function personOf(u: UserProfile): Person {
  return { id: u.id, upn: u.upn, displayName: u.displayName };
}

/** The user acting on their own account, from the office or (two times in five) from home. */
export function selfInitiator(ctx: AuditContext, u: UserProfile): Initiator {
  return { person: personOf(u), withName: false, ipAddress: ipOf(u, ctx.rng.chance(0.4)) };
}

/** A helpdesk administrator other than the user, or null when the tenant has none. */
export function adminInitiator(ctx: AuditContext, u: UserProfile): Initiator | null {
  const others = ctx.actors.filter((a) => a.id !== u.id);
  if (others.length === 0) return null;
  const a = ctx.rng.pick(others);
  return { person: a, withName: true, ipAddress: officeIp(a.usageLocation) };
}
