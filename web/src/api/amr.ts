// amr's own endpoints beyond Graph's reports (issue 15; decisions 0092, 0093), typed as the wire
// carries them: userProtection (an OData list like userRegistrationDetails), the breakdowns of the
// protection and registration counts, the registration history per bucket, and the alerts.
import { query, type GraphClient, type RequestOptions } from './graph';
import type { HistoryDay, RegistrationHistory } from './reports';

/** Strongest first: the order of the stacked bars and of `counts` (decision 0090). */
export const STRENGTH_CLASSES = ['phishingResistant', 'passwordless', 'mfa', 'weakMfa', 'none'] as const;
export type StrengthClass = (typeof STRENGTH_CLASSES)[number];

export const GROUP_BYS = ['department', 'group', 'licence', 'role', 'userType'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export interface UserProtection {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly userType: string;
  readonly department: string | null;
  readonly companyName: string | null;
  readonly isAdmin: boolean;
  readonly isPrivilegedAdmin: boolean;
  readonly registeredStrength: StrengthClass;
  /** null: no sign-in in the last 30 days. */
  readonly usedStrength: StrengthClass | null;
  readonly isWeakMfaOnly: boolean;
  readonly staleMethods: readonly string[];
  readonly staleMethodCount: number;
  readonly methodsRegistered: readonly string[];
  readonly lastUpdatedDateTime: string;
}

interface Bucket {
  /** 'all' without groupBy; null: the users without the attribute. */
  readonly key: string | null;
  /** The group's or role's name, the licence's SKU part number; null for departments and user types. */
  readonly displayName: string | null;
  readonly totalUserCount: number;
  readonly staleUserCount: number;
}

export interface ProtectionBucket extends Bucket {
  readonly counts: Readonly<Record<StrengthClass, number>>;
}

export interface RegistrationBucket extends Bucket {
  readonly features: Readonly<Record<string, number>>;
  readonly methods: Readonly<Record<string, number>>;
}

export interface Breakdown<B> {
  readonly groupBy: GroupBy | null;
  readonly capturedDateTime: string;
  readonly buckets: readonly B[];
}

export interface BucketHistoryDay extends HistoryDay {
  /** null for a day no breakdown was kept for. */
  readonly buckets: readonly RegistrationBucket[] | null;
}

export interface BucketHistory extends RegistrationHistory {
  readonly value: readonly BucketHistoryDay[];
}

/** One alert of GET /amr/v1/alerts (decision 0093). */
export interface Alert {
  readonly id: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly kind: string;
  readonly status: 'open' | 'resolved';
  readonly subject:
    | { readonly kind: 'bucket'; readonly groupBy: GroupBy | null; readonly key: string | null; readonly displayName: string | null }
    | { readonly kind: 'user'; readonly userId: string; readonly userPrincipalName: string };
  readonly detail: Readonly<Record<string, unknown>>;
  readonly firstSeenDateTime: string;
  readonly lastSeenDateTime: string;
  readonly resolvedDateTime: string | null;
}

const ROOT = '/amr/v1/reports';
type Options = Readonly<Record<string, string | number | boolean | null>>;

export const protectionPath = (options: Options): string => `${ROOT}/userProtection${query(options)}`;
export const alertsPath = (status: 'open' | 'resolved' | 'all', top = 50): string => `/amr/v1/alerts${query({ status, $top: top })}`;

export const amr = {
  protectionSummary: (c: GraphClient, groupBy: GroupBy | null, o?: RequestOptions) =>
    c.json<Breakdown<ProtectionBucket>>(`${ROOT}/protectionSummary${query({ groupBy })}`, o),
  registrationSummary: (c: GraphClient, groupBy: GroupBy | null, o?: RequestOptions) =>
    c.json<Breakdown<RegistrationBucket>>(`${ROOT}/registrationSummary${query({ groupBy })}`, o),
  /** Breakdowns are of all users: the server refuses includedUserTypes/Roles other than all with groupBy. */
  bucketHistory: (c: GraphClient, days: number, groupBy: GroupBy, o?: RequestOptions) =>
    c.json<BucketHistory>(`${ROOT}/registrationHistory${query({ days, groupBy })}`, o),
  /** The `$count` segment of userProtection: how many users a filter selects. */
  countProtection: async (c: GraphClient, filter: string | null, o?: RequestOptions) =>
    Number(await c.text(`${ROOT}/userProtection/$count${query({ $filter: filter })}`, o)),
};
