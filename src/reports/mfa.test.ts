// Tests for isMfaRegistered / isMfaCapable / isPasswordlessCapable (entra-rules §1.4, §1.5, A6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import type { MfaFlags } from './mfa.js';
import { mfaFlags } from './mfa.js';
import { amp, cfg, effective, subject } from './test-fixtures.js';

const policy = (...configs: GraphObject[]) => effective({ authenticationMethodsPolicy: amp(configs) });
const allOn = policy(
  cfg('MicrosoftAuthenticator'),
  cfg('Sms'),
  cfg('Voice', { isOfficePhoneAllowed: true }),
  cfg('Email'),
  cfg('Fido2'),
  cfg('SoftwareOath'),
  cfg('HardwareOath'),
  cfg('TemporaryAccessPass'),
  cfg('QRCodePin'),
);
const allOff = policy(
  ...['MicrosoftAuthenticator', 'Sms', 'Voice', 'Email', 'Fido2', 'SoftwareOath', 'HardwareOath', 'TemporaryAccessPass', 'QRCodePin'].map((id) =>
    cfg(id, { state: 'disabled' }),
  ),
);

const flags = (r: boolean, c: boolean, p: boolean): MfaFlags => ({ isMfaRegistered: r, isMfaCapable: c, isPasswordlessCapable: p });

const cases: readonly [rule: string, registered: readonly MethodName[], policies: typeof allOn, expected: MfaFlags][] = [
  ['§1.4 S1: no methods → nothing', [], allOn, flags(false, false, false)],
  ['§1.4 S13: email is SSPR-only, never strong', ['email'], allOn, flags(false, false, false)],
  ['§1.4 S13: security questions are SSPR-only', ['securityQuestion'], allOn, flags(false, false, false)],
  ['§1.4 S13: QR code is primary-only', ['qrCode'], allOn, flags(false, false, false)],
  ['A6: a usable TAP never sets MFA or passwordless flags', ['temporaryAccessPass'], allOn, flags(false, false, false)],
  ['§1.4: registered strong method the policy allows → capable', ['mobilePhone'], allOn, flags(true, true, false)],
  ['§1.4 S1: registered does not need the policy; capable does', ['mobilePhone'], allOff, flags(true, false, false)],
  ['§1.4 S13: alternate phone counts as strong (voice)', ['alternateMobilePhone'], allOn, flags(true, true, false)],
  ['§1.4 S13: hardware OATH is strong', ['hardwareOneTimePasscode'], allOn, flags(true, true, false)],
  ['§1.4 S13: external method is strong; no external configuration → not capable', ['externalAuthMethod'], allOn, flags(true, false, false)],
  ['§1.5 S1: FIDO2 allowed → passwordless capable', ['fido2SecurityKey'], allOn, flags(true, true, true)],
  ['§1.5 S1: FIDO2 disabled → registered only', ['passKeyDeviceBound'], allOff, flags(true, false, false)],
  ['§1.5 PROPOSAL: synced passkey is passwordless', ['passKeySynced'], allOn, flags(true, true, true)],
  ['§1.5 S1 + §1.4 (c): WHfB has no AMP configuration, always allowed', ['windowsHelloForBusiness'], allOff, flags(true, true, true)],
  ['§1.5 PROPOSAL + (c): macOS platform credential', ['macOsSecureEnclaveKey'], allOff, flags(true, true, true)],
  [
    '§1.5 S18: phone sign-in needs an any/deviceBasedPush Authenticator target',
    ['microsoftAuthenticatorPasswordless'],
    policy(cfg('MicrosoftAuthenticator', { includeTargets: [{ targetType: 'group', id: 'all_users', authenticationMode: 'push' }] })),
    flags(true, false, false),
  ],
  [
    '§1.5: passwordless capable while an MFA-only method is disabled',
    ['mobilePhone', 'microsoftAuthenticatorPasswordless'],
    policy(cfg('Sms', { state: 'disabled' }), cfg('MicrosoftAuthenticator')),
    flags(true, true, true),
  ],
];

for (const [rule, registered, policies, expected] of cases) {
  test(`mfaFlags: ${rule}`, () => assert.deepEqual(mfaFlags(subject({ registered, policies })), expected));
}
