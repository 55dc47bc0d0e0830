// Each Graph body the assembler reads: documented shapes, every method type, and bad bodies → clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphBodyError } from './body-error.js';
import { readMethods, KNOWN_METHOD_TYPES } from './methods.js';
import { licenseFromSkus, readOrganization } from './tenant.js';
import { readSignInPreferences } from './sign-in-preferences.js';
import { groupsToFetch, nestedGroupsToFetch, readGroupMembers, type GroupMember } from './groups.js';
import { readRoleAssignments } from './role-assignments.js';
import { readAuthenticationMethodsPolicy, readAuthorizationPolicy, readSsprPolicyFile } from './policies.js';
import { readRegistrationDetails } from './registration-details.js';
import { readUsersDelta } from './users-delta.js';
import { mirrorMethods } from './mirror-methods.js';
import { inferSsprPolicy, INFERRED_SSPR_GROUP_ID } from './sspr-inference.js';
import { USER_SELECT, usersDeltaPath } from './endpoints.js';
import { methodsFromGraph, METHODS_REGISTERED } from '../../reports/methods.js';

const U = '6e7b768e-07e2-4810-8459-485f84f8f204';
const at = '2026-01-01T00:00:00Z';

function refused(fn: () => unknown, endpoint: string, field: string, detail?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof GraphBodyError, `expected GraphBodyError, got ${String(e)}`);
    assert.equal(e.endpoint, endpoint);
    assert.equal(e.field, field);
    if (detail) assert.match(e.detail, detail);
    assert.ok(e.message.startsWith(`${endpoint}: `));
    return true;
  });
}

/** One object per beta method type, shaped as Microsoft's docs show them. */
const BETA_METHODS: readonly Record<string, unknown>[] = [
  {
    '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
    id: '28c10230-6103-485e-b985-444c60001490',
    password: null,
    createdDateTime: '2020-11-05T22:16:13Z',
  },
  {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: '3179e48a-750b-4051-897c-87b9720928f7',
    phoneNumber: '+1 2065555555',
    phoneType: 'mobile',
    smsSignInState: 'ready',
  },
  {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
    phoneNumber: '+1 2065555556',
    phoneType: 'alternateMobile',
    smsSignInState: 'notSupported',
  },
  {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
    phoneNumber: '+1 2065555557x123',
    phoneType: 'office',
    smsSignInState: 'notSupported',
  },
  { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: '3ddfcfc8-9383-446f-83cc-3ab9be4be18f', emailAddress: 'kim@contoso.com' },
  {
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    id: '6a7ed5fb-c4a1-4b9e-a8ca-7a2e39b7b4e1',
    displayName: 'iPhone 15',
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.8.7',
    createdDateTime: '2024-01-01T00:00:00Z',
  },
  {
    '@odata.type': '#microsoft.graph.passwordlessMicrosoftAuthenticatorAuthenticationMethod',
    id: '6a7ed5fb-c4a1-4b9e-a8ca-7a2e39b7b4e2',
    displayName: 'iPhone 15',
  },
  {
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: '-2_GRUg2-HYz6_1YG4YRAQ2',
    displayName: 'Red key',
    aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
    model: 'YubiKey 5 NFC',
    attestationLevel: 'attested',
    passkeyType: 'deviceBound',
  },
  {
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: 'synced-1',
    displayName: 'iCloud Keychain',
    aaGuid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
    passkeyType: 'synced',
  },
  {
    '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
    id: '_jpuR-TGZtk6aQCLF3BQjA2',
    displayName: 'WIN-ABC',
    keyStrength: 'normal',
  },
  { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: 'b172893e-893e-4b4e-b3d2-a7a3a3a3a3a3', secretKey: null },
  {
    '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod',
    id: 'aad49556-2c3a-4f33-ae5e-a20fbfa7a0f4',
    device: { serialNumber: 'TOTP123456', manufacturer: 'Contoso' },
  },
  {
    '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    id: '4c7b6f8e-1c2d-4e3f-9a0b-1c2d3e4f5a6b',
    startDateTime: '2025-12-31T23:00:00Z',
    lifetimeInMinutes: 120,
    isUsableOnce: false,
    isUsable: true,
    methodUsabilityReason: 'EnabledByPolicy',
  },
  { '@odata.type': '#microsoft.graph.platformCredentialAuthenticationMethod', id: 'pc-1', displayName: 'MacBook', keyStrength: 'normal', platform: 'macOS' },
  {
    '@odata.type': '#microsoft.graph.externalAuthenticationMethod',
    id: 'ext-1',
    configurationId: 'a4b1b1f0-0000-4000-8000-000000000001',
    displayName: 'Contoso MFA',
  },
  { '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod', id: 'qr-1', standardQRCode: { expireDateTime: '2027-01-01T00:00:00Z' } },
  { '@odata.type': '#microsoft.graph.x509CertificateAuthenticationMethod', id: 'cert-1' },
];

