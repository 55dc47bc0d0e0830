// Readable names for the method values of methodsRegistered, usageAuthMethod and the sign-in
// summary (entra-rules §1.3 portal labels, §3.2, §3.4); an unknown value shows as it is. The value
// lists are the server's (src/reports: plain data modules, bundled by Vite like the dashboard's own).
import { METHODS_REGISTERED } from '../../../src/reports/method-names';
import { USAGE_AUTH_METHODS } from '../../../src/reports/activity/usage-auth-method';
const LABELS: Readonly<Record<string, string>> = {
  // The two preferred-method properties say `none` for a user with no method (decision 0083).
  none: 'None',
  password: 'Password',
  mobilePhone: 'Mobile phone',
  alternateMobilePhone: 'Alternate mobile phone',
  officePhone: 'Office phone',
  email: 'Email',
  securityQuestion: 'Security questions',
  microsoftAuthenticatorPush: 'Microsoft Authenticator (push)',
  microsoftAuthenticatorPasswordless: 'Microsoft Authenticator (passwordless)',
  softwareOneTimePasscode: 'Software OATH token',
  hardwareOneTimePasscode: 'Hardware OATH token',
  fido2SecurityKey: 'FIDO2 security key',
  fido2: 'FIDO2 security key',
  passKeyDeviceBound: 'Passkey (device-bound)',
  passKeyDeviceBoundAuthenticator: 'Passkey in Authenticator',
  passKeyDeviceBoundWindowsHello: 'Passkey in Windows Hello',
  passKeySynced: 'Passkey (synced)',
  windowsHelloForBusiness: 'Windows Hello for Business',
  macOsSecureEnclaveKey: 'macOS Platform Credential',
  temporaryAccessPass: 'Temporary Access Pass',
  externalAuthMethod: 'External method',
  qrCode: 'QR code',
  sms: 'SMS',
  smsSignIn: 'SMS sign-in',
  oneTimePasscode: 'App or token code',
  mobileSMS: 'SMS',
  mobileCall: 'Phone call',
  appNotification: 'App notification',
  appCode: 'App code',
  alternateMobileCall: 'Alternate mobile call',
  fido: 'FIDO2 security key',
  appPassword: 'App password',
  unknownFutureValue: 'Other',
};

export const methodLabel = (value: string): string => LABELS[value] ?? value;

/** Values of methodsRegistered (entra-rules §1.3), for the user list's method filter: the server's own list. */
export const REGISTERED_METHODS: readonly string[] = METHODS_REGISTERED;

/** usageAuthMethod members (entra-rules §3.4) a caller can pick, for the events list's method filter. */
export const USAGE_METHODS: readonly string[] = USAGE_AUTH_METHODS.filter((m) => m !== 'unknownFutureValue');
