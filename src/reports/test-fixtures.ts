// Builders shared by the reports tests: users, Graph method objects, policies and rule contexts.
import type { GraphObject, License, SnapshotPolicies, SnapshotUser } from './model.js';
import type { MethodName } from './method-names.js';
import type { EffectivePolicies } from './policy-types.js';
import type { RuleContext } from './rule-context.js';
import { resolvePolicies } from './policies.js';

export const CAPTURED = '2023-03-13T19:15:41.6195833Z';

/** One Graph authenticationMethod object per kind, as GET /users/{id}/authentication/methods shows them. */
export const M = {
  mobile: {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: '3179e48a-750b-4051-897c-87b9720928f7',
    phoneNumber: '+1 2065555555',
    phoneType: 'mobile',
  },
  altMobile: {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
    phoneNumber: '+1 2065555556',
    phoneType: 'alternateMobile',
  },
  office: {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
    phoneNumber: '+1 2065555557',
    phoneType: 'office',
  },
  email: { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e1', emailAddress: 'a@contoso.com' },
  authenticator: { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'ma1', displayName: 'iPhone' },
  phoneSignIn: { '@odata.type': '#microsoft.graph.passwordlessMicrosoftAuthenticatorAuthenticationMethod', id: 'pl1' },
  securityKey: { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f1', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a1ef67', model: 'YubiKey 5' },
  whfb: { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: 'w1' },
  softwareOath: { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: 's1' },
  hardwareOath: { '@odata.type': '#microsoft.graph.hardwareOathAuthenticationMethod', id: 'h1' },
  tapUsable: { '@odata.type': '#microsoft.graph.temporaryAccessPassAuthenticationMethod', id: 't1', isUsable: true },
  macOs: { '@odata.type': '#microsoft.graph.platformCredentialAuthenticationMethod', id: 'p1', platform: 'macOS' },
  external: { '@odata.type': '#microsoft.graph.externalAuthenticationMethod', id: 'x1', configurationId: 'cfg-1' },
  qr: { '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod', id: 'q1' },
  password: { '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: '28c10230-6103-485e-b985-444c60001490' },
} as const satisfies Record<string, GraphObject>;

export function user(over: Partial<SnapshotUser> = {}): SnapshotUser {
  return {
    id: 'u1',
    userPrincipalName: 'u1@contoso.com',
    displayName: 'User One',
    userType: 'member',
    accountEnabled: true,
    deleted: false,
    methods: [],
    signInPreferences: null,
    securityQuestionsRegistered: 0,
    properties: {},
    ...over,
  };
}

export function snapshotPolicies(over: Partial<SnapshotPolicies> = {}): SnapshotPolicies {
  return { authenticationMethodsPolicy: null, passwordResetPolicy: null, authorizationPolicy: null, legacyMfaPolicy: null, ...over };
}

export function effective(over: Partial<SnapshotPolicies> = {}, license: License = 'P1'): EffectivePolicies {
  return resolvePolicies(snapshotPolicies(over), license);
}

/** An AMP object with the given configurations (state enabled unless said), all_users targets by default. */
export function amp(configs: readonly GraphObject[], extra: GraphObject = {}): GraphObject {
  return { policyMigrationState: 'migrationComplete', authenticationMethodConfigurations: configs, ...extra };
}

export function cfg(id: string, over: GraphObject = {}): GraphObject {
  return { id, state: 'enabled', includeTargets: [{ targetType: 'group', id: 'all_users' }], excludeTargets: [], ...over };
}

export interface SubjectOptions {
  readonly registered?: readonly MethodName[];
  readonly groups?: readonly string[];
  readonly policies?: EffectivePolicies;
  readonly isAdmin?: boolean;
  readonly guest?: boolean;
  readonly ssprEnabled?: boolean;
  readonly securityQuestionsRegistered?: number;
}

export function subject(o: SubjectOptions = {}): RuleContext {
  const groups = new Set(o.groups ?? []);
  return {
    userId: 'u1',
    userType: o.guest === true ? 'guest' : 'member',
    isAdmin: o.isAdmin ?? false,
    isMemberOf: (g) => groups.has(g),
    policies: o.policies ?? effective(),
    registered: new Set(o.registered ?? []),
    securityQuestionsRegistered: o.securityQuestionsRegistered ?? 0,
    ssprEnabled: o.ssprEnabled ?? false,
  };
}