test("every beta method type is kept verbatim and amr's rules read the expected names from it", () => {
  const { methods, unrecognisedTypes } = readMethods(U, [
    { '@odata.context': 'ctx', value: BETA_METHODS.slice(0, 9), '@odata.nextLink': 'n' },
    { value: BETA_METHODS.slice(9) },
  ]);
  assert.equal(methods.length, BETA_METHODS.length);
  assert.deepEqual(methods[1], BETA_METHODS[1]);
  assert.deepEqual(unrecognisedTypes, ['#microsoft.graph.x509CertificateAuthenticationMethod']);
  const { names, unrecognisedTypes: ruleUnknown } = methodsFromGraph(methods, 0, at);
  assert.deepEqual(ruleUnknown, ['#microsoft.graph.x509CertificateAuthenticationMethod']);
  assert.deepEqual(names, [
    'mobilePhone',
    'alternateMobilePhone',
    'officePhone',
    'email',
    'microsoftAuthenticatorPush',
    'microsoftAuthenticatorPasswordless',
    'softwareOneTimePasscode',
    'hardwareOneTimePasscode',
    'passKeyDeviceBound',
    'passKeySynced',
    'windowsHelloForBusiness',
    'macOsSecureEnclaveKey',
    'temporaryAccessPass',
    'externalAuthMethod',
    'qrCode',
  ]);
  assert.equal(KNOWN_METHOD_TYPES.size, 13);
});

test('a method type without its "#" is written with it', () => {
  const { methods } = readMethods(U, [{ value: [{ '@odata.type': 'microsoft.graph.emailAuthenticationMethod', id: 'e' }] }]);
  assert.equal(methods[0]?.['@odata.type'], '#microsoft.graph.emailAuthenticationMethod');
});

test("bad method bodies name the user's endpoint and the field", () => {
  const ep = `GET /beta/users/${U}/authentication/methods`;
  refused(() => readMethods(U, [{ value: [{ id: 'x' }] }]), ep, 'value[0].@odata.type', /fido2AuthenticationMethod/);
  refused(() => readMethods(U, [{ value: {} }]), ep, 'value', /array/);
  refused(() => readMethods(U, [{ value: [{ '@odata.type': '#microsoft.graph.emailAuthenticationMethod' }] }, { value: ['x'] }]), ep, 'page[1].value[0]');
  refused(() => readMethods(U, [{ value: [{ '@odata.type': '#x', n: Number.NaN }] }]), ep, 'value[0].n', /finite/);
});

