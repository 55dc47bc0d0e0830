// What the usage reports need of one sign-in record (entra-rules §3.2, §4.4 PROPOSAL; decisions 0044, 0045).
import type { AuthenticationStep, SignInFact, SignInRecord } from '../activity-model.js';
import { isTokenSatisfied, signInMethodOf } from './sign-in-methods.js';

const EXTERNAL_MFA = 'satisfied by claim provided by external provider'; // vocabulary signInMfaResultDetails.satisfied

/**
 * Requirement from authenticationRequirement; null when absent or unknown, and null when a
 * federated provider satisfied MFA (§3.2: those sign-ins are left out of the requirement chart).
 * Methods: steps in order, token-satisfied ones dropped, mapped to the summary names.
 */
export function deriveSignInFact(record: SignInRecord): SignInFact {
  return {
    id: record.id,
    userId: record.userId,
    createdDateTime: record.createdDateTime,
    isInteractive: record.isInteractive,
    isSuccess: record.errorCode === 0,
    requirement: requirementOf(record),
    methods: record.authenticationDetails.flatMap((step, i) => methodOf(step, i)),
  };
}

function requirementOf(record: SignInRecord): SignInFact['requirement'] {
  if (record.authenticationDetails.some((s) => (s.resultDetail ?? '').toLowerCase().includes(EXTERNAL_MFA))) return null;
  switch (record.authenticationRequirement.trim().toLowerCase()) {
    case 'singlefactorauthentication':
      return 'singleFactor';
    case 'multifactorauthentication':
      return 'multiFactor';
    default:
      return null;
  }
}

/** First factor: a step whose requirement says "Primary authentication"; without one, the first step. */
export function isPrimaryStep(step: AuthenticationStep, index: number): boolean {
  const r = step.requirement?.trim().toLowerCase() ?? '';
  return r === '' ? index === 0 : r.startsWith('primary');
}

function methodOf(step: AuthenticationStep, index: number): SignInFact['methods'] {
  if (isTokenSatisfied(step.method, step.resultDetail)) return [];
  const primary = isPrimaryStep(step, index);
  return [{ method: signInMethodOf(step.method, step.methodDetail, primary), succeeded: step.succeeded === true, primary }];
}
