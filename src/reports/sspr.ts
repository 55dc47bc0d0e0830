// isSsprEnabled, isSsprRegistered and isSsprCapable (entra-rules §1.6, A2, A3, A4; decision 0023).
import type { Channel } from './method-traits.js';
import type { MethodName } from './method-names.js';
import type { PolicySubject } from './rule-context.js';
import { ampAllows, legacySsprAllows } from './method-allowed.js';

/**
 * A2: guests are never enabled (their password lives in their home tenant; S30 excludes them from
 * scope All). A4, S16: admins follow the admin SSPR policy, switched by allowedToUseSSPR, whatever
 * the user scope says. Otherwise None → false, All → true, Selected → transitive member (S29).
 */
export function isSsprEnabled(s: PolicySubject): boolean {
  if (s.userType === 'guest') return false;
  if (s.isAdmin) return s.policies.allowedToUseSSPR;
  const { enabledFor, selectedGroupId } = s.policies.passwordReset;
  if (enabledFor === 'all') return true;
  if (enabledFor === 'selected') return selectedGroupId !== null && s.isMemberOf(selectedGroupId);
  return false;
}

/**
 * §1.6, S11: enough gates registered, scope not needed. A gate counts only when its method is
 * enabled for SSPR: the legacy list before migration, the AMP after it, either while in progress
 * (S17). Security questions stay in the legacy policy in every state (S17).
 */
export function ssprChannelEnabled(channel: Channel, s: PolicySubject): boolean {
  const state = s.policies.migrationState;
  if (channel === 'securityQuestion') return legacySsprAllows(channel, s);
  return (state !== 'preMigration' && ampAllows(channel, s)) || (state !== 'migrationComplete' && legacySsprAllows(channel, s));
}

export function isSsprRegistered(s: PolicySubject): boolean {
  if (s.isAdmin) return adminGates(s) >= 2; // A4, S16: the admin policy is two gates
  const need = s.policies.passwordReset.numberOfMethodsRequired;
  return userGates(s, need) >= need;
}

/**
 * A3: one gate each for email, mobile phone, office phone (paid tenants, S11), security questions
 * (enough of them), the Authenticator app (push and/or code: ONE gate, S4) and a hardware token.
 * S11: the app's notification counts only when two methods are required. Alternate phone never (S13).
 */
function userGates(s: PolicySubject, need: 1 | 2): number {
  const has = (m: MethodName): boolean => s.registered.has(m);
  const on = (ch: Channel): boolean => ssprChannelEnabled(ch, s);
  const questions = s.securityQuestionsRegistered >= s.policies.passwordReset.securityQuestionsRequiredToReset;
  return count([
    has('email') && on('email'),
    has('mobilePhone') && (on('sms') || on('voiceMobile')),
    s.policies.license !== 'free' && has('officePhone') && on('voiceOffice'),
    questions && has('securityQuestion') && on('securityQuestion'),
    (need === 2 && has('microsoftAuthenticatorPush') && on('authenticatorPush')) || (has('softwareOneTimePasscode') && on('softwareOath')),
    has('hardwareOneTimePasscode') && on('hardwareOath'),
  ]);
}

/**
 * S16: admins use a fixed Microsoft-managed policy: email, phone or authenticator app, never security
 * questions; office voice not on free tenants. Its methods do not depend on the user policy lists.
 */
function adminGates(s: PolicySubject): number {
  const has = (m: MethodName): boolean => s.registered.has(m);
  return count([
    has('email'),
    has('mobilePhone'),
    s.policies.license !== 'free' && has('officePhone'),
    has('microsoftAuthenticatorPush') || has('softwareOneTimePasscode'),
  ]);
}

function count(flags: readonly boolean[]): number {
  return flags.filter(Boolean).length;
}
