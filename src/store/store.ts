// The store's interface: narrow, per use case. SQLite implements it now, PostgreSQL next.
import type { FilterNode } from '../odata/index.js';
import type { FeatureSummary, MethodSummary } from '../reports/summaries.js';
import type { AuditRecord, SignInRecord } from '../reports/activity-model.js';
import type { ActivityHourRow, MfaDayRow, PasswordDayRow, SignInMethodHourRow } from '../reports/activity/rollups.js';
import type { BucketHistoryDay, BucketSummary, GroupBy } from '../reports/breakdowns.js';
import type { AlertStore } from './sql/alert-store.js';
import type { License, ProtectionDetails, RegistrationDetails, SnapshotGroup, SnapshotHeader, SnapshotRoleAssignment, SnapshotUser } from '../reports/model.js';

/**
 * The `code` of a store error that means "overloaded right now, nothing is wrong with the request":
 * the server answers 503 with Retry-After (the reader pool's queue is full, for one).
 */
export const STORE_BUSY = 'AMR_STORE_BUSY';

export interface TenantRecord {
  readonly tenantId: string;
  readonly displayName: string | null;
  readonly license: License;
  /** The report state served now; null until the first snapshot has been computed. */
  readonly currentGeneration: number | null;
  readonly capturedAt: string | null;
  readonly importedAt: string | null;
}

/** What a snapshot reader pushes into the store (structurally the ingest reader's sink). */
export interface SnapshotSink {
  header(h: SnapshotHeader): Promise<void> | void;
  users(batch: readonly SnapshotUser[]): Promise<void> | void;
  groups(batch: readonly SnapshotGroup[]): Promise<void> | void;
  roleAssignments(batch: readonly SnapshotRoleAssignment[]): Promise<void> | void;
}

export interface RecomputeSummary {
  readonly tenantId: string;
  readonly generation: number;
  readonly listedUsers: number;
  readonly skippedUsers: number;
  readonly unrecognisedMethodTypes: Readonly<Record<string, number>>;
  readonly milliseconds: number;
}

export type OrderProperty = 'userPrincipalName' | 'userDisplayName';

export interface OrderItem {
  readonly property: OrderProperty;
  readonly direction: 'asc' | 'desc';
}

/** The position after the last row of a page: its sort-key values, then its id. */
export type KeysetPosition = readonly string[];

export interface RegistrationListQuery {
  readonly tenantId: string;
  readonly generation: number;
  readonly filter: FilterNode | null;
  readonly orderby: readonly OrderItem[];
  readonly top: number;
  readonly after: KeysetPosition | null;
  readonly count: boolean;
}

export interface Page<T> {
  readonly rows: readonly T[];
  /** Set when more rows follow. */
  readonly next: KeysetPosition | null;
  readonly count?: number;
}

/**
 * A page whose rows are already JSON (docs/decisions/0007, serialised pages): `json` is the rows'
 * objects, comma-separated, as UTF-8, each exactly `JSON.stringify(row, properties)` of the row
 * the object-returning listing gives.
 */
export interface JsonPage {
  readonly json: Uint8Array;
  readonly rowCount: number;
  readonly next: KeysetPosition | null;
  readonly count?: number;
}

/** The two summary functions' results, as reports/ computes them. */
export type { FeatureSummary, MethodSummary };

export interface RegistrationSummary {
  readonly feature: FeatureSummary;
  readonly method: MethodSummary;
}

/** One row of userEventsSummary: a registration or a self-service reset attempt. */
export interface ActivityEventRow {
  readonly id: string;
  readonly feature: 'registration' | 'reset';
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  readonly isSuccess: boolean;
  readonly authMethod: string;
  readonly failureReason: string;
  readonly eventDateTime: string;
}

export type EventOrderProperty = 'userPrincipalName' | 'userDisplayName';

export interface ActivityEventQuery {
  readonly tenantId: string;
  /** Only events at or after this instant (Graph shows 30 days). */
  readonly since: string;
  readonly filter: FilterNode | null;
  readonly orderby: readonly { readonly property: EventOrderProperty; readonly direction: 'asc' | 'desc' }[];
  readonly top: number;
  readonly after: KeysetPosition | null;
  readonly count: boolean;
}

export type ActivityEventCountQuery = Pick<ActivityEventQuery, 'tenantId' | 'since' | 'filter'>;

export interface ActivityAppendSummary {
  readonly newAudits: number;
  readonly duplicateAudits: number;
  readonly newSignIns: number;
  readonly duplicateSignIns: number;
  readonly registrationEvents: number;
  readonly resetEvents: number;
  readonly passwordEvents: number;
}

