// Builds one new generation of a tenant's registration report inside the caller's write
// transaction: rules context first, then users in batches (from the import stream or the users
// table), then summaries and the generation switch.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { recordStateHistory } from './registration-history.js';
import type { Kysely } from 'kysely';
import type { License, SnapshotGroup, SnapshotPolicies, SnapshotRoleAssignment, SnapshotUser } from '../../reports/model.js';
import { isListed } from '../../reports/population.js';
import { referencedGroupIds, resolvePolicies } from '../../reports/policies.js';
import { resolveMembership } from '../../reports/membership.js';
import { rolesByUser } from '../../reports/roles.js';
import { RegistrationShapes } from '../../reports/registration-shapes.js';
import { INCLUDED_USER_ROLES, INCLUDED_USER_TYPES, RegistrationSummaryAccumulator, cellsOf } from '../../reports/summaries.js';
import { KNOWN_METHOD_TYPES } from '../../reports/methods.js';
import type { DB } from '../schema.js';
import type { RecomputeSummary } from '../store.js';
import type { SqlExecutor } from './executor.js';
import { REGISTRATION_COLUMNS, registrationRowOf, registrationTail } from './registration-columns.js';
import { retireGenerations } from './generations.js';
import { DeferredIndexes } from './bulk-load.js';
import { ProtectionBuilder, type ShapeProtection } from './protection-builder.js';
import { methodMask } from './protection-columns.js';
import { registeredStrength } from '../../reports/protection.js';
import { featureBitsOf } from '../../reports/breakdowns.js';
import { canonicalOrder } from '../../reports/method-names.js';
import { licenceName } from '../../reports/sku-names.js';
import { recordChangesSinceCurrent } from './method-changes.js';

export interface BuildContext {
  readonly tx: SqlExecutor;
  readonly qb: Kysely<DB>;
  readonly now: () => Date;
  /** Superseded generations stay pageable this long (docs/decisions/0003). */
  readonly pagingGraceMs: number;
}

export interface ReportInputs {
  readonly tenantId: string;
  readonly tenantKey: number;
  readonly license: License;
  readonly capturedAt: string;
  readonly policies: SnapshotPolicies;
  /** Every group of the tenant: the rules need the wanted ones (and those nested in them), the group breakdown all. */
  readonly groups: readonly SnapshotGroup[];
  readonly assignments: readonly SnapshotRoleAssignment[];
}

/** The groups a recompute needs resolved: policy targets and role-assigned groups. */
export function wantedGroupIds(policies: SnapshotPolicies, license: License, assignments: readonly SnapshotRoleAssignment[]): Set<string> {
  return new Set([...referencedGroupIds(resolvePolicies(policies, license)), ...assignments.map((a) => a.principalId)]);
}

const NO_ROLES: ReadonlySet<string> = new Set();

/** What every listed user of one shape shares: the report row after the identity, and the summary cells it counts in. */
interface Shape {
  readonly tail: readonly unknown[];
  readonly cells: Int32Array;
  readonly protection: ShapeProtection;
}

/** Report rows per insert (snapshot-writer.ts USER_ROWS_PER_INSERT says why). */
const REPORT_ROWS_PER_INSERT = 250;

export class ReportBuilder {
  private readonly summary = new RegistrationSummaryAccumulator();
  private readonly unrecognised: Record<string, number> = {};
  private listed = 0;
  private skipped = 0;
  private readonly started = performance.now();
  /** The report table's secondary indexes, built once after a large load (bulk-load.ts). */
  private readonly indexes: DeferredIndexes;
  /** Report rows not inserted yet: inserted REPORT_ROWS_PER_INSERT at a time, however users arrive. */
  private rows: unknown[][] = [];

  private constructor(
    private readonly ctx: BuildContext,
    /** Only what rows need: the groups and assignments are dropped once resolved (memory). */
    private readonly inputs: Pick<ReportInputs, 'tenantId' | 'tenantKey' | 'capturedAt'>,
    readonly generation: number,
    private readonly rules: {
      readonly policies: ReturnType<typeof resolvePolicies>;
      readonly membership: ReturnType<typeof resolveMembership>;
      readonly roles: ReadonlyMap<string, ReadonlySet<string>>;
      /** Each distinct shape of user computed once (reports/registration-shapes.ts): its row's tail and summary cells. */
      readonly shapes: RegistrationShapes<Shape>;
    },
    /** userProtection cells and the breakdowns (protection-builder.ts). */
    private readonly protection: ProtectionBuilder,
    /** Report rows stored before this generation (every tenant's, every generation's). */
    rowsBefore: number,
  ) {
    this.indexes = new DeferredIndexes(ctx.tx, 'registration_details', rowsBefore);
  }

