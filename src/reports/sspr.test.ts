// Tests for isSsprEnabled / isSsprRegistered (entra-rules §1.6, A2, A3, A4; decision 0023).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphObject, License } from './model.js';
import type { MethodName } from './method-names.js';
import type { SubjectOptions } from './test-fixtures.js';
import { isSsprEnabled, isSsprRegistered } from './sspr.js';
import { amp, cfg, effective, subject } from './test-fixtures.js';

const ALL_LEGACY = ['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions'];
// Pre-migration: only the legacy SSPR list decides which methods count (S17), so the cases isolate it.
const sspr = (o: GraphObject, authz: GraphObject = {}, license: License = 'P1') =>
  effective(
    {
      passwordResetPolicy: o,
      authorizationPolicy: authz,
      authenticationMethodsPolicy: { policyMigrationState: 'preMigration' },
    },
    license,
  );

const enabledCases: readonly [rule: string, o: SubjectOptions, expected: boolean][] = [
  ['S29 PROPOSAL: scope None → false', { policies: sspr({ enabledFor: 'none' }) }, false],
  ['S29 PROPOSAL: scope All → every member', { policies: sspr({ enabledFor: 'all' }) }, true],
  ['S29: scope Selected → (transitive) member of the group', { policies: sspr({ enabledFor: 'selected', selectedGroupId: 'g' }), groups: ['g'] }, true],
  ['S29: scope Selected → not a member', { policies: sspr({ enabledFor: 'selected', selectedGroupId: 'g' }) }, false],
  ['S29: scope Selected without a group → false', { policies: sspr({ enabledFor: 'selected' }), groups: ['g'] }, false],
  ['A2 S30: a guest is not enabled by scope All', { policies: sspr({ enabledFor: 'all' }), guest: true }, false],
  [
    'A2: a guest is not enabled by a Selected group either',
    { policies: sspr({ enabledFor: 'selected', selectedGroupId: 'g' }), groups: ['g'], guest: true },
    false,
  ],
  ['A4 S16: an admin is enabled by the admin policy even with scope None', { policies: sspr({ enabledFor: 'none' }), isAdmin: true }, true],
  [
    'A4 S16: allowedToUseSSPR=false turns admins off even with scope All',
    { policies: sspr({ enabledFor: 'all' }, { allowedToUseSSPR: false }), isAdmin: true },
    false,
  ],
];
for (const [rule, o, expected] of enabledCases) {
  test(`isSsprEnabled: ${rule}`, () => assert.equal(isSsprEnabled(subject(o)), expected));
}

const reg = (registered: readonly MethodName[], required: 1 | 2, methods = ALL_LEGACY, extra: SubjectOptions = {}): boolean =>
  isSsprRegistered(subject({ registered, policies: sspr({ numberOfMethodsRequired: required, methods }), ...extra }));

