// The SSPR policy when no --sspr-policy file is given: inferred from userRegistrationDetails rows.
import type { JsonObject } from './json.js';
import type { RegistrationRow } from './registration-details.js';
import type { GroupMember } from './groups.js';
import { AMR_GROUP_PREFIX } from './groups.js';

/** The made-up group that holds the users Entra says are in SSPR scope when the scope is "Selected". */
export const INFERRED_SSPR_GROUP_ID = `${AMR_GROUP_PREFIX}inferred-sspr-scope`;

export const ALL_SSPR_METHODS = ['mobileAppNotification', 'mobileAppCode', 'email', 'mobilePhone', 'officePhone', 'securityQuestions'] as const;

/** Entra's (and amr's) default number of questions needed to reset. */
export const DEFAULT_QUESTIONS_TO_RESET = 3;

export interface InferredSspr {
  /** The passwordResetPolicy object, marked `"amrSource": "inferred"`. */
  readonly policy: JsonObject;
  /** Direct user members of INFERRED_SSPR_GROUP_ID when the scope is "selected"; else null. */
  readonly scopeGroup: readonly GroupMember[] | null;
}

/**
 * Decision 0072. Only non-admin members tell the user policy's scope (admins follow the admin policy
 * and guests are never enabled, entra-rules §1.6, A2, A4): none enabled → "none", all enabled →
 * "all", some → "selected" with a made-up group holding exactly the enabled ones (Graph names no
 * group). numberOfMethodsRequired is the one of 1 and 2 that agrees with more rows' isSsprRegistered
 * (ties: 1); the method list cannot be seen, so all six are assumed.
 */
export function inferSsprPolicy(rows: Iterable<RegistrationRow>, license: 'free' | 'P1' | 'P2'): InferredSspr {
  const users = [...rows].filter((r) => r.userType === 'member' && !r.isAdmin);
  const enabled = users
    .filter((r) => r.isSsprEnabled)
    .map((r) => r.id)
    .sort();
  const scope = enabled.length === 0 ? 'none' : enabled.length === users.length ? 'all' : 'selected';
  const policy: JsonObject = {
    enabledFor: scope,
    selectedGroupId: scope === 'selected' ? INFERRED_SSPR_GROUP_ID : null,
    numberOfMethodsRequired: methodsRequired(users, license),
    methods: [...ALL_SSPR_METHODS],
    securityQuestionsRequiredToReset: DEFAULT_QUESTIONS_TO_RESET,
    amrSource: 'inferred',
  };
  const scopeGroup = scope === 'selected' ? enabled.map((id) => ({ '@odata.type': '#microsoft.graph.user', id })) : null;
  return { policy, scopeGroup };
}

function methodsRequired(users: readonly RegistrationRow[], license: 'free' | 'P1' | 'P2'): 1 | 2 {
  let agreeOne = 0;
  let agreeTwo = 0;
  for (const r of users) {
    if (gates(r, 1, license) >= 1 === r.isSsprRegistered) agreeOne++;
    if (gates(r, 2, license) >= 2 === r.isSsprRegistered) agreeTwo++;
  }
  return agreeTwo > agreeOne ? 2 : 1;
}

/** The gates of reports/sspr.ts with every method offered (one per kind; the app's push only when 2 are needed). */
function gates(r: RegistrationRow, need: 1 | 2, license: 'free' | 'P1' | 'P2'): number {
  const has = (m: string): boolean => r.methodsRegistered.includes(m);
  return [
    has('email'),
    has('mobilePhone'),
    license !== 'free' && has('officePhone'),
    has('securityQuestion'),
    (need === 2 && has('microsoftAuthenticatorPush')) || has('softwareOneTimePasscode'),
    has('hardwareOneTimePasscode'),
  ].filter(Boolean).length;
}
