// How one user proves who they are at a given moment, from the methods they had registered by then:
// the first factor, the second factor when MFA is required, and the authenticationDetails steps for each.
import type { Rng } from '../prng.js';
import type { StepParts } from './sign-in-object.js';
import type { MethodKind, UserProfile } from './user-profile.js';
import { SIGN_IN_METHOD as M, STEP_TEXT as T } from './vocabulary.js';

export type Primary = 'password' | 'windowsHello' | 'securityKey' | 'passkey' | 'phoneSignIn' | 'smsSignIn' | 'temporaryAccessPass';
export type SecondFactor = 'push' | 'oath' | 'sms' | 'voice';

/** Whether the user held one of these kinds at the moment in question. */
export type Has = (kinds: readonly MethodKind[]) => boolean;

/** First factors that satisfy MFA on their own (entra-rules §1: passwordless strong credentials; TAP by policy). */
export const PASSWORDLESS: ReadonlySet<Primary> = new Set(['windowsHello', 'securityKey', 'passkey', 'phoneSignIn', 'temporaryAccessPass']);

/**
 * How often a holder picks a passwordless credential over the password (judgments, decision 0031): Windows
 * Hello is the desktop's default sign-in; keys and passkeys are carried but not always used.
 */
export const PREFERENCE = { windowsHello: 0.85, securityKey: 0.6, passkey: 0.5, phoneSignIn: 0.5, smsSignIn: 0.5 } as const;

export function choosePrimary(rng: Rng, u: UserProfile, has: Has, mfaRequired: boolean): Primary {
  if (has(['windowsHello']) && rng.chance(PREFERENCE.windowsHello)) return 'windowsHello';
  if (has(['securityKey']) && rng.chance(PREFERENCE.securityKey)) return 'securityKey';
  if (has(['authenticatorPasskey', 'helloPasskey']) && rng.chance(PREFERENCE.passkey)) return 'passkey';
  if (has(['phoneSignIn']) && rng.chance(PREFERENCE.phoneSignIn)) return 'phoneSignIn';
  // SMS sign-in is single-factor, so it is only chosen where the policy asks for no MFA.
  if (!mfaRequired && u.smsSignInReady && has(['mobile']) && rng.chance(PREFERENCE.smsSignIn)) return 'smsSignIn';
  return 'password';
}

/** The second factor: the user's default (signInPreferences) when they still hold it, else the strongest held. */
export function chooseSecond(u: UserProfile, has: Has): SecondFactor | null {
  const preferred: Readonly<Record<string, [SecondFactor, MethodKind[]]>> = {
    push: ['push', ['authenticator']],
    oath: ['oath', ['authenticator', 'softwareOath', 'hardwareOath']],
    sms: ['sms', ['mobile']],
    voiceMobile: ['voice', ['mobile']],
  };
  const p = u.preferred === null ? undefined : preferred[u.preferred];
  if (p !== undefined && has(p[1])) return p[0];
  if (has(['authenticator'])) return 'push';
  if (has(['softwareOath', 'hardwareOath'])) return 'oath';
  return has(['mobile']) ? 'sms' : null;
}

/**
 * Whether a Conditional Access MFA requirement can be met. Users holding only an office or alternate phone
 * are left out: the step detail that tells those calls apart is not in any sample (decision 0044 maps it).
 */
export function canDoMfa(u: UserProfile, has: Has): boolean {
  return chooseSecond(u, has) !== null || has(['windowsHello', 'securityKey', 'authenticatorPasskey', 'helloPasskey', 'phoneSignIn']);
}

const PRIMARY_METHOD: Readonly<Record<Primary, string>> = {
  password: M.password,
  windowsHello: M.windowsHello,
  securityKey: M.fido2,
  passkey: M.passkeyDeviceBound,
  phoneSignIn: M.phoneSignIn,
  smsSignIn: M.textMessage,
  temporaryAccessPass: M.temporaryAccessPass,
};
const SECOND_METHOD: Readonly<Record<SecondFactor, string>> = { push: M.appNotification, oath: M.oathCode, sms: M.textMessage, voice: M.phoneCall };

export function primaryStep(p: Primary, succeeded = true): StepParts {
  if (p === 'password') {
    return { method: M.password, methodDetail: T.passwordInCloud, succeeded, resultDetail: succeeded ? T.correctPassword : T.wrongPassword, mfa: false };
  }
  return { method: PRIMARY_METHOD[p], methodDetail: null, succeeded, resultDetail: null, mfa: false };
}

/** A second-factor step; a denial names the reason the log gives for that method (vocabulary logFieldStrings_observed). */
export function secondStep(f: SecondFactor, denied: boolean, rng: Rng): StepParts {
  if (!denied) return { method: SECOND_METHOD[f], methodDetail: null, succeeded: true, resultDetail: T.mfaCompleted, mfa: true };
  const why = f === 'oath' || f === 'sms' ? T.mfaBadCode : f === 'push' && rng.chance(0.4) ? T.mfaWrongNumber : T.mfaDeclined;
  return { method: SECOND_METHOD[f], methodDetail: null, succeeded: false, resultDetail: why, mfa: true };
}

/** Later sign-ins of a session: the token already carries the first factor (and MFA). */
export function tokenSteps(multiFactor: boolean): StepParts[] {
  const first: StepParts = { method: M.previouslySatisfied, methodDetail: null, succeeded: true, resultDetail: T.firstFactorByToken, mfa: false };
  if (!multiFactor) return [first];
  return [first, { method: M.previouslySatisfied, methodDetail: null, succeeded: true, resultDetail: T.mfaByToken, mfa: true }];
}
