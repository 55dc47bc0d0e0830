// A hand-written tenant snapshot for the /amr/v1 protection HTTP tests (decision 0092): departments,
// companies, licences, groups, roles, every strength class and methods with use dates, so the
// breakdowns and stale counts are not trivially empty. The oracle is expected-protection.ts.
import type { RawSnapshot } from './expected-rows.js';

export const PROTECTION_TENANT = '22222222-3333-4444-5555-666666666666';
export const PROTECTION_OTHER_TENANT = '33333333-4444-5555-6666-777777777777';
export const PROTECTION_CAPTURED = '2026-11-20T06:00:00Z';

export const SKU_E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
export const SKU_E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
export const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
export const SECURITY_READER = '5d6b6bb7-de71-4623-b4af-96380a352509';

const OLD = '2025-12-01T00:00:00Z'; // registered long before the 90 days
const LONG_AGO = '2026-03-01T00:00:00Z'; // last used before the 90 days: stale
const RECENT = '2026-11-10T00:00:00Z'; // used inside the 90 days

const phone = (phoneType: string, id: string, dates: object = {}) => ({
  '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
  id,
  phoneType,
  phoneNumber: '+1 5550100123',
  smsSignInState: 'notEnabled',
  ...dates,
});
const authenticator = { '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id: 'a1', displayName: 'iPhone' };
const email = { '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e1', emailAddress: 'x@example.com' };
const oath = { '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id: 'o1', secretKey: null };
const fido2 = (dates: object) => ({
  '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
  id: 'f1',
  model: 'YubiKey 5 NFC',
  aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8',
  ...dates,
});
const whfb = { '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id: 'w1', createdDateTime: OLD, lastUsedDateTime: RECENT };

interface U {
  readonly n: number;
  readonly name: string;
  readonly dept?: string;
  readonly company?: string;
  readonly guest?: boolean;
  readonly enabled?: boolean;
  readonly deleted?: boolean;
  readonly skus?: readonly string[];
  readonly methods: readonly object[];
}

/** Person n's object id (hex, so that ids differ in case-sensitive spellings: 10 is '…00a'). */
export const personId = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const id = personId;
/** The fixture's people who are not listed: 13 is disabled, 14 deleted. */
export const UNLISTED = [13, 14] as const;

const PEOPLE: readonly U[] = [
  {
    n: 1,
    name: 'Alice',
    dept: 'Engineering',
    company: 'Contoso',
    skus: [SKU_E5],
    methods: [fido2({ createdDateTime: OLD, lastUsedDateTime: RECENT }), authenticator],
  },
  { n: 2, name: 'Bob', dept: 'Engineering', company: 'Contoso', skus: [SKU_E3], methods: [authenticator, email] },
  { n: 3, name: 'Carol', dept: 'Sales', company: 'Contoso', skus: [SKU_E3], methods: [phone('mobile', 'p3')] },
  { n: 4, name: 'Dan', dept: 'Sales', company: 'Fabrikam', skus: [SKU_E3, SKU_E5], methods: [email] },
  { n: 5, name: 'Erin', guest: true, methods: [phone('office', 'p5')] },
  { n: 6, name: 'Frank', dept: 'Engineering', company: 'Contoso', skus: [SKU_E5], methods: [oath] },
  { n: 7, name: 'Gina', dept: 'Sales', company: 'Contoso', methods: [whfb] },
  { n: 8, name: 'Hank', dept: 'Sales', skus: [SKU_E3], methods: [] },
  {
    n: 9,
    name: 'Ivy',
    dept: 'Engineering',
    company: 'Contoso',
    skus: [SKU_E3],
    methods: [phone('mobile', 'p9', { createdDateTime: OLD, lastUsedDateTime: LONG_AGO })],
  },
  {
    n: 10,
    name: 'Jack',
    dept: 'Support',
    company: 'Contoso',
    methods: [fido2({ createdDateTime: OLD, lastUsedDateTime: LONG_AGO }), phone('mobile', 'p10', { createdDateTime: OLD, lastUsedDateTime: RECENT })],
  },
  { n: 11, name: 'Kim', dept: 'Support', guest: true, methods: [authenticator] },
  { n: 12, name: 'Leo', dept: 'Sales', company: 'Contoso', methods: [phone('mobile', 'p12')] },
  { n: 13, name: 'Mia Disabled', dept: 'Sales', enabled: false, methods: [authenticator] },
  { n: 14, name: 'Ned Deleted', dept: 'Sales', deleted: true, methods: [] },
];

const GROUPS = [
  { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Engineers', members: [1, 2, 6, 9] },
  { id: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: 'Sellers', members: [3, 4, 7, 8, 12, 13] },
  { id: 'aaaaaaaa-0000-4000-8000-000000000003', displayName: 'On call', members: [1, 10, 11] },
];

const ROLES: readonly [number, string][] = [
  [1, GLOBAL_ADMIN],
  [6, SECURITY_READER],
  [10, GLOBAL_ADMIN],
];

/** The raw snapshot of `tenantId` (the other tenant gets its first `users` people only). */
export function protectionSnapshot(tenantId = PROTECTION_TENANT, users = PEOPLE.length): RawSnapshot {
  const people = PEOPLE.slice(0, users);
  return {
    header: {
      amrSnapshot: 1,
      tenant: { id: tenantId, displayName: 'Protection (fixture)', license: 'P2' },
      capturedDateTime: PROTECTION_CAPTURED,
      policies: {},
    },
    users: people.map((u) => ({
      id: id(u.n),
      userPrincipalName: `${u.name.split(' ')[0]!.toLowerCase()}@contoso.com`,
      displayName: u.name,
      userType: u.guest ? 'Guest' : 'Member',
      accountEnabled: u.enabled ?? true,
      ...(u.deleted ? { deletedDateTime: '2026-11-01T00:00:00Z' } : {}),
      department: u.dept ?? null,
      companyName: u.company ?? null,
      assignedLicenses: (u.skus ?? []).map((skuId) => ({ skuId, disabledPlans: [] })),
      authentication: { methods: u.methods },
    })),
    groups: GROUPS.map((g) => ({
      id: g.id,
      displayName: g.displayName,
      members: g.members.filter((n) => n <= users).map((n) => ({ '@odata.type': '#microsoft.graph.user', id: id(n) })),
    })),
    roleAssignments: ROLES.filter(([n]) => n <= users).map(([n, role]) => ({ principalId: id(n), roleDefinitionId: role, directoryScopeId: '/' })),
  };
}

/** The snapshot as the NDJSON an import reads. */
export function protectionNdjson(raw: RawSnapshot): string {
  const lines = [
    raw.header,
    ...raw.users.map((user) => ({ user })),
    ...raw.groups.map((group) => ({ group })),
    ...raw.roleAssignments.map((roleAssignment) => ({ roleAssignment })),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}
