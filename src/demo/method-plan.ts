// Decides which authentication methods one demo user has registered. The rates are the demo's
// realism: decision 0020 gives their sources (MFA adoption figures) and marks the judgments.

import type { Rng } from './prng.js';

export type TapState = 'none' | 'usable' | 'expired' | 'notYetValid';

export interface MethodPlan {
  readonly password: boolean;
  readonly authenticator: boolean;
  readonly phoneSignIn: boolean;
  readonly authenticatorPasskey: boolean;
  readonly mobile: boolean;
  readonly alternateMobile: boolean;
  readonly office: boolean;
  /** SMS sign-in ("ready") for frontline staff the SMS policy allows it for. */
  readonly smsSignIn: boolean;
  readonly email: boolean;
  readonly softwareOath: boolean;
  readonly hardwareOath: boolean;
  readonly securityKeys: number;
  readonly windowsHelloPasskey: boolean;
  readonly syncedPasskey: boolean;
  readonly windowsHello: number;
  readonly macPlatform: boolean;
  readonly external: boolean;
  readonly qrCode: boolean;
  readonly tap: TapState;
  readonly futureMethod: boolean;
  readonly securityQuestions: number;
}

export interface PersonTraits {
  readonly admin: boolean;
  readonly recentHire: boolean;
  readonly pilot: boolean;
  readonly frontline: boolean;
  readonly engineering: boolean;
  readonly unknownMethod: boolean;
}

export const NO_METHODS: MethodPlan = {
  password: false,
  authenticator: false,
  phoneSignIn: false,
  authenticatorPasskey: false,
  mobile: false,
  alternateMobile: false,
  office: false,
  smsSignIn: false,
  email: false,
  softwareOath: false,
  hardwareOath: false,
  securityKeys: 0,
  windowsHelloPasskey: false,
  syncedPasskey: false,
  windowsHello: 0,
  macPlatform: false,
  external: false,
  qrCode: false,
  tap: 'none',
  futureMethod: false,
  securityQuestions: 0,
};

/** Share of people with at least one strong (MFA) method, by population. */
export const STRONG_RATE = { base: 0.8, admin: 0.95, pilot: 0.97, recentHire: 0.55, frontline: 0.6 } as const;

function strongRate(t: PersonTraits): number {
  if (t.pilot) return STRONG_RATE.pilot;
  if (t.admin) return STRONG_RATE.admin;
  if (t.recentHire) return STRONG_RATE.recentHire;
  return t.frontline ? STRONG_RATE.frontline : STRONG_RATE.base;
}

function tapState(rng: Rng, t: PersonTraits): TapState {
  // New hires onboard with a Temporary Access Pass; elsewhere a stale, expired one lingers.
  if (t.recentHire) {
    if (!rng.chance(0.6)) return 'none';
    const u = rng.next();
    return u < 0.7 ? 'usable' : u < 0.9 ? 'expired' : 'notYetValid';
  }
  return rng.chance(0.002) ? 'expired' : 'none';
}

type StrongPart = Pick<
  MethodPlan,
  | 'authenticator'
  | 'phoneSignIn'
  | 'authenticatorPasskey'
  | 'mobile'
  | 'alternateMobile'
  | 'office'
  | 'softwareOath'
  | 'hardwareOath'
  | 'securityKeys'
  | 'windowsHelloPasskey'
  | 'syncedPasskey'
  | 'windowsHello'
  | 'macPlatform'
  | 'external'
>;

function strongMethods(rng: Rng, t: PersonTraits): StrongPart {
  const authenticator = rng.chance(t.frontline ? 0.5 : 0.8);
  const softwareOath = rng.chance(authenticator ? 0.04 : 0.3);
  const windowsHello = rng.chance(t.pilot ? 0.7 : t.frontline ? 0.03 : 0.25) ? (rng.chance(0.2) ? 2 : 1) : 0;
  const securityKeys = rng.chance(t.pilot ? 0.35 : t.admin ? 0.3 : 0.02) ? (rng.chance(0.25) ? 2 : 1) : 0;
  let mobile = rng.chance(authenticator ? 0.55 : 0.85);
  // Nobody counted as "strong" may end up with only weak methods: fall back to a phone.
  if (!authenticator && !softwareOath && !mobile && windowsHello === 0 && securityKeys === 0) mobile = true;
  return {
    authenticator,
    phoneSignIn: authenticator && rng.chance(t.pilot ? 0.6 : 0.15),
    authenticatorPasskey: authenticator && rng.chance(t.pilot ? 0.45 : 0.06),
    mobile,
    alternateMobile: mobile && rng.chance(0.06),
    office: rng.chance(t.frontline ? 0.02 : 0.12),
    softwareOath,
    hardwareOath: rng.chance(t.admin ? 0.05 : 0.008),
    securityKeys,
    windowsHelloPasskey: rng.chance(t.pilot ? 0.08 : 0.005),
    syncedPasskey: rng.chance(t.pilot ? 0.12 : 0.015),
    windowsHello,
    macPlatform: rng.chance(t.pilot ? 0.15 : 0.03),
    external: t.engineering && rng.chance(0.05),
  };
}

const NO_STRONG: StrongPart = NO_METHODS;

/** An employee's methods. Built as one literal: spreading was a quarter of the generator's time. */
export function planPerson(rng: Rng, t: PersonTraits): MethodPlan {
  const strong = rng.chance(strongRate(t));
  const p = strong ? strongMethods(rng, t) : NO_STRONG;
  return {
    password: true,
    authenticator: p.authenticator,
    phoneSignIn: p.phoneSignIn,
    authenticatorPasskey: p.authenticatorPasskey,
    mobile: p.mobile,
    alternateMobile: p.alternateMobile,
    office: p.office,
    smsSignIn: p.mobile && t.frontline && rng.chance(0.6),
    email: rng.chance(strong ? 0.35 : 0.25),
    softwareOath: p.softwareOath,
    hardwareOath: p.hardwareOath,
    securityKeys: p.securityKeys,
    windowsHelloPasskey: p.windowsHelloPasskey,
    syncedPasskey: p.syncedPasskey,
    windowsHello: p.windowsHello,
    macPlatform: p.macPlatform,
    external: p.external,
    qrCode: t.frontline && rng.chance(0.35),
    tap: tapState(rng, t),
    futureMethod: t.unknownMethod,
    securityQuestions: rng.chance(0.08) ? rng.between(3, 5) : 0,
  };
}

/** A B2B guest: most do MFA at home; a quarter registered something in this tenant. */
export function planGuest(rng: Rng): MethodPlan {
  if (!rng.chance(0.25)) return NO_METHODS;
  const authenticator = rng.chance(0.6);
  return { ...NO_METHODS, authenticator, mobile: !authenticator || rng.chance(0.4) };
}

/** Emergency access: FIDO2 keys only, kept in a safe, excluded from the Authenticator policy. */
export const BREAK_GLASS_METHODS: MethodPlan = { ...NO_METHODS, password: true, securityKeys: 2 };
