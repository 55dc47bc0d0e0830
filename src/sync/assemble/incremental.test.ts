// Property: merging the deltas of a run of tenant states equals assembling the final state from scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assembleSnapshot, type SyncBodies } from './assemble.js';
import { mergeIncremental, type IncrementalBodies } from './incremental.js';
import { pages } from './render-graph.test-helper.js';
import { GraphBodyError } from './body-error.js';

const TENANT = '0b5e4a1c-7d2f-4c1e-9a3b-5f6e7d8c9b0a';
const USER_IDS = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
const GROUP_IDS = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000003'];
const GA = '62e90394-69f5-4237-9190-012177145e10';
const METHODS = [
  { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e', emailAddress: 'a@example.com' },
  { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: '3179e48a-750b-4051-897c-87b9720928f7', phoneType: 'mobile', phoneNumber: '+1 5550100' },
  { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a', displayName: 'Pixel' },
  { '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id: 'f', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' },
];

interface UserModel {
  readonly id: string;
  readonly name: string;
  readonly dept: string | null;
  readonly methods: readonly number[];
  readonly pref: string | null;
  readonly questions: boolean;
}
interface State {
  readonly users: readonly UserModel[];
  readonly groups: readonly { readonly id: string; readonly users: readonly string[]; readonly nested: readonly string[] }[];
  readonly roles: readonly { readonly principal: string; readonly eligible: boolean }[];
  readonly fido2Group: string;
  readonly ssprScope: 'all' | 'selected' | 'none';
  readonly ssprGroup: string;
  readonly allowedToUseSSPR: boolean;
}

const subset = <T>(xs: readonly T[]) => fc.subarray([...xs]);
const userArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    name: fc.constantFrom('Ann', 'Bo', 'Cy'),
    dept: fc.constantFrom(null, 'Sales', 'IT'),
    methods: subset([0, 1, 2, 3]),
    pref: fc.constantFrom(null, 'push', 'sms'),
    questions: fc.boolean(),
  });
const stateArb: fc.Arbitrary<State> = fc.record({
  users: subset(USER_IDS).chain((ids): fc.Arbitrary<UserModel[]> => (ids.length === 0 ? fc.constant([]) : fc.tuple(...ids.map(userArb)).map((t) => [...t]))),
  groups: subset(GROUP_IDS).chain((ids): fc.Arbitrary<State['groups'][number][]> =>
    ids.length === 0
      ? fc.constant([])
      : fc.tuple(...ids.map((id) => fc.record({ id: fc.constant(id), users: subset(USER_IDS), nested: subset(GROUP_IDS) }))).map((t) => [...t]),
  ),
  roles: fc.array(fc.record({ principal: fc.constantFrom(...USER_IDS, ...GROUP_IDS), eligible: fc.boolean() }), { maxLength: 4 }),
  fido2Group: fc.constantFrom(...GROUP_IDS, 'all_users'),
  ssprScope: fc.constantFrom('all', 'selected', 'none'),
  ssprGroup: fc.constantFrom(...GROUP_IDS),
  allowedToUseSSPR: fc.boolean(),
});

const directory = (u: UserModel) => ({
  id: u.id,
  userPrincipalName: `${u.name}@contoso.com`,
  displayName: u.name,
  userType: 'Member',
  accountEnabled: true,
  department: u.dept,
});
const methodPages = (u: UserModel) =>
  pages(
    u.methods.map((i) => METHODS[i]),
    2,
    'm',
  );
const prefs = (u: UserModel) => ({ userPreferredMethodForSecondaryAuthentication: u.pref, isSystemPreferredAuthenticationMethodEnabled: true });
const amp = (s: State) => ({
  policyMigrationState: 'migrationComplete',
  authenticationMethodConfigurations: [
    {
      '@odata.type': '#microsoft.graph.fido2AuthenticationMethodConfiguration',
      id: 'Fido2',
      state: 'enabled',
      includeTargets: [{ targetType: 'group', id: s.fido2Group }],
      excludeTargets: [],
    },
  ],
});
const sspr = (s: State) => ({
  enabledFor: s.ssprScope,
  selectedGroupId: s.ssprScope === 'selected' ? s.ssprGroup : null,
  numberOfMethodsRequired: 1,
  methods: ['email', 'securityQuestions'],
  securityQuestionsRequiredToReset: 3,
});
const rows = (s: State) => s.users.map((u) => ({ id: u.id, userType: 'member', methodsRegistered: u.questions ? ['securityQuestion'] : [] }));
const members = (s: State) =>
  new Map<string, readonly unknown[] | null>(
    GROUP_IDS.map((id) => {
      const g = s.groups.find((x) => x.id === id);
      if (g === undefined) return [id, null]; // the client asked, Graph answered 404
      return [
        id,
        pages(
          [
            ...g.nested.map((n) => ({ '@odata.type': '#microsoft.graph.group', id: n })),
            ...g.users.map((n) => ({ '@odata.type': '#microsoft.graph.user', id: n })),
          ],
          2,
          'g',
        ),
      ];
    }),
  );
const assignments = (s: State, eligible: boolean) =>
  pages(
    s.roles.filter((r) => r.eligible === eligible).map((r) => ({ principalId: r.principal, roleDefinitionId: GA, directoryScopeId: '/' })),
    3,
    'r',
  );

