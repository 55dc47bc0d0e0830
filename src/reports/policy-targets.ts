// Whether an include/exclude target list covers a user (entra-rules §1.4 PROPOSAL (a), §1.8; S25, S34).
import type { PolicyTarget } from './policy-types.js';

/** What target matching needs to know about the user. */
export interface TargetSubject {
  readonly userId: string;
  /** Transitive membership; only groups from referencedGroupIds() need answering. */
  isMemberOf(groupId: string): boolean;
}

export function targetMatches(t: PolicyTarget, u: TargetSubject): boolean {
  // S25/S26: `all_users` is a literal, not a group id.
  if (t.id === 'all_users') return true;
  // S17: per-user targets can no longer be added but old ones stay in the policy.
  if (t.targetType.toLowerCase() === 'user') return t.id === u.userId;
  return u.isMemberOf(t.id);
}

/** S34: exclude beats include. Returns the matching include targets (empty when none or excluded). */
export function matchingIncludes(include: readonly PolicyTarget[], exclude: readonly PolicyTarget[], u: TargetSubject): readonly PolicyTarget[] {
  if (exclude.some((t) => targetMatches(t, u))) return [];
  return include.filter((t) => targetMatches(t, u));
}
