// Whether a policy lets a user use a method or channel (entra-rules §1.4 PROPOSAL (a)–(c); S17).
import type { Channel } from './method-traits.js';
import type { MethodName } from './method-names.js';
import type { LegacyMfaMethod, LegacySsprMethod, MethodConfig, MethodConfigKind } from './policy-types.js';
import type { PolicySubject, RuleContext } from './rule-context.js';
import { CHANNELS_OF } from './method-traits.js';
import { matchingIncludes } from './policy-targets.js';

// S18: which Authenticator target modes allow push and which allow phone sign-in.
const PUSH_MODES: ReadonlySet<string> = new Set(['any', 'push']);
const PASSWORDLESS_MODES: ReadonlySet<string> = new Set(['any', 'deviceBasedPush']);

// S17: the legacy MFA service settings, tenant-wide: call, text, app notification, app/token code.
const LEGACY_MFA: ReadonlyMap<Channel, LegacyMfaMethod> = new Map<Channel, LegacyMfaMethod>([
  ['sms', 'sms'],
  ['voiceMobile', 'voice'],
  ['voiceAlternateMobile', 'voice'],
  ['voiceOffice', 'voice'],
  ['authenticatorPush', 'mobileAppNotification'],
  ['softwareOath', 'mobileAppCode'],
  ['hardwareOath', 'mobileAppCode'],
]);

// S11/S17: legacy SSPR "Mobile phone" gives text and voice; "Office phone" voice; app code covers tokens.
const LEGACY_SSPR: ReadonlyMap<Channel, LegacySsprMethod> = new Map<Channel, LegacySsprMethod>([
  ['sms', 'mobilePhone'],
  ['voiceMobile', 'mobilePhone'],
  ['voiceOffice', 'officePhone'],
  ['email', 'email'],
  ['authenticatorPush', 'mobileAppNotification'],
  ['softwareOath', 'mobileAppCode'],
  ['hardwareOath', 'mobileAppCode'],
  ['securityQuestion', 'securityQuestions'],
]);

/** (a) An enabled AMP configuration includes the user and no exclude target matches (S25, S26). */
export function ampAllows(channel: Channel, s: PolicySubject): boolean {
  switch (channel) {
    case 'sms':
      return kindAllows('sms', s);
    case 'voiceMobile':
    case 'voiceAlternateMobile':
      return kindAllows('voice', s);
    case 'voiceOffice':
      return kindAllows('voice', s, { config: (c) => c.isOfficePhoneAllowed }); // S14
    case 'email':
      return kindAllows('email', s);
    case 'authenticatorPush':
      return kindAllows('microsoftAuthenticator', s, { modes: PUSH_MODES });
    case 'authenticatorPasswordless':
      return kindAllows('microsoftAuthenticator', s, { modes: PASSWORDLESS_MODES });
    // Decision 0021: Authenticator codes are governed by the Authenticator configuration as well.
    case 'softwareOath':
      return kindAllows('softwareOath', s) || (s.registered.has('microsoftAuthenticatorPush') && kindAllows('microsoftAuthenticator', s));
    case 'hardwareOath':
      return kindAllows('hardwareOath', s);
    case 'fido2':
      return kindAllows('fido2', s);
    case 'temporaryAccessPass':
      return kindAllows('temporaryAccessPass', s);
    case 'external':
      return kindAllows('external', s);
    case 'qrCode':
      return kindAllows('qrCodePin', s);
    // (c) WHfB and the macOS platform credential have no AMP configuration: always allowed.
    case 'platform':
      return true;
    // S17: security questions can only be enabled in the legacy SSPR policy.
    case 'securityQuestion':
      return false;
  }
}

interface ConfigFilter {
  /** A setting of the configuration itself that must hold (e.g. isOfficePhoneAllowed). */
  readonly config?: (c: MethodConfig) => boolean;
  /** Authenticator only: a matching include target must carry one of these modes (absent = any). */
  readonly modes?: ReadonlySet<string>;
}

function kindAllows(kind: MethodConfigKind, s: PolicySubject, filter: ConfigFilter = {}): boolean {
  const { config, modes } = filter;
  return s.policies.methodConfigs.some((c) => {
    if (c.kind !== kind || !c.enabled || (config !== undefined && !config(c))) return false;
    const included = matchingIncludes(c.includeTargets, c.excludeTargets, s);
    return modes === undefined ? included.length > 0 : included.some((t) => modes.has(t.authenticationMode ?? 'any'));
  });
}

/** (b) The legacy MFA policy enables the channel tenant-wide. */
export function legacyMfaAllows(channel: Channel, s: PolicySubject): boolean {
  const option = LEGACY_MFA.get(channel);
  return option !== undefined && s.policies.legacyMfaMethods.has(option);
}

/** The legacy SSPR policy lists the channel's option (scope is checked by the caller). */
export function legacySsprAllows(channel: Channel, s: PolicySubject): boolean {
  const option = LEGACY_SSPR.get(channel);
  return option !== undefined && s.policies.passwordReset.methods.has(option);
}

/**
 * For sign-in and MFA: the AMP always counts; until migration is complete the legacy MFA policy
 * counts, and so does the legacy SSPR policy for users in SSPR scope (S17: "a user who is enabled
 * for an authentication method in any policy can register and use that method").
 */
export function isChannelUsable(channel: Channel, ctx: RuleContext): boolean {
  if (ampAllows(channel, ctx)) return true;
  if (ctx.policies.migrationState === 'migrationComplete') return false;
  return legacyMfaAllows(channel, ctx) || (ctx.ssprEnabled && legacySsprAllows(channel, ctx));
}

/** A registered method is allowed when any of its channels is usable. */
export function isMethodAllowed(name: MethodName, ctx: RuleContext): boolean {
  return CHANNELS_OF[name].some((ch) => isChannelUsable(ch, ctx));
}
