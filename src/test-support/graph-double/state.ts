// The tenant the double serves, mutable by tests between syncs: users (with a change version for
// users delta), methods, groups, roles, policies, logs, app registrations and time.
import { randomUUID } from 'node:crypto';
import { isoAt, type OffsetClock } from './clock.js';
import { DoubleInputError, cloneRecord, isArray, requireRecord, requireString, type JsonRecord } from './json.js';
import { loadGroup, loadMethod, loadRoleAssignment, loadUser, parseLicense, type LoadedSnapshot } from './load-snapshot.js';
import type { AppRegistration, GroupEntry, License, MethodChangeOptions, UserEntry } from './model.js';

export class TenantState {
  readonly tenantId: string;
  displayName: string | null;
  license: License;
  readonly users: Map<string, UserEntry>;
  /** Hard-deleted users: id → the version of their removal (users delta shows them as "deleted"). */
  readonly hardDeleted = new Map<string, number>();
  readonly groups: Map<string, GroupEntry>;
  roleAssignments: JsonRecord[];
  policies: JsonRecord;
  readonly directoryAudits: JsonRecord[] = [];
  readonly signIns: JsonRecord[] = [];
  /** Entra's userRegistrationDetails rows as injected; null = computed (registration-rows.ts). */
  registrationDetails: JsonRecord[] | null = null;
  /** Per-user property overrides laid over the computed rows. */
  readonly registrationOverrides = new Map<string, JsonRecord>();
  /** subscribedSkus as injected; null = derived from the licence. */
  skus: JsonRecord[] | null = null;
  readonly apps = new Map<string, AppRegistration>();
  /** Bumped by every change; users carry the version of their last delta-visible change. */
  version = 1;

  constructor(
    loaded: LoadedSnapshot,
    readonly clock: OffsetClock,
  ) {
    this.tenantId = loaded.tenantId;
    this.displayName = loaded.displayName;
    this.license = loaded.license;
    this.users = loaded.users;
    this.groups = loaded.groups;
    this.roleAssignments = loaded.roleAssignments;
    this.policies = loaded.policies;
  }

  now(): number {
    return this.clock.now();
  }

  /** Moves the double's clock forward (delta-link age, log retention, limit windows). */
  advanceTime(ms: number): void {
    this.clock.advance(ms);
  }

