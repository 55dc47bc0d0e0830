// Graph enumerations used on the wire, members in CSDL order (graph-api §6). Members after
// unknownFutureValue are evolvable: shown only with Prefer: include-unknown-enum-members (§2.7).

import { USAGE_AUTH_METHODS } from '../reports/activity/usage-auth-method.js';

export interface GraphEnum {
  readonly name: string;
  readonly members: readonly string[];
}

const e = (name: string, members: readonly string[]): GraphEnum => ({ name: `microsoft.graph.${name}`, members });

export const includedUserTypes = e('includedUserTypes', ['all', 'member', 'guest', 'unknownFutureValue']);
export const includedUserRoles = e('includedUserRoles', ['all', 'privilegedAdmin', 'admin', 'user', 'unknownFutureValue']);
export const signInUserType = e('signInUserType', ['member', 'guest', 'unknownFutureValue']);
export const userDefaultAuthenticationMethod = e('userDefaultAuthenticationMethod', [
  'push',
  'oath',
  'voiceMobile',
  'voiceAlternateMobile',
  'voiceOffice',
  'sms',
  'none',
  'unknownFutureValue',
]);
export const defaultMfaMethodType = e('defaultMfaMethodType', [
  'none',
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'microsoftAuthenticatorPush',
  'softwareOneTimePasscode',
  'unknownFutureValue',
]);
export const registrationAuthMethod = e('registrationAuthMethod', [
  'email',
  'mobilePhone',
  'officePhone',
  'securityQuestion',
  'appNotification',
  'appCode',
  'alternateMobilePhone',
  'fido',
  'appPassword',
  'unknownFutureValue',
  'externalAuthMethod',
]);
export const featureType = e('featureType', ['registration', 'reset', 'unknownFutureValue']);
export const usageAuthMethod = e('usageAuthMethod', USAGE_AUTH_METHODS);
export const aggregationPeriod = e('aggregationPeriod', ['d1', 'd7', 'd30', 'unknownFutureValue']);
export const authenticationMethodFeature = e('authenticationMethodFeature', [
  'ssprRegistered',
  'ssprEnabled',
  'ssprCapable',
  'passwordlessCapable',
  'mfaCapable',
  'unknownFutureValue',
]);

/** The value to emit: an evolvable member becomes unknownFutureValue unless the caller opted in. */
export function emitMember(en: GraphEnum, value: string, includeUnknown: boolean): string {
  if (includeUnknown) return value;
  const cut = en.members.indexOf('unknownFutureValue');
  const at = en.members.indexOf(value);
  return cut >= 0 && at > cut ? 'unknownFutureValue' : value;
}