function full(s: State, at: string): SyncBodies {
  return {
    capturedDateTime: at,
    organization: [{ value: [{ id: TENANT, displayName: 'Contoso' }] }],
    subscribedSkus: [{ value: [{ capabilityStatus: 'Enabled', servicePlans: [{ servicePlanName: 'AAD_PREMIUM_P2', provisioningStatus: 'Success' }] }] }],
    usersDelta: pages(s.users.map(directory), 2, 'u'),
    methods: new Map(s.users.map((u) => [u.id, methodPages(u)])),
    signInPreferences: new Map(s.users.map((u) => [u.id, prefs(u)])),
    groupMembers: members(s),
    roleAssignments: assignments(s, false),
    roleEligibilities: assignments(s, true),
    authenticationMethodsPolicy: amp(s),
    authorizationPolicy: { allowedToUseSSPR: s.allowedToUseSSPR },
    registrationDetails: pages(rows(s), 1000, 'rd'),
    ssprPolicyFile: sspr(s),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What a later sync reads: the users delta, methods only where changed or new, the rest when changed (or by chance). */
function deltaOf(before: State, after: State, at: string, resend: boolean): IncrementalBodies {
  const old = new Map(before.users.map((u) => [u.id, u]));
  const changed = after.users.filter((u) => !same(old.get(u.id), u));
  const removed = before.users.filter((u) => !after.users.some((v) => v.id === u.id)).map((u) => ({ id: u.id, '@removed': { reason: 'deleted' } }));
  const methodsChanged = after.users.filter((u) => old.get(u.id) === undefined || !same(old.get(u.id)?.methods, u.methods));
  const f = full(after, at);
  const when = <T>(changedPart: boolean, value: T): T | undefined => (changedPart || resend ? value : undefined);
  const parts: IncrementalBodies = {
    capturedDateTime: at,
    usersDelta: pages([...changed.map(directory), ...removed], 2, 'u'),
    methods: new Map(methodsChanged.map((u) => [u.id, methodPages(u)])),
    signInPreferences: new Map(after.users.filter((u) => old.get(u.id)?.pref !== u.pref || !old.has(u.id)).map((u) => [u.id, prefs(u)])),
    groupMembers: f.groupMembers,
    registrationDetails: f.registrationDetails ?? [],
    ssprPolicyFile: f.ssprPolicyFile,
  };
  return {
    ...parts,
    ...optional('roleAssignments', when(!same(before.roles, after.roles), f.roleAssignments)),
    ...optional('roleEligibilities', when(!same(before.roles, after.roles), f.roleEligibilities)),
    ...optional('authenticationMethodsPolicy', when(before.fido2Group !== after.fido2Group, f.authenticationMethodsPolicy)),
    ...optional('authorizationPolicy', when(before.allowedToUseSSPR !== after.allowedToUseSSPR, f.authorizationPolicy)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

test('incremental merge of any run of states ≡ a full assembly of the last state', () => {
  fc.assert(
    fc.property(fc.array(stateArb, { minLength: 2, maxLength: 4 }), fc.boolean(), (states, resend) => {
      const times = states.map((_, i) => `2026-01-0${i + 1}T00:00:00.000Z`);
      let snapshot = assembleSnapshot(full(states[0]!, times[0]!)).snapshot;
      for (let i = 1; i < states.length; i++) {
        snapshot = mergeIncremental(snapshot, deltaOf(states[i - 1]!, states[i]!, times[i]!, resend)).snapshot;
      }
      const fresh = assembleSnapshot(full(states.at(-1)!, times.at(-1)!)).snapshot;
      assert.deepEqual(snapshot, fresh);
    }),
    { numRuns: 300 },
  );
});

test('a new user without its methods body is refused, naming the user', () => {
  const s: State = { users: [], groups: [], roles: [], fido2Group: 'all_users', ssprScope: 'all', ssprGroup: GROUP_IDS[0]!, allowedToUseSSPR: true };
  const base = assembleSnapshot(full(s, '2026-01-01T00:00:00Z')).snapshot;
  const u: UserModel = { id: USER_IDS[0]!, name: 'Ann', dept: null, methods: [], pref: null, questions: false };
  assert.throws(
    () => mergeIncremental(base, { capturedDateTime: '2026-01-02T00:00:00Z', usersDelta: pages([directory(u)], 5, 'u') }),
    (e: unknown) => e instanceof GraphBodyError && e.endpoint === `GET /beta/users/${USER_IDS[0]}/authentication/methods`,
  );
});

test('changed users keep their methods when not re-read; removed users go', () => {
  const a: UserModel = { id: USER_IDS[0]!, name: 'Ann', dept: 'IT', methods: [0], pref: null, questions: true };
  const b: UserModel = { ...a, id: USER_IDS[1]!, name: 'Bo' };
  const s: State = { users: [a, b], groups: [], roles: [], fido2Group: 'all_users', ssprScope: 'all', ssprGroup: GROUP_IDS[0]!, allowedToUseSSPR: true };
  const base = assembleSnapshot(full(s, '2026-01-01T00:00:00Z')).snapshot;
  const merged = mergeIncremental(base, {
    capturedDateTime: '2026-01-02T00:00:00Z',
    usersDelta: [
      {
        value: [
          { ...directory(a), department: 'Sales' },
          { id: b.id, '@removed': { reason: 'changed' } },
        ],
        '@odata.deltaLink': 'x',
      },
    ],
  });
  assert.equal(merged.snapshot.users.length, 1);
  const user = merged.snapshot.users[0]!;
  assert.equal(user['department'], 'Sales');
  assert.deepEqual(user['authentication'], base.users[0]!['authentication']);
  assert.equal(merged.securityQuestionsSource, 'previous');
});
