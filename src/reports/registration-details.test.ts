// Whole-row tests: the Graph doc example (S4) reproduced from a snapshot, plus row-level rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphObject, RegistrationDetails, SnapshotUser } from './model.js';
import type { EffectivePolicies } from './policy-types.js';
import { computeRegistrationDetails } from './registration-details.js';
import { isListed } from './population.js';
import { CAPTURED, M, effective, user } from './test-fixtures.js';
import { GLOBAL_ADMINISTRATOR, REPORTS_READER } from './roles.js';

/** log-samples/graph.v1.authenticationMethodsPolicy.get.json (S25), verbatim minus registrationEnforcement. */
const SAMPLE_AMP: GraphObject = {
  id: 'authenticationMethodsPolicy',
  authenticationMethodConfigurations: [
    {
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
      id: 'Fido2',
      state: 'disabled',
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
    },
    {
      '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethodConfiguration',
      id: 'MicrosoftAuthenticator',
      state: 'disabled',
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, authenticationMode: 'any' }],
    },
    {
      '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration',
      id: 'Sms',
      state: 'enabled',
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false, isUsableForSignIn: true }],
    },
    {
      '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration',
      id: 'TemporaryAccessPass',
      state: 'disabled',
      includeTargets: [{ targetType: 'group', id: 'all_users', isRegistrationRequired: false }],
    },
    { '@odata.type': '#microsoft.graph.emailAuthenticationMethodConfiguration', id: 'Email', state: 'enabled', includeTargets: [] },
  ],
};

/**
 * The settings that reproduce the doc example: the sample AMP (Authenticator disabled there, so the
 * Authenticator users are capable through the legacy MFA policy while migration is not complete),
 * SSPR scoped to nobody (members show isSsprEnabled false) and two methods required (A3: push+code
 * is one gate, so Alex is not SSPR registered while Bianca, with a phone as well, is).
 */
const DOC_POLICIES: EffectivePolicies = effective({
  authenticationMethodsPolicy: SAMPLE_AMP,
  legacyMfaPolicy: { methods: ['sms', 'voice', 'mobileAppNotification', 'mobileAppCode'] },
  passwordResetPolicy: { enabledFor: 'none', numberOfMethodsRequired: 2, methods: ['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone'] },
});

const on = (preferred: string | null) => ({ isSystemPreferredAuthenticationMethodEnabled: true, userPreferredMethodForSecondaryAuthentication: preferred });
const DOC_USERS: readonly SnapshotUser[] = [
  user({
    id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6',
    userPrincipalName: 'AlexW@Contoso.com',
    displayName: 'Alex Wilber',
    methods: [M.password, M.authenticator],
    signInPreferences: on('push'),
  }),
  user({
    id: 'c6ad1942-4afa-47f8-8d48-afb5d8d69d2f',
    userPrincipalName: 'AllanD@Contoso.com',
    displayName: 'Allan Deyoung',
    userType: 'guest',
    methods: [M.password],
  }),
  user({
    id: 'c8096958-797c-44fa-8fde-a6fb62567cf0',
    userPrincipalName: 'BiancaP@Contoso.com',
    displayName: 'Bianca Pisani',
    methods: [M.password, M.mobile, M.authenticator],
    signInPreferences: on('voiceMobile'),
  }),
];

