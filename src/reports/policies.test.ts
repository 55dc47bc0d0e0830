// Tests for policy defaults, parsing and merging (decision 0026) and referencedGroupIds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referencedGroupIds, resolvePolicies } from './policies.js';
import { amp, cfg, effective, snapshotPolicies } from './test-fixtures.js';

const ALL = { targetType: 'group', id: 'all_users', authenticationMode: null };
const off = (kind: string, id: string): object => ({ kind, id, enabled: false, includeTargets: [ALL], excludeTargets: [], isOfficePhoneAllowed: false });

test('decision 0026: an empty policies object gives the documented new-tenant defaults', () => {
  assert.deepEqual(resolvePolicies(snapshotPolicies()), {
    migrationState: 'migrationInProgress',
    methodConfigs: [
      {
        kind: 'microsoftAuthenticator',
        id: 'MicrosoftAuthenticator',
        enabled: true,
        includeTargets: [{ ...ALL, authenticationMode: 'any' }],
        excludeTargets: [],
        isOfficePhoneAllowed: false,
      },
      { kind: 'sms', id: 'Sms', enabled: true, includeTargets: [ALL], excludeTargets: [], isOfficePhoneAllowed: false },
      { kind: 'email', id: 'Email', enabled: true, includeTargets: [], excludeTargets: [], isOfficePhoneAllowed: false },
      off('fido2', 'Fido2'),
      off('temporaryAccessPass', 'TemporaryAccessPass'),
      off('voice', 'Voice'),
      off('softwareOath', 'SoftwareOath'),
      off('hardwareOath', 'HardwareOath'),
      off('x509Certificate', 'X509Certificate'),
      off('qrCodePin', 'QRCodePin'),
    ],
    systemPreferred: { state: 'default', includeTargets: [ALL], excludeTargets: [], fromSnapshot: false },
    passwordReset: {
      enabledFor: 'none',
      selectedGroupId: null,
      numberOfMethodsRequired: 1,
      methods: new Set(['mobilePhone', 'email']),
      securityQuestionsRequiredToReset: 3,
    },
    allowedToUseSSPR: true,
    legacyMfaMethods: new Set(),
    license: 'P1',
  });
});

test('decision 0026: absent fields inside a present part take the default of that field', () => {
  const p = effective({ passwordResetPolicy: { enabledFor: 'All', numberOfMethodsRequired: 3 }, authorizationPolicy: {} });
  assert.deepEqual(p.passwordReset, {
    enabledFor: 'all',
    selectedGroupId: null,
    numberOfMethodsRequired: 1,
    methods: new Set(['mobilePhone', 'email']),
    securityQuestionsRequiredToReset: 3,
  });
  assert.equal(p.allowedToUseSSPR, true);
});

test('legacy method lists keep known names only; an empty list is kept empty', () => {
  const p = effective({
    passwordResetPolicy: { methods: ['securityQuestions', 'pigeon', 'officePhone'] },
    legacyMfaPolicy: { methods: ['voice', 'fax'] },
  });
  assert.deepEqual(p.passwordReset.methods, new Set(['securityQuestions', 'officePhone']));
  assert.deepEqual(p.legacyMfaMethods, new Set(['voice']));
  assert.deepEqual(effective({ passwordResetPolicy: { methods: [] } }).passwordReset.methods, new Set());
});

test('S27: policyMigrationState is read case-insensitively; unknown values take the default', () => {
  assert.equal(effective({ authenticationMethodsPolicy: { policyMigrationState: 'premigration' } }).migrationState, 'preMigration');
  assert.equal(effective({ authenticationMethodsPolicy: { policyMigrationState: 'migrationComplete' } }).migrationState, 'migrationComplete');
  assert.equal(effective({ authenticationMethodsPolicy: { policyMigrationState: 'unknownFutureValue' } }).migrationState, 'migrationInProgress');
});

