// Turns a tenant snapshot object into the double's records, refusing what the format refuses with
// the place named (tenant-snapshot.md "Bad input"): the double must not serve a tenant amr would
// not import.
import { createHash } from 'node:crypto';
import { DoubleInputError, cloneRecord, isArray, isRecord, optionalArray, requireRecord, requireString, type JsonRecord } from './json.js';
import type { GroupEntry, License, UserEntry } from './model.js';

export interface LoadedSnapshot {
  readonly tenantId: string;
  readonly displayName: string | null;
  readonly license: License;
  readonly capturedDateTime: string | null;
  readonly users: Map<string, UserEntry>;
  readonly groups: Map<string, GroupEntry>;
  readonly roleAssignments: JsonRecord[];
  readonly policies: JsonRecord;
}

/** Graph's fixed id of the password method. */
export const PASSWORD_METHOD_ID = '28c10230-6103-485e-b985-444c60001490';

/** A stable GUID-shaped id from a seed, for objects the snapshot left without one. */
export function derivedId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function parseLicense(value: unknown, where: string): License {
  if (value === undefined || value === null) return 'P1';
  if (value === 'free' || value === 'P1' || value === 'P2') return value;
  throw new DoubleInputError(where, `must be "free", "P1" or "P2", not ${JSON.stringify(value)}`);
}

export function loadMethod(raw: unknown, userId: string, index: number, where: string): JsonRecord {
  const m = cloneRecord(requireRecord(raw, where));
  const type = requireString(m, '@odata.type', where);
  if (!type.startsWith('#microsoft.graph.')) throw new DoubleInputError(`${where}.@odata.type`, `must start with #microsoft.graph., not ${type}`);
  if (m.id === undefined || m.id === null) {
    m.id = type === '#microsoft.graph.passwordAuthenticationMethod' ? PASSWORD_METHOD_ID : derivedId(`${userId}/${index}/${type}`);
  } else if (typeof m.id !== 'string' || m.id === '') throw new DoubleInputError(`${where}.id`, 'must be a non-empty string');
  return m;
}

export function loadUser(raw: unknown, where: string, version: number): UserEntry {
  const user = cloneRecord(requireRecord(raw, where));
  const id = requireString(user, 'id', where);
  requireString(user, 'userPrincipalName', where);
  if (typeof user.accountEnabled !== 'boolean') throw new DoubleInputError(`${where}.accountEnabled`, 'must be true or false');
  const auth = user.authentication === undefined || user.authentication === null ? {} : requireRecord(user.authentication, `${where}.authentication`);
  delete user.authentication;
  const methods = optionalArray(auth, 'methods', `${where}.authentication`).map((m, i) => loadMethod(m, id, i, `${where}.authentication.methods[${i}]`));
  const prefs = auth.signInPreferences;
  if (prefs !== undefined && prefs !== null && !isRecord(prefs)) throw new DoubleInputError(`${where}.authentication.signInPreferences`, 'must be an object');
  const questions = auth.securityQuestionsRegistered;
  if (questions !== undefined && questions !== null && (typeof questions !== 'number' || !Number.isInteger(questions) || questions < 0)) {
    throw new DoubleInputError(`${where}.authentication.securityQuestionsRegistered`, 'must be a non-negative integer');
  }
  return {
    props: user,
    methods,
    signInPreferences: isRecord(prefs) ? cloneRecord(prefs) : null,
    securityQuestionsRegistered: typeof questions === 'number' ? questions : null,
    version,
  };
}

export function loadGroup(raw: unknown, where: string): GroupEntry {
  const group = cloneRecord(requireRecord(raw, where));
  requireString(group, 'id', where);
  const members = optionalArray(group, 'members', where).map((m, i) => {
    const member = requireRecord(m, `${where}.members[${i}]`);
    requireString(member, 'id', `${where}.members[${i}]`);
    requireString(member, '@odata.type', `${where}.members[${i}]`);
    return cloneRecord(member);
  });
  delete group.members;
  return { props: group, members };
}

export function loadRoleAssignment(raw: unknown, where: string, index: number): JsonRecord {
  const a = cloneRecord(requireRecord(raw, where));
  const principalId = requireString(a, 'principalId', where);
  const roleDefinitionId = requireString(a, 'roleDefinitionId', where);
  if (a.directoryScopeId === undefined) a.directoryScopeId = '/';
  if (a.status !== undefined && a.status !== 'active' && a.status !== 'eligible') {
    throw new DoubleInputError(`${where}.status`, `must be "active" or "eligible", not ${JSON.stringify(a.status)}`);
  }
  if (a.id === undefined) a.id = derivedId(`role/${index}/${principalId}/${roleDefinitionId}`);
  return a;
}

export function loadSnapshot(raw: unknown): LoadedSnapshot {
  const snapshot = requireRecord(raw, 'snapshot');
  if (snapshot.amrSnapshot !== 1) throw new DoubleInputError('snapshot.amrSnapshot', `must be 1, not ${JSON.stringify(snapshot.amrSnapshot)}`);
  const tenant = requireRecord(snapshot.tenant, 'snapshot.tenant');
  const tenantId = requireString(tenant, 'id', 'snapshot.tenant');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(tenantId))
    throw new DoubleInputError('snapshot.tenant.id', `must be a GUID, not ${tenantId}`);
  if (!isArray(snapshot.users)) throw new DoubleInputError('snapshot.users', 'must be an array');
  const users = new Map<string, UserEntry>();
  snapshot.users.forEach((u, i) => {
    const entry = loadUser(u, `snapshot.users[${i}]`, 1);
    const id = String(entry.props.id);
    if (users.has(id)) throw new DoubleInputError(`snapshot.users[${i}].id`, `${id} appears twice`);
    users.set(id, entry);
  });
  const groups = new Map<string, GroupEntry>();
  optionalArray(snapshot, 'groups', 'snapshot').forEach((g, i) => {
    const entry = loadGroup(g, `snapshot.groups[${i}]`);
    groups.set(String(entry.props.id), entry);
  });
  const roleAssignments = optionalArray(snapshot, 'roleAssignments', 'snapshot').map((r, i) => loadRoleAssignment(r, `snapshot.roleAssignments[${i}]`, i));
  const policies = snapshot.policies === undefined || snapshot.policies === null ? {} : cloneRecord(requireRecord(snapshot.policies, 'snapshot.policies'));
  const captured = snapshot.capturedDateTime;
  return {
    tenantId,
    displayName: typeof tenant.displayName === 'string' ? tenant.displayName : null,
    license: parseLicense(tenant.license, 'snapshot.tenant.license'),
    capturedDateTime: typeof captured === 'string' ? captured : null,
    users,
    groups,
    roleAssignments,
    policies,
  };
}
