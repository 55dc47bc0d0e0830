// The userProtection cells of each report row and the generation's breakdowns (issue 15; decision
// 0091), built beside the registration rows by report-builder.ts: per user, the registered class
// (from the shape's rule context), the used class and stale methods (from method_use), and the
// buckets the user counts in. Group buckets are counted in SQL once the rows are written
// (transitive membership over every group: too many pairs to hold per user).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';
import type { GraphObject, SnapshotUser, StrengthClassName } from '../../reports/model.js';
import type { MethodName } from '../../reports/method-names.js';
import { usedStrength } from '../../reports/protection.js';
import { staleMethods } from '../../reports/protection-stale.js';
import { BucketCounter, type CountedUser, type GroupBy } from '../../reports/breakdowns.js';
import { BUILT_IN_ROLES } from '../../reports/role-catalog.js';
import { str } from '../../reports/graph-object.js';
import { hasMethodUse, readMethodUse, usesAsActivity, type MethodUse } from './method-use.js';
import { methodMask, protectionCells } from './protection-columns.js';
import { recordBreakdownHistory } from './breakdown-history.js';

const ROLE_NAMES: ReadonlyMap<string, string> = new Map(BUILT_IN_ROLES.map((r) => [r.id.toLowerCase(), r.name]));

/** What the user's shape decided: the same for every user of the shape. */
export interface ShapeProtection {
  readonly names: readonly MethodName[];
  readonly registeredStrength: StrengthClassName;
  readonly featureBits: number;
  readonly methodMask: number;
}

/** Breakdown dimensions counted per user here; 'group' is counted in SQL (groupBuckets). */
const USER_DIMENSIONS = ['', 'department', 'licence', 'role', 'userType'] as const;

const NO_USES: readonly MethodUse[] = [];

function text(o: GraphObject, name: string): string | null {
  const v = str(o, name);
  return v === null || v.trim() === '' ? null : v;
}

/** The distinct skuIds of the user's assignedLicenses (lower case). */
function skuIds(properties: GraphObject): string[] {
  const list = properties['assignedLicenses'];
  if (!Array.isArray(list)) return [];
  const out = new Set<string>();
  for (const l of list as unknown[]) {
    if (l === null || typeof l !== 'object') continue;
    const sku = (l as Record<string, unknown>)['skuId'];
    if (typeof sku === 'string' && sku !== '') out.add(sku.toLowerCase());
  }
  return [...out];
}

export class ProtectionBuilder {
  private readonly counters = new Map<string, BucketCounter>(USER_DIMENSIONS.map((d) => [d, new BucketCounter()]));

  private constructor(
    private readonly tenantKey: number,
    /** The instant rows are evaluated at: the later of the capture and the newest activity held, never after the build. */
    readonly asOf: string,
    /** The oldest sign-in held: absence of use is known from here on (decision 0090). */
    private readonly activityCompleteFrom: string | null,
    private readonly readsUses: boolean,
    private readonly licenceNames: (skuId: string) => string | null,
  ) {}

  static async start(
    tx: SqlExecutor,
    qb: Kysely<DB>,
    tenantKey: number,
    capturedAt: string,
    now: Date,
    licenceNames: (skuId: string) => string | null = () => null,
  ): Promise<ProtectionBuilder> {
    const edge = async (order: 'asc' | 'desc'): Promise<string | null> =>
      (await tx.all(qb.selectFrom('signin_facts').select('created_at').where('tenant_key', '=', tenantKey).orderBy('created_at', order).limit(1).compile()))[0]
        ?.created_at ?? null;
    const newestReset = (
      await tx.all(
        qb
          .selectFrom('activity_events')
          .select('event_at')
          .where('tenant_key', '=', tenantKey)
          .where('feature', '=', 'reset')
          .orderBy('event_at', 'desc')
          .limit(1)
          .compile(),
      )
    )[0]?.event_at;
    let asOfMs = Date.parse(capturedAt);
    for (const t of [await edge('desc'), newestReset ?? null]) if (t !== null && Date.parse(t) > asOfMs) asOfMs = Date.parse(t);
    asOfMs = Math.min(asOfMs, Math.max(now.getTime(), Date.parse(capturedAt)));
    const asOf = asOfMs === Date.parse(capturedAt) ? capturedAt : new Date(asOfMs).toISOString();
    return new ProtectionBuilder(tenantKey, asOf, await edge('asc'), await hasMethodUse(tx, qb, tenantKey), licenceNames);
  }

