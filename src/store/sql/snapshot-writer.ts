// Writes one tenant's snapshot records inside the caller's write transaction.
// Records that arrive before the header (a JSON document with `users` before `tenant`) are
// kept under a placeholder tenant id and moved once the header names the tenant.
import type { Kysely } from 'kysely';
import type { SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { SnapshotSink } from '../store.js';
import type { SqlExecutor } from './executor.js';

const USER_COLUMNS = [
  'tenant_id', 'id', 'user_principal_name', 'display_name', 'user_type', 'account_enabled', 'deleted',
  'methods_json', 'sign_in_preferences_json', 'security_questions', 'properties_json',
] as const;
const MEMBER_COLUMNS = ['tenant_id', 'group_id', 'member_kind', 'member_id'] as const;
const ROLE_COLUMNS = ['tenant_id', 'principal_id', 'role_definition_id', 'directory_scope_id', 'status'] as const;
const TENANT_TABLES = ['users', 'groups', 'group_members', 'role_assignments', 'policies'] as const;

export class SnapshotWriter implements SnapshotSink {
  private headerSeen: SnapshotHeader | null = null;
  private readonly placeholder: string;
  private wroteUnderPlaceholder = false;

  constructor(
    private readonly tx: SqlExecutor,
    private readonly qb: Kysely<DB>,
    private readonly now: () => Date,
    importId: string,
  ) {
    this.placeholder = `pending:${importId}`;
  }

  get tenantHeader(): SnapshotHeader | null {
    return this.headerSeen;
  }

  private get key(): string {
    if (this.headerSeen) return this.headerSeen.tenant.id;
    this.wroteUnderPlaceholder = true;
    return this.placeholder;
  }

  async header(h: SnapshotHeader): Promise<void> {
    if (this.headerSeen) throw new Error('the snapshot header arrived twice');
    const { qb, tx } = this;
    const tenantId = h.tenant.id;
    for (const table of TENANT_TABLES) {
      await tx.run(qb.deleteFrom(table).where('tenant_id', '=', tenantId).compile());
    }
    if (this.wroteUnderPlaceholder) {
      for (const table of TENANT_TABLES) {
        await tx.run(qb.updateTable(table).set({ tenant_id: tenantId }).where('tenant_id', '=', this.placeholder).compile());
      }
    }
    const record = {
      display_name: h.tenant.displayName, license: h.tenant.license,
      captured_at: h.capturedDateTime, imported_at: this.now().toISOString(),
    };
    await tx.run(qb.insertInto('tenants')
      .values({ tenant_id: tenantId, current_generation: null, created_at: record.imported_at, ...record })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(record))
      .compile());
    await tx.insertMany('policies', ['tenant_id', 'policies_json'], [[tenantId, JSON.stringify(h.policies)]]);
    this.headerSeen = h;
  }

  async users(batch: readonly SnapshotUser[]): Promise<void> {
    const tenantId = this.key;
    await this.tx.insertMany('users', USER_COLUMNS, batch.map((u) => [
      tenantId, u.id, u.userPrincipalName, u.displayName, u.userType, u.accountEnabled ? 1 : 0, u.deleted ? 1 : 0,
      JSON.stringify(u.methods), u.signInPreferences ? JSON.stringify(u.signInPreferences) : null,
      u.securityQuestionsRegistered, JSON.stringify(u.properties),
    ]));
  }

  async groups(batch: readonly SnapshotGroup[]): Promise<void> {
    const tenantId = this.key;
    await this.tx.insertMany('groups', ['tenant_id', 'id', 'display_name'], batch.map((g) => [tenantId, g.id, g.displayName]));
    const members: unknown[][] = [];
    for (const g of batch) for (const m of g.members) members.push([tenantId, g.id, m.kind, m.id]);
    await this.tx.insertMany('group_members', MEMBER_COLUMNS, members);
  }

  async roleAssignments(batch: readonly SnapshotRoleAssignment[]): Promise<void> {
    const tenantId = this.key;
    await this.tx.insertMany('role_assignments', ROLE_COLUMNS, batch.map((r) => [
      tenantId, r.principalId, r.roleDefinitionId, r.directoryScopeId, r.status,
    ]));
  }
}
