// Builds one Graph beta signIn object (shape: log-samples graph.beta.signIn.list.example1.json and the
// Event Hub properties in signinlogs.eventhub.elastic-test.jsonl; fields: entra-rules §4.4).
import type { JsonObject } from '../wire.js';
import { isoSeconds } from '../wire.js';
import type { SignInApp } from './apps.js';
import { REQUIREMENT, STEP_TEXT } from './vocabulary.js';

export interface StepParts {
  readonly method: string;
  readonly methodDetail: string | null;
  readonly succeeded: boolean;
  readonly resultDetail: string | null;
  readonly mfa: boolean;
}

export interface SignInError {
  readonly errorCode: number;
  readonly failureReason: string;
  readonly additionalDetails?: string;
}

export interface SignInParts {
  readonly id: string;
  readonly correlationId: string;
  readonly atMs: number;
  readonly interactive: boolean;
  readonly app: SignInApp;
  readonly multiFactor: boolean;
  readonly steps: readonly StepParts[];
  readonly error: SignInError | null;
  /** The "Require MFA" Conditional Access policy applied (remote sign-ins of covered users). */
  readonly policyApplied: boolean;
  readonly ipAddress: string;
}

/** Who signs in and where the tenant stands; fixed for all of one user's sign-ins. */
export interface SignInSubject {
  readonly userId: string;
  readonly upn: string;
  readonly displayName: string;
  readonly guest: boolean;
  readonly tenantId: string;
  readonly homeTenantId: string;
  readonly operatingSystem: string;
  readonly location: JsonObject;
  readonly policy: { readonly id: string; readonly displayName: string };
}

function step(s: StepParts, atMs: number): JsonObject {
  return {
    authenticationStepDateTime: isoSeconds(atMs),
    authenticationMethod: s.method,
    authenticationMethodDetail: s.methodDetail,
    succeeded: s.succeeded,
    authenticationStepResultDetail: s.resultDetail,
    authenticationStepRequirement: s.mfa ? STEP_TEXT.mfa : STEP_TEXT.primary,
  };
}

function status(error: SignInError | null): JsonObject {
  if (error === null) return { errorCode: 0 };
  return { errorCode: error.errorCode, failureReason: error.failureReason, additionalDetails: error.additionalDetails ?? null };
}

export function signInObject(who: SignInSubject, p: SignInParts): JsonObject {
  const applied = p.policyApplied && p.error === null;
  return {
    id: p.id,
    createdDateTime: isoSeconds(p.atMs),
    userDisplayName: who.displayName,
    userPrincipalName: who.upn,
    userId: who.userId,
    appId: p.app.appId,
    appDisplayName: p.app.appDisplayName,
    ipAddress: p.ipAddress,
    clientAppUsed: p.app.clientAppUsed,
    correlationId: p.correlationId,
    conditionalAccessStatus: applied ? 'success' : 'notApplied',
    isInteractive: p.interactive,
    signInEventTypes: [p.interactive ? 'interactiveUser' : 'nonInteractiveUser'],
    resourceDisplayName: p.app.resourceDisplayName,
    resourceId: p.app.resourceId,
    resourceTenantId: who.tenantId,
    homeTenantId: who.homeTenantId,
    tokenIssuerType: 'AzureAD',
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    userType: who.guest ? 'guest' : 'member',
    crossTenantAccessType: who.guest ? 'b2bCollaboration' : 'none',
    status: status(p.error),
    deviceDetail: {
      deviceId: '',
      displayName: '',
      operatingSystem: who.operatingSystem,
      browser: p.app.clientAppUsed === 'Browser' ? 'Edge 131.0.2903' : 'Rich Client 4.61.0.0',
      isCompliant: false,
      isManaged: false,
      trustType: '',
    },
    location: who.location,
    appliedConditionalAccessPolicies: applied
      ? [{ id: who.policy.id, displayName: who.policy.displayName, enforcedGrantControls: ['Mfa'], enforcedSessionControls: [], result: 'success' }]
      : [],
    authenticationRequirement: p.multiFactor ? REQUIREMENT.multi : REQUIREMENT.single,
    authenticationDetails: p.steps.map((s) => step(s, p.atMs)),
  };
}
