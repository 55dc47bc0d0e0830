// Full and mirror assembly: the Graph bodies of one sync → the tenant snapshot (tenant-snapshot.md).
import { GraphBodyError } from './body-error.js';
import { ENDPOINTS, endpointFor } from './endpoints.js';
import type { JsonObject } from './json.js';
import { readGroupMembers, type GroupMember } from './groups.js';
import { mirrorMethods } from './mirror-methods.js';
import { readMethods } from './methods.js';
import { readAuthenticationMethodsPolicy, readAuthorizationPolicy, readSsprPolicyFile, type PoliciesPart } from './policies.js';
import { hasSecurityQuestions, readRegistrationDetails, type RegistrationRow } from './registration-details.js';
import { readRoleAssignments } from './role-assignments.js';
import { readSignInPreferences, type SignInPreferencesPart } from './sign-in-preferences.js';
import type { AssemblyResult } from './snapshot-types.js';
import { INFERRED_SSPR_GROUP_ID, inferSsprPolicy } from './sspr-inference.js';
import { buildResult, type TenantState, type UserState } from './state.js';
import { licenseFromSkus, readOrganization, type License } from './tenant.js';
import { readUsersDelta } from './users-delta.js';

export type SyncMode = 'full' | 'mirror';

/** Every body is what Graph returned, unparsed; a collection is the list of its page bodies. */
export interface SyncBodies {
  /** The tenant the caller asked for; the organization body must be for it. */
  readonly expectTenantId?: string;
  /** The sync's time: the snapshot's capturedDateTime (ISO-8601 UTC). */
  readonly capturedDateTime: string;
  readonly organization: readonly unknown[];
  readonly subscribedSkus: readonly unknown[];
  /** Every page of a users/delta round, up to the one with the deltaLink. */
  readonly usersDelta: readonly unknown[];
  /** Full mode: every user's authentication/methods pages, by user id. Ignored in mirror mode. */
  readonly methods?: ReadonlyMap<string, readonly unknown[]>;
  /** Full mode: each user's signInPreferences body, by user id (absent: no preferences). */
  readonly signInPreferences?: ReadonlyMap<string, unknown>;
  /** Member pages by group id; null: Graph answered 404 (not a group). */
  readonly groupMembers: ReadonlyMap<string, readonly unknown[] | null>;
  readonly roleAssignments: readonly unknown[];
  readonly roleEligibilities?: readonly unknown[];
  readonly authenticationMethodsPolicy: unknown;
  readonly authorizationPolicy?: unknown;
  /** userRegistrationDetails pages; absent or null when not readable (a free tenant: 403). Required in mirror mode. */
  readonly registrationDetails?: readonly unknown[] | null;
  /** The parsed JSON of --sspr-policy FILE. */
  readonly ssprPolicyFile?: unknown;
}

