// System-preferred MFA: whether it applies to a user, and the method it picks (entra-rules §1.8, A9, A10).
import type { SignInPreferences } from './model.js';
import type { Channel } from './method-traits.js';
import type { MethodName } from './method-names.js';
import type { EffectivePolicies } from './policy-types.js';
import type { TargetSubject } from './policy-targets.js';
import type { RuleContext } from './rule-context.js';
import { matchingIncludes } from './policy-targets.js';
import { isChannelUsable } from './method-allowed.js';

/**
 * §1.8 PROPOSAL: disabled → false; enabled or default ("Microsoft managed" = enabled, S35, A9) →
 * included and not excluded (exclude wins, S34). When the snapshot has no systemCredentialPreferences,
 * the user's own signInPreferences flag (S40) is the next best evidence; then the default (enabled).
 */
export function isSystemPreferredEnabled(u: TargetSubject, p: EffectivePolicies, prefs: SignInPreferences | null): boolean {
  const sp = p.systemPreferred;
  if (!sp.fromSnapshot && prefs?.isSystemPreferredAuthenticationMethodEnabled != null) {
    return prefs.isSystemPreferredAuthenticationMethodEnabled;
  }
  if (sp.state === 'disabled') return false;
  return matchingIncludes(sp.includeTargets, sp.excludeTargets, u).length > 0;
}

/** §1.8 PROPOSAL order, most secure first, over the userDefaultAuthenticationMethod members. */
const MODES: readonly (readonly [mode: string, method: MethodName, channel: Channel])[] = [
  ['push', 'microsoftAuthenticatorPush', 'authenticatorPush'],
  ['oath', 'softwareOneTimePasscode', 'softwareOath'],
  ['oath', 'hardwareOneTimePasscode', 'hardwareOath'],
  ['sms', 'mobilePhone', 'sms'],
  ['voiceMobile', 'mobilePhone', 'voiceMobile'],
  ['voiceAlternateMobile', 'alternateMobilePhone', 'voiceAlternateMobile'],
  ['voiceOffice', 'officePhone', 'voiceOffice'],
];

/**
 * The single best mode the user has registered and may use, or [] (doc example, S4). Methods
 * outside the enum (passkeys, TAP, external, CBA) are skipped, and `none` is never emitted (A10).
 * It is computed whether or not system-preferred MFA applies: it is the system's pick either way.
 */
export function systemPreferredMethods(ctx: RuleContext): string[] {
  for (const [mode, method, channel] of MODES) {
    if (ctx.registered.has(method) && isChannelUsable(channel, ctx)) return [mode];
  }
  return [];
}