const registeredCases: readonly [rule: string, actual: () => boolean, expected: boolean][] = [
  ['S11: 1 registered with 1 required → registered', () => reg(['email'], 1), true],
  ['S11: 1 registered with 2 required → not registered', () => reg(['email'], 2), false],
  ['S11: 2 registered with 2 required → registered', () => reg(['email', 'mobilePhone'], 2), true],
  ['§1.6: scope is not needed (scope None)', () => reg(['email'], 1), true],
  ['S11/S29: only methods enabled in the SSPR list count', () => reg(['email', 'mobilePhone'], 2, ['email']), false],
  ['A3 S4: push + code is one gate (doc example Alex)', () => reg(['microsoftAuthenticatorPush', 'softwareOneTimePasscode'], 2), false],
  [
    'A3 S4: phone + push + code is two gates (doc example Bianca)',
    () => reg(['mobilePhone', 'microsoftAuthenticatorPush', 'softwareOneTimePasscode'], 2),
    true,
  ],
  ['S11: with 1 required the app counts only as a code', () => reg(['microsoftAuthenticatorPush'], 1), false],
  ['S11: with 1 required the app code counts', () => reg(['softwareOneTimePasscode'], 1), true],
  ['S11: with 2 required push counts as the app gate', () => reg(['microsoftAuthenticatorPush', 'email'], 2), true],
  ['A3: a hardware token is a gate of its own', () => reg(['hardwareOneTimePasscode', 'softwareOneTimePasscode'], 2), true],
  ['S13: alternate mobile phone never counts', () => reg(['alternateMobilePhone', 'email'], 2), false],
  ['S11: office phone counts on paid tenants', () => reg(['officePhone', 'email'], 2), true],
  [
    'S11: office phone does not count on free tenants',
    () =>
      isSsprRegistered(
        subject({
          registered: ['officePhone', 'email'],
          policies: sspr({ numberOfMethodsRequired: 2, methods: ALL_LEGACY }, {}, 'free'),
        }),
      ),
    false,
  ],
  ['A3: security questions count when enough are registered', () => reg(['securityQuestion'], 1, ALL_LEGACY, { securityQuestionsRegistered: 3 }), true],
  [
    'A3: security questions below securityQuestionsRequiredToReset do not count',
    () => reg(['securityQuestion'], 1, ALL_LEGACY, { securityQuestionsRegistered: 2 }),
    false,
  ],
  ['A4 S16: admins need two gates even when users need one', () => reg(['email'], 1, ALL_LEGACY, { isAdmin: true }), false],
  ['A4 S16: admin gates ignore the user method list', () => reg(['email', 'mobilePhone'], 1, [], { isAdmin: true }), true],
  [
    'A4 S16: admins cannot use security questions',
    () => reg(['email', 'securityQuestion'], 1, ALL_LEGACY, { isAdmin: true, securityQuestionsRegistered: 5 }),
    false,
  ],
  [
    'A4 S16: the Authenticator app is one admin gate',
    () => reg(['microsoftAuthenticatorPush', 'softwareOneTimePasscode', 'email'], 1, [], { isAdmin: true }),
    true,
  ],
];
for (const [rule, actual, expected] of registeredCases) {
  test(`isSsprRegistered: ${rule}`, () => assert.equal(actual(), expected));
}

const migration = (state: string, ampConfigs: GraphObject[], legacyMethods: string[]) =>
  effective({
    authenticationMethodsPolicy: amp(ampConfigs, { policyMigrationState: state }),
    passwordResetPolicy: { numberOfMethodsRequired: 1, methods: legacyMethods },
  });
const emailOn = [cfg('Email')];
const emailOff = [cfg('Email', { state: 'disabled' })];
const migrationCases: readonly [rule: string, state: string, ampConfigs: GraphObject[], legacy: string[], expected: boolean][] = [
  ['S17: pre-migration ignores the AMP for SSPR', 'preMigration', emailOn, [], false],
  ['S17: pre-migration uses the legacy list', 'preMigration', emailOff, ['email'], true],
  ['S17: in progress uses the AMP', 'migrationInProgress', emailOn, [], true],
  ['S17: in progress still honours the legacy list', 'migrationInProgress', emailOff, ['email'], true],
  ['S17: complete ignores the legacy list', 'migrationComplete', emailOff, ['email'], false],
  ['S17: complete uses the AMP', 'migrationComplete', emailOn, [], true],
];
for (const [rule, state, ampConfigs, legacy, expected] of migrationCases) {
  test(`isSsprRegistered migration: ${rule}`, () =>
    assert.equal(isSsprRegistered(subject({ registered: ['email'], policies: migration(state, ampConfigs, legacy) })), expected));
}

test('isSsprRegistered migration: S17 security questions stay in the legacy policy after migration', () => {
  const p = migration('migrationComplete', [], ['securityQuestions']);
  assert.equal(isSsprRegistered(subject({ registered: ['securityQuestion'], securityQuestionsRegistered: 3, policies: p })), true);
});
