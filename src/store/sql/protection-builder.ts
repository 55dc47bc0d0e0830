// The userProtection cells of each report row and the generation's breakdowns (issue 15; decision
// 0091), built beside the registration rows by report-builder.ts: per user, the registered class
// (from the shape's rule context), the used class and stale methods (from method_use), and the
// buckets the user counts in. Group buckets are counted once per membership signature (the set of
// groups a user is in, transitively) and spread over the signature's groups at the end.
import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import type { SqlExecutor } from './executor.js';
import type { GraphObject, SnapshotUser, StrengthClassName } from '../../reports/model.js';
import type { GroupMembership } from '../../reports/membership.js';
import type { MethodName } from '../../reports/method-names.js';
import { usedStrength } from '../../reports/protection.js';
import { DEFAULT_STALE_AFTER_DAYS, staleMethods } from '../../reports/protection-stale.js';
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
  /** Users by membership signature; a user of each signature, to ask which groups it stands for. */
  private readonly bySignature = new BucketCounter();
  private readonly signatureUser = new Map<string, string>();
  /** One CountedUser per shape and staleness, so the counters count each user with a map increment. */
  private readonly countedOf = new WeakMap<ShapeProtection, readonly [CountedUser, CountedUser]>();

  private constructor(
    private readonly tenantKey: number,
    /** The instant rows are evaluated at: the later of the capture and the newest activity held, never after the build. */
    readonly asOf: string,
    /** The oldest sign-in held: absence of use is known from here on (decision 0090). */
    private readonly activityCompleteFrom: string | null,
    private readonly readsUses: boolean,
    /** Every group resolved (report-builder.ts): signatures and groupsOf cover them all. */
    private readonly membership: GroupMembership,
    private readonly licenceNames: (skuId: string) => string | null,
  ) {
    const from = activityCompleteFrom === null ? Number.NaN : Date.parse(activityCompleteFrom);
    this.activitySpansStaleWindow = from <= Date.parse(asOf) - DEFAULT_STALE_AFTER_DAYS * 86_400_000;
  }

  /** The activity held covers the whole stale window, so an unused method is known unused without lastUsedDateTime. */
  private readonly activitySpansStaleWindow: boolean;

  static async start(
    tx: SqlExecutor,
    qb: Kysely<DB>,
    tenantKey: number,
    capturedAt: string,
    now: Date,
    membership: GroupMembership,
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
    return new ProtectionBuilder(tenantKey, asOf, await edge('asc'), await hasMethodUse(tx, qb, tenantKey), membership, licenceNames);
  }

  /** The method uses of these users (none read for a tenant without activity). */
  usesOf(tx: SqlExecutor, qb: Kysely<DB>, userIds: readonly string[]): Promise<Map<string, MethodUse[]>> {
    return this.readsUses && userIds.length > 0 ? readMethodUse(tx, qb, this.tenantKey, userIds) : Promise.resolve(new Map<string, MethodUse[]>());
  }

  /** The user's protection cells (PROTECTION_ROW_COLUMNS order); counts the user in their buckets. */
  cells(user: SnapshotUser, shape: ShapeProtection, roleIds: ReadonlySet<string>, uses: readonly MethodUse[] = NO_USES): unknown[] {
    const activity = usesAsActivity(uses);
    const used = uses.length === 0 ? null : usedStrength(activity.signIns, { asOf: this.asOf });
    // Without a createdDateTime no name has a registration instant, and without a tracked last use or
    // activity spanning the window no absence of use is known: then none can be stale (decision 0090).
    const stale = this.canBeStale(user.methods)
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
    let pair = this.countedOf.get(shape);
    if (pair === undefined) {
      const base = { featureBits: shape.featureBits, methodMask: shape.methodMask, strength: shape.registeredStrength };
      pair = [
        { ...base, stale: false },
        { ...base, stale: true },
      ];
      this.countedOf.set(shape, pair);
    }
    const counted = pair[stale.length > 0 ? 1 : 0];
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

  private canBeStale(methods: readonly GraphObject[]): boolean {
    let dated = false;
    let tracked = this.activitySpansStaleWindow;
    for (const m of methods) {
      dated ||= typeof m['createdDateTime'] === 'string';
      tracked ||= typeof m['lastUsedDateTime'] === 'string';
    }
    return dated && tracked;
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
    const signature = String(this.membership.signature(user.id));
    if (!this.signatureUser.has(signature)) this.signatureUser.set(signature, user.id);
    this.bySignature.add(signature, null, counted);
  }

  /** Every group's users (transitive: nested groups' users count in the outer group, once), named from the groups table. */
  private async groupBuckets(tx: SqlExecutor, qb: Kysely<DB>): Promise<BucketCounter> {
    const names = new Map(
      (await tx.all(qb.selectFrom('groups').select(['id', 'display_name']).where('tenant_key', '=', this.tenantKey).compile())).map((g) => [
        g.id,
        g.display_name,
      ]),
    );
    const groups = new BucketCounter();
    this.bySignature.spreadInto(groups, (signature) =>
      this.membership.groupsOf(this.signatureUser.get(signature)!).map((id) => ({ key: id, displayName: names.get(id) ?? null })),
    );
    return groups;
  }

  /** Writes the generation's breakdowns (after its rows: groups are counted from them) and the day's breakdown history. */
  async finish(tx: SqlExecutor, qb: Kysely<DB>, generation: number, capturedAt: string, recordedAt: string): Promise<void> {
    const rows: [string, string][] = USER_DIMENSIONS.map((d) => [d, JSON.stringify(this.counters.get(d)!.summaries())]);
    rows.push(['group', JSON.stringify((await this.groupBuckets(tx, qb)).summaries())]);
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