test('licence: P2, P1, free; suspended SKUs and unprovisioned plans do not count', () => {
  const sku = (plans: [string, string][], status = 'Enabled') => ({
    capabilityStatus: status,
    servicePlans: plans.map(([servicePlanName, provisioningStatus]) => ({ servicePlanName, provisioningStatus })),
  });
  assert.equal(
    licenseFromSkus([
      {
        value: [
          sku([
            ['AAD_PREMIUM', 'Success'],
            ['AAD_PREMIUM_P2', 'Success'],
          ]),
        ],
      },
    ]),
    'P2',
  );
  assert.equal(
    licenseFromSkus([
      {
        value: [
          sku([
            ['AAD_PREMIUM', 'Success'],
            ['AAD_PREMIUM_P2', 'Disabled'],
          ]),
        ],
      },
    ]),
    'P1',
  );
  assert.equal(licenseFromSkus([{ value: [sku([['AAD_PREMIUM_P2', 'Success']], 'Suspended')] }]), 'free');
  assert.equal(licenseFromSkus([{ value: [sku([['AAD_PREMIUM', 'Success']], 'Warning')] }]), 'P1');
  assert.equal(licenseFromSkus([{ value: [] }]), 'free');
  refused(
    () => licenseFromSkus([{ value: [{ servicePlans: [{ provisioningStatus: 'Success' }] }] }]),
    'GET /v1.0/subscribedSkus',
    'value[0].servicePlans[0].servicePlanName',
  );
});

test('organization: the tenant id, checked against the tenant asked for', () => {
  const body = [{ value: [{ id: '84841066-274D-4EC0-A5C1-276BE684BDD3', displayName: 'Contoso' }] }];
  assert.deepEqual(readOrganization(body), { id: '84841066-274d-4ec0-a5c1-276be684bdd3', displayName: 'Contoso' });
  refused(() => readOrganization(body, '11111111-2222-3333-4444-555555555555'), 'GET /v1.0/organization', 'value[0].id', /not the tenant asked for/);
  refused(() => readOrganization([{ value: [] }]), 'GET /v1.0/organization', '', /none/);
  refused(() => readOrganization([{ value: [{ id: 'contoso' }] }]), 'GET /v1.0/organization', 'value[0].id', /GUID/);
});

test('signInPreferences: flat, wrapped, "" as no preference; a bad value is refused', () => {
  const flat = {
    '@odata.type': '#microsoft.graph.signInPreferences',
    isSystemPreferredAuthenticationMethodEnabled: true,
    userPreferredMethodForSecondaryAuthentication: 'push',
  };
  assert.deepEqual(readSignInPreferences(U, flat), {
    userPreferredMethodForSecondaryAuthentication: 'push',
    isSystemPreferredAuthenticationMethodEnabled: true,
  });
  assert.deepEqual(readSignInPreferences(U, { signInPreferences: { userPreferredMethodForSecondaryAuthentication: '' } }), {
    userPreferredMethodForSecondaryAuthentication: null,
    isSystemPreferredAuthenticationMethodEnabled: null,
  });
  refused(
    () => readSignInPreferences(U, { isSystemPreferredAuthenticationMethodEnabled: 'yes' }),
    `GET /beta/users/${U}/authentication/signInPreferences`,
    'isSystemPreferredAuthenticationMethodEnabled',
  );
});

test('users/delta: users, replays (last wins), @removed; the $select list', () => {
  const d = readUsersDelta([
    {
      value: [
        { id: 'A', userPrincipalName: 'a@c', displayName: 'A1' },
        { id: 'B', userPrincipalName: 'b@c' },
      ],
      '@odata.nextLink': 'n',
    },
    {
      value: [
        { id: 'a', userPrincipalName: 'a@c', displayName: 'A2' },
        { id: 'b', '@removed': { reason: 'deleted' } },
      ],
      '@odata.deltaLink': 'd',
    },
  ]);
  assert.equal(d.changed.get('a')?.['displayName'], 'A2');
  assert.deepEqual([...d.removed], ['b']);
  refused(() => readUsersDelta([{ value: [{ id: 'c' }] }]), 'GET /v1.0/users/delta', 'value[0].userPrincipalName');
  for (const p of ['id', 'userPrincipalName', 'displayName', 'userType', 'accountEnabled', 'department']) assert.ok(USER_SELECT.includes(p));
  assert.match(usersDeltaPath(), /^\/v1\.0\/users\/delta\?\$select=id,userPrincipalName,/);
});