  #bump(): number {
    this.version += 1;
    return this.version;
  }

  #user(id: string): UserEntry {
    const user = this.users.get(id);
    if (!user) throw new DoubleInputError('state', `no user ${id}`);
    return user;
  }

  addUser(raw: JsonRecord): void {
    const id = requireString(raw, 'id', 'addUser');
    if (this.users.has(id)) throw new DoubleInputError('addUser', `user ${id} exists`);
    this.users.set(id, loadUser(raw, 'addUser', this.#bump()));
    this.hardDeleted.delete(id);
  }

  /** Changes user properties (a change users delta shows). `authentication` is not accepted here. */
  updateUser(id: string, patch: JsonRecord): void {
    if ('authentication' in patch || 'id' in patch) throw new DoubleInputError('updateUser', 'id and authentication cannot be patched');
    const user = this.#user(id);
    user.props = { ...user.props, ...cloneRecord(patch) };
    user.version = this.#bump();
  }

  /** Soft delete (restorable: delta says "changed") or hard delete (delta says "deleted"). */
  removeUser(id: string, options: { readonly hard?: boolean } = {}): void {
    const user = this.#user(id);
    const version = this.#bump();
    if (options.hard) {
      this.users.delete(id);
      this.hardDeleted.set(id, version);
    } else {
      user.props = { ...user.props, deletedDateTime: isoAt(this.now()) };
      user.version = version;
    }
  }

  restoreUser(id: string): void {
    const user = this.#user(id);
    user.props = { ...user.props, deletedDateTime: null };
    user.version = this.#bump();
  }

  setMethods(id: string, methods: readonly JsonRecord[], options: MethodChangeOptions = {}): void {
    const user = this.#user(id);
    const before = new Set(user.methods.map((m) => String(m.id)));
    user.methods = methods.map((m, i) => loadMethod(m, id, i, `setMethods(${id})[${i}]`));
    this.#bump();
    const after = new Set(user.methods.map((m) => String(m.id)));
    if (options.audit === false) return;
    if ([...after].some((m) => !before.has(m))) this.#securityInfoAudit(user, 'User registered security info', 'Add');
    if ([...before].some((m) => !after.has(m))) this.#securityInfoAudit(user, 'User deleted security info', 'Delete');
  }

  addMethod(id: string, method: JsonRecord, options: MethodChangeOptions = {}): void {
    const user = this.#user(id);
    this.setMethods(id, [...user.methods, method], options);
  }

  removeMethod(id: string, methodId: string, options: MethodChangeOptions = {}): void {
    const user = this.#user(id);
    if (!user.methods.some((m) => m.id === methodId)) throw new DoubleInputError('removeMethod', `user ${id} has no method ${methodId}`);
    this.setMethods(
      id,
      user.methods.filter((m) => m.id !== methodId),
      options,
    );
  }

  setSignInPreferences(id: string, prefs: JsonRecord | null): void {
    this.#user(id).signInPreferences = prefs === null ? null : cloneRecord(prefs);
    this.#bump();
  }

  setSecurityQuestions(id: string, count: number | null): void {
    if (count !== null && (!Number.isInteger(count) || count < 0)) throw new DoubleInputError('setSecurityQuestions', `${count} is not a count`);
    this.#user(id).securityQuestionsRegistered = count;
    this.#bump();
  }

  putGroup(raw: JsonRecord): void {
    const group = loadGroup(raw, 'putGroup');
    this.groups.set(String(group.props.id), group);
    this.#bump();
  }

  removeGroup(id: string): void {
    if (!this.groups.delete(id)) throw new DoubleInputError('removeGroup', `no group ${id}`);
    this.#bump();
  }

  setGroupMembers(id: string, members: readonly JsonRecord[]): void {
    const group = this.groups.get(id);
    if (!group) throw new DoubleInputError('setGroupMembers', `no group ${id}`);
    this.groups.set(id, loadGroup({ ...group.props, members }, `setGroupMembers(${id})`));
    this.#bump();
  }

  setRoleAssignments(assignments: readonly JsonRecord[]): void {
    this.roleAssignments = assignments.map((a, i) => loadRoleAssignment(a, `setRoleAssignments[${i}]`, i));
    this.#bump();
  }

  /** Replaces policy parts (authenticationMethodsPolicy, passwordResetPolicy, authorizationPolicy, legacyMfaPolicy). */
  setPolicies(patch: JsonRecord): void {
    this.policies = { ...this.policies, ...cloneRecord(patch) };
    this.#bump();
  }

  setLicense(license: License): void {
    this.license = parseLicense(license, 'setLicense');
    this.#bump();
  }

  addDirectoryAudit(event: JsonRecord): void {
    const e = cloneRecord(requireRecord(event, 'addDirectoryAudit'));
    requireString(e, 'id', 'addDirectoryAudit');
    timeOf(e, 'activityDateTime', 'addDirectoryAudit');
    this.directoryAudits.push(e);
  }

  addSignIn(event: JsonRecord): void {
    const e = cloneRecord(requireRecord(event, 'addSignIn'));
    requireString(e, 'id', 'addSignIn');
    timeOf(e, 'createdDateTime', 'addSignIn');
    this.signIns.push(e);
  }

  /** Entra's rows exactly (null: computed again from the tenant). */
  setRegistrationDetails(rows: readonly JsonRecord[] | null): void {
    this.registrationDetails =
      rows === null
        ? null
        : rows.map((r, i) => {
            const row = cloneRecord(requireRecord(r, `setRegistrationDetails[${i}]`));
            requireString(row, 'id', `setRegistrationDetails[${i}]`);
            return row;
          });
    this.#bump();
  }

  overrideRegistrationDetails(userId: string, patch: JsonRecord): void {
    this.registrationOverrides.set(userId, { ...(this.registrationOverrides.get(userId) ?? {}), ...cloneRecord(patch) });
    this.#bump();
  }

  putApp(app: AppRegistration): void {
    if (typeof app.clientId !== 'string' || app.clientId === '') throw new DoubleInputError('apps', 'clientId must be a non-empty string');
    if (!isArray(app.permissions) || app.permissions.some((p) => typeof p !== 'string'))
      throw new DoubleInputError(`apps[${app.clientId}].permissions`, 'must be an array of strings');
    this.apps.set(app.clientId, app);
  }

  #securityInfoAudit(user: UserEntry, activity: string, operationType: string): void {
    const who = { id: user.props.id, displayName: user.props.displayName ?? null, userPrincipalName: user.props.userPrincipalName, ipAddress: null };
    this.directoryAudits.push({
      id: `Authentication Methods_${randomUUID()}`,
      category: 'UserManagement',
      correlationId: randomUUID(),
      result: 'success',
      resultReason: '',
      activityDisplayName: activity,
      activityDateTime: isoAt(this.now()),
      loggedByService: 'Authentication Methods',
      operationType,
      initiatedBy: { user: who, app: null },
      targetResources: [
        {
          id: user.props.id,
          displayName: user.props.displayName ?? null,
          type: 'User',
          userPrincipalName: user.props.userPrincipalName,
          modifiedProperties: [],
        },
      ],
      additionalDetails: [],
    });
  }

  /** The tenant now, as an amr snapshot object (JSON-document form): what `amr import` would take. */
  toSnapshot(): JsonRecord {
    const users = [...this.users.values()].map((u) => {
      const authentication: JsonRecord = { methods: u.methods.map(cloneRecord) };
      if (u.signInPreferences) authentication.signInPreferences = cloneRecord(u.signInPreferences);
      if (u.securityQuestionsRegistered !== null) authentication.securityQuestionsRegistered = u.securityQuestionsRegistered;
      return { ...cloneRecord(u.props), authentication };
    });
    return {
      amrSnapshot: 1,
      tenant: { id: this.tenantId, ...(this.displayName === null ? {} : { displayName: this.displayName }), license: this.license },
      capturedDateTime: isoAt(this.now()),
      users,
      groups: [...this.groups.values()].map((g) => ({ ...cloneRecord(g.props), members: g.members.map(cloneRecord) })),
      roleAssignments: this.roleAssignments.map(cloneRecord),
      policies: cloneRecord(this.policies),
    };
  }
}

export function timeOf(record: JsonRecord, key: string, where: string): number {
  const value = record[key];
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new DoubleInputError(`${where}.${key}`, 'must be an ISO-8601 date-time');
  return ms;
}
