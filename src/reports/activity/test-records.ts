// Real-shaped audit and sign-in records for the activity tests (shapes: log-samples graph.v1.directoryAudit.get.json,
// graph.beta.signIn.list.example1.json, the Elastic Event Hub samples; strings: the vocabulary file).
import type { AuditRecord, AuthenticationStep, SignInRecord } from '../activity-model.js';

export const ALICE = { id: '26be570a-1111-5555-b4e2-a37c6808512d', upn: 'alice@contoso.com', name: 'Alice Smith' };
export const ADMIN = { id: '728309ae-1a37-4937-9afe-e35d964db09b', upn: 'bob@contoso.com', name: 'Bob Admin' };

type Person = typeof ALICE;

export function userTarget(p: Person): AuditRecord['targets'][number] {
  return { id: p.id, type: 'User', displayName: p.name, userPrincipalName: p.upn };
}

export function byUser(p: Person | null): AuditRecord['initiatedBy'] {
  return {
    userId: p?.id ?? null,
    userPrincipalName: p?.upn ?? null,
    displayName: p?.name ?? null,
    ipAddress: p === null ? null : '131.107.159.37',
    appId: null,
    appDisplayName: null,
  };
}

export function audit(over: Partial<AuditRecord> & Pick<AuditRecord, 'id'>): AuditRecord {
  return {
    tenantId: '4bbb79f7-5724-4c9e-95f3-de075f6ec090',
    activityDateTime: '2026-01-02T03:04:05.678Z',
    activityDisplayName: 'Add member to group',
    category: 'UserManagement',
    loggedByService: 'Core Directory',
    operationType: 'Update',
    correlationId: null,
    result: 'success',
    resultReason: '',
    initiatedBy: byUser(ALICE),
    targets: [userTarget(ALICE)],
    additionalDetails: {},
    ...over,
  };
}

/** A combined-registration row (Authentication Methods / UserManagement; vocabulary combinedRegistrationResults). */
export function registered(id: string, reason: string, over: Partial<AuditRecord> = {}): AuditRecord {
  return audit({
    id,
    loggedByService: 'Authentication Methods',
    activityDisplayName: 'User registered security info',
    operationType: 'Add',
    resultReason: reason,
    ...over,
  });
}

/** A "Self-service password reset flow activity progress" row at minute `minute` past 10:00 of 2026-01-02. */
export function ssprStep(id: string, minute: number, reason: string, over: Partial<AuditRecord> = {}): AuditRecord {
  return audit({
    id,
    loggedByService: 'Self-service Password Management',
    activityDisplayName: 'Self-service password reset flow activity progress',
    correlationId: 'da159bfb-54fa-4092-8a38-6e1fa7870e30',
    resultReason: reason,
    activityDateTime: `2026-01-02T10:${String(minute).padStart(2, '0')}:00.000Z`,
    initiatedBy: byUser(null),
    targets: [userTarget(ALICE)],
    ...over,
  });
}

export function step(method: string, over: Partial<AuthenticationStep> = {}): AuthenticationStep {
  return {
    stepDateTime: '2026-01-02T08:00:00.000Z',
    method,
    methodDetail: null,
    succeeded: true,
    resultDetail: null,
    requirement: 'Primary authentication',
    ...over,
  };
}

export function signIn(over: Partial<SignInRecord> & Pick<SignInRecord, 'id'>): SignInRecord {
  return {
    tenantId: '4bbb79f7-5724-4c9e-95f3-de075f6ec090',
    createdDateTime: '2026-01-02T08:00:00.000Z',
    userId: ALICE.id,
    userPrincipalName: ALICE.upn,
    userDisplayName: ALICE.name,
    userType: 'member',
    isInteractive: true,
    errorCode: 0,
    failureReason: '',
    authenticationRequirement: 'singleFactorAuthentication',
    conditionalAccessStatus: 'notApplied',
    authenticationDetails: [step('Password', { methodDetail: 'Password in the cloud', resultDetail: 'Correct password' })],
    ...over,
  };
}
