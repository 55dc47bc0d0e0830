// Tests for system-preferred MFA (entra-rules §1.8, A9, A10) and the default method fields (§1.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphObject, SignInPreferences } from './model.js';
import type { MethodName } from './method-names.js';
import { isSystemPreferredEnabled, systemPreferredMethods } from './system-preferred.js';
import { defaultMfaMethod, userPreferredMethod } from './default-method.js';
import { amp, cfg, effective, subject } from './test-fixtures.js';

const scp = (o: GraphObject) => effective({ authenticationMethodsPolicy: amp([], { systemCredentialPreferences: o }) });
const all = [{ targetType: 'group', id: 'all_users' }];
const prefs = (enabled: boolean | null, preferred: string | null = null): SignInPreferences => ({
  isSystemPreferredAuthenticationMethodEnabled: enabled,
  userPreferredMethodForSecondaryAuthentication: preferred,
});

const enabledCases: readonly [rule: string, policy: ReturnType<typeof effective>, groups: string[], p: SignInPreferences | null, expected: boolean][] = [
  ['A9 S35: default ("Microsoft managed") means enabled', scp({ state: 'default', includeTargets: all }), [], null, true],
  ['§1.8: disabled → false', scp({ state: 'disabled', includeTargets: all }), [], null, false],
  ['§1.8: enabled for a group → members only', scp({ state: 'enabled', includeTargets: [{ targetType: 'group', id: 'g' }] }), ['g'], null, true],
  ['§1.8: enabled for a group → not for others', scp({ state: 'enabled', includeTargets: [{ targetType: 'group', id: 'g' }] }), [], null, false],
  ['§1.8 S34: exclude beats include', scp({ state: 'enabled', includeTargets: all, excludeTargets: [{ targetType: 'group', id: 'x' }] }), ['x'], null, false],
  ['decision 0025: a policy in the snapshot wins over the user flag', scp({ state: 'disabled', includeTargets: all }), [], prefs(true), false],
  ['decision 0025: without a policy the user flag (S40) decides', effective(), [], prefs(false), false],
  ['decision 0025: without policy or user flag, the default (enabled)', effective(), [], prefs(null), true],
];
for (const [rule, policies, groups, p, expected] of enabledCases) {
  test(`isSystemPreferredEnabled: ${rule}`, () => assert.equal(isSystemPreferredEnabled(subject({ groups }), policies, p), expected));
}

const everything = effective({
  authenticationMethodsPolicy: amp([
    cfg('MicrosoftAuthenticator'),
    cfg('Sms'),
    cfg('Voice', { isOfficePhoneAllowed: true }),
    cfg('SoftwareOath'),
    cfg('HardwareOath'),
    cfg('Fido2'),
    cfg('TemporaryAccessPass'),
  ]),
});
const voiceOnly = effective({
  authenticationMethodsPolicy: amp([
    cfg('Sms', { state: 'disabled' }),
    cfg('Voice', { isOfficePhoneAllowed: true }),
    cfg('MicrosoftAuthenticator', { state: 'disabled' }),
  ]),
});

const methodCases: readonly [rule: string, registered: readonly MethodName[], policies: typeof everything, expected: string[]][] = [
  ['§1.8: push beats everything below it (doc example Bianca)', ['mobilePhone', 'microsoftAuthenticatorPush', 'softwareOneTimePasscode'], everything, ['push']],
  ['§1.8: oath beats telephony', ['mobilePhone', 'hardwareOneTimePasscode'], everything, ['oath']],
  ['§1.8: sms beats voice for a mobile phone', ['mobilePhone'], everything, ['sms']],
  ['§1.8: voiceMobile when SMS is not allowed', ['mobilePhone', 'officePhone'], voiceOnly, ['voiceMobile']],
  ['§1.8: voiceAlternateMobile beats voiceOffice', ['alternateMobilePhone', 'officePhone'], everything, ['voiceAlternateMobile']],
  ['§1.8: voiceOffice', ['officePhone'], everything, ['voiceOffice']],
  ['A10: passkeys and TAP are outside the enum → []', ['passKeyDeviceBound', 'temporaryAccessPass', 'windowsHelloForBusiness'], everything, []],
  ['A10: nothing registered → [] (doc example Allan), never "none"', [], everything, []],
  ['§1.8: a registered method the policy does not allow is skipped', ['microsoftAuthenticatorPush', 'officePhone'], voiceOnly, ['voiceOffice']],
];
for (const [rule, registered, policies, expected] of methodCases) {
  test(`systemPreferredMethods: ${rule}`, () => assert.deepEqual(systemPreferredMethods(subject({ registered, policies })), expected));
}

const preferredCases: readonly [rule: string, p: SignInPreferences | null, registered: readonly MethodName[], preferred: string, mfa: string][] = [
  ['§1.7 S4: push ↔ microsoftAuthenticatorPush (doc example Alex)', prefs(true, 'push'), ['microsoftAuthenticatorPush'], 'push', 'microsoftAuthenticatorPush'],
  ['§1.7 S4: voiceMobile ↔ mobilePhone (doc example Bianca)', prefs(true, 'voiceMobile'), ['mobilePhone'], 'voiceMobile', 'mobilePhone'],
  ['§1.7 PROPOSAL: sms ↔ mobilePhone', prefs(null, 'sms'), ['mobilePhone'], 'sms', 'mobilePhone'],
  [
    '§1.7 PROPOSAL: oath ↔ softwareOneTimePasscode, also for a hardware token',
    prefs(null, 'oath'),
    ['hardwareOneTimePasscode'],
    'oath',
    'softwareOneTimePasscode',
  ],
  [
    '§1.7 PROPOSAL: voiceAlternateMobile ↔ alternateMobilePhone',
    prefs(null, 'voiceAlternateMobile'),
    ['alternateMobilePhone'],
    'voiceAlternateMobile',
    'alternateMobilePhone',
  ],
  ['§1.7 PROPOSAL: voiceOffice ↔ officePhone', prefs(null, 'voiceOffice'), ['officePhone'], 'voiceOffice', 'officePhone'],
  ['§1.1 S4: no preferences → "" and "" (doc example Allan)', null, [], '', ''],
  ['decision 0025: a preference whose method is gone → ""', prefs(null, 'push'), ['mobilePhone'], '', ''],
  ['decision 0025: "none" and unknown values → ""', prefs(null, 'none'), ['mobilePhone'], '', ''],
  [
    'decision 0025: the member name is read case-insensitively and written in Graph casing',
    prefs(null, 'VOICEMOBILE'),
    ['mobilePhone'],
    'voiceMobile',
    'mobilePhone',
  ],
];
for (const [rule, p, registered, preferred, mfa] of preferredCases) {
  test(`default method: ${rule}`, () => {
    const got = userPreferredMethod(p, new Set(registered));
    assert.deepEqual([got, defaultMfaMethod(got)], [preferred, mfa]);
  });
}
