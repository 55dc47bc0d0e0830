// Who may use self-service password reset in the demo tenant, and with which options: the pilot
// group's departments, and the method count and methods of the tenant's passwordResetPolicy.
import type { JsonObject, JsonValue } from '../wire.js';
import type { SsprOption } from './vocabulary.js';
import type { MethodKind } from './user-profile.js';

/**
 * The departments "SSPR Pilot" nests (groups.ts SSPR_DEPARTMENTS). Copied because resolving the group
 * would build every group of a million-user tenant; sspr-scope.test.ts holds the copy to the original.
 */
export const SSPR_PILOT_DEPARTMENTS: readonly string[] = ['IT', 'Finance', 'Human Resources', 'Customer Support', 'Sales'];

/** One verification method as the policy counts it; its options are the ways of using it in the flow. */
export interface SsprMethod {
  readonly policyName: string;
  readonly registeredAs: MethodKind;
  readonly options: readonly SsprOption[];
  /** Relative chance that a user picks it first (a judgment: app and text first, questions last). */
  readonly preference: number;
}

/** passwordResetPolicy.methods names (tenant-snapshot.md) → the flow's options (vocabulary SSPR_PHRASE). */
const METHODS: readonly SsprMethod[] = [
  { policyName: 'mobileAppNotification', registeredAs: 'authenticator', options: ['appNotification', 'appCode'], preference: 5 },
  { policyName: 'mobilePhone', registeredAs: 'mobile', options: ['mobileSms', 'mobileSms', 'mobileSms', 'mobileVoice'], preference: 4 },
  { policyName: 'email', registeredAs: 'email', options: ['email'], preference: 3 },
  { policyName: 'officePhone', registeredAs: 'office', options: ['officeVoice'], preference: 1 },
  { policyName: 'securityQuestions', registeredAs: 'securityQuestions', options: ['securityQuestions'], preference: 1 },
];

export interface SsprScope {
  /** Whether a department's people may reset (enabledFor: all, selected = the pilot, none). */
  inScope(department: string | null): boolean;
  readonly methodsRequired: number;
  readonly methods: readonly SsprMethod[];
}

/** Array.isArray does not narrow readonly arrays away, hence the cast. */
function asObject(v: JsonValue | undefined): JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : {};
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? (v as readonly JsonValue[]).filter((x): x is string => typeof x === 'string') : [];
}

/** Reads header().policies.passwordResetPolicy; the app notification and app code are one registration. */
export function ssprScope(header: JsonObject): SsprScope {
  const p = asObject(asObject(header['policies'])['passwordResetPolicy']);
  const allowed = new Set(strings(p['methods']));
  if (allowed.has('mobileAppCode')) allowed.add('mobileAppNotification');
  const required = p['numberOfMethodsRequired'];
  const enabledFor = p['enabledFor'];
  const pilot = new Set(SSPR_PILOT_DEPARTMENTS);
  return {
    inScope: (d) => enabledFor === 'all' || (enabledFor === 'selected' && d !== null && pilot.has(d)),
    methodsRequired: typeof required === 'number' && required >= 1 ? required : 1,
    methods: METHODS.filter((m) => allowed.has(m.policyName)),
  };
}
