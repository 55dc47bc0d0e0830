// Tests for "method allowed for the user" (entra-rules §1.4 PROPOSAL (a)–(c), S17, S18; decision 0021).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphObject } from './model.js';
import type { Channel } from './method-traits.js';
import type { SubjectOptions } from './test-fixtures.js';
import { isChannelUsable, isMethodAllowed } from './method-allowed.js';
import { amp, cfg, effective, subject } from './test-fixtures.js';

const grp = (id: string): GraphObject => ({ targetType: 'group', id });
const completeWith = (...configs: GraphObject[]): SubjectOptions['policies'] => effective({ authenticationMethodsPolicy: amp(configs) });
const ampDisabledAll = [cfg('MicrosoftAuthenticator', { state: 'disabled' }), cfg('Sms', { state: 'disabled' }), cfg('Email', { state: 'disabled' })];
const legacy = (state: string, mfa: string[], sspr: string[] = []): SubjectOptions['policies'] =>
  effective({
    authenticationMethodsPolicy: amp(ampDisabledAll, { policyMigrationState: state }),
    legacyMfaPolicy: { methods: mfa },
    passwordResetPolicy: { methods: sspr },
  });

const cases: readonly [rule: string, channel: Channel, o: SubjectOptions, expected: boolean][] = [
  ['(a) all_users include allows', 'sms', { policies: completeWith(cfg('Sms')) }, true],
  ['(a) disabled configuration does not allow', 'sms', { policies: completeWith(cfg('Sms', { state: 'disabled' })) }, false],
  ['(a) group include allows a (transitive) member', 'fido2', { policies: completeWith(cfg('Fido2', { includeTargets: [grp('g1')] })), groups: ['g1'] }, true],
  ['(a) group include does not allow a non-member', 'fido2', { policies: completeWith(cfg('Fido2', { includeTargets: [grp('g1')] })), groups: [] }, false],
  ['(a) S34 exclude beats include', 'fido2', { policies: completeWith(cfg('Fido2', { excludeTargets: [grp('gx')] })), groups: ['gx'] }, false],
  ['(a) S17 legacy per-user target', 'fido2', { policies: completeWith(cfg('Fido2', { includeTargets: [{ targetType: 'user', id: 'u1' }] })) }, true],
  [
    '(a) S18 push mode allows push',
    'authenticatorPush',
    { policies: completeWith(cfg('MicrosoftAuthenticator', { includeTargets: [{ ...grp('all_users'), authenticationMode: 'push' }] })) },
    true,
  ],
  [
    '(a) S18 deviceBasedPush mode does not allow push',
    'authenticatorPush',
    { policies: completeWith(cfg('MicrosoftAuthenticator', { includeTargets: [{ ...grp('all_users'), authenticationMode: 'deviceBasedPush' }] })) },
    false,
  ],
  [
    '(a) S18 push mode does not allow phone sign-in',
    'authenticatorPasswordless',
    { policies: completeWith(cfg('MicrosoftAuthenticator', { includeTargets: [{ ...grp('all_users'), authenticationMode: 'push' }] })) },
    false,
  ],
  [
    '(a) S18 any mode allows phone sign-in',
    'authenticatorPasswordless',
    { policies: completeWith(cfg('MicrosoftAuthenticator', { includeTargets: [{ ...grp('all_users'), authenticationMode: 'any' }] })) },
    true,
  ],
  ['(a) S14 office voice needs isOfficePhoneAllowed', 'voiceOffice', { policies: completeWith(cfg('Voice')) }, false],
  ['(a) S14 office voice with isOfficePhoneAllowed', 'voiceOffice', { policies: completeWith(cfg('Voice', { isOfficePhoneAllowed: true })) }, true],
  [
    'decision 0021: Authenticator codes follow the Authenticator configuration',
    'softwareOath',
    { policies: completeWith(cfg('MicrosoftAuthenticator'), cfg('SoftwareOath', { state: 'disabled' })), registered: ['microsoftAuthenticatorPush'] },
    true,
  ],
  [
    'decision 0021: third-party codes without an Authenticator need SoftwareOath',
    'softwareOath',
    { policies: completeWith(cfg('MicrosoftAuthenticator'), cfg('SoftwareOath', { state: 'disabled' })), registered: ['softwareOneTimePasscode'] },
    false,
  ],
  ['(c) WHfB / macOS platform credentials are always allowed', 'platform', { policies: completeWith() }, true],
  ['S17: security questions are never allowed by the AMP', 'securityQuestion', { policies: completeWith() }, false],
  ['(b) legacy MFA voice allows voice before migration completes', 'voiceAlternateMobile', { policies: legacy('migrationInProgress', ['voice']) }, true],
  ['(b) legacy MFA is ignored once migration is complete', 'voiceAlternateMobile', { policies: legacy('migrationComplete', ['voice']) }, false],
  ['(b) legacy MFA app code allows hardware tokens', 'hardwareOath', { policies: legacy('preMigration', ['mobileAppCode']) }, true],
  [
    'S17: legacy SSPR mobile phone allows SMS for users in SSPR scope',
    'sms',
    { policies: legacy('preMigration', [], ['mobilePhone']), ssprEnabled: true },
    true,
  ],
  [
    'S17: legacy SSPR does not allow anything for users out of SSPR scope',
    'sms',
    { policies: legacy('preMigration', [], ['mobilePhone']), ssprEnabled: false },
    false,
  ],
];

for (const [rule, channel, o, expected] of cases) {
  test(`isChannelUsable: ${rule}`, () => assert.equal(isChannelUsable(channel, subject(o)), expected));
}

test('isMethodAllowed: a mobile phone is allowed through either SMS or voice', () => {
  assert.equal(isMethodAllowed('mobilePhone', subject({ policies: completeWith(cfg('Voice')) })), true);
  assert.equal(isMethodAllowed('mobilePhone', subject({ policies: completeWith(cfg('Sms', { state: 'disabled' })) })), false);
});

test('isMethodAllowed: all passkey variants follow the Fido2 configuration', () => {
  const ctx = subject({ policies: completeWith(cfg('Fido2')) });
  for (const m of ['fido2SecurityKey', 'passKeyDeviceBound', 'passKeyDeviceBoundAuthenticator', 'passKeyDeviceBoundWindowsHello', 'passKeySynced'] as const) {
    assert.equal(isMethodAllowed(m, ctx), true, m);
  }
  assert.equal(isMethodAllowed('passKeySynced', subject({ policies: completeWith(cfg('Fido2', { state: 'disabled' })) })), false);
});

test('isMethodAllowed: any enabled external configuration that includes the user', () => {
  const ext = { ...cfg('0e1f'), '@odata.type': '#microsoft.graph.externalAuthenticationMethodConfiguration', includeTargets: [grp('g')] };
  assert.equal(isMethodAllowed('externalAuthMethod', subject({ policies: completeWith(ext), groups: ['g'] })), true);
  assert.equal(isMethodAllowed('externalAuthMethod', subject({ policies: completeWith(ext) })), false);
});
