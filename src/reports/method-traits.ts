// Classification of each methodsRegistered name: strong, passwordless, and the channels it offers.
import type { MethodName } from './method-names.js';

/**
 * A channel is one way a registered method can be used, and the unit the policies switch on:
 * a mobile phone offers text and voice, governed by different settings (S11, S12, S14, S17).
 */
export type Channel =
  | 'sms'
  | 'voiceMobile'
  | 'voiceAlternateMobile'
  | 'voiceOffice'
  | 'email'
  | 'securityQuestion'
  | 'authenticatorPush'
  | 'authenticatorPasswordless'
  | 'softwareOath'
  | 'hardwareOath'
  | 'fido2'
  | 'platform'
  | 'temporaryAccessPass'
  | 'external'
  | 'qrCode';

export const CHANNELS_OF: Readonly<Record<MethodName, readonly Channel[]>> = {
  mobilePhone: ['sms', 'voiceMobile'],
  alternateMobilePhone: ['voiceAlternateMobile'], // S12: voice only
  officePhone: ['voiceOffice'], // S12: voice only
  email: ['email'],
  securityQuestion: ['securityQuestion'],
  microsoftAuthenticatorPush: ['authenticatorPush'],
  microsoftAuthenticatorPasswordless: ['authenticatorPasswordless'],
  softwareOneTimePasscode: ['softwareOath'],
  hardwareOneTimePasscode: ['hardwareOath'],
  fido2SecurityKey: ['fido2'],
  passKeyDeviceBound: ['fido2'],
  passKeyDeviceBoundAuthenticator: ['fido2'],
  passKeyDeviceBoundWindowsHello: ['fido2'],
  passKeySynced: ['fido2'],
  windowsHelloForBusiness: ['platform'],
  macOsSecureEnclaveKey: ['platform'],
  temporaryAccessPass: ['temporaryAccessPass'],
  externalAuthMethod: ['external'],
  qrCode: ['qrCode'],
};

/**
 * entra-rules §1.4, S13: methods whose "secondary authentication" column says MFA. Email and security
 * questions are SSPR-only; QR code is primary-only; TAP never counts (A6, decision 0024).
 */
export const STRONG_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'mobilePhone',
  'alternateMobilePhone',
  'officePhone',
  'microsoftAuthenticatorPush',
  'microsoftAuthenticatorPasswordless',
  'softwareOneTimePasscode',
  'hardwareOneTimePasscode',
  'fido2SecurityKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'passKeySynced',
  'windowsHelloForBusiness',
  'macOsSecureEnclaveKey',
  'externalAuthMethod',
]);

/**
 * entra-rules §1.5: FIDO2, WHfB and Authenticator phone sign-in (S1, S3), plus every passkey variant
 * and the macOS platform credential (PROPOSAL). TAP, CBA and QR code are left out.
 */
export const PASSWORDLESS_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'microsoftAuthenticatorPasswordless',
  'fido2SecurityKey',
  'passKeyDeviceBound',
  'passKeyDeviceBoundAuthenticator',
  'passKeyDeviceBoundWindowsHello',
  'passKeySynced',
  'windowsHelloForBusiness',
  'macOsSecureEnclaveKey',
]);