test('groups: which to fetch, nested closure through a cycle, member bodies', () => {
  const G1 = '10000000-0000-4000-8000-000000000001';
  const G2 = '10000000-0000-4000-8000-000000000002';
  const G3 = '10000000-0000-4000-8000-000000000003';
  const policies = {
    authenticationMethodsPolicy: readAuthenticationMethodsPolicy({
      authenticationMethodConfigurations: [
        {
          '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
          id: 'Fido2',
          state: 'enabled',
          includeTargets: [{ targetType: 'group', id: G1.toUpperCase() }],
          excludeTargets: [],
        },
        {
          '@odata.type': '#microsoft.graph.smsAuthenticationMethodConfiguration',
          id: 'Sms',
          state: 'disabled',
          includeTargets: [{ targetType: 'group', id: G3 }],
        },
      ],
    }),
    passwordResetPolicy: readSsprPolicyFile({ enabledFor: 'selected', selectedGroupId: G2 }),
    authorizationPolicy: null,
    legacyMfaPolicy: null,
  };
  const roles = readRoleAssignments(
    [
      {
        value: [
          { principalId: U, roleDefinitionId: 'R' },
          { principalId: 'P', roleDefinitionId: 'R' },
        ],
      },
    ],
    'active',
  );
  assert.deepEqual(groupsToFetch(policies, roles, new Set([U])), ['p', G1, G2].sort());
  const members = readGroupMembers(G1, [
    {
      value: [
        { '@odata.type': '#microsoft.graph.group', id: G2 },
        { '@odata.type': '#microsoft.graph.user', id: U },
      ],
    },
  ]);
  const fetched = new Map<string, readonly GroupMember[] | null>([[G1, members]]);
  assert.deepEqual(nestedGroupsToFetch(fetched), [G2]);
  fetched.set(G2, [{ '@odata.type': '#microsoft.graph.group', id: G1 }]); // a cycle
  assert.deepEqual(nestedGroupsToFetch(fetched), []);
  refused(() => readGroupMembers(G1, [{ value: [{ id: U }] }]), `GET /v1.0/groups/${G1}/members`, 'value[0].@odata.type');
});

test('role assignments and eligibility instances; a missing principalId is refused', () => {
  const eligible = readRoleAssignments(
    [
      {
        value: [
          { id: 'x', principalId: U, roleDefinitionId: '62E90394-69F5-4237-9190-012177145E10', directoryScopeId: '/', memberType: 'Direct', startDateTime: at },
        ],
      },
    ],
    'eligible',
  );
  assert.deepEqual(eligible[0], {
    principalId: U,
    roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
    directoryScopeId: '/',
    status: 'eligible',
    principalKind: 'unknown',
  });
  refused(
    () => readRoleAssignments([{ value: [{ roleDefinitionId: 'r' }] }], 'active'),
    'GET /v1.0/roleManagement/directory/roleAssignments',
    'value[0].principalId',
  );
});

test('policies: annotations dropped, both authorizationPolicy shapes, SSPR file checked', () => {
  const amp = readAuthenticationMethodsPolicy({
    '@odata.context': 'c',
    policyMigrationState: 'migrationComplete',
    'authenticationMethodConfigurations@odata.context': 'c2',
    authenticationMethodConfigurations: [{ id: 'Fido2', 'includeTargets@odata.context': 'c3', includeTargets: [] }],
  });
  assert.deepEqual(amp, { policyMigrationState: 'migrationComplete', authenticationMethodConfigurations: [{ id: 'Fido2', includeTargets: [] }] });
  refused(
    () => readAuthenticationMethodsPolicy({ authenticationMethodConfigurations: {} }),
    'GET /beta/policies/authenticationMethodsPolicy',
    'authenticationMethodConfigurations',
  );
  assert.equal(readAuthorizationPolicy({ value: [{ allowedToUseSSPR: false }] })['allowedToUseSSPR'], false);
  assert.equal(readAuthorizationPolicy({ id: 'authorizationPolicy', allowedToUseSSPR: true })['allowedToUseSSPR'], true);
  refused(() => readAuthorizationPolicy({ allowedToUseSSPR: 'no' }), 'GET /v1.0/policies/authorizationPolicy', 'allowedToUseSSPR');
  assert.deepEqual(readSsprPolicyFile({ passwordResetPolicy: { enabledFor: 'all' } }), { enabledFor: 'all' });
  refused(() => readSsprPolicyFile({ enabledFor: 'everyone' }), '--sspr-policy FILE', 'enabledFor');
  refused(() => readSsprPolicyFile({ enabledFor: 'selected' }), '--sspr-policy FILE', 'selectedGroupId');
  refused(() => readSsprPolicyFile({ methods: ['sms'] }), '--sspr-policy FILE', 'methods[0]');
  refused(() => readSsprPolicyFile({ numberOfMethodsRequired: 3 }), '--sspr-policy FILE', 'numberOfMethodsRequired');
});

