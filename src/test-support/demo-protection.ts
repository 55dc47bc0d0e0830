// Test support: each listed user's protection, derived from a raw demo snapshot with the report rules
// alone (no store): the same steps as computeRegistrationDetails, then reports/protection.ts.
import { normaliseGroup, normaliseHeader, normaliseRoleAssignment, normaliseUser } from '../ingest/snapshot/index.js';
import type { RegistrationOrResetEvent, SignInFact } from '../reports/activity-model.js';
import { resolveMembership } from '../reports/membership.js';
import { methodsFromGraph } from '../reports/methods.js';
import type { MethodName } from '../reports/method-names.js';
import type { GraphObject } from '../reports/model.js';
import { referencedGroupIds, resolvePolicies } from '../reports/policies.js';
import { isListed } from '../reports/population.js';
import { registeredStrength, staleMethods, type StaleMethod, type StrengthClass } from '../reports/protection.js';
import type { PolicySubject, RuleContext } from '../reports/rule-context.js';
import { adminFlags, rolesByUser } from '../reports/roles.js';
import { isSsprEnabled } from '../reports/sspr.js';
import type { Materialised } from '../demo/test-support.js';

export interface UserProtection {
  readonly id: string;
  readonly userType: string;
  readonly department: string | null;
  readonly skuIds: readonly string[];
  readonly isAdmin: boolean;
  readonly registered: readonly MethodName[];
  readonly methods: readonly GraphObject[];
  readonly registeredStrength: StrengthClass;
  /** Stale with asOf = the capture and no activity (activityCompleteFrom null): lastUsedDateTime decides. */
  readonly stale: readonly StaleMethod[];
}

export interface UserActivity {
  readonly signIns: readonly SignInFact[];
  readonly resets: readonly RegistrationOrResetEvent[];
}

function skuIdsOf(properties: GraphObject): string[] {
  const licences = properties['assignedLicenses'];
  if (!Array.isArray(licences)) return [];
  return licences.flatMap((l: unknown) => {
    const id = typeof l === 'object' && l !== null ? (l as Record<string, unknown>)['skuId'] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/** The listed users' protection rows (`everyone`: all users'); `activity` (by user id) feeds staleMethods when given. */
export function protectionOf(t: Materialised, activity?: ReadonlyMap<string, UserActivity>, everyone = false): UserProtection[] {
  const captured = new Date(String(t.header['capturedDateTime']));
  const header = normaliseHeader(t.header, 'line 1', () => captured);
  const groups = t.groups.map((g, i) => normaliseGroup(g, `groups[${i}]`));
  const assignments = t.roleAssignments.map((r, i) => normaliseRoleAssignment(r, `roleAssignments[${i}]`));
  const policies = resolvePolicies(header.policies, header.tenant.license);
  const groupIds = new Set(groups.map((g) => g.id));
  const wanted = new Set([...referencedGroupIds(policies), ...assignments.map((a) => a.principalId).filter((id) => groupIds.has(id))]);
  const membership = resolveMembership(groups, wanted);
  const roles = rolesByUser(assignments, membership);
  const asOf = header.capturedDateTime;
  const rows: UserProtection[] = [];
  t.users.forEach((raw, i) => {
    const user = normaliseUser(raw, `users[${i}]`);
    if (!everyone && !isListed(user)) return;
    const { names } = methodsFromGraph(user.methods, user.securityQuestionsRegistered, asOf);
    const { isAdmin } = adminFlags(roles.get(user.id) ?? new Set());
    const subject: PolicySubject = {
      userId: user.id,
      userType: user.userType,
      isAdmin,
      isMemberOf: (g) => membership.isMember(g, user.id),
      policies,
      registered: new Set(names),
      securityQuestionsRegistered: user.securityQuestionsRegistered,
    };
    const ctx: RuleContext = { ...subject, ssprEnabled: isSsprEnabled(subject) };
    const department = user.properties['department'];
    const own = activity?.get(user.id);
    rows.push({
      id: user.id,
      userType: user.userType,
      department: typeof department === 'string' ? department : null,
      skuIds: skuIdsOf(user.properties),
      isAdmin,
      registered: names,
      methods: user.methods,
      registeredStrength: registeredStrength(ctx),
      stale: staleMethods({
        registered: names,
        methods: user.methods,
        asOf,
        signIns: own?.signIns ?? [],
        resets: own?.resets ?? [],
        activityCompleteFrom: null,
      }),
    });
  });
  return rows;
}
