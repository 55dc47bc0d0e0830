// Reads an assembled snapshot back into the assembler's state: where an incremental merge starts.
import { fail } from './body-error.js';
import type { JsonObject } from './json.js';
import { isPlainObject } from './json.js';
import type { GroupMember } from './groups.js';
import type { PrincipalKind, RoleAssignmentPart } from './role-assignments.js';
import type { SignInPreferencesPart } from './sign-in-preferences.js';
import type { AssembledSnapshot } from './snapshot-types.js';
import type { TenantState, UserState } from './state.js';

const WHERE = { endpoint: 'previous snapshot', path: '' };

export function stateFromSnapshot(s: AssembledSnapshot): TenantState {
  const users = new Map<string, UserState>();
  for (const u of s.users) users.set(text(u['id'], 'users[].id'), userState(u));
  const groups = new Map<string, readonly GroupMember[] | null>();
  for (const g of s.groups) groups.set(text(g['id'], 'groups[].id'), members(g['members']));
  return {
    tenant: s.tenant,
    capturedDateTime: s.capturedDateTime,
    users,
    groups,
    roleAssignments: s.roleAssignments.map(roleAssignment),
    policies: s.policies,
  };
}

function userState(u: JsonObject): UserState {
  const { authentication, ...directory } = u;
  const auth = isPlainObject(authentication) ? (authentication as JsonObject) : {};
  const methods = Array.isArray(auth['methods']) ? (auth['methods'].filter(isPlainObject) as JsonObject[]) : [];
  const prefs = auth['signInPreferences'];
  const questions = auth['securityQuestionsRegistered'];
  return {
    directory,
    methods,
    signInPreferences: isPlainObject(prefs) ? preferences(prefs as JsonObject) : null,
    securityQuestions: typeof questions === 'number' && questions > 0,
  };
}

function preferences(p: JsonObject): SignInPreferencesPart {
  const preferred = p['userPreferredMethodForSecondaryAuthentication'];
  const system = p['isSystemPreferredAuthenticationMethodEnabled'];
  return {
    userPreferredMethodForSecondaryAuthentication: typeof preferred === 'string' ? preferred : null,
    isSystemPreferredAuthenticationMethodEnabled: typeof system === 'boolean' ? system : null,
  };
}

function members(list: JsonObject[keyof JsonObject] | undefined): GroupMember[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isPlainObject).map((m) => ({ '@odata.type': String(m['@odata.type']), id: String(m['id']) }));
}

function roleAssignment(o: JsonObject): RoleAssignmentPart {
  const principal = o['principal'];
  const type = isPlainObject(principal) ? principal['@odata.type'] : undefined;
  const kind: PrincipalKind =
    type === '#microsoft.graph.user' ? 'user' : type === '#microsoft.graph.group' ? 'group' : type === undefined ? 'unknown' : 'other';
  return {
    principalId: text(o['principalId'], 'roleAssignments[].principalId'),
    roleDefinitionId: text(o['roleDefinitionId'], 'roleAssignments[].roleDefinitionId'),
    directoryScopeId: typeof o['directoryScopeId'] === 'string' ? o['directoryScopeId'] : '/',
    status: o['status'] === 'eligible' ? 'eligible' : 'active',
    principalKind: kind,
  };
}

function text(v: unknown, path: string): string {
  return typeof v === 'string' ? v : fail({ ...WHERE, path }, 'expected a string');
}
