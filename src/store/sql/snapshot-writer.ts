// Writes one tenant's snapshot records inside the caller's write transaction, and its report.
// Streaming path: when the header, groups and role assignments all come before the first user
// (as amr's own writer and Graph-export scripts order them), report rows are computed as users
// stream in. If a group or role assignment comes later, those rows are dropped and the report is
// recomputed from the stored users at the end. Records that arrive before the header (a JSON
// document with `users` before `tenant`) are kept under a placeholder tenant id and moved once
// the header names the tenant.
import type { Kysely } from 'kysely';
import type { SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';
import type { DB } from '../schema.js';
import type { RecomputeSummary, SnapshotSink } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { ReportBuilder, type BuildContext, type ReportInputs } from './report-builder.js';
import { recomputeTenant } from './recompute.js';
import { existingTenantKey, nextTenantKey, tenantLock } from './tenant-keys.js';

const USER_COLUMNS = [
  'tenant_key',
  'id',
  'user_principal_name',
  'display_name',
  'user_type',
  'account_enabled',
  'deleted',
  'methods_json',
  'sign_in_preferences_json',
  'security_questions',
  'properties_json',
] as const;
const MEMBER_COLUMNS = ['tenant_key', 'group_id', 'member_kind', 'member_id', 'seq'] as const;
const ROLE_COLUMNS = ['tenant_key', 'principal_id', 'role_definition_id', 'directory_scope_id', 'status'] as const;
const TENANT_TABLES = ['users', 'groups', 'group_members', 'role_assignments', 'policies'] as const;
const MEMBER_CHUNK = 5000;
/**
 * Users' rows are inserted this many at a time, whatever the size of the batches the reader hands
 * over. Few enough that rows waiting for their insert rarely outlive two young-generation
 * collections (promoted, they fill the old generation: 178 → 35 MB promoted per 100,000 users,
 * decision 0007); each insert is a message to the writer thread (or a round trip to a server).
 */
export const USER_ROWS_PER_INSERT = 250;
/** Rows written before the header names the tenant; real keys start at 1. */
const PLACEHOLDER_KEY = 0;

export class SnapshotWriter implements SnapshotSink {
  private headerSeen: SnapshotHeader | null = null;
  private tenantKey: number | null = null;
  private wroteUnderPlaceholder = false;
  private readonly tx: SqlExecutor;
  private readonly qb: Kysely<DB>;
  /** Groups and role assignments kept until the first user: the streaming path's rules input. */
  private pending: { groups: SnapshotGroup[]; assignments: SnapshotRoleAssignment[] } | null = { groups: [], assignments: [] };
  private builder: ReportBuilder | null = null;
  private memberSeq = 0;
  /** Users' rows not inserted yet (flushUsers). */
  private userRows: unknown[][] = [];

  constructor(private readonly ctx: BuildContext) {
    this.tx = ctx.tx;
    this.qb = ctx.qb;
  }

  private get key(): number {
    if (this.tenantKey !== null) return this.tenantKey;
    this.wroteUnderPlaceholder = true;
    return PLACEHOLDER_KEY;
  }

  /** The tenant's key: its existing one, or the next free one for a new tenant. */
  private async upsertTenant(h: SnapshotHeader): Promise<number> {
    const { qb, tx } = this;
    const record = {
      display_name: h.tenant.displayName,
      license: h.tenant.license,
      captured_at: h.capturedDateTime,
      imported_at: this.ctx.now().toISOString(),
    };
    // Imports of one tenant are one at a time on every server sharing the database (issue 13).
    await tx.advisoryLock?.(tenantLock(h.tenant.id));
    const existing = await existingTenantKey(tx, qb, h.tenant.id);
    if (existing !== null) {
      await tx.run(qb.updateTable('tenants').set(record).where('tenant_key', '=', existing).compile());
      return existing;
    }
    const key = await nextTenantKey(tx, qb);
    await tx.run(
      qb
        .insertInto('tenants')
        .values({ tenant_key: key, tenant_id: h.tenant.id, current_generation: null, created_at: record.imported_at, ...record })
        .compile(),
    );
    return key;
  }

  async header(h: SnapshotHeader): Promise<void> {
    if (this.headerSeen) throw new Error('the snapshot header arrived twice');
    // Rows kept under the placeholder key are stored before they are moved to the tenant's.
    await this.flushUsers();
    const { qb, tx } = this;
    const key = await this.upsertTenant(h);
    for (const table of TENANT_TABLES) {
      await tx.run(qb.deleteFrom(table).where('tenant_key', '=', key).compile());
    }
    if (this.wroteUnderPlaceholder) {
      for (const table of TENANT_TABLES) {
        await tx.run(qb.updateTable(table).set({ tenant_key: key }).where('tenant_key', '=', PLACEHOLDER_KEY).compile());
      }
    }
    await tx.insertMany('policies', ['tenant_key', 'policies_json'], [[key, JSON.stringify(h.policies)]]);
    this.headerSeen = h;
    this.tenantKey = key;
  }

  private inputs(h: SnapshotHeader, key: number, pending: NonNullable<SnapshotWriter['pending']>): ReportInputs {
    return {
      tenantId: h.tenant.id,
      tenantKey: key,
      license: h.tenant.license,
      capturedAt: h.capturedDateTime,
      policies: h.policies,
      groups: pending.groups,
      assignments: pending.assignments,
    };
  }

  async users(batch: readonly SnapshotUser[]): Promise<void> {
    const key = this.key;
    for (const u of batch) {
      this.userRows.push([
        key,
        u.id,
        u.userPrincipalName,
        u.displayName,
        u.userType,
        u.accountEnabled ? 1 : 0,
        u.deleted ? 1 : 0,
        JSON.stringify(u.methods),
        u.signInPreferences ? JSON.stringify(u.signInPreferences) : null,
        u.securityQuestionsRegistered,
        JSON.stringify(u.properties),
      ]);
    }
    if (this.userRows.length >= USER_ROWS_PER_INSERT) await this.flushUsers();
    if (this.pending && this.headerSeen && this.tenantKey !== null) {
      this.builder = await ReportBuilder.start(this.ctx, this.inputs(this.headerSeen, this.tenantKey, this.pending));
    }
    this.pending = null;
    if (this.builder) await this.builder.addUsers(batch);
  }

  private async flushUsers(): Promise<void> {
    if (this.userRows.length === 0) return;
    const rows = this.userRows;
    this.userRows = [];
    await this.tx.insertMany('users', USER_COLUMNS, rows);
  }

  /** A group or role assignment after the first user: the rows computed so far may be wrong. */
  private async leaveStreamingPath(): Promise<void> {
    if (this.builder) await this.builder.discard();
    this.builder = null;
  }

  /** Completes the report: the streamed one, or a recompute from the stored users. */
  async finish(): Promise<RecomputeSummary> {
    if (!this.headerSeen || this.tenantKey === null) throw new Error('the snapshot ended without its header (amrSnapshot, tenant)');
    // Before a recompute reads the users table.
    await this.flushUsers();
    if (this.builder) return this.builder.finish();
    if (this.pending) {
      // No users at all: the streaming path never started; an empty report is still a report.
      return (await ReportBuilder.start(this.ctx, this.inputs(this.headerSeen, this.tenantKey, this.pending))).finish();
    }
    return recomputeTenant(this.ctx, this.headerSeen.tenant.id);
  }

  async groups(batch: readonly SnapshotGroup[]): Promise<void> {
    const key = this.key;
    await this.tx.insertMany(
      'groups',
      ['tenant_key', 'id', 'display_name'],
      batch.map((g) => [key, g.id, g.displayName]),
    );
    // A group may have a million members: hand them over in chunks, never as one array.
    let members: unknown[][] = [];
    for (const g of batch) {
      for (const m of g.members) {
        members.push([key, g.id, m.kind, m.id, this.memberSeq++]);
        if (members.length === MEMBER_CHUNK) {
          await this.tx.insertMany('group_members', MEMBER_COLUMNS, members);
          members = [];
        }
      }
    }
    await this.tx.insertMany('group_members', MEMBER_COLUMNS, members);
    if (this.pending) this.pending.groups.push(...batch);
    else await this.leaveStreamingPath();
  }

  async roleAssignments(batch: readonly SnapshotRoleAssignment[]): Promise<void> {
    const key = this.key;
    await this.tx.insertMany(
      'role_assignments',
      ROLE_COLUMNS,
      batch.map((r) => [key, r.principalId, r.roleDefinitionId, r.directoryScopeId, r.status]),
    );
    if (this.pending) this.pending.assignments.push(...batch);
    else await this.leaveStreamingPath();
  }
}
