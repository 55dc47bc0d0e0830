// A seeded tenant for the protection tests (issue 15): users with every method class, creation and
// last-use dates, departments, companies, licences, nested groups (with a cycle) and roles, and
// sign-ins over 120 days; plus the oracle: the userProtection rows and breakdowns computed from the
// raw objects with the rules in reports/, without the store.
import { normaliseGroup, normaliseHeader, normaliseRoleAssignment, normaliseUser } from '../ingest/snapshot/index.js';
import { resolveMembership } from '../reports/membership.js';
import { isListed } from '../reports/population.js';
import { referencedGroupIds, resolvePolicies } from '../reports/policies.js';
import { computeRegistration } from '../reports/registration-details.js';
import { rolesByUser } from '../reports/roles.js';
import { registeredStrength, staleMethods, usedStrength } from '../reports/protection.js';
import { deriveSignInFact } from '../reports/activity/sign-in-fact.js';
import { BucketCounter, GROUP_BY, featureBitsOf, type BucketSummary, type GroupBy } from '../reports/breakdowns.js';
import { BUILT_IN_ROLES } from '../reports/role-catalog.js';
import { METHODS_REGISTERED } from '../reports/method-names.js';
import type { SignInRecord } from '../reports/activity-model.js';
import type { ProtectionDetails } from '../reports/model.js';
import { signIn, step } from '../reports/activity/test-records.js';
import { prng } from '../util/prng.js';
import { licenceName } from '../reports/sku-names.js';

export const PROTECTION_TENANT = '5a5a5a5a-1111-4222-8333-944444444444';
export const CAPTURED_AT = '2026-11-20T06:00:00.000Z';
const DAY = 86_400_000;
const GA = '62e90394-69f5-4237-9190-012177145e10';
const HELPDESK = '729827e3-9c14-49f7-bb1b-9608f156bbb8';
const SKUS = ['06ebc4ee-1bb5-47dd-8120-11324bc54e06', '05e9a617-0261-4cee-bb44-138d3ef5d965', '66b55226-6b4f-492c-910c-a3b7a3c9d993'];
const DEPARTMENTS = ['Sales', 'R&D', 'Finance', 'sales', '', null];