test('mirror stand-ins map back to every methodsRegistered name amr knows', () => {
  for (const name of METHODS_REGISTERED) {
    if (name === 'securityQuestion') continue;
    const back = methodsFromGraph(mirrorMethods([name]), 0, at).names;
    const expected = name === 'microsoftAuthenticatorPush' ? ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'] : [name];
    assert.deepEqual(back, expected, name);
  }
  const unknown = mirrorMethods(['x509Certificate']);
  assert.equal(unknown[0]?.['amrMethodsRegistered'], 'x509Certificate');
});

test('SSPR inference: none, all, selected (a made-up group of the enabled), methods required', () => {
  const row = (id: string, on: boolean, reg: boolean, methods: string[], extra: object = {}) => ({
    id,
    userType: 'member' as const,
    isAdmin: false,
    isSsprEnabled: on,
    isSsprRegistered: reg,
    methodsRegistered: methods,
    userPreferredMethodForSecondaryAuthentication: null,
    isSystemPreferredAuthenticationMethodEnabled: null,
    ...extra,
  });
  assert.equal(inferSsprPolicy([row('a', false, false, [])], 'P2').policy['enabledFor'], 'none');
  assert.equal(inferSsprPolicy([row('a', true, false, []), row('adm', false, false, [], { isAdmin: true })], 'P2').policy['enabledFor'], 'all');
  const sel = inferSsprPolicy([row('a', true, false, ['email']), row('b', false, true, ['email', 'mobilePhone'])], 'P2');
  assert.equal(sel.policy['selectedGroupId'], INFERRED_SSPR_GROUP_ID);
  assert.deepEqual(sel.scopeGroup, [{ '@odata.type': '#microsoft.graph.user', id: 'a' }]);
  assert.equal(sel.policy['numberOfMethodsRequired'], 2);
  assert.equal(sel.policy['amrSource'], 'inferred');
});

const examples = fileURLToPath(new URL('../../../../shared/spec/graph-examples.json', import.meta.url));

test('the documented userRegistrationDetails examples read as rows', { skip: !existsSync(examples) && 'shared/spec not beside the repo' }, () => {
  const list: unknown = JSON.parse(readFileSync(examples, 'utf8'));
  assert.ok(Array.isArray(list));
  const bodies = list.filter(
    (e: unknown): e is { endpoint: string; response: { body: unknown } } =>
      typeof e === 'object' &&
      e !== null &&
      (e as { endpoint?: unknown }).endpoint === 'List userRegistrationDetails' &&
      (e as { response?: { status?: unknown } }).response?.status === 200,
  );
  assert.ok(bodies.length >= 2);
  for (const b of bodies) {
    const rows = readRegistrationDetails([b.response.body]);
    assert.ok(rows.size > 0);
    const alex = rows.get('86462606-fde0-4fc4-9e0c-a20eb73e54c6');
    if (alex) assert.deepEqual(alex.methodsRegistered, ['microsoftAuthenticatorPush', 'softwareOneTimePasscode']);
  }
  refused(
    () => readRegistrationDetails([{ value: [{ id: 'x', isAdmin: 'no' }] }]),
    'GET /beta/reports/authenticationMethods/userRegistrationDetails',
    'value[0].isAdmin',
  );
});
