// One user's userRegistrationDetails row from the snapshot (entra-rules §1, §7).
import type { RegistrationDetails, SnapshotUser } from './model.js';
import type { EffectivePolicies } from './policy-types.js';
import type { PolicySubject, RuleContext } from './rule-context.js';
import { methodsFromGraph } from './methods.js';
import { adminFlags } from './roles.js';
import { mfaFlags } from './mfa.js';
import { isSsprEnabled, isSsprRegistered } from './sspr.js';
import { isSystemPreferredEnabled, systemPreferredMethods } from './system-preferred.js';
import { defaultMfaMethod, userPreferredMethod } from './default-method.js';

export interface UserDirectoryContext {
  /** The user's active role template ids (rolesByUser), lower case. */
  readonly roleTemplateIds: ReadonlySet<string>;
  /** Transitive membership in the groups of referencedGroupIds(). */
  isMemberOf(groupId: string): boolean;
}

export interface RowTimes {
  /** Written to the row as is: the snapshot's capture time (S1: a refresh time, not a registration). */
  readonly lastUpdatedDateTime: string;
  /** The instant the rules evaluate at (TAP usability, A6). */
  readonly capturedDateTime: string;
}

/** Every property of RegistrationDetails. The caller decides who is listed (population.isListed). */
export function computeRegistrationDetails(user: SnapshotUser, ctx: UserDirectoryContext, policies: EffectivePolicies, at: RowTimes): RegistrationDetails {
  return computeRegistration(user, ctx, policies, at).details;
}

/** The row, with the rule context it was computed in (the protection rules read the same context: decision 0090). */
export function computeRegistration(
  user: SnapshotUser,
  ctx: UserDirectoryContext,
  policies: EffectivePolicies,
  at: RowTimes,
): { readonly details: RegistrationDetails; readonly rules: RuleContext } {
  const { names } = methodsFromGraph(user.methods, user.securityQuestionsRegistered, at.capturedDateTime);
  const { isAdmin, isPrivilegedAdmin } = adminFlags(ctx.roleTemplateIds);
  const subject: PolicySubject = {
    userId: user.id,
    userType: user.userType,
    isAdmin,
    isMemberOf: (groupId) => ctx.isMemberOf(groupId),
    policies,
    registered: new Set(names),
    securityQuestionsRegistered: user.securityQuestionsRegistered,
  };
  const ssprEnabled = isSsprEnabled(subject);
  const rules: RuleContext = { ...subject, ssprEnabled };
  const ssprRegistered = isSsprRegistered(subject);
  const preferred = userPreferredMethod(user.signInPreferences, subject.registered);
  const details: RegistrationDetails = {
    id: user.id,
    userPrincipalName: user.userPrincipalName,
    userDisplayName: user.displayName,
    userType: user.userType,
    isAdmin,
    isPrivilegedAdmin,
    ...mfaFlags(rules),
    isSsprRegistered: ssprRegistered,
    isSsprEnabled: ssprEnabled,
    isSsprCapable: ssprRegistered && ssprEnabled, // §1.6, S1/S3/S30
    isSystemPreferredAuthenticationMethodEnabled: isSystemPreferredEnabled(subject, policies, user.signInPreferences),
    systemPreferredAuthenticationMethods: systemPreferredMethods(rules),
    userPreferredMethodForSecondaryAuthentication: preferred,
    defaultMfaMethod: defaultMfaMethod(preferred),
    methodsRegistered: names,
    lastUpdatedDateTime: at.lastUpdatedDateTime,
  };
  return { details, rules };
}
