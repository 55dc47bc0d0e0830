// Breakdowns of the registration and protection counts by a user attribute (issue 15 item 2; decision 0091).
import type { FeatureSummary, MethodSummary } from './summaries.js';
import type { StrengthClass } from './protection-classes.js';

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
