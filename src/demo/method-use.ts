// When each of a user's methods was last used: Graph beta's optional authenticationMethod
// lastUsedDateTime. Methods in use carry a recent one; for a minority, a method registered long ago
// went unused for over 90 days (the laptop retired with its Windows Hello key, the security key left
// in a drawer): the stale methods of decision 0090. The activity generator reads these dates back and
// never uses a method after its lastUsedDateTime, so the sign-in logs agree with them.

import type { MethodClock } from './device-methods.js';
import type { Rng } from './prng.js';
import { DAY_MS, isoSeconds, type JsonObject, type JsonValue } from './wire.js';

const HOUR_MS = 3_600_000;
const GRAPH = '#microsoft.graph.';

/**
 * Method types whose objects carry lastUsedDateTime in the demo. Phones, e-mail, the password, passes
 * and QR codes carry none, as Graph often leaves it null for them (decision 0090, Why 4); the deprecated
 * phone sign-in object has neither date under Graph's names.
 */
const TRACKED: ReadonlySet<string> = new Set(
  [
    'microsoftAuthenticatorAuthenticationMethod',
    'fido2AuthenticationMethod',
    'windowsHelloForBusinessAuthenticationMethod',
    'platformCredentialAuthenticationMethod',
    'softwareOathAuthenticationMethod',
    'hardwareOathAuthenticationMethod',
    'externalAuthenticationMethod',
  ].map((t) => GRAPH + t),
);

/**
 * What goes stale together: staleness is judged per methodsRegistered name, and a sign-in step of any
 * FIDO2 kind is a use of every FIDO2 name (decision 0090), so all of a user's FIDO2 objects age as one.
 * The software OATH token never does: the Authenticator app gives the same name and is in daily use.
 * Rates are judgments (decision 0020): the share of holders whose method of that kind fell out of use.
 */
const STALE_UNITS: ReadonlyMap<string, { readonly unit: string; readonly rate: number; readonly needsAuthenticator: boolean }> = new Map([
  [GRAPH + 'windowsHelloForBusinessAuthenticationMethod', { unit: 'windowsHello', rate: 0.45, needsAuthenticator: false }],
  [GRAPH + 'fido2AuthenticationMethod', { unit: 'fido2', rate: 0.35, needsAuthenticator: false }],
  [GRAPH + 'platformCredentialAuthenticationMethod', { unit: 'mac', rate: 0.4, needsAuthenticator: false }],
  [GRAPH + 'externalAuthenticationMethod', { unit: 'external', rate: 0.4, needsAuthenticator: false }],
  // An OATH code step is a use of both token kinds, so a stale hardware token leaves its holder on the
  // Authenticator's push (the activity then uses no codes for that user).
  [GRAPH + 'hardwareOathAuthenticationMethod', { unit: 'hardwareOath', rate: 0.5, needsAuthenticator: true }],
]);

/** Stale means no use for 90 days (decision 0090); the demo keeps a margin either side of it. */
const STALE_UNUSED_DAYS = 91;
const STALE_REGISTERED_DAYS = 100;
const HISTORY_DAYS = 3 * 365;
/** A method in use was last used in the half day before the capture. */
const RECENT_MS = 12 * HOUR_MS;

export interface MethodUse {
  /**
   * The account's last sign-in when it is not signing in now (disabled, deleted, or a break-glass
   * account checked once a month); null for an account in use, whose methods were used just now.
   */
  readonly lastActiveMs: number | null;
  /** Whether a method may go stale: the user is listed and keeps another MFA method in use. */
  readonly mayGoStale: boolean;
  /** Holds the Microsoft Authenticator (push), which a stale hardware token leaves them with. */
  readonly hasAuthenticator: boolean;
}

/** When a disabled or deleted account last signed in: days to a year before the capture. */
export function lastActive(rng: Rng, nowMs: number): number {
  return nowMs - rng.between(1, 365) * DAY_MS;
}

/** The method objects are fresh literals of this user; the dates are written into them in place. */
function set(m: JsonObject, key: string, value: JsonValue): void {
  (m as Record<string, JsonValue>)[key] = value;
}

function createdOf(m: JsonObject, fallback: number): number {
  const text = m['createdDateTime'];
  return typeof text === 'string' ? Date.parse(text) : fallback;
}

/** Writes lastUsedDateTime on the tracked methods (and, for stale ones, an older createdDateTime). */
export function stampMethodUse(methods: readonly JsonObject[], clock: MethodClock, use: MethodUse): void {
  const { rng, nowMs, userCreatedMs } = clock;
  const staleUnits = new Set<string>();
  const decided = new Set<string>();
  const oldEnough = userCreatedMs <= nowMs - STALE_REGISTERED_DAYS * DAY_MS;
  for (const m of methods) {
    const type = m['@odata.type'];
    if (typeof type !== 'string' || !TRACKED.has(type)) continue;
    const unit = STALE_UNITS.get(type);
    if (unit !== undefined && !decided.has(unit.unit)) {
      decided.add(unit.unit);
      const eligible = use.mayGoStale && oldEnough && (!unit.needsAuthenticator || use.hasAuthenticator);
      if (eligible && rng.chance(unit.rate)) staleUnits.add(unit.unit);
    }
    if (unit !== undefined && staleUnits.has(unit.unit)) {
      // Registered between three years and 100 days ago, last used at least 91 days ago, soon after.
      const from = Math.max(userCreatedMs, nowMs - HISTORY_DAYS * DAY_MS);
      const created = from + Math.floor(rng.next() * (nowMs - STALE_REGISTERED_DAYS * DAY_MS - from));
      const lastUsed = created + Math.floor(rng.next() ** 2 * (nowMs - STALE_UNUSED_DAYS * DAY_MS - created));
      set(m, 'createdDateTime', isoSeconds(created));
      set(m, 'lastUsedDateTime', isoSeconds(lastUsed));
      continue;
    }
    const created = createdOf(m, userCreatedMs);
    const last = use.lastActiveMs === null ? nowMs - rng.int(RECENT_MS) : use.lastActiveMs - rng.int(6 * HOUR_MS);
    set(m, 'lastUsedDateTime', isoSeconds(Math.min(nowMs, Math.max(created, last))));
  }
}
