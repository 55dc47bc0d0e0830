// Each distinct shape of user computed once gives exactly the rows computeRegistrationDetails gives
// each user (but its identity: id, UPN, display name, which the caller takes from the user): random policies (group and per-user targets, modes, scopes, legacy lists, migration
// states, licences) over random users that share shapes, roles and group memberships.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GraphObject, License, SnapshotGroup, SnapshotUser } from './model.js';
import { computeRegistrationDetails } from './registration-details.js';
import { RegistrationShapes } from './registration-shapes.js';
import { cellsOf } from './summaries.js';
import { referencedGroupIds, resolvePolicies } from './policies.js';
import { resolveMembership } from './membership.js';
import { GLOBAL_ADMINISTRATOR } from './roles.js';
import { CAPTURED, M, user } from './test-fixtures.js';

const GROUPS = ['g1', 'g2', 'g3'];
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
const CONFIGS = ['Sms', 'Voice', 'Email', 'Fido2', 'MicrosoftAuthenticator', 'SoftwareOath', 'HardwareOath', 'TemporaryAccessPass', 'QrCodePin'];

const target = fc.oneof(
  fc.constant({ targetType: 'group', id: 'all_users' }),
  fc.constantFrom(...GROUPS).map((id) => ({ targetType: 'group', id })),
  fc.tuple(fc.constantFrom('user', 'User'), fc.constantFrom(...USERS.slice(0, 3))).map(([targetType, id]) => ({ targetType, id })),
);
const targets = fc.array(target, { maxLength: 3 });
const config = (id: string) =>
  fc.record({
    id: fc.constant(id),
    state: fc.constantFrom('enabled', 'disabled'),
    includeTargets:
      id === 'MicrosoftAuthenticator'
        ? fc.array(
            fc.tuple(target, fc.constantFrom('any', 'push', 'deviceBasedPush')).map(([t, authenticationMode]) => ({ ...t, authenticationMode })),
            { maxLength: 3 },
          )
        : targets,
    excludeTargets: targets,
    isOfficePhoneAllowed: fc.boolean(),
  });