/** log-samples/graph.beta.userRegistrationDetails.list.json (S4), with amr's isPrivilegedAdmin added. */
const DOC_ROWS: readonly RegistrationDetails[] = [
  {
    id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6',
    userPrincipalName: 'AlexW@Contoso.com',
    userDisplayName: 'Alex Wilber',
    isAdmin: false,
    isPrivilegedAdmin: false,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: false,
    lastUpdatedDateTime: CAPTURED,
    methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    defaultMfaMethod: 'microsoftAuthenticatorPush',
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: ['push'],
    userPreferredMethodForSecondaryAuthentication: 'push',
    userType: 'member',
  },
  {
    id: 'c6ad1942-4afa-47f8-8d48-afb5d8d69d2f',
    userPrincipalName: 'AllanD@Contoso.com',
    userDisplayName: 'Allan Deyoung',
    isAdmin: false,
    isPrivilegedAdmin: false,
    isSsprRegistered: false,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered: false,
    isMfaCapable: false,
    isPasswordlessCapable: false,
    lastUpdatedDateTime: CAPTURED,
    methodsRegistered: [],
    defaultMfaMethod: '',
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: [],
    userPreferredMethodForSecondaryAuthentication: '',
    userType: 'guest',
  },
  {
    id: 'c8096958-797c-44fa-8fde-a6fb62567cf0',
    userPrincipalName: 'BiancaP@Contoso.com',
    userDisplayName: 'Bianca Pisani',
    isAdmin: false,
    isPrivilegedAdmin: false,
    isSsprRegistered: true,
    isSsprEnabled: false,
    isSsprCapable: false,
    isMfaRegistered: true,
    isMfaCapable: true,
    isPasswordlessCapable: false,
    lastUpdatedDateTime: CAPTURED,
    methodsRegistered: ['mobilePhone', 'microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    defaultMfaMethod: 'mobilePhone',
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: ['push'],
    userPreferredMethodForSecondaryAuthentication: 'voiceMobile',
    userType: 'member',
  },
];

const AT = { lastUpdatedDateTime: CAPTURED, capturedDateTime: CAPTURED };
const noDirectory = { roleTemplateIds: new Set<string>(), isMemberOf: () => false };

DOC_USERS.forEach((u, i) => {
  test(`S4 doc example: ${u.displayName} is reproduced exactly (all three are reproducible; A15 does not bite here)`, () => {
    assert.deepEqual(computeRegistrationDetails(u, noDirectory, DOC_POLICIES, AT), DOC_ROWS[i]);
  });
});

test('S4 doc example: with the migration complete, the disabled Authenticator makes Alex MFA registered but not capable', () => {
  const complete = effective({
    authenticationMethodsPolicy: { ...SAMPLE_AMP, policyMigrationState: 'migrationComplete' },
    legacyMfaPolicy: { methods: ['mobileAppNotification'] },
  });
  const row = computeRegistrationDetails(DOC_USERS[0] as SnapshotUser, noDirectory, complete, AT);
  assert.deepEqual([row.isMfaRegistered, row.isMfaCapable, row.systemPreferredAuthenticationMethods], [true, false, []]);
});

test('§1.2: roles decide isAdmin and isPrivilegedAdmin; admins follow the admin SSPR policy (A4)', () => {
  const admin = { roleTemplateIds: new Set([REPORTS_READER]), isMemberOf: () => false };
  const ga = { roleTemplateIds: new Set([GLOBAL_ADMINISTRATOR]), isMemberOf: () => false };
  const u = user({ methods: [M.email, M.mobile] });
  const r1 = computeRegistrationDetails(u, admin, effective(), AT);
  const r2 = computeRegistrationDetails(u, ga, effective(), AT);
  assert.deepEqual([r1.isAdmin, r1.isPrivilegedAdmin, r1.isSsprEnabled, r1.isSsprRegistered, r1.isSsprCapable], [true, false, true, true, true]);
  assert.deepEqual([r2.isAdmin, r2.isPrivilegedAdmin], [true, true]);
});

test('§1.6: SSPR scope comes from the group membership the caller resolves', () => {
  const p = effective({ passwordResetPolicy: { enabledFor: 'selected', selectedGroupId: 'sspr' } });
  const u = user({ methods: [M.email] });
  const inGroup = computeRegistrationDetails(u, { roleTemplateIds: new Set(), isMemberOf: (g) => g === 'sspr' }, p, AT);
  assert.deepEqual([inGroup.isSsprEnabled, inGroup.isSsprRegistered, inGroup.isSsprCapable], [true, true, true]);
});

test('A6: a TAP is listed against capturedDateTime, and lastUpdatedDateTime is copied as given', () => {
  const tap: GraphObject = {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    startDateTime: '2024-01-01T10:00:00Z',
    lifetimeInMinutes: 60,
  };
  const u = user({ methods: [tap] });
  const during = computeRegistrationDetails(u, noDirectory, effective(), { lastUpdatedDateTime: 'X', capturedDateTime: '2024-01-01T10:30:00Z' });
  const after = computeRegistrationDetails(u, noDirectory, effective(), { lastUpdatedDateTime: 'X', capturedDateTime: '2024-01-01T11:30:00Z' });
  assert.deepEqual([during.methodsRegistered, during.isMfaRegistered, during.lastUpdatedDateTime], [['temporaryAccessPass'], false, 'X']);
  assert.deepEqual(after.methodsRegistered, []);
});

const population: readonly [rule: string, u: SnapshotUser, listed: boolean][] = [
  ['§1.2: an enabled user is listed', user(), true],
  ['§1.2 S4/S5 PROPOSAL: a disabled user is neither listed nor counted', user({ accountEnabled: false }), false],
  ['§1.2 S3: a soft-deleted user is not listed', user({ deleted: true }), false],
  ['§1.2 S4: a guest is listed', user({ userType: 'guest' }), true],
];
for (const [rule, u, listed] of population) {
  test(`isListed: ${rule}`, () => assert.equal(isListed(u), listed));
}
