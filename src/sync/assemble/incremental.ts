// The incremental merge: the previous assembled snapshot plus what changed since → the new snapshot,
// equal to assembling the final state from scratch (the property test in incremental.test.ts).
import { GraphBodyError } from './body-error.js';
import { ENDPOINTS, endpointFor } from './endpoints.js';
import type { GroupMember } from './groups.js';
import { readMethods } from './methods.js';
import { readAuthenticationMethodsPolicy, readAuthorizationPolicy, type PoliciesPart } from './policies.js';
import { hasSecurityQuestions, readRegistrationDetails, type RegistrationRow } from './registration-details.js';
import { readRoleAssignments, type RoleAssignmentPart } from './role-assignments.js';
import { readSignInPreferences } from './sign-in-preferences.js';
import type { AssembledSnapshot, AssemblyResult } from './snapshot-types.js';
import { buildResult, type TenantState, type UserState } from './state.js';
import { licenseFromSkus, readOrganization, type TenantPart } from './tenant.js';
import { readUsersDelta } from './users-delta.js';
import { fixDirectory, fullUser, lookup, mirrorUser, readGroups, readPolicies, type SyncMode } from './assemble.js';
import { stateFromSnapshot } from './snapshot-state.js';

/** What a later sync read; every part is optional and absent parts keep the previous state. */
export interface IncrementalBodies {
  readonly capturedDateTime: string;
  readonly organization?: readonly unknown[];
  readonly subscribedSkus?: readonly unknown[];
  /** The pages of the round replayed from the saved deltaLink: changed users and `@removed` ones. */
  readonly usersDelta?: readonly unknown[];
  /** Methods re-read (new users, and users whose security info changed), by user id. */
  readonly methods?: ReadonlyMap<string, readonly unknown[]>;
  readonly signInPreferences?: ReadonlyMap<string, unknown>;
  /** Member lists re-read, by group id (null: now 404). Groups not given keep their previous members. */
  readonly groupMembers?: ReadonlyMap<string, readonly unknown[] | null>;
  /** Replace the active (resp. eligible) assignments when given. */
  readonly roleAssignments?: readonly unknown[];
  readonly roleEligibilities?: readonly unknown[];
  readonly authenticationMethodsPolicy?: unknown;
  readonly authorizationPolicy?: unknown;
  /** The whole userRegistrationDetails list (the drift check): security questions, SSPR inference, mirror methods. */
  readonly registrationDetails?: readonly unknown[];
  readonly ssprPolicyFile?: unknown;
}

/**
 * Decision 0072 "Incremental merge": removed users go; changed users take Graph's new object
 * whole (users/delta returns every selected property, so no `Prefer: return=minimal`) and keep
 * their methods unless re-read; a new user must come with its methods (full mode); given parts
 * replace the previous ones; groups no longer needed are dropped when the snapshot is built.
 */
export function mergeIncremental(previous: AssembledSnapshot, delta: IncrementalBodies, mode: SyncMode = 'full'): AssemblyResult {
  const prev = stateFromSnapshot(previous);
  const warnings: string[] = [];
  const tenant = mergeTenant(prev.tenant, delta);
  const rows = delta.registrationDetails === undefined ? null : readRegistrationDetails(delta.registrationDetails);
  const { policies, groups } = mergePolicies(prev, delta, rows, tenant);
  const users = mergeUsers(prev.users, delta, rows, mode, warnings);
  const state: TenantState = {
    tenant,
    capturedDateTime: delta.capturedDateTime,
    users,
    groups,
    roleAssignments: mergeRoles(prev.roleAssignments, delta),
    policies,
  };
  return buildResult(state, { securityQuestionsSource: rows === null ? 'previous' : 'userRegistrationDetails', warnings });
}

function mergeTenant(prev: TenantPart, delta: IncrementalBodies): TenantPart {
  const org = delta.organization === undefined ? null : readOrganization(delta.organization, prev.id);
  return {
    id: prev.id,
    displayName: org === null ? prev.displayName : org.displayName,
    license: delta.subscribedSkus === undefined ? prev.license : licenseFromSkus(delta.subscribedSkus),
  };
}