const policies = fc.record({
  authenticationMethodsPolicy: fc.record({
    policyMigrationState: fc.constantFrom('preMigration', 'migrationInProgress', 'migrationComplete'),
    authenticationMethodConfigurations: fc.subarray(CONFIGS).chain((ids) => fc.tuple(...ids.map(config))),
    systemCredentialPreferences: fc.option(
      fc.record({ state: fc.constantFrom('enabled', 'disabled', 'default'), includeTargets: targets, excludeTargets: targets }),
      { nil: undefined },
    ),
  }),
  passwordResetPolicy: fc.record({
    enabledFor: fc.constantFrom('none', 'selected', 'all'),
    selectedGroupId: fc.constantFrom(...GROUPS),
    numberOfMethodsRequired: fc.constantFrom(1, 2),
    methods: fc.subarray(['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions']),
    securityQuestionsRequiredToReset: fc.integer({ min: 1, max: 5 }),
  }),
  authorizationPolicy: fc.record({ allowedToUseSSPR: fc.boolean() }),
  legacyMfaPolicy: fc.record({ methods: fc.subarray(['sms', 'voice', 'mobileAppNotification', 'mobileAppCode']) }),
});
const METHODS: readonly GraphObject[] = [
  ...Object.values(M),
  { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', id: 't2', startDateTime: '2023-03-13T19:00:00Z', lifetimeInMinutes: 60 },
  { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f2', passkeyType: 'synced' },
  { '@odata.type': '#microsoft.graph.somethingNew', id: 'n1' },
];
const preferences = fc.option(
  fc.record({
    userPreferredMethodForSecondaryAuthentication: fc.constantFrom(null, 'push', 'oath', 'sms', 'voiceMobile', 'voiceOffice', 'Push', 'pigeon'),
    isSystemPreferredAuthenticationMethodEnabled: fc.constantFrom(null, true, false),
  }),
  { nil: null },
);
const ROLES = [GLOBAL_ADMINISTRATOR, 'a0b1b346-4d3e-4e8b-98f8-753987be4970', 'custom-role'];
/** What a user is besides its id. */
const profile = fc.record({
  userType: fc.constantFrom('member', 'guest') as fc.Arbitrary<'member' | 'guest'>,
  methods: fc.subarray([...METHODS], { maxLength: 5 }),
  securityQuestionsRegistered: fc.constantFrom(0, 1, 3, 5),
  signInPreferences: preferences,
  roles: fc.subarray(ROLES),
});
/** A profile with at most one part changed: users share all but one part of their shape. */
const variant = (base: fc.Arbitrary<typeof profile extends fc.Arbitrary<infer P> ? P : never>) =>
  base.chain((o) =>
    fc.oneof(
      fc.constant(o),
      profile.map((other) => ({ ...o, methods: other.methods })),
      fc.constantFrom('member', 'guest').map((userType) => ({ ...o, userType: userType as 'member' | 'guest' })),
      fc.constantFrom(0, 1, 3, 5).map((securityQuestionsRegistered) => ({ ...o, securityQuestionsRegistered })),
      preferences.map((signInPreferences) => ({ ...o, signInPreferences })),
      fc.subarray(ROLES).map((roles) => ({ ...o, roles })),
    ),
  );
const members = fc.tuple(...GROUPS.map(() => fc.subarray(USERS)));

test('registration rows by shape equal the rows computed user by user', () => {
  const people = fc.array(profile, { minLength: 1, maxLength: 3 }).chain((profiles) =>
    fc.array(
      fc.tuple(variant(fc.constantFrom(...profiles)), fc.constantFrom(...USERS)).map(([o, id]) => ({ ...o, id })),
      { minLength: 1, maxLength: 40 },
    ),
  );
  fc.assert(
    fc.property(policies, fc.constantFrom<License>('free', 'P1', 'P2'), members, fc.boolean(), people, (raw, license, groupMembers, nested, people) => {
      const p = resolvePolicies(raw, license);
      const groups: SnapshotGroup[] = GROUPS.map((id, i) => ({
        id,
        displayName: id,
        members: [...groupMembers[i]!.map((m) => ({ kind: 'user' as const, id: m })), ...(nested && i === 0 ? [{ kind: 'group' as const, id: 'g3' }] : [])],
      }));
      const membership = resolveMembership(groups, referencedGroupIds(p));
      const at = { lastUpdatedDateTime: CAPTURED, capturedDateTime: CAPTURED };
      const shapes = new RegistrationShapes(p, at, (d) => d);
      for (const o of people) {
        const u: SnapshotUser = user({ ...o, userPrincipalName: `${o.id}@contoso.com`, displayName: `User ${o.id}` });
        const roles = new Set(o.roles);
        const direct = computeRegistrationDetails(u, { roleTemplateIds: roles, isMemberOf: (g: string) => membership.isMember(g, u.id) }, p, at);
        const shape = shapes.of(u, roles, membership);
        // The caller takes the identity from the user, the rest from the shape.
        assert.deepStrictEqual({ ...shape, id: u.id, userPrincipalName: u.userPrincipalName, userDisplayName: u.displayName }, direct);
        assert.deepStrictEqual(cellsOf(shape), cellsOf(direct));
      }
    }),
    { seed: 20261206, numRuns: 3000 },
  );
});

test('GroupMembership.signature is equal exactly when the wanted-group memberships are', () => {
  fc.assert(
    fc.property(members, fc.subarray(GROUPS), (groupMembers, wanted) => {
      const groups: SnapshotGroup[] = GROUPS.map((id, i) => ({
        id,
        displayName: id,
        members: groupMembers[i]!.map((m) => ({ kind: 'user' as const, id: m })),
      }));
      const membership = resolveMembership(groups, new Set(wanted));
      for (const a of USERS) {
        for (const b of USERS) {
          const same = wanted.every((g) => membership.isMember(g, a) === membership.isMember(g, b));
          assert.equal(membership.signature(a) === membership.signature(b), same);
        }
      }
    }),
    { seed: 20261206, numRuns: 200 },
  );
});
