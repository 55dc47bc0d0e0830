// Method phrases of registration audit reasons → usageAuthMethod names (entra-rules §3.4, §4.2; decision 0040).
import type { UsageAuthMethod } from './usage-auth-method.js';

/**
 * Phrase (lower case) → name. The names follow the registration rows of the userRegistrationActivity
 * example (graph-api §3.5, which uses the methodsRegistered vocabulary) plus appPassword and qrCode.
 * Sources: DOC = vocabulary.combinedRegistrationResults.methodNamesInReasons_doc;
 * OBS = vocabulary.auditActivities["Authentication Methods"].observed; UI = the combined-registration
 * and authentication-methods portal names of the same methods (entra-rules §5, PROPOSAL).
 */
const PHRASES: readonly (readonly [string, UsageAuthMethod])[] = [
  ['authenticator app', 'microsoftAuthenticatorPush'], // DOC
  ['microsoft authenticator', 'microsoftAuthenticatorPush'], // UI
  ['phone', 'mobilePhone'], // DOC
  ['mobile phone', 'mobilePhone'], // UI
  ['alternate phone', 'alternateMobilePhone'], // DOC
  ['alternate mobile phone', 'alternateMobilePhone'], // UI
  ['office phone', 'officePhone'], // UI
  ['email', 'email'], // DOC
  ['security questions', 'securityQuestion'], // DOC
  ['security question', 'securityQuestion'], // UI
  ['app password', 'appPassword'], // DOC
  ['security key', 'fido2SecurityKey'], // UI
  ['fido2 security key', 'fido2SecurityKey'], // UI (sign-in log name, entra-rules §4.4)
  ['passkey', 'passKeyDeviceBound'], // UI
  ['passkey (device-bound)', 'passKeyDeviceBound'], // OBS "Add Passkey (device-bound) security key"
  ['passkey in microsoft authenticator', 'passKeyDeviceBoundAuthenticator'], // UI
  ['passkey (synced)', 'passKeySynced'], // UI (sign-in log name, entra-rules §4.4)
  ['synced passkey', 'passKeySynced'], // UI
  ['windows hello for business', 'windowsHelloForBusiness'], // UI
  ['hardware token', 'hardwareOneTimePasscode'], // UI
  ['hardware oath token', 'hardwareOneTimePasscode'], // vocabulary ApplicationManagement "Hardware Oath Token"
  ['software oath token', 'softwareOneTimePasscode'], // UI (Graph signIn doc list, entra-rules §4.4)
  ['temporary access pass', 'temporaryAccessPass'], // UI
  ['microsoft authenticator passwordless', 'microsoftAuthenticatorPasswordless'], // UI
  ['passwordless phone sign-in', 'microsoftAuthenticatorPasswordless'], // UI
  ['platform credential', 'macOsSecureEnclaveKey'], // UI (platformCredentialAuthenticationMethod)
  ['macos platform credential', 'macOsSecureEnclaveKey'], // UI
  ['external authentication method', 'externalAuthMethod'], // UI (externalAuthenticationMethod)
  ['qr code', 'qrCode'], // UI (qrCodePinAuthenticationMethod)
];

const EXACT: ReadonlyMap<string, UsageAuthMethod> = new Map(PHRASES);

/**
 * The method named by a registration reason, e.g. "User registered Authenticator app." → push.
 * First the text after "User/Admin registered" as a whole phrase; else the known phrase found
 * earliest in the reason, the longest at that place (so "alternate phone" beats "phone", and
 * "passkey (synced)" beats "passkey"), since failure texts word it differently. null when none.
 */
export function registrationMethodOf(reason: string): UsageAuthMethod | null {
  const text = reason.trim().toLowerCase();
  const named = /^(?:user|admin) registered (.+?)\.?$/.exec(text)?.[1];
  const exact = named === undefined ? undefined : EXACT.get(named.trim());
  return exact ?? firstPhrase(text);
}

function firstPhrase(text: string): UsageAuthMethod | null {
  let best: { at: number; length: number; method: UsageAuthMethod } | null = null;
  for (const [phrase, method] of PHRASES) {
    const at = text.indexOf(phrase);
    if (at < 0) continue;
    if (best === null || at < best.at || (at === best.at && phrase.length > best.length)) {
      best = { at, length: phrase.length, method };
    }
  }
  return best?.method ?? null;
}