test('a configuration in the snapshot replaces the default of its kind; external ones are added', () => {
  const p = effective({
    authenticationMethodsPolicy: amp([
      { '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration', id: 'Sms', state: 'disabled' },
      cfg('Voice', { isOfficePhoneAllowed: true }),
      { ...cfg('0a1b'), '@odata.type': '#microsoft.graph.externalAuthenticationMethodConfiguration' },
      cfg('SomethingNew'),
    ]),
  });
  const kinds = p.methodConfigs.map((c) => `${c.kind}:${c.enabled}`);
  assert.deepEqual(kinds, [
    'sms:false',
    'voice:true',
    'external:true',
    'microsoftAuthenticator:true',
    'email:true',
    'fido2:false',
    'temporaryAccessPass:false',
    'softwareOath:false',
    'hardwareOath:false',
    'x509Certificate:false',
    'qrCodePin:false',
  ]);
  assert.equal(p.methodConfigs.find((c) => c.kind === 'voice')?.isOfficePhoneAllowed, true);
  assert.deepEqual(p.methodConfigs.find((c) => c.kind === 'sms')?.includeTargets, []);
});

test('S18: Authenticator targets keep authenticationMode; targets without id are dropped', () => {
  const p = effective({
    authenticationMethodsPolicy: amp([
      cfg('MicrosoftAuthenticator', {
        includeTargets: [{ targetType: 'group', id: 'g1', authenticationMode: 'deviceBasedPush' }, { targetType: 'group' }],
      }),
    ]),
  });
  assert.deepEqual(p.methodConfigs[0]?.includeTargets, [{ targetType: 'group', id: 'g1', authenticationMode: 'deviceBasedPush' }]);
});

test('S34: systemCredentialPreferences in the snapshot is marked fromSnapshot', () => {
  const p = effective({
    authenticationMethodsPolicy: amp([], {
      systemCredentialPreferences: {
        state: 'enabled',
        includeTargets: [{ targetType: 'group', id: 'g1' }],
        excludeTargets: [{ targetType: 'group', id: 'g2' }],
      },
    }),
  });
  assert.deepEqual(p.systemPreferred, {
    state: 'enabled',
    fromSnapshot: true,
    includeTargets: [{ targetType: 'group', id: 'g1', authenticationMode: null }],
    excludeTargets: [{ targetType: 'group', id: 'g2', authenticationMode: null }],
  });
});

test('resolvePolicies carries the tenant licence', () => {
  assert.equal(resolvePolicies(snapshotPolicies(), 'free').license, 'free');
});

test('referencedGroupIds: targets of enabled configurations, system-preferred targets and the SSPR group', () => {
  const p = effective({
    authenticationMethodsPolicy: amp(
      [
        cfg('Fido2', { includeTargets: [{ targetType: 'group', id: 'gFido' }], excludeTargets: [{ targetType: 'group', id: 'gNoFido' }] }),
        cfg('Voice', { state: 'disabled', includeTargets: [{ targetType: 'group', id: 'gVoiceOff' }] }),
        cfg('Sms', { includeTargets: [{ targetType: 'user', id: 'someUser' }] }),
      ],
      { systemCredentialPreferences: { state: 'enabled', includeTargets: [{ targetType: 'group', id: 'gSp' }], excludeTargets: [] } },
    ),
    passwordResetPolicy: { enabledFor: 'selected', selectedGroupId: 'gSspr' },
  });
  assert.deepEqual(referencedGroupIds(p), new Set(['gFido', 'gNoFido', 'gSp', 'gSspr']));
});

test('referencedGroupIds: the SSPR group only matters when the scope is selected', () => {
  assert.deepEqual(referencedGroupIds(effective({ passwordResetPolicy: { enabledFor: 'all', selectedGroupId: 'g' } })), new Set());
});

test('decision 0055: target and SSPR group GUIDs are read in canonical (lower) case; other ids as written', () => {
  const G = 'AAAAAAAA-0000-0000-0000-00000000000B';
  const p = effective({
    authenticationMethodsPolicy: amp(
      [cfg('Fido2', { includeTargets: [{ targetType: 'group', id: G }], excludeTargets: [{ targetType: 'group', id: 'gNo' }] })],
      { systemCredentialPreferences: { state: 'enabled', includeTargets: [{ targetType: 'group', id: G }], excludeTargets: [] } },
    ),
    passwordResetPolicy: { enabledFor: 'selected', selectedGroupId: G },
  });
  assert.deepEqual(referencedGroupIds(p), new Set([G.toLowerCase(), 'gNo']));
  assert.equal(p.passwordReset.selectedGroupId, G.toLowerCase());
});
