// The assembler's working state (parsed Graph bodies) and the snapshot it builds; a snapshot read back
// into a state is what the incremental merge starts from.
import type { JsonObject, JsonValue } from './json.js';
import type { GroupMember } from './groups.js';
import type { PoliciesPart } from './policies.js';
import type { PrincipalKind, RoleAssignmentPart } from './role-assignments.js';
import type { SignInPreferencesPart } from './sign-in-preferences.js';
import type { TenantPart } from './tenant.js';
import type { AssembledSnapshot, AssemblyResult, SsprPolicySource } from './snapshot-types.js';
import { AMR_GROUP_PREFIX, isGroup, groupsToFetch } from './groups.js';
import { snapshotRoleAssignments } from './role-assignments.js';
import { DEFAULT_QUESTIONS_TO_RESET } from './sspr-inference.js';
import { KNOWN_METHOD_TYPES } from './methods.js';

export interface UserState {
  /** The Graph user object as users/delta returned it (its $select). */
  readonly directory: JsonObject;
  readonly methods: readonly JsonObject[];
  readonly signInPreferences: SignInPreferencesPart | null;
  /** Entra lists `securityQuestion` for the user (userRegistrationDetails). */
  readonly securityQuestions: boolean;
}

export interface TenantState {
  readonly tenant: TenantPart;
  readonly capturedDateTime: string;
  readonly users: ReadonlyMap<string, UserState>;
  /** Fetched member lists by group id; null: the id is not a group (Graph answered 404). */
  readonly groups: ReadonlyMap<string, readonly GroupMember[] | null>;
  readonly roleAssignments: readonly RoleAssignmentPart[];
  readonly policies: PoliciesPart;
}

export interface BuildNotes {
  readonly securityQuestionsSource: AssemblyResult['securityQuestionsSource'];
  readonly warnings: readonly string[];
}

export function buildResult(state: TenantState, notes: BuildNotes): AssemblyResult {
  const { groups, missing } = neededGroups(state);
  const questions = questionsToReset(state.policies);
  const unrecognised: Record<string, number> = {};
  const users = [...state.users.entries()].sort(byKey).map(([, u]) => {
    for (const m of u.methods) {
      const type = typeof m['@odata.type'] === 'string' ? m['@odata.type'] : '';
      if (!isKnownType(type)) unrecognised[type] = (unrecognised[type] ?? 0) + 1;
    }
    return userObject(u, questions);
  });
  const snapshot: AssembledSnapshot = {
    amrSnapshot: 1,
    tenant: state.tenant,
    capturedDateTime: state.capturedDateTime,
    policies: state.policies,
    users,
    groups,
    roleAssignments: withPrincipals(snapshotRoleAssignments(state.roleAssignments), state.roleAssignments),
  };
  return {
    snapshot,
    ssprPolicySource: ssprSource(state.policies),
    securityQuestionsSource: notes.securityQuestionsSource,
    unrecognisedMethodTypes: unrecognised,
    missingGroups: missing,
    warnings: notes.warnings,
  };
}

function userObject(u: UserState, questions: number): JsonObject {
  const authentication: Record<string, JsonValue> = { methods: [...u.methods] };
  if (u.signInPreferences !== null) authentication['signInPreferences'] = { ...u.signInPreferences };
  if (u.securityQuestions) authentication['securityQuestionsRegistered'] = questions;
  return { ...u.directory, authentication };
}

/** The SSPR policy's own number, else amr's default (reports/policy-defaults: 3). */
export function questionsToReset(policies: PoliciesPart): number {
  const n = policies.passwordResetPolicy?.['securityQuestionsRequiredToReset'];
  return typeof n === 'number' && n >= 1 ? n : DEFAULT_QUESTIONS_TO_RESET;
}

export function ssprSource(policies: PoliciesPart): SsprPolicySource {
  const p = policies.passwordResetPolicy;
  if (p === null) return 'default';
  return p['amrSource'] === 'inferred' ? 'inferred' : 'file';
}

/**
 * The groups the rules need, and the nested ones inside them (cycles end: a group is visited
 * once), from what was fetched; groups fetched but no longer needed are left out, so a merge that
 * dropped a policy target equals a fresh assembly. `missing`: needed, never fetched.
 */
function neededGroups(state: TenantState): { groups: JsonObject[]; missing: string[] } {
  const roots = groupsToFetch(state.policies, state.roleAssignments, new Set(state.users.keys()));
  const sspr = state.policies.passwordResetPolicy?.['selectedGroupId'];
  // The made-up SSPR scope group is never fetched, but the rules read it.
  if (typeof sspr === 'string' && sspr.startsWith(AMR_GROUP_PREFIX)) roots.push(sspr);
  const seen = new Set<string>();
  const missing = new Set<string>();
  const out: [string, readonly GroupMember[]][] = [];
  const stack = [...roots];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const members = state.groups.get(id);
    if (members === undefined) {
      missing.add(id);
      continue;
    }
    if (members === null) continue;
    out.push([id, members]);
    for (const m of members) if (isGroup(m)) stack.push(m.id);
  }
  const groups = out.sort(byKey).map(([id, members]) => ({ id, displayName: null, members: dedupe(members) }));
  return { groups, missing: [...missing].sort() };
}

function dedupe(members: readonly GroupMember[]): JsonObject[] {
  const seen = new Set<string>();
  const out: JsonObject[] = [];
  for (const m of members) {
    const key = `${m['@odata.type']} ${m.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ '@odata.type': m['@odata.type'], id: m.id });
  }
  return out;
}

/** Graph's expanded principal type is kept on the assignment, so a merge knows it without asking again. */
function withPrincipals(objects: readonly JsonObject[], parts: readonly RoleAssignmentPart[]): JsonObject[] {
  const kinds = new Map<string, Exclude<PrincipalKind, 'unknown'>>();
  for (const p of parts) if (p.principalKind !== 'unknown') kinds.set(p.principalId, p.principalKind);
  return objects.map((o) => {
    const kind = typeof o['principalId'] === 'string' ? kinds.get(o['principalId']) : undefined;
    return kind === undefined ? o : { ...o, principal: { '@odata.type': principalType(kind) } };
  });
}

function principalType(kind: Exclude<PrincipalKind, 'unknown'>): string {
  return kind === 'user' ? '#microsoft.graph.user' : kind === 'group' ? '#microsoft.graph.group' : '#microsoft.graph.directoryObject';
}

function isKnownType(type: string): boolean {
  return type.startsWith('#microsoft.graph.') && KNOWN_METHOD_TYPES.has(type.slice('#microsoft.graph.'.length));
}

function byKey<T>(a: readonly [string, T], b: readonly [string, T]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
