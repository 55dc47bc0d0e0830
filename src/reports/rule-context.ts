// What the per-user rules know about one user: identity, roles, groups, policies and registrations.
import type { UserType } from './model.js';
import type { MethodName } from './method-names.js';
import type { EffectivePolicies } from './policy-types.js';
import type { TargetSubject } from './policy-targets.js';

export interface PolicySubject extends TargetSubject {
  readonly userType: UserType;
  readonly isAdmin: boolean;
  readonly policies: EffectivePolicies;
  /** methodsRegistered names of the user. */
  readonly registered: ReadonlySet<MethodName>;
  readonly securityQuestionsRegistered: number;
}

/** A subject whose SSPR scope is known: the legacy SSPR policy enables methods only for its users. */
export interface RuleContext extends PolicySubject {
  readonly ssprEnabled: boolean;
}
