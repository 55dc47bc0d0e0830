// Protection strength classes and which class each method belongs to (issue 15 item 1; decision 0090).
import type { MethodName } from './method-names.js';

/** Strongest first. The order is the ranking: phishingResistant > passwordless > mfa > weakMfa > none. */
export const STRENGTH_CLASSES = ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none'] as const;

export type StrengthClass = (typeof STRENGTH_CLASSES)[number];

const RANK: ReadonlyMap<StrengthClass, number> = new Map(STRENGTH_CLASSES.map((c, i) => [c, STRENGTH_CLASSES.length - 1 - i]));

/** 4 for phishingResistant … 0 for none: a larger rank is a stronger class. */
export function strengthRank(c: StrengthClass): number {
  return RANK.get(c) ?? 0;
}

/** The stronger of two classes. */
export function stronger(a: StrengthClass, b: StrengthClass): StrengthClass {
  return strengthRank(a) >= strengthRank(b) ? a : b;
}

export function isStrengthClass(v: string): v is StrengthClass {
  return RANK.has(v as StrengthClass);
}

/**
 * Decision 0090. phishingResistant = the built-in "Phishing-resistant MFA strength" methods (FIDO2 and
 * every passkey variant, WHfB, the macOS platform credential); passwordless = what "Passwordless MFA
 * strength" adds (Authenticator phone sign-in); mfa = the "something you have" methods that are not
 * phone-based, plus external MFA (§1.3: MFA only; amr cannot see how strong the provider is);
 * weakMfa = SMS and voice. none: email and security questions (SSPR only, §1.4 S13), QR code (primary
 * only, S13) and TAP (a bootstrap credential; decision 0024 keeps it out of isMfaCapable, so here too).
 * Every class but none is exactly STRONG_METHODS; phishingResistant ∪ passwordless is PASSWORDLESS_METHODS.
 */
export const CLASS_OF: Readonly<Record<MethodName, StrengthClass>> = {
  mobilePhone: 'weakMfa',
  alternateMobilePhone: 'weakMfa',
  officePhone: 'weakMfa',
  email: 'none',
  securityQuestion: 'none',
  microsoftAuthenticatorPush: 'mfa',
  microsoftAuthenticatorPasswordless: 'passwordless',
  softwareOneTimePasscode: 'mfa',
  hardwareOneTimePasscode: 'mfa',
  fido2SecurityKey: 'phishingResistant',
  passKeyDeviceBound: 'phishingResistant',
  passKeyDeviceBoundAuthenticator: 'phishingResistant',
  passKeyDeviceBoundWindowsHello: 'phishingResistant',
  passKeySynced: 'phishingResistant',
  windowsHelloForBusiness: 'phishingResistant',
  macOsSecureEnclaveKey: 'phishingResistant',
  temporaryAccessPass: 'none',
  externalAuthMethod: 'mfa',
  qrCode: 'none',
};

const FIDO2_FAMILY: readonly MethodName[] = [
  'fido2SecurityKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'passKeySynced',
];
const OATH: readonly MethodName[] = ['softwareOneTimePasscode', 'hardwareOneTimePasscode'];
const NOTHING: readonly MethodName[] = [];

/**
 * A used method's name → the methodsRegistered names it is a use of. Used names are the sign-in
 * summary names (decision 0044) and the usageAuthMethod names of reset events (decisions 0041, 0048),
 * legacy members included. A FIDO2 or passkey step counts for every FIDO2 name: logs carry no AAGUID
 * or passkey type, which decide the registered variant (decision 0020). An OATH code counts for both
 * token kinds: "OATH verification code" is logged for either (S67).
 */
const USED_AS: ReadonlyMap<string, readonly MethodName[]> = new Map<string, readonly MethodName[]>([
  ['password', NOTHING],
  ['appPassword', NOTHING],
  ['unknownFutureValue', NOTHING],
  ['sms', ['mobilePhone']],
  ['smsSignIn', ['mobilePhone']],
  ['mobileSMS', ['mobilePhone']],
  ['mobileCall', ['mobilePhone']],
  ['mobilePhone', ['mobilePhone']],
  ['alternateMobileCall', ['alternateMobilePhone']],
  ['alternateMobilePhone', ['alternateMobilePhone']],
  ['officePhone', ['officePhone']],
  ['email', ['email']],
  ['securityQuestion', ['securityQuestion']],
  ['appNotification', ['microsoftAuthenticatorPush']],
  ['microsoftAuthenticatorPush', ['microsoftAuthenticatorPush']],
  ['appCode', OATH],
  ['oneTimePasscode', OATH],
  ['softwareOneTimePasscode', ['softwareOneTimePasscode']],
  ['hardwareOneTimePasscode', ['hardwareOneTimePasscode']],
  ['microsoftAuthenticatorPasswordless', ['microsoftAuthenticatorPasswordless']],
  ['fido', FIDO2_FAMILY],
  ...FIDO2_FAMILY.map((n) => [n, FIDO2_FAMILY] as const),
  ['windowsHelloForBusiness', ['windowsHelloForBusiness']],
  ['macOsSecureEnclaveKey', ['macOsSecureEnclaveKey']],
  ['temporaryAccessPass', ['temporaryAccessPass']],
  ['externalAuthMethod', ['externalAuthMethod']],
  ['qrCode', ['qrCode']],
]);

/** The registered names a used method name stands for; [] for password and names amr does not know. */
export function registeredNamesUsedBy(usedMethod: string): readonly MethodName[] {
  return USED_AS.get(usedMethod) ?? NOTHING;
}

/** The class of a used method: that of the registered names it stands for (all share one class). */
export function classOfUsedMethod(usedMethod: string): StrengthClass {
  let best: StrengthClass = 'none';
  for (const n of registeredNamesUsedBy(usedMethod)) best = stronger(best, CLASS_OF[n]);
  return best;
}