  static async start(ctx: BuildContext, inputs: ReportInputs): Promise<ReportBuilder> {
    const policies = resolvePolicies(inputs.policies, inputs.license);
    // Every group given is resolved: the rules ask about the wanted ones, the group breakdown about all (decision 0091).
    const membership = resolveMembership(
      inputs.groups,
      new Set([...wantedGroupIds(inputs.policies, inputs.license, inputs.assignments), ...inputs.groups.map((g) => g.id)]),
    );
    const roles = rolesByUser(inputs.assignments, membership);
    const { tx, qb } = ctx;
    const maxRow = (
      await tx.all(
        qb
          .selectFrom('generations')
          .select((eb) => eb.fn.max('generation').as('g'))
          .where('tenant_key', '=', inputs.tenantKey)
          .compile(),
      )
    )[0];
    // Each generation's user_count is its number of report rows.
    const rowsRow = (
      await tx.all(
        qb
          .selectFrom('generations')
          .select((eb) => eb.fn.sum<number>('user_count').as('n'))
          .compile(),
      )
    )[0];
    const { tenantId, tenantKey, capturedAt } = inputs;
    const shapes = new RegistrationShapes<Shape>(policies, { lastUpdatedDateTime: capturedAt, capturedDateTime: capturedAt }, (d, rules) => ({
      tail: registrationTail(d),
      cells: cellsOf(d),
      protection: {
        names: canonicalOrder(d.methodsRegistered),
        registeredStrength: registeredStrength(rules),
        featureBits: featureBitsOf(d),
        methodMask: methodMask(d.methodsRegistered),
      },
    }));
    const protection = await ProtectionBuilder.start(tx, qb, tenantKey, capturedAt, ctx.now(), membership, licenceName);
    return new ReportBuilder(
      ctx,
      { tenantId, tenantKey, capturedAt },
      (maxRow?.g ?? 0) + 1,
      { policies, membership, roles, shapes },
      protection,
      Number(rowsRow?.n ?? 0),
    );
  }

  async addUsers(users: readonly SnapshotUser[]): Promise<void> {
    const { membership, roles, shapes } = this.rules;
    const { tenantKey } = this.inputs;
    const uses = await this.protection.usesOf(
      this.ctx.tx,
      this.ctx.qb,
      users.filter(isListed).map((u) => u.id),
    );
    for (const user of users) {
      for (const m of user.methods) {
        const type = String(m['@odata.type']);
        if (!KNOWN_METHOD_TYPES.has(type)) this.unrecognised[type] = (this.unrecognised[type] ?? 0) + 1;
      }
      if (!isListed(user)) {
        this.skipped++;
        continue;
      }
      const roleIds = roles.get(user.id) ?? NO_ROLES;
      const shape = shapes.of(user, roleIds, membership);
      this.summary.addCells(shape.cells);
      const protection = this.protection.cells(user, shape.protection, roleIds, uses.get(user.id));
      this.rows.push(registrationRowOf(tenantKey, this.generation, user.id, user.userPrincipalName, user.displayName, shape.tail, protection));
      this.listed++;
    }
    if (this.rows.length >= REPORT_ROWS_PER_INSERT) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.ctx.tx.insertMany('registration_details', REGISTRATION_COLUMNS, rows);
    await this.indexes.added(rows.length);
    // Imports run in the server's process too: let requests through between inserts.
    await yieldToEventLoop();
  }

  /** Drops what this builder wrote (the import turned out not to fit the streaming path). */
  async discard(): Promise<void> {
    this.rows = [];
    const { tx, qb } = this.ctx;
    await tx.run(qb.deleteFrom('registration_details').where('tenant_key', '=', this.inputs.tenantKey).where('generation', '=', this.generation).compile());
    await this.indexes.restore();
  }

  async finish(): Promise<RecomputeSummary> {
    await this.flush();
    const { tx, qb } = this.ctx;
    const { tenantId, tenantKey } = this.inputs;
    const rows: unknown[][] = [];
    for (const types of INCLUDED_USER_TYPES) {
      for (const roles of INCLUDED_USER_ROLES) {
        rows.push([
          tenantKey,
          this.generation,
          types,
          roles,
          JSON.stringify(this.summary.featureSummary(types, roles)),
          JSON.stringify(this.summary.methodSummary(types, roles)),
        ]);
      }
    }
    await tx.insertMany('registration_summaries', ['tenant_key', 'generation', 'user_types', 'user_roles', 'feature_json', 'method_json'], rows);
    const computedAt = this.ctx.now();
    await this.protection.finish(tx, qb, this.generation, this.inputs.capturedAt, computedAt.toISOString());
    await recordStateHistory(
      tx,
      qb,
      tenantKey,
      this.inputs.capturedAt,
      computedAt.toISOString(),
      rows.map((r) => [r[2] as string, r[3] as string, r[4] as string, r[5] as string] as const),
    );
    await tx.insertMany(
      'generations',
      ['tenant_key', 'generation', 'captured_at', 'computed_at', 'superseded_at', 'user_count'],
      [[tenantKey, this.generation, this.inputs.capturedAt, computedAt.toISOString(), null, this.listed]],
    );
    // The change feed (decision 0094): against the generation served until now, before it may be retired.
    await recordChangesSinceCurrent(tx, qb, tenantKey, this.generation, this.inputs.capturedAt);
    await retireGenerations(tx, qb, tenantKey, this.generation, computedAt, this.ctx.pagingGraceMs);
    // After the expired generations are gone (fewer rows to index), before the switch.
    await this.indexes.restore();
    await tx.run(qb.updateTable('tenants').set({ current_generation: this.generation }).where('tenant_key', '=', tenantKey).compile());
    return {
      tenantId,
      generation: this.generation,
      listedUsers: this.listed,
      skippedUsers: this.skipped,
      unrecognisedMethodTypes: this.unrecognised,
      milliseconds: Math.round(performance.now() - this.started),
    };
  }
}
