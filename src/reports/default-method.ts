// userPreferredMethodForSecondaryAuthentication and defaultMfaMethod (entra-rules §1.7; decision 0025).
import type { SignInPreferences } from './model.js';
import type { MethodName } from './method-names.js';

/** Each userDefaultAuthenticationMethod member, with the registered method it needs and the
 * defaultMfaMethodType member it maps to (§1.7 PROPOSAL, paired as in the doc example S4). */
const PREFERENCES: ReadonlyMap<string, { readonly needs: readonly MethodName[]; readonly mfaMethod: string }> = new Map([
  ['push', { needs: ['microsoftAuthenticatorPush'], mfaMethod: 'microsoftAuthenticatorPush' }],
  ['oath', { needs: ['softwareOneTimePasscode', 'hardwareOneTimePasscode'], mfaMethod: 'softwareOneTimePasscode' }],
  ['sms', { needs: ['mobilePhone'], mfaMethod: 'mobilePhone' }],
  ['voiceMobile', { needs: ['mobilePhone'], mfaMethod: 'mobilePhone' }],
  ['voiceAlternateMobile', { needs: ['alternateMobilePhone'], mfaMethod: 'alternateMobilePhone' }],
  ['voiceOffice', { needs: ['officePhone'], mfaMethod: 'officePhone' }],
]);

// Graph spells the members in camelCase; hand-written snapshots may not.
const CANONICAL: ReadonlyMap<string, string> = new Map([...PREFERENCES.keys()].map((k) => [k.toLowerCase(), k]));

/**
 * The user's own choice (S40), kept only when it names a real mode whose method is still
 * registered; otherwise '' as in the doc example (S4), never 'none' (graph-api §7.3).
 */
export function userPreferredMethod(prefs: SignInPreferences | null, registered: ReadonlySet<MethodName>): string {
  const chosen = CANONICAL.get((prefs?.userPreferredMethodForSecondaryAuthentication ?? '').toLowerCase()) ?? '';
  const entry = PREFERENCES.get(chosen);
  return entry !== undefined && entry.needs.some((m) => registered.has(m)) ? chosen : '';
}

/** defaultMfaMethod names the method behind the preferred mode; '' when there is none. */
export function defaultMfaMethod(userPreferred: string): string {
  return PREFERENCES.get(userPreferred)?.mfaMethod ?? '';
}