export interface ActivityBatch {
  readonly audits: readonly AuditRecord[];
  readonly signIns: readonly SignInRecord[];
}

export interface StoreReadiness {
  /** The newest migration applied to the database. */
  readonly schemaVersion: number;
  /** The newest migration this build knows; the store is ready when both are equal. */
  readonly expectedSchemaVersion: number;
}

/** One UTC day of a tenant's registration state, for one audience (trends). */
export interface RegistrationHistoryDay {
  readonly day: string;
  /** When the state shown was captured, and whether amr recorded this day (false: carried over from an earlier day). */
  readonly capturedAt: string;
  readonly recorded: boolean;
  readonly summary: RegistrationSummary;
}

/**
 * A tenant's sync state as the store keeps it (decision 0073). The store does not read the JSON:
 * the sync orchestrator owns its shapes. Large parts are compressed by the store.
 */
export interface SyncStateRecord {
  readonly tenantId: string;
  /** JSON of the credential reference (never a secret), or null. */
  readonly credentials: string | null;
  /** JSON: delta link, watermarks, last attempt, outcome and error. */
  readonly state: string;
  /** JSON of the last assembled snapshot (null in listings). */
  readonly snapshot: string | null;
  /** JSON array of Entra's last userRegistrationDetails rows (null in listings). */
  readonly registrationRows: string | null;
  /** JSON of an unfinished run's checkpoint (null in listings). */
  readonly checkpoint: string | null;
  readonly updatedAt: string;
}

/** Columns to write: undefined keeps the stored value, null clears it. */
export type SyncStatePatch = {
  readonly [K in 'credentials' | 'state' | 'snapshot' | 'registrationRows' | 'checkpoint']?: SyncStateRecord[K];
};

