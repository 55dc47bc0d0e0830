// Computes amr's userProtection rows and breakdown buckets a raw snapshot should give, from the
// rules in reports/ (no store, no HTTP): the oracle the protection HTTP tests compare answers with.
// Without imported activity there is no sign-in: usedStrength is null and only a method's own
// lastUsedDateTime proves it unused (decision 0090).
import { normaliseGroup, normaliseHeader, normaliseRoleAssignment, normaliseUser } from '../ingest/snapshot/index.js';
import type { GroupBy } from '../reports/breakdowns.js';
import { resolveMembership } from '../reports/membership.js';
import type { MethodName } from '../reports/method-names.js';
import type { RegistrationDetails, SnapshotUser } from '../reports/model.js';
import { isListed } from '../reports/population.js';
import { resolvePolicies } from '../reports/policies.js';
import { registeredStrength, staleMethods, STRENGTH_CLASSES, type StrengthClass } from '../reports/protection.js';
import { computeRegistrationDetails } from '../reports/registration-details.js';
import type { RuleContext } from '../reports/rule-context.js';
import { rolesByUser } from '../reports/roles.js';
import { isSsprEnabled } from '../reports/sspr.js';
import { RegistrationSummaryAccumulator } from '../reports/summaries.js';
import type { RawSnapshot } from './expected-rows.js';

export interface ExpectedProtection {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: string;
  readonly department: string | null;
  readonly companyName: string | null;
  readonly isAdmin: boolean;
  readonly isPrivilegedAdmin: boolean;
  readonly registeredStrength: StrengthClass;
  readonly usedStrength: null;
  readonly isWeakMfaOnly: boolean;
  readonly staleMethods: readonly string[];
  readonly staleMethodCount: number;
  readonly methodsRegistered: readonly string[];
}

export interface ExpectedBucket {
  readonly key: string | null;
  readonly totalUserCount: number;
  readonly counts: Record<StrengthClass, number>;
  readonly staleUserCount: number;
  readonly features: Record<string, number>;
  readonly methods: Record<string, number>;
}

interface UserFacts {
  readonly row: ExpectedProtection;
  readonly registration: RegistrationDetails;
  /** The user's keys per groupBy: [] when they hold none (the null bucket). */
  readonly keys: Readonly<Record<GroupBy, readonly string[]>>;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export class ProtectionOracle {
  readonly users: readonly UserFacts[];

  constructor(raw: RawSnapshot) {
    const header = normaliseHeader(raw.header, 'line 1', () => new Date());
    const groups = raw.groups.map((g, i) => normaliseGroup(g, `groups[${i}]`));
    const assignments = raw.roleAssignments.map((r, i) => normaliseRoleAssignment(r, `roleAssignments[${i}]`));
    const policies = resolvePolicies(header.policies, header.tenant.license);
    const membership = resolveMembership(groups, new Set(groups.map((g) => g.id)));
    const roles = rolesByUser(assignments, membership);
    const asOf = header.capturedDateTime;
    const users: UserFacts[] = [];
    raw.users.forEach((r, i) => {
      const user = normaliseUser(r, `users[${i}]`);
      if (!isListed(user)) return;
      const roleIds = roles.get(user.id) ?? new Set<string>();
      const isMemberOf = (g: string): boolean => membership.isMember(g, user.id);
      const d = computeRegistrationDetails(user, { roleTemplateIds: roleIds, isMemberOf }, policies, { lastUpdatedDateTime: asOf, capturedDateTime: asOf });
      const registered = new Set(d.methodsRegistered as readonly MethodName[]);
      const subject = {
        userId: user.id,
        userType: d.userType,
        isAdmin: d.isAdmin,
        isMemberOf,
        policies,
        registered,
        securityQuestionsRegistered: user.securityQuestionsRegistered,
      };
      const ctx: RuleContext = { ...subject, ssprEnabled: isSsprEnabled(subject) };
      const strength = registeredStrength(ctx);
      const stale = staleMethods({ registered, methods: user.methods, asOf, signIns: [], activityCompleteFrom: null }).map((s) => s.method);
      const row: ExpectedProtection = {
        id: d.id,
        userPrincipalName: d.userPrincipalName,
        userDisplayName: d.userDisplayName,
        userType: d.userType,
        department: text(user.properties.department),
        companyName: text(user.properties.companyName),
        isAdmin: d.isAdmin,
        isPrivilegedAdmin: d.isPrivilegedAdmin,
        registeredStrength: strength,
        usedStrength: null,
        isWeakMfaOnly: strength === 'weakMfa',
        staleMethods: stale,
        staleMethodCount: stale.length,
        methodsRegistered: d.methodsRegistered,
      };
      const keys = {
        department: row.department === null ? [] : [row.department],
        group: groups.filter((g) => isMemberOf(g.id)).map((g) => g.id),
        licence: licencesOf(user),
        role: [...roleIds],
        userType: [d.userType],
      };
      users.push({ row, registration: d, keys });
    });
    this.users = users;
  }

  get rows(): readonly ExpectedProtection[] {
    return this.users.map((u) => u.row);
  }

  /**
   * The buckets by key (null: users without the attribute; 'all' without groupBy). A user in no group
   * is in no group bucket (the store's rule, decision 0091): the group buckets are the tenant's groups.
   */
  buckets(groupBy: GroupBy | null): Map<string | null, ExpectedBucket> {
    const members = new Map<string | null, UserFacts[]>();
    for (const u of this.users) {
      const held = groupBy === null ? ['all'] : u.keys[groupBy];
      const keys: readonly (string | null)[] = held.length === 0 && groupBy !== 'group' ? [null] : held;
      for (const k of keys) members.set(k, [...(members.get(k) ?? []), u]);
    }
    return new Map([...members].map(([k, us]) => [k, bucketOf(k, us)]));
  }
}

function licencesOf(user: SnapshotUser): string[] {
  const list = user.properties.assignedLicenses;
  if (!Array.isArray(list)) return [];
  return list.flatMap((l: unknown) => {
    const sku = typeof l === 'object' && l !== null ? (l as Record<string, unknown>).skuId : undefined;
    return typeof sku === 'string' ? [sku.toLowerCase()] : [];
  });
}

function bucketOf(key: string | null, users: readonly UserFacts[]): ExpectedBucket {
  const counts = Object.fromEntries(STRENGTH_CLASSES.map((c) => [c, 0])) as Record<StrengthClass, number>;
  const summary = new RegistrationSummaryAccumulator();
  for (const u of users) {
    counts[u.row.registeredStrength]++;
    summary.add(u.registration);
  }
  return {
    key,
    totalUserCount: users.length,
    counts,
    staleUserCount: users.filter((u) => u.row.staleMethodCount > 0).length,
    features: Object.fromEntries(summary.featureSummary('all', 'all').userRegistrationFeatureCounts.map((c) => [c.feature, c.userCount])),
    methods: Object.fromEntries(summary.methodSummary('all', 'all').userRegistrationMethodCounts.map((c) => [c.authenticationMethod, c.userCount])),
  };
}
