// Effective policies from a snapshot's policy parts, with a new tenant's defaults for what is absent.
import type { GraphObject, License, SnapshotPolicies } from './model.js';
import type { EffectivePolicies, LegacyMfaMethod, LegacySsprMethod, MethodConfig, PasswordResetPolicy, PolicyTarget } from './policy-types.js';
import { DEFAULT_POLICIES } from './policy-defaults.js';
import { parseMethodConfigs, parseMigrationState, parseSystemPreferred } from './policy-parse.js';
import { bool, num, str, strings } from './graph-object.js';
import { canonicalIdOrNull } from '../util/object-id.js';

export type * from './policy-types.js';
export { DEFAULT_POLICIES } from './policy-defaults.js';

const LEGACY_SSPR_METHODS: ReadonlySet<string> = new Set<LegacySsprMethod>([
  'mobileAppNotification',
  'mobileAppCode',
  'email',
  'mobilePhone',
  'officePhone',
  'securityQuestions',
]);
const LEGACY_MFA_METHODS: ReadonlySet<string> = new Set<LegacyMfaMethod>(['sms', 'voice', 'mobileAppNotification', 'mobileAppCode']);

/**
 * Every absent part, and every absent field inside a present part, takes DEFAULT_POLICIES
 * (decision 0026). `license` comes from the snapshot's tenant (default P1).
 */
export function resolvePolicies(p: SnapshotPolicies, license: License = 'P1'): EffectivePolicies {
  const amp = p.authenticationMethodsPolicy;
  const d = DEFAULT_POLICIES;
  return {
    migrationState: parseMigrationState(amp) ?? d.migrationState,
    methodConfigs: mergeConfigs(parseMethodConfigs(amp), d.methodConfigs),
    systemPreferred: parseSystemPreferred(amp, d.systemPreferred),
    passwordReset: resolvePasswordReset(p.passwordResetPolicy, d.passwordReset),
    allowedToUseSSPR: bool(p.authorizationPolicy, 'allowedToUseSSPR') ?? d.allowedToUseSSPR,
    legacyMfaMethods: knownSet(strings(p.legacyMfaPolicy, 'methods'), LEGACY_MFA_METHODS) ?? d.legacyMfaMethods,
    license,
  };
}

/** A configuration the snapshot gives replaces the default of its kind; external ones only add. */
function mergeConfigs(given: readonly MethodConfig[] | null, defaults: readonly MethodConfig[]): readonly MethodConfig[] {
  if (given === null) return defaults;
  const givenKinds = new Set(given.map((c) => c.kind));
  return [...given, ...defaults.filter((c) => !givenKinds.has(c.kind))];
}

function resolvePasswordReset(o: GraphObject | null, d: PasswordResetPolicy): PasswordResetPolicy {
  const scope = (str(o, 'enabledFor') ?? '').toLowerCase();
  const required = num(o, 'numberOfMethodsRequired');
  const questions = num(o, 'securityQuestionsRequiredToReset');
  return {
    enabledFor: scope === 'none' || scope === 'selected' || scope === 'all' ? scope : d.enabledFor,
    // decision 0055: the group's GUID in any case names the snapshot's (lower-cased) group.
    selectedGroupId: canonicalIdOrNull(str(o, 'selectedGroupId')) ?? d.selectedGroupId,
    numberOfMethodsRequired: required === 1 || required === 2 ? required : d.numberOfMethodsRequired,
    methods: knownSet(strings(o, 'methods'), LEGACY_SSPR_METHODS) ?? d.methods,
    securityQuestionsRequiredToReset: questions !== null && questions >= 1 ? questions : d.securityQuestionsRequiredToReset,
  };
}

function knownSet<T extends string>(values: readonly string[] | null, known: ReadonlySet<string>): ReadonlySet<T> | null {
  return values === null ? null : new Set(values.filter((v): v is T => known.has(v)));
}

/**
 * Every group a policy can consult for some user: targets of enabled method configurations, the
 * system-preferred targets and the SSPR group. Membership is resolved for these groups only.
 */
export function referencedGroupIds(e: EffectivePolicies): ReadonlySet<string> {
  const ids = new Set<string>();
  const add = (targets: readonly PolicyTarget[]): void => {
    for (const t of targets) if (t.targetType.toLowerCase() === 'group' && t.id !== 'all_users') ids.add(t.id);
  };
  for (const c of e.methodConfigs) {
    if (!c.enabled) continue;
    add(c.includeTargets);
    add(c.excludeTargets);
  }
  add(e.systemPreferred.includeTargets);
  add(e.systemPreferred.excludeTargets);
  if (e.passwordReset.enabledFor === 'selected' && e.passwordReset.selectedGroupId !== null) {
    ids.add(e.passwordReset.selectedGroupId);
  }
  return ids;
}