/** One limit of a throttle check kept in the database (store/sql/throttle-log.ts). */
export interface SharedThrottleCheck {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** One entry of the change feed (decision 0094): a method a listed user registered or removed between two captures. */
export interface MethodChange {
  readonly id: string;
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly userDisplayName: string;
  /** A methodsRegistered name. */
  readonly method: string;
  readonly change: 'added' | 'removed';
  /** The capture the change was seen in, and the one it was compared with. */
  readonly changedDateTime: string;
  readonly previousCapturedDateTime: string;
  readonly isAdmin: boolean;
  readonly isPrivilegedAdmin: boolean;
}

/** The change feed's filters: captured at or after `since`, before `until` (ISO instants as toISOString writes them). */
export interface MethodChangeQuery {
  readonly tenantId: string;
  readonly since?: string;
  readonly until?: string;
  readonly userId?: string;
  readonly method?: string;
  readonly change?: 'added' | 'removed';
  readonly top: number;
  readonly after: KeysetPosition | null;
}

/** AlertStore: alert rules, alerts, webhooks and deliveries (store/sql/alert-store.ts, decision 0093). */
export interface Store extends AlertStore {
  readonly dialect: string;
  /**
   * Present when several servers may share this store's database (PostgreSQL): admits a request
   * against every check or none, counted in the database; resolves to the wait in ms (0: admitted).
   * Absent on SQLite, whose one server keeps its throttle in memory.
   */
  readonly admitShared?: (checks: readonly SharedThrottleCheck[], nowMs: number) => Promise<number>;
  getTenant(tenantId: string): Promise<TenantRecord | null>;
  listTenants(): Promise<readonly TenantRecord[]>;
  /** True while the given report state can still be paged (it may have been superseded). */
  hasGeneration(tenantId: string, generation: number): Promise<boolean>;
  /**
   * Replaces one tenant's directory state with what `produce` pushes into the sink, and
   * recomputes its reports, in one transaction: if produce throws, nothing changes.
   */
  replaceTenantSnapshot<R>(produce: (sink: SnapshotSink) => Promise<R>): Promise<{ readonly result: R; readonly recompute: RecomputeSummary }>;
  /**
   * Adds audit and sign-in records of one tenant in one transaction: all of the batch or none.
   * Records already stored (same source id) are skipped; events are derived as they land. A
   * tenant not yet known is created (licence P1 until a snapshot says otherwise).
   */
  appendActivity(tenantId: string, batch: ActivityBatch): Promise<ActivityAppendSummary>;
  /** Deletes a tenant's activity (records, facts, events, rollups) older than `before`; returns rows removed. */
  pruneActivity(tenantId: string, before: string): Promise<number>;
  /** userEventsSummary rows, keyset-paged: newest first unless ordered by a name. */
  listActivityEvents(query: ActivityEventQuery): Promise<Page<ActivityEventRow>>;
  /** How many events `listActivityEvents` would list with this filter (…/$count). */
  countActivityEvents(query: ActivityEventCountQuery): Promise<number>;
  /** Registration/reset counts per UTC hour, feature and method, from `fromHour` ('YYYY-MM-DDTHH') on. */
  activityHourRows(tenantId: string, fromHour: string): Promise<readonly ActivityHourRow[]>;
  /** Successful interactive sign-ins per UTC day by requirement, from `fromDay` on. */
  mfaDayRows(tenantId: string, fromDay: string): Promise<readonly MfaDayRow[]>;
  /** Interactive sign-ins per UTC hour and method (success, failure), from `fromHour` on. */
  signInMethodHourRows(tenantId: string, fromHour: string): Promise<readonly SignInMethodHourRow[]>;
  /** Password resets, changes and unlocks per UTC day, from `fromDay` on. */
  passwordDayRows(tenantId: string, fromDay: string): Promise<readonly PasswordDayRow[]>;
  /** The change feed, newest capture first, keyset-paged (decision 0094). */
  listMethodChanges(query: MethodChangeQuery): Promise<Page<MethodChange>>;
  /** Recomputes a tenant's reports from its stored directory state (a new generation). */
  recompute(tenantId: string): Promise<RecomputeSummary>;
  listRegistrationDetails(query: RegistrationListQuery): Promise<Page<RegistrationDetails>>;
  /** The same page, its rows written as JSON restricted to `properties`, in their order (the export's hot path). */
  listRegistrationDetailsJson(query: RegistrationListQuery, properties: readonly (keyof RegistrationDetails)[]): Promise<JsonPage>;
  getRegistrationDetails(tenantId: string, generation: number, userId: string): Promise<RegistrationDetails | null>;
  getRegistrationSummary(tenantId: string, generation: number, userTypes: string, userRoles: string): Promise<RegistrationSummary | null>;
  /** amr's userProtection rows (decision 0091): the same listing rules as listRegistrationDetails. */
  listProtection(query: RegistrationListQuery): Promise<Page<ProtectionDetails>>;
  /** The same page as JSON restricted to `properties` (the export's hot path). */
  listProtectionJson(query: RegistrationListQuery, properties: readonly (keyof ProtectionDetails)[]): Promise<JsonPage>;
  getProtection(tenantId: string, generation: number, userId: string): Promise<ProtectionDetails | null>;
  /** A generation's breakdown by `groupBy` (null: one bucket, key 'all'), buckets ordered by key (null last). */
  bucketSummaries(tenantId: string, generation: number, groupBy: GroupBy | null): Promise<readonly BucketSummary[]>;
  /** A breakdown per UTC day from `fromDay` to `toDay`, as registrationHistory carries days over. */
  bucketHistory(tenantId: string, groupBy: GroupBy | null, fromDay: string, toDay: string): Promise<readonly BucketHistoryDay[]>;
  /**
   * A tenant's registration state per UTC day from `fromDay` to `toDay`, oldest first; days
   * before the first recorded state are left out, days without a row carry the last state over.
   */
  registrationHistory(tenantId: string, fromDay: string, toDay: string, userTypes: string, userRoles: string): Promise<readonly RegistrationHistoryDay[]>;
  /** Records `now`'s UTC day for every tenant with a report state and no row for that day yet; returns how many. */
  recordDailyHistory(now: Date): Promise<number>;
  /**
   * Takes or renews the lease `name` for `holder` until now + leaseMs, unless another holder's
   * lease runs past now: true when `holder` holds it. Servers sharing a database use it so that
   * one of them does what must be done once (the background sync round).
   */
  claimLease(name: string, holder: string, now: Date, leaseMs: number): Promise<boolean>;
  /** A persistent setting (signing keys, secrets); created by make() on first use, atomically. */
  getOrCreateSetting(key: string, make: () => string): Promise<string>;
  /** A tenant's sync state (decision 0073), with its large parts; null when it has none. */
  getSyncState(tenantId: string): Promise<SyncStateRecord | null>;
  /** Creates or updates a tenant's sync state in one transaction; only the given columns change. */
  putSyncState(tenantId: string, patch: SyncStatePatch): Promise<void>;
  /** Every tenant's sync state, ordered by tenant id, without the large parts. */
  listSyncStates(): Promise<readonly SyncStateRecord[]>;
  /** The newest applied migration, for readiness checks. */
  schemaVersion(): Promise<number>;
  /**
   * For /readyz: reads the applied migration on the connection Graph reads use (a real query, so
   * an unreadable database throws) and says which migration this build expects.
   */
  readiness(): Promise<StoreReadiness>;
  close(): Promise<void>;
}