  /** The method uses of these users (none read for a tenant without activity). */
  usesOf(tx: SqlExecutor, qb: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, MethodUse[]>> {
    return this.readsUses && userIds.length > 0 ? readMethodUse(tx, qb, this.tenantKey, userIds) : Promise.resolve(new Map());
  }

  /** The user's protection cells (PROTECTION_ROW_COLUMNS order); counts the user in their buckets. */
  cells(user: SnapshotUser, shape: ShapeProtection, roleIds: ReadonlySet<string>, uses: readonly MethodUse[] = NO_USES): unknown[] {
    const activity = usesAsActivity(uses);
    const used = uses.length === 0 ? null : usedStrength(activity.signIns, { asOf: this.asOf });
    // Without a createdDateTime no name has a registration instant, so none can be stale (decision 0090).
    const dated = user.methods.some((m) => typeof m['createdDateTime'] === 'string');
    const stale = dated
      ? staleMethods({
          registered: shape.names,
          methods: user.methods,
          asOf: this.asOf,
          signIns: activity.signIns,
          resets: activity.resets,
          activityCompleteFrom: this.activityCompleteFrom,
        })
      : [];
    const department = text(user.properties, 'department');
    const counted: CountedUser = { featureBits: shape.featureBits, methodMask: shape.methodMask, strength: shape.registeredStrength, stale: stale.length > 0 };
    this.count(user, department, roleIds, counted);
    return protectionCells({
      department,
      companyName: text(user.properties, 'companyName'),
      registeredStrength: shape.registeredStrength,
      usedStrength: used,
      staleMask: methodMask(stale.map((s) => s.method)),
      staleCount: stale.length,
      asOf: this.asOf,
    });
  }

  private count(user: SnapshotUser, department: string | null, roleIds: ReadonlySet<string>, counted: CountedUser): void {
    const c = this.counters;
    c.get('')!.add('all', null, counted);
    c.get('userType')!.add(user.userType, null, counted);
    c.get('department')!.add(department, null, counted);
    const skus = skuIds(user.properties);
    if (skus.length === 0) c.get('licence')!.add(null, null, counted);
    for (const sku of skus) c.get('licence')!.add(sku, this.licenceNames(sku), counted);
    if (roleIds.size === 0) c.get('role')!.add(null, null, counted);
    for (const role of roleIds) c.get('role')!.add(role, ROLE_NAMES.get(role.toLowerCase()) ?? null, counted);
  }

  /** Writes the generation's breakdowns (after its rows: groups are counted from them) and the day's breakdown history. */
  async finish(tx: SqlExecutor, qb: Kysely<DB>, generation: number, capturedAt: string, recordedAt: string): Promise<void> {
    const rows: [string, string][] = USER_DIMENSIONS.map((d) => [d, JSON.stringify(this.counters.get(d)!.summaries())]);
    rows.push(['group', JSON.stringify((await groupBuckets(tx, qb, this.tenantKey, generation)).summaries())]);
    await tx.insertMany(
      'breakdowns',
      ['tenant_key', 'generation', 'group_by', 'buckets_json'],
      rows.map(([by, json]) => [this.tenantKey, generation, by, json]),
    );
    await recordBreakdownHistory(tx, qb, this.tenantKey, capturedAt, recordedAt, rows);
  }
}

/** The stored name of a breakdown: '' for none (one bucket, 'all'). */
export function groupByColumn(groupBy: GroupBy | null): string {
  return groupBy ?? '';
}

/**
 * Every group's users (transitive: nested groups' users count in the outer group; a cycle ends
 * because UNION drops repeated rows), counted by the listed rows of the generation. One row per
 * group and distinct row shape, so the answer is small however many users there are.
 */
async function groupBuckets(tx: SqlExecutor, qb: Kysely<DB>, tenantKey: number, generation: number): Promise<BucketCounter> {
  const query = sql<{
    group_id: string;
    display_name: string | null;
    registered_strength: string;
    f0: number;
    f1: number;
    f2: number;
    f3: number;
    f4: number;
    methods_mask: number;
    stale: number;
    n: number;
  }>`WITH RECURSIVE closure(group_id, member_kind, member_id) AS (
      SELECT group_id, member_kind, member_id FROM group_members WHERE tenant_key = ${tenantKey}
      UNION
      SELECT c.group_id, m.member_kind, m.member_id FROM closure c
        JOIN group_members m ON m.tenant_key = ${tenantKey} AND m.group_id = c.member_id
        WHERE c.member_kind = 'group'
    )
    SELECT u.group_id AS group_id, g.display_name AS display_name, r.registered_strength AS registered_strength,
      r.is_sspr_registered AS f0, r.is_sspr_enabled AS f1, r.is_sspr_capable AS f2, r.is_passwordless_capable AS f3,
      r.is_mfa_capable AS f4, r.methods_mask AS methods_mask, CASE WHEN r.stale_count > 0 THEN 1 ELSE 0 END AS stale, count(*) AS n
    FROM (SELECT DISTINCT group_id, member_id FROM closure WHERE member_kind = 'user') u
    JOIN registration_details r ON r.tenant_key = ${tenantKey} AND r.generation = ${generation} AND r.id = u.member_id
    LEFT JOIN groups g ON g.tenant_key = ${tenantKey} AND g.id = u.group_id
    GROUP BY u.group_id, g.display_name, r.registered_strength, r.is_sspr_registered, r.is_sspr_enabled, r.is_sspr_capable,
      r.is_passwordless_capable, r.is_mfa_capable, r.methods_mask, CASE WHEN r.stale_count > 0 THEN 1 ELSE 0 END`.compile(qb);
  const counter = new BucketCounter();
  for (const r of await tx.all(query)) {
    const featureBits = (r.f0 === 1 ? 1 : 0) | (r.f1 === 1 ? 2 : 0) | (r.f2 === 1 ? 4 : 0) | (r.f3 === 1 ? 8 : 0) | (r.f4 === 1 ? 16 : 0);
    counter.add(
      r.group_id,
      r.display_name,
      { featureBits, methodMask: Number(r.methods_mask), strength: r.registered_strength as StrengthClassName, stale: Number(r.stale) === 1 },
      Number(r.n),
    );
  }
  return counter;
}