/** The whole snapshot from one sync's bodies. Throws GraphBodyError naming the endpoint and field. */
export function assembleSnapshot(bodies: SyncBodies, mode: SyncMode = 'full'): AssemblyResult {
  const warnings: string[] = [];
  const organization = readOrganization(bodies.organization, bodies.expectTenantId);
  const license = licenseFromSkus(bodies.subscribedSkus);
  const rows = bodies.registrationDetails == null ? null : readRegistrationDetails(bodies.registrationDetails);
  if (mode === 'mirror' && rows === null) {
    throw new GraphBodyError(ENDPOINTS.registrationDetails, '', 'mirror mode reads userRegistrationDetails: no body was given');
  }
  const { policies, scopeGroup } = readPolicies(bodies, rows, license);
  const delta = readUsersDelta(bodies.usersDelta);
  const users = new Map<string, UserState>();
  for (const [id, directory] of [...delta.changed.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const row = rows?.get(id);
    const base = mode === 'mirror' ? mirrorUser(row) : fullUser(id, bodies);
    users.set(id, { directory: fixDirectory(directory, warnings), ...base, securityQuestions: hasSecurityQuestions(row) });
  }
  const state: TenantState = {
    tenant: { id: organization.id, displayName: organization.displayName, license },
    capturedDateTime: bodies.capturedDateTime,
    users,
    groups: readGroups(bodies.groupMembers, scopeGroup),
    roleAssignments: [...readRoleAssignments(bodies.roleAssignments, 'active'), ...readRoleAssignments(bodies.roleEligibilities ?? [], 'eligible')],
    policies,
  };
  return buildResult(state, { securityQuestionsSource: rows === null ? 'unavailable' : 'userRegistrationDetails', warnings });
}

/** Mirror mode of assembleSnapshot (decision 0072: what it loses). */
export function assembleMirror(bodies: SyncBodies): AssemblyResult {
  return assembleSnapshot(bodies, 'mirror');
}

export function readPolicies(
  bodies: Pick<SyncBodies, 'authenticationMethodsPolicy' | 'authorizationPolicy' | 'ssprPolicyFile'>,
  rows: ReadonlyMap<string, RegistrationRow> | null,
  license: License,
): { policies: PoliciesPart; scopeGroup: readonly GroupMember[] | null } {
  const file = bodies.ssprPolicyFile === undefined ? null : readSsprPolicyFile(bodies.ssprPolicyFile);
  const inferred = file === null && rows !== null ? inferSsprPolicy(rows.values(), license) : null;
  return {
    policies: {
      authenticationMethodsPolicy: readAuthenticationMethodsPolicy(bodies.authenticationMethodsPolicy),
      passwordResetPolicy: file ?? inferred?.policy ?? null,
      authorizationPolicy: bodies.authorizationPolicy === undefined ? null : readAuthorizationPolicy(bodies.authorizationPolicy),
      legacyMfaPolicy: null,
    },
    scopeGroup: inferred?.scopeGroup ?? null,
  };
}

export function fullUser(id: string, bodies: Pick<SyncBodies, 'methods' | 'signInPreferences'>): Pick<UserState, 'methods' | 'signInPreferences'> {
  const pages = lookup(bodies.methods, id);
  if (pages === undefined) throw new GraphBodyError(endpointFor(ENDPOINTS.methods, id), '', 'no body was given for this user');
  const prefs = lookup(bodies.signInPreferences, id);
  return { methods: readMethods(id, pages).methods, signInPreferences: prefs === undefined ? null : readSignInPreferences(id, prefs) };
}

export function mirrorUser(row: RegistrationRow | undefined): Pick<UserState, 'methods' | 'signInPreferences'> {
  if (row === undefined) return { methods: [], signInPreferences: null };
  const prefs: SignInPreferencesPart = {
    userPreferredMethodForSecondaryAuthentication: row.userPreferredMethodForSecondaryAuthentication,
    isSystemPreferredAuthenticationMethodEnabled: row.isSystemPreferredAuthenticationMethodEnabled,
  };
  return { methods: mirrorMethods(row.methodsRegistered), signInPreferences: prefs };
}

const lowered = new WeakMap<ReadonlyMap<string, unknown>, ReadonlyMap<string, unknown>>();

/** Keys are user ids in any case; the map is lower-cased once (a miss must not scan 100,000 keys). */
export function lookup<T>(map: ReadonlyMap<string, T> | undefined, id: string): T | undefined {
  if (map === undefined) return undefined;
  let lower = lowered.get(map) as ReadonlyMap<string, T> | undefined;
  if (lower === undefined) {
    lower = new Map([...map].map(([k, v]) => [k.toLowerCase(), v]));
    lowered.set(map, lower);
  }
  return lower.get(id.toLowerCase());
}

export function readGroups(
  members: ReadonlyMap<string, readonly unknown[] | null> | undefined,
  scopeGroup: readonly GroupMember[] | null,
): Map<string, readonly GroupMember[] | null> {
  const groups = new Map<string, readonly GroupMember[] | null>();
  for (const [id, pages] of members ?? []) groups.set(id.toLowerCase(), pages === null ? null : readGroupMembers(id, pages));
  if (scopeGroup !== null) groups.set(INFERRED_SSPR_GROUP_ID, scopeGroup);
  return groups;
}

/**
 * The snapshot needs userType "Member"/"Guest" and a boolean accountEnabled. Graph leaves userType
 * null on some old accounts (treated as Member, as Entra does for them) and may leave accountEnabled
 * out when it was never set (an account is enabled unless blocked); each case is a warning.
 */
export function fixDirectory(user: JsonObject, warnings: string[]): JsonObject {
  const fixes: Record<string, string | boolean> = {};
  const type = user['userType'];
  if (typeof type !== 'string' || !['member', 'guest'].includes(type.toLowerCase())) {
    fixes['userType'] = 'Member';
    warnings.push(`user ${String(user['id'])}: userType ${JSON.stringify(type ?? null)} read as "Member"`);
  }
  if (typeof user['accountEnabled'] !== 'boolean') {
    fixes['accountEnabled'] = true;
    warnings.push(`user ${String(user['id'])}: accountEnabled ${JSON.stringify(user['accountEnabled'] ?? null)} read as true`);
  }
  return Object.keys(fixes).length === 0 ? user : { ...user, ...fixes };
}