/** Given policies replace; the SSPR policy follows the full assembly's rule (file, else rows, else as before). */
function mergePolicies(
  prev: TenantState,
  delta: IncrementalBodies,
  rows: ReadonlyMap<string, RegistrationRow> | null,
  tenant: TenantPart,
): { policies: PoliciesPart; groups: Map<string, readonly GroupMember[] | null> } {
  const groups = new Map(prev.groups);
  for (const [id, members] of readGroups(delta.groupMembers, null)) groups.set(id, members);
  const fresh = readPolicies(
    {
      authenticationMethodsPolicy: delta.authenticationMethodsPolicy ?? prev.policies.authenticationMethodsPolicy ?? {},
      ...(delta.ssprPolicyFile === undefined ? {} : { ssprPolicyFile: delta.ssprPolicyFile }),
    },
    rows,
    tenant.license,
  );
  const ssprChanged = delta.ssprPolicyFile !== undefined || rows !== null;
  if (fresh.scopeGroup !== null) groups.set(fresh.policies.passwordResetPolicy?.['selectedGroupId'] as string, fresh.scopeGroup);
  return {
    policies: {
      authenticationMethodsPolicy:
        delta.authenticationMethodsPolicy === undefined
          ? prev.policies.authenticationMethodsPolicy
          : readAuthenticationMethodsPolicy(delta.authenticationMethodsPolicy),
      passwordResetPolicy: ssprChanged ? fresh.policies.passwordResetPolicy : prev.policies.passwordResetPolicy,
      authorizationPolicy: delta.authorizationPolicy === undefined ? prev.policies.authorizationPolicy : readAuthorizationPolicy(delta.authorizationPolicy),
      legacyMfaPolicy: null,
    },
    groups,
  };
}

function mergeUsers(
  prev: ReadonlyMap<string, UserState>,
  delta: IncrementalBodies,
  rows: ReadonlyMap<string, RegistrationRow> | null,
  mode: SyncMode,
  warnings: string[],
): Map<string, UserState> {
  const users = new Map(prev);
  const changes = delta.usersDelta === undefined ? null : readUsersDelta(delta.usersDelta);
  for (const id of changes?.removed ?? []) users.delete(id);
  for (const [id, directory] of changes?.changed ?? []) {
    const before = users.get(id);
    const auth = before ?? newUser(id, delta, rows, mode);
    users.set(id, { ...auth, directory: fixDirectory(directory, warnings) });
  }
  for (const [id, user] of users) {
    let next = user;
    if (mode === 'full') {
      const pages = lookup(delta.methods, id);
      if (pages !== undefined) next = { ...next, methods: readMethods(id, pages).methods };
      const prefs = lookup(delta.signInPreferences, id);
      if (prefs !== undefined) next = { ...next, signInPreferences: readSignInPreferences(id, prefs) };
    } else if (rows !== null) {
      next = { ...next, ...mirrorUser(rows.get(id)) };
    }
    if (rows !== null) next = { ...next, securityQuestions: hasSecurityQuestions(rows.get(id)) };
    if (next !== user) users.set(id, next);
  }
  return users;
}

/** A user the previous snapshot did not have: full mode needs its methods body. */
function newUser(id: string, delta: IncrementalBodies, rows: ReadonlyMap<string, RegistrationRow> | null, mode: SyncMode): UserState {
  const auth = mode === 'mirror' ? mirrorUser(rows?.get(id)) : requireMethods(id, delta);
  return { directory: { id }, ...auth, securityQuestions: hasSecurityQuestions(rows?.get(id)) };
}

function requireMethods(id: string, delta: IncrementalBodies): Pick<UserState, 'methods' | 'signInPreferences'> {
  if (lookup(delta.methods, id) === undefined) {
    throw new GraphBodyError(endpointFor(ENDPOINTS.methods, id), '', 'a new user needs its methods read: no body was given');
  }
  return fullUser(id, delta);
}

function mergeRoles(prev: readonly RoleAssignmentPart[], delta: IncrementalBodies): RoleAssignmentPart[] {
  const active = delta.roleAssignments === undefined ? prev.filter((a) => a.status === 'active') : readRoleAssignments(delta.roleAssignments, 'active');
  const eligible =
    delta.roleEligibilities === undefined ? prev.filter((a) => a.status === 'eligible') : readRoleAssignments(delta.roleEligibilities, 'eligible');
  return [...active, ...eligible];
}
