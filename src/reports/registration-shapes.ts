// computeRegistrationDetails for the users of one tenant under one policy set, each distinct
// shape of user computed once (decision 0007). Everything in a row except the user's id and names
// is a function of the policies and of this shape:
// - the methodsRegistered names (methodsFromGraph, as a mask: the only use of the method objects),
// - the user type, the admin flags of the user's roles,
// - the wanted groups the user is a transitive member of (the only groups the rules ask about:
//   referencedGroupIds; any other answers false for everyone),
// - the security questions registered, and the two signInPreferences values.
// The one rule that reads the user's id (a legacy per-user policy target, targetMatches) is
// covered by computing such users directly. A property test holds the two paths equal
// (registration-shapes.test.ts).
import type { RegistrationDetails, SnapshotUser } from './model.js';
import type { EffectivePolicies, PolicyTarget } from './policy-types.js';
import { methodMaskFromGraph } from './methods.js';
import { adminFlags } from './roles.js';
import { computeRegistration, type RowTimes } from './registration-details.js';
import type { RuleContext } from './rule-context.js';

/** Past this many shapes (input made to defeat the cache), it starts over: memory stays bounded. */
const MAX_SHAPES = 50_000;

/** The tenant's group membership, as the rules and the shapes need it (GroupMembership has it). */
export interface MembershipOf {
  /** Equal for two users exactly when they are transitive members of the same wanted groups. */
  signature(userId: string): number | string;
  isMember(groupId: string, userId: string): boolean;
}

/** A row without the user's identity: what every user of one shape shares. */
export type ShapeDetails = Omit<RegistrationDetails, 'id' | 'userPrincipalName' | 'userDisplayName'>;

/** Ids of every per-user target (targetType 'user', S17) the rules can match against a user's id. */
export function userTargetIds(p: EffectivePolicies): ReadonlySet<string> {
  const ids = new Set<string>();
  const add = (targets: readonly PolicyTarget[]): void => {
    for (const t of targets) if (t.targetType.toLowerCase() === 'user') ids.add(t.id);
  };
  for (const c of p.methodConfigs) {
    add(c.includeTargets);
    add(c.excludeTargets);
  }
  add(p.systemPreferred.includeTargets);
  add(p.systemPreferred.excludeTargets);
  return ids;
}

/**
 * The shape's small parts as one number: 19 method bits, the user type, the two admin flags, the
 * system-preferred preference (absent, null, true, false) and the security questions registered
 * (below 2^28; null past that: such a user is computed directly).
 */
function smallParts(mask: number, user: SnapshotUser, isAdmin: boolean, isPrivilegedAdmin: boolean): number | null {
  const questions = user.securityQuestionsRegistered;
  if (questions >= 2 ** 28) return null;
  const prefs = user.signInPreferences;
  const sp = prefs === null ? 0 : prefs.isSystemPreferredAuthenticationMethodEnabled === null ? 1 : prefs.isSystemPreferredAuthenticationMethodEnabled ? 2 : 3;
  return mask + (user.userType === 'guest' ? 2 ** 19 : 0) + (isAdmin ? 2 ** 20 : 0) + (isPrivilegedAdmin ? 2 ** 21 : 0) + sp * 2 ** 22 + questions * 2 ** 24;
}

type ByPreferred<T> = Map<string | null, T>;
type ByMembership<T> = Map<number | string, ByPreferred<T>>;

/**
 * Users' rows by shape: `derive` turns the first user of each shape into what the caller keeps for
 * the shape (for the report table, the row's cells after the user's identity), so that a user of a
 * known shape costs three map lookups: the small parts, the membership, the preferred method (free
 * text, so a level of its own). No key string is built per user.
 */
export class RegistrationShapes<T> {
  private readonly shapes = new Map<number, ByMembership<T>>();
  private count = 0;
  private readonly userTargets: ReadonlySet<string>;

  constructor(
    private readonly policies: EffectivePolicies,
    private readonly at: RowTimes,
    /** `rules`: the context the row was computed in; every user of the shape has an equal one (but for the id). */
    private readonly derive: (shape: ShapeDetails, rules: RuleContext) => T,
  ) {
    this.userTargets = userTargetIds(policies);
  }

  /**
   * derive(computeRegistrationDetails(user, ctx, policies, at)) for ctx = the user's roles and
   * membership, computed once per shape (the context is built only then).
   */
  of(user: SnapshotUser, roleTemplateIds: ReadonlySet<string>, membership: MembershipOf): T {
    if (this.userTargets.has(user.id)) return this.compute(user, roleTemplateIds, membership);
    const mask = methodMaskFromGraph(user.methods, user.securityQuestionsRegistered, this.at.capturedDateTime);
    const { isAdmin, isPrivilegedAdmin } = adminFlags(roleTemplateIds);
    const small = smallParts(mask, user, isAdmin, isPrivilegedAdmin);
    if (small === null) return this.compute(user, roleTemplateIds, membership);
    const preferred = user.signInPreferences?.userPreferredMethodForSecondaryAuthentication ?? null;
    let byMembership = this.shapes.get(small);
    const signature = membership.signature(user.id);
    let byPreferred = byMembership?.get(signature);
    const known = byPreferred?.get(preferred);
    if (known !== undefined) return known;
    const derived = this.compute(user, roleTemplateIds, membership);
    if (this.count >= MAX_SHAPES) {
      this.shapes.clear();
      this.count = 0;
      byMembership = undefined;
      byPreferred = undefined;
    }
    if (byMembership === undefined) {
      byMembership = new Map();
      this.shapes.set(small, byMembership);
    }
    if (byPreferred === undefined) {
      byPreferred = new Map();
      byMembership.set(signature, byPreferred);
    }
    byPreferred.set(preferred, derived);
    this.count++;
    return derived;
  }

  private compute(user: SnapshotUser, roleTemplateIds: ReadonlySet<string>, membership: MembershipOf): T {
    const { details, rules } = computeRegistration(
      user,
      {
        roleTemplateIds,
        isMemberOf: (groupId) => membership.isMember(groupId, user.id),
      },
      this.policies,
      this.at,
    );
    return this.derive(details, rules);
  }
}
