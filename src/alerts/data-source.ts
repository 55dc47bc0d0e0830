// What alert evaluation reads of a tenant (decision 0093), as an interface: the evaluator stays pure,
// tests hand it plain data, and the method-change feed (built beside this) plugs in when it lands.
import type { BucketSummary, GroupBy } from '../reports/breakdowns.js';
import type { StrengthClassName } from '../reports/model.js';

/** An admin whose registeredStrength is not phishingResistant. */
export interface AdminProtection {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly isPrivilegedAdmin: boolean;
  readonly registeredStrength: StrengthClassName;
}

/** One method registered or removed between two captures (the change feed's row, as alerts need it). */
export interface MethodChange {
  readonly id: string;
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly changedDateTime: string;
  readonly method: string;
  readonly change: 'added' | 'removed';
  readonly isAdmin: boolean;
  readonly isPrivilegedAdmin: boolean;
}

export interface AlertDataSource {
  /** The current breakdown (null: one bucket 'all'); null when the tenant has no report state yet. */
  currentBuckets(groupBy: GroupBy | null): Promise<readonly BucketSummary[] | null>;
  /** The breakdown recorded for a past UTC day (carried over as history is); null when history does not reach it. */
  bucketsOn(groupBy: GroupBy | null, day: string): Promise<readonly BucketSummary[] | null>;
  /** Admins (only privileged ones when asked) not phishing-resistant; null without a report state. */
  adminsWithoutPhishingResistant(privilegedOnly: boolean): Promise<readonly AdminProtection[] | null>;
  /** Method changes at or after `since`; null when no change feed is available (the rule is then not judged). */
  methodChanges(since: string): Promise<readonly MethodChange[] | null>;
}
