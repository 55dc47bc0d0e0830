// The usageAuthMethod enum (graph-api §6) and what a caller may see of it (§2.7; decision 0048).

/** CSDL order. Members after unknownFutureValue are evolvable (graph-api §2.7, §6). */
export const USAGE_AUTH_METHODS = [
  'email',
  'mobileSMS',
  'mobileCall',
  'officePhone',
  'securityQuestion',
  'appNotification',
  'appCode',
  'alternateMobileCall',
  'fido',
  'appPassword',
  'unknownFutureValue',
  'externalAuthMethod',
  'hardwareOneTimePasscode',
  'windowsHelloForBusiness',
  'microsoftAuthenticatorPasswordless',
  'temporaryAccessPass',
  'macOsSecureEnclaveKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'softwareOneTimePasscode',
  'microsoftAuthenticatorPush',
  'mobilePhone',
  'sms',
  'alternateMobilePhone',
  'fido2SecurityKey',
  'oneTimePasscode',
  'passKeySynced',
  'qrCode',
] as const;

export type UsageAuthMethod = (typeof USAGE_AUTH_METHODS)[number];

/** The sentinel: also what amr records for a method phrase it cannot map (decisions 0040, 0041). */
export const UNKNOWN_FUTURE_VALUE = 'unknownFutureValue';

const RANK: ReadonlyMap<string, number> = new Map(USAGE_AUTH_METHODS.map((m, i) => [m, i]));
const SENTINEL_RANK = USAGE_AUTH_METHODS.indexOf(UNKNOWN_FUTURE_VALUE);

/** CSDL position of a member, or Infinity for a name outside the enum (sorted last). */
export function usageAuthMethodRank(method: string): number {
  return RANK.get(method) ?? Number.POSITIVE_INFINITY;
}

export function isUsageAuthMethod(method: string): method is UsageAuthMethod {
  return RANK.has(method);
}

/** graph-api §2.7: an evolvable member is declared after unknownFutureValue. */
export function isEvolvable(method: string): boolean {
  return usageAuthMethodRank(method) > SENTINEL_RANK;
}

/**
 * What a caller sees: evolvable members (and names outside the enum) become unknownFutureValue
 * unless it sent `Prefer: include-unknown-enum-members` (graph-api §2.7; decision 0048).
 */
export function gateUsageAuthMethod(method: string, includeUnknown: boolean): string {
  if (!isUsageAuthMethod(method)) return UNKNOWN_FUTURE_VALUE;
  return includeUnknown || !isEvolvable(method) ? method : UNKNOWN_FUTURE_VALUE;
}

/**
 * The deprecated credential reports (graph-api §3.10, §3.13) speak the base members: Authenticator
 * push → appNotification, codes → appCode, SMS → mobileSMS, voice to the mobile → mobileCall
 * (registration of a mobile phone → mobileSMS, as in the legacy example of graph-api §7.5),
 * alternate phone → alternateMobileCall, security keys and passkeys → fido. Anything else keeps
 * its modern name (then gated like any member). entra-rules §3.4 legacy notes; decision 0048.
 */
export function legacyAuthMethod(feature: 'registration' | 'reset', method: string): string {
  if (method === 'mobilePhone') return feature === 'registration' ? 'mobileSMS' : 'mobileCall';
  return LEGACY.get(method) ?? method;
}

const LEGACY: ReadonlyMap<string, string> = new Map([
  ['microsoftAuthenticatorPush', 'appNotification'],
  ['oneTimePasscode', 'appCode'],
  ['softwareOneTimePasscode', 'appCode'],
  ['hardwareOneTimePasscode', 'appCode'],
  ['sms', 'mobileSMS'],
  ['alternateMobilePhone', 'alternateMobileCall'],
  ['fido2SecurityKey', 'fido'],
  ['passKeyDeviceBound', 'fido'],
  ['passKeyDeviceBoundAuthenticator', 'fido'],
  ['passKeyDeviceBoundWindowsHello', 'fido'],
  ['passKeySynced', 'fido'],
]);