export interface ProtectionTenant {
  readonly header: Record<string, unknown>;
  readonly users: Record<string, unknown>[];
  readonly groups: Record<string, unknown>[];
  readonly roleAssignments: Record<string, unknown>[];
  readonly signIns: SignInRecord[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** Method objects by kind, each with a sign-in method string that uses it (null: not signed in with). */
const KINDS: readonly { readonly type: string; readonly extra: Record<string, unknown>; readonly logged: string | null }[] = [
  { type: 'phoneAuthenticationMethod', extra: { phoneType: 'mobile', phoneNumber: '+1 5550100', smsSignInState: 'notEnabled' }, logged: 'Text message' },
  { type: 'phoneAuthenticationMethod', extra: { phoneType: 'alternateMobile', phoneNumber: '+1 5550101' }, logged: null },
  { type: 'phoneAuthenticationMethod', extra: { phoneType: 'office', phoneNumber: '+1 5550102' }, logged: 'Phone call' },
  { type: 'microsoftAuthenticatorAuthenticationMethod', extra: { displayName: 'iPhone' }, logged: 'Mobile app notification' },
  { type: 'passwordlessMicrosoftAuthenticatorAuthenticationMethod', extra: { displayName: 'Pixel' }, logged: 'Passwordless phone sign-in' },
  { type: 'fido2AuthenticationMethod', extra: { model: 'YubiKey 5 NFC', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8' }, logged: 'FIDO2 security key' },
  { type: 'windowsHelloForBusinessAuthenticationMethod', extra: {}, logged: 'Windows Hello for Business' },
  { type: 'softwareOathAuthenticationMethod', extra: {}, logged: 'OATH verification code' },
  { type: 'emailAuthenticationMethod', extra: { emailAddress: 'x@example.com' }, logged: null },
];

/** `n` users (some disabled or guests), groups nested three deep with a cycle, roles, and sign-ins. */
export function protectionTenant(seed: number, n = 80): ProtectionTenant {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const captured = Date.parse(CAPTURED_AT);
  const users: Record<string, unknown>[] = [];
  const signIns: SignInRecord[] = [];
  for (let i = 0; i < n; i++) {
    const id = `00000000-0000-4000-8000-${String(1000 + i).padStart(12, '0')}`;
    const methods: Record<string, unknown>[] = [];
    const used: string[] = [];
    for (const [k, kind] of KINDS.entries()) {
      if (rnd() > 0.3) continue;
      const m: Record<string, unknown> = { '@odata.type': `#microsoft.graph.${kind.type}`, id: `${id.slice(0, 30)}${k}`, ...kind.extra };
      // Registered 0–400 days before the capture, or no date (the rule can't judge those).
      if (rnd() < 0.8) m['createdDateTime'] = iso(captured - Math.floor(rnd() * 400) * DAY);
      // Graph tracks last use for some: recent, old, or (rarely) after the capture.
      const r = rnd();
      if (r < 0.25) m['lastUsedDateTime'] = iso(captured - Math.floor(rnd() * 200) * DAY);
      methods.push(m);
      if (kind.logged !== null && rnd() < 0.6) used.push(kind.logged);
    }
    const department = pick(DEPARTMENTS);
    const licences = rnd() < 0.2 ? [] : SKUS.filter(() => rnd() < 0.5).map((skuId) => ({ skuId: skuId.toUpperCase(), disabledPlans: [] }));
    users.push({
      id,
      userPrincipalName: `user${i}@protection.example`,
      displayName: `User ${String(i).padStart(3, '0')}`,
      userType: rnd() < 0.15 ? 'Guest' : 'Member',
      accountEnabled: rnd() > 0.05,
      ...(department === null ? {} : { department }),
      ...(rnd() < 0.7 ? { companyName: pick(['Contoso', 'Fabrikam']) } : {}),
      assignedLicenses: licences,
      authentication: { methods },
    });
    // Sign-ins over the 120 days before the capture, with the methods the user uses.
    const count = used.length === 0 ? Math.floor(rnd() * 2) : 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < count; s++) {
      const method = used.length > 0 ? pick(used) : null;
      const ok = rnd() > 0.15;
      signIns.push(
        signIn({
          id: `si-${seed}-${i}-${s}`,
          tenantId: PROTECTION_TENANT,
          userId: id,
          userPrincipalName: `user${i}@protection.example`,
          userDisplayName: `User ${i}`,
          // Most before the capture (120 days); a few in the hours after it, before the tests' clock.
          createdDateTime: iso(i % 9 === 0 && s === 0 ? captured + (1 + (i % 15)) * 3_600_000 : captured - Math.floor(rnd() * 120 * 24) * 3_600_000),
          isInteractive: rnd() > 0.3,
          errorCode: ok ? 0 : 500121,
          authenticationRequirement: method === null ? 'singleFactorAuthentication' : 'multiFactorAuthentication',
          authenticationDetails:
            method === null ? [step('Password')] : [step('Password'), step(method, { requirement: 'Secondary authentication', succeeded: ok || rnd() < 0.5 })],
        }),
      );
    }
  }
  const ids = users.map((u) => u['id'] as string);
  const member = (kind: 'user' | 'group', id: string) => ({ '@odata.type': `#microsoft.graph.${kind}`, id });
  const groups = [
    { id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'All staff', members: [member('group', 'aaaaaaaa-0000-4000-8000-000000000002')] },
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000002',
      displayName: 'Engineering',
      members: [...ids.filter(() => rnd() < 0.3).map((id) => member('user', id)), member('group', 'aaaaaaaa-0000-4000-8000-000000000003')],
    },
    // Nests Engineering again: a cycle the transitive membership must end.
    {
      id: 'aaaaaaaa-0000-4000-8000-000000000003',
      displayName: 'Platform',
      members: [...ids.filter(() => rnd() < 0.2).map((id) => member('user', id)), member('group', 'aaaaaaaa-0000-4000-8000-000000000002')],
    },
    { id: 'aaaaaaaa-0000-4000-8000-000000000004', displayName: 'Admins', members: ids.filter(() => rnd() < 0.08).map((id) => member('user', id)) },
    { id: 'aaaaaaaa-0000-4000-8000-000000000005', displayName: 'Empty', members: [] },
  ];
  const roleAssignments = [
    { principalId: 'aaaaaaaa-0000-4000-8000-000000000004', roleDefinitionId: HELPDESK, directoryScopeId: '/' },
    ...ids.filter(() => rnd() < 0.05).map((id) => ({ principalId: id, roleDefinitionId: GA, directoryScopeId: '/' })),
  ];
  const header = {
    amrSnapshot: 1,
    tenant: { id: PROTECTION_TENANT, displayName: 'Protection (test)', license: 'P2' },
    capturedDateTime: CAPTURED_AT,
    policies: {},
  };
  return { header, users, groups, roleAssignments, signIns };
}

/** The tenant as an NDJSON snapshot. */
export function protectionSnapshot(t: ProtectionTenant): string {
  const lines: object[] = [
    t.header,
    ...t.users.map((user) => ({ user })),
    ...t.groups.map((group) => ({ group })),
    ...t.roleAssignments.map((roleAssignment) => ({ roleAssignment })),
  ];
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

export interface ExpectedProtection {
  readonly rows: Map<string, ProtectionDetails>;
  readonly breakdowns: ReadonlyMap<GroupBy | null, readonly BucketSummary[]>;
}

const ROLE_NAMES = new Map(BUILT_IN_ROLES.map((r) => [r.id.toLowerCase(), r.name]));

/**
 * The oracle. asOf = the later of the capture and the newest sign-in (decision 0091); activity is
 * complete from the oldest sign-in given (null without any). `withActivity` false: the state before
 * the sign-ins are imported.
 */
export function expectedProtection(t: ProtectionTenant, withActivity: boolean): ExpectedProtection {
  const header = normaliseHeader(t.header, 'line 1', () => new Date());
  const groups = t.groups.map((g, i) => normaliseGroup(g, `groups[${i}]`));
  const assignments = t.roleAssignments.map((r, i) => normaliseRoleAssignment(r, `roleAssignments[${i}]`));
  const policies = resolvePolicies(header.policies, header.tenant.license);
  const everyGroup = resolveMembership(groups, new Set(groups.map((g) => g.id)));
  const wanted = resolveMembership(groups, new Set([...referencedGroupIds(policies), ...assignments.map((a) => a.principalId)]));
  const roles = rolesByUser(assignments, wanted);
  const facts = withActivity ? t.signIns.map(deriveSignInFact) : [];
  const times = facts.map((f) => Date.parse(f.createdDateTime));
  const asOfMs = Math.max(Date.parse(header.capturedDateTime), ...times);
  const asOf = asOfMs === Date.parse(header.capturedDateTime) ? header.capturedDateTime : new Date(asOfMs).toISOString();
  const completeFrom = times.length === 0 ? null : new Date(Math.min(...times)).toISOString();
  const at = { lastUpdatedDateTime: header.capturedDateTime, capturedDateTime: header.capturedDateTime };
  const rows = new Map<string, ProtectionDetails>();
  const counters = new Map<GroupBy | null, BucketCounter>([null, ...GROUP_BY].map((g) => [g, new BucketCounter()]));
  t.users.forEach((raw, i) => {
    const user = normaliseUser(raw, `users[${i}]`);
    if (!isListed(user)) return;
    const roleIds = roles.get(user.id) ?? new Set<string>();
    const { details, rules } = computeRegistration(user, { roleTemplateIds: roleIds, isMemberOf: (g) => wanted.isMember(g, user.id) }, policies, at);
    const own = facts.filter((f) => f.userId === user.id);
    const stale = staleMethods({
      registered: details.methodsRegistered as never,
      methods: user.methods,
      asOf,
      signIns: own,
      activityCompleteFrom: completeFrom,
    });
    const strength = registeredStrength(rules);
    const dept = typeof raw['department'] === 'string' && raw['department'].trim() !== '' ? raw['department'] : null;
    const company = typeof raw['companyName'] === 'string' && raw['companyName'].trim() !== '' ? raw['companyName'] : null;
    rows.set(user.id, {
      id: user.id,
      userPrincipalName: user.userPrincipalName,
      userDisplayName: user.displayName,
      userType: user.userType,
      department: dept,
      companyName: company,
      isAdmin: details.isAdmin,
      isPrivilegedAdmin: details.isPrivilegedAdmin,
      registeredStrength: strength,
      usedStrength: own.length === 0 ? null : usedStrength(own, { asOf }),
      isWeakMfaOnly: strength === 'weakMfa',
      staleMethods: stale.map((s) => s.method),
      staleMethodCount: stale.length,
      methodsRegistered: [...details.methodsRegistered],
      lastUpdatedDateTime: asOf,
    });
    let mask = 0;
    for (const m of details.methodsRegistered) mask |= 2 ** METHODS_REGISTERED.indexOf(m as (typeof METHODS_REGISTERED)[number]);
    const counted = { featureBits: featureBitsOf(details), methodMask: mask, strength, stale: stale.length > 0 };
    counters.get(null)!.add('all', null, counted);
    counters.get('userType')!.add(user.userType, null, counted);
    counters.get('department')!.add(dept, null, counted);
    const skus = [...new Set(((raw['assignedLicenses'] as { skuId: string }[] | undefined) ?? []).map((l) => l.skuId.toLowerCase()))];
    if (skus.length === 0) counters.get('licence')!.add(null, null, counted);
    for (const s of skus) counters.get('licence')!.add(s, licenceName(s), counted);
    if (roleIds.size === 0) counters.get('role')!.add(null, null, counted);
    for (const r of roleIds) counters.get('role')!.add(r, ROLE_NAMES.get(r) ?? null, counted);
    for (const g of groups) if (everyGroup.isMember(g.id, user.id)) counters.get('group')!.add(g.id, g.displayName, counted);
  });
  return { rows, breakdowns: new Map([...counters].map(([g, c]) => [g, c.summaries()])) };
}
