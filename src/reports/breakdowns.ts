// Breakdowns of the registration and protection counts by a user attribute (issue 15 item 2; decision 0091).
import { FEATURES, type FeatureSummary, type MethodSummary } from './summaries.js';
import { STRENGTH_CLASSES, type StrengthClass } from './protection-classes.js';
import { METHODS_REGISTERED } from './method-names.js';

/** What `groupBy` may name. A user counts in every bucket of the attribute they hold (groups, licences, roles). */
export const GROUP_BY = ['department', 'group', 'licence', 'role', 'userType'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** One bucket of a breakdown: the users holding `key` (null: users without the attribute), counted. */
export interface BucketSummary {
  /** The department name, group id, licence skuId, role template id or userType; null for "none"; 'all' without groupBy. */
  readonly key: string | null;
  /** The group's or role's display name, the licence's skuPartNumber when known; null otherwise. */
  readonly displayName: string | null;
  readonly totalUserCount: number;
  /** Users per registeredStrength class (they sum to totalUserCount). */
  readonly protection: Readonly<Record<StrengthClass, number>>;
  /** Users with at least one stale method. */
  readonly staleUserCount: number;
  /** usersRegisteredByFeature / ByMethod of the bucket's users (includedUserTypes = includedUserRoles = all). */
  readonly feature: FeatureSummary;
  readonly method: MethodSummary;
}

/** One UTC day of a breakdown (registrationHistory?groupBy=…), carried over like RegistrationHistoryDay. */
export interface BucketHistoryDay {
  readonly day: string;
  readonly capturedAt: string;
  readonly recorded: boolean;
  readonly buckets: readonly BucketSummary[];
}

/** What a bucket counts of one user: the feature flags (FEATURES order, bit f), methods (METHODS_REGISTERED bits), class, staleness. */
export interface CountedUser {
  readonly featureBits: number;
  readonly methodMask: number;
  readonly strength: StrengthClass;
  readonly stale: boolean;
}

interface Cells {
  displayName: string | null;
  total: number;
  stale: number;
  readonly features: number[];
  readonly methods: number[];
  readonly protection: number[];
  /**
   * Users added but not yet counted into the cells, by CountedUser object: a caller that shares one
   * object per kind of user (a report build shares one per shape) pays one map increment per user.
   */
  readonly pending: Map<CountedUser, number>;
}

const METHOD_BIT = METHODS_REGISTERED.map((_, m) => 2 ** m);

/** Counts the pending users into the cells. */
function settle(b: Cells): void {
  for (const [user, times] of b.pending) {
    b.total += times;
    if (user.stale) b.stale += times;
    for (let f = 0; f < FEATURES.length; f++) if ((user.featureBits & (1 << f)) !== 0) b.features[f]! += times;
    for (let m = 0; m < METHOD_BIT.length; m++) if ((user.methodMask & METHOD_BIT[m]!) !== 0) b.methods[m]! += times;
    const c = STRENGTH_CLASSES.indexOf(user.strength);
    b.protection[c < 0 ? STRENGTH_CLASSES.length - 1 : c]! += times;
  }
  b.pending.clear();
}

/** The user-null bucket's key in maps; buckets come out with key null. */
const NONE = '\u0000none';

/** Counts users into the buckets of one breakdown; memory grows with the buckets, not the users. */
export class BucketCounter {
  private readonly buckets = new Map<string, Cells>();

  /** Adds `times` users like `user` to bucket `key` (null: users without the attribute). */
  add(key: string | null, displayName: string | null, user: CountedUser, times = 1): void {
    const k = key ?? NONE;
    let b = this.buckets.get(k);
    if (b === undefined) {
      b = {
        displayName,
        total: 0,
        stale: 0,
        features: new Array<number>(FEATURES.length).fill(0),
        methods: new Array<number>(METHODS_REGISTERED.length).fill(0),
        protection: new Array<number>(STRENGTH_CLASSES.length).fill(0),
        pending: new Map(),
      };
      this.buckets.set(k, b);
    }
    if (b.displayName === null) b.displayName = displayName;
    b.pending.set(user, (b.pending.get(user) ?? 0) + times);
    // A caller making a new object per user would grow the map with the users: count them now.
    if (b.pending.size > 65_536) settle(b);
  }

  /**
   * Adds each bucket of this counter to `target` under every key `expand` gives for its key: users
   * counted once per membership signature, then spread over the signature's groups.
   */
  spreadInto(target: BucketCounter, expand: (key: string) => readonly { readonly key: string; readonly displayName: string | null }[]): void {
    for (const [k, b] of this.buckets) {
      if (k === NONE) continue;
      settle(b);
      for (const t of expand(k)) target.addCells(t.key, t.displayName, b);
    }
  }

  private addCells(key: string, displayName: string | null, from: Cells): void {
    let b = this.buckets.get(key);
    if (b === undefined) {
      b = { ...from, features: [...from.features], methods: [...from.methods], protection: [...from.protection], pending: new Map(), displayName };
      this.buckets.set(key, b);
      return;
    }
    settle(b);
    b.total += from.total;
    b.stale += from.stale;
    from.features.forEach((n, i) => (b.features[i]! += n));
    from.methods.forEach((n, i) => (b.methods[i]! += n));
    from.protection.forEach((n, i) => (b.protection[i]! += n));
  }

  /** Buckets ordered by key (code unit order), the null bucket last; counts as the registration summaries write them (A7). */
  summaries(): BucketSummary[] {
    const keys = [...this.buckets.keys()].filter((k) => k !== NONE).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (this.buckets.has(NONE)) keys.push(NONE);
    return keys.map((k) => {
      const b = this.buckets.get(k)!;
      settle(b);
      return {
        key: k === NONE ? null : k,
        displayName: b.displayName,
        totalUserCount: b.total,
        protection: Object.fromEntries(STRENGTH_CLASSES.map((c, i) => [c, b.protection[i]!])) as Record<StrengthClass, number>,
        staleUserCount: b.stale,
        feature: { totalUserCount: b.total, userRegistrationFeatureCounts: FEATURES.map((feature, f) => ({ feature, userCount: b.features[f]! })) },
        method: {
          totalUserCount: b.total,
          userRegistrationMethodCounts: [
            { authenticationMethod: 'password', userCount: b.total },
            ...METHODS_REGISTERED.map((authenticationMethod, m) => ({ authenticationMethod, userCount: b.methods[m]! })),
          ],
        },
      };
    });
  }
}

/** A row's feature flags as CountedUser.featureBits (FEATURES order). */
export function featureBitsOf(r: {
  readonly isSsprRegistered: boolean;
  readonly isSsprEnabled: boolean;
  readonly isSsprCapable: boolean;
  readonly isPasswordlessCapable: boolean;
  readonly isMfaCapable: boolean;
}): number {
  return (r.isSsprRegistered ? 1 : 0) | (r.isSsprEnabled ? 2 : 0) | (r.isSsprCapable ? 4 : 0) | (r.isPasswordlessCapable ? 8 : 0) | (r.isMfaCapable ? 16 : 0);
}
