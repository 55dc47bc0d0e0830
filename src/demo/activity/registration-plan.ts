// Which security-info registrations a user made in the window, and from when each method was usable:
// methods whose createdDateTime falls in the window, and the phone, e-mail and questions (which have no
// creation time in Graph) of accounts that joined in the window, registered with their first method.
import type { Rng } from '../prng.js';
import { MINUTE_MS } from '../wire.js';
import { inWindow, type ActivitySettings } from './activity-settings.js';
import type { ActiveSpan } from './active-span.js';
import { utcOffsetMinutes, workingInstant } from './calendar.js';
import type { MethodKind, RegisteredMethod, UserProfile } from './user-profile.js';

export interface PlannedRegistration {
  readonly atMs: number;
  readonly method: MethodKind;
  /** Created by an administrator (TAP, hardware token, QR code); the others the user registers. */
  readonly byAdmin: boolean;
  /** A failed attempt precedes it by a minute or two (decision 0031: 5%). */
  readonly failedFirst: boolean;
}

export interface RegistrationPlan {
  readonly registrations: readonly PlannedRegistration[];
  /** When each of the user's methods became usable (-Infinity: before the window). */
  readonly availableMs: (m: RegisteredMethod) => number;
  /** For accounts new in the window: when they finished registering, else null. */
  readonly completedMs: number | null;
}

const ADMIN_CREATED: ReadonlySet<MethodKind> = new Set(['temporaryAccessPass', 'hardwareOath', 'qrCode']);
/** Graph has no creation time for these; decision 0031 places them. */
const UNDATED: ReadonlySet<MethodKind> = new Set(['mobile', 'alternateMobile', 'office', 'email', 'securityQuestions']);
export const FAILED_FIRST_RATE = 0.05;
/** Share of longer-standing users who re-register a phone or e-mail in a month (new phone, new number): a judgment. */
export const REREGISTER_RATE = 0.012;

function planned(rng: Rng, atMs: number, method: MethodKind): PlannedRegistration {
  return { atMs, method, byAdmin: ADMIN_CREATED.has(method), failedFirst: rng.chance(FAILED_FIRST_RATE) };
}

/** When a new account registered its undated methods: just after its first dated one, else within two days of joining. */
function joinerAnchor(u: UserProfile, rng: Rng): number {
  const dated = u.methods.filter((m) => m.createdMs !== null && m.createdMs >= u.createdMs && !ADMIN_CREATED.has(m.kind));
  const first = Math.min(...dated.map((m) => m.createdMs ?? Infinity));
  return Number.isFinite(first) ? first : u.createdMs + rng.between(60, 48 * 60) * MINUTE_MS;
}

export function planRegistrations(u: UserProfile, s: ActivitySettings, span: ActiveSpan, rng: Rng): RegistrationPlan {
  const joined = u.createdMs > s.startMs;
  const anchor = joined ? joinerAnchor(u, rng) : -Infinity;
  const undated = new Map<RegisteredMethod, number>();
  const registrations: PlannedRegistration[] = [];
  const counts = (at: number): boolean => inWindow(s, at) && at > span.fromMs && at <= span.toMs;
  for (const m of u.methods) {
    const at = m.createdMs ?? (joined ? anchor + rng.between(20, 600) * 1000 : -Infinity);
    if (m.createdMs === null) undated.set(m, at);
    if (counts(at)) registrations.push(planned(rng, at, m.kind));
  }
  const again = u.methods.find((m) => UNDATED.has(m.kind));
  if (!joined && again !== undefined && rng.chance(REREGISTER_RATE * s.months)) {
    const at = workingInstant(rng, span.fromMs, span.toMs, utcOffsetMinutes(u.usageLocation));
    if (counts(at)) registrations.push(planned(rng, at, again.kind));
  }
  registrations.sort((a, b) => a.atMs - b.atMs);
  const byUser = registrations.filter((r) => !r.byAdmin);
  const last = byUser[byUser.length - 1];
  return {
    registrations,
    availableMs: (m) => m.createdMs ?? undated.get(m) ?? -Infinity,
    completedMs: joined && last !== undefined ? last.atMs + rng.between(3, 20) * 1000 : null,
  };
}
