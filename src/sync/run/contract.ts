// The contract between the sync orchestrator (src/sync/run/) and its callers (the CLI's `amr sync`,
// `amr verify`, `amr tenants add`, `amr serve --sync-every`, /readyz, /metrics, the bench): types
// only. src/sync/run/index.ts exports the functions typed here (SyncApi).
import type { Store } from '../../store/store.js';
import type { SyncErrorKind } from '../sync-error.js';

export type SyncMode = 'full' | 'mirror';

/** How a tenant's credentials are found: never the secret itself (secrets stay out of the database). */
export interface TenantCredentialRef {
  readonly tenantId: string;
  readonly clientId: string;
  /** The environment variable holding the client secret (default AMR_SYNC_CLIENT_SECRET). */
  readonly secretEnv?: string;
  /** A PEM file with key and certificate (instead of a secret). */
  readonly certificateFile?: string;
  /** The SSPR policy file to use for this tenant on every sync (the snapshot's passwordResetPolicy). */
  readonly ssprPolicyFile?: string;
  readonly mode?: SyncMode;
}

export interface SyncProgress {
  /** organization, licence, users, methods, groups, roles, policies, registrationDetails, audits, signIns, import */
  readonly phase: string;
  /** Items done in this phase and the total when known. */
  readonly done: number;
  readonly total: number | null;
  readonly requests: number;
  readonly throttled: number;
}

export interface SyncRequest {
  /** A GUID or a verified domain; the state is stored under the organization's id. */
  readonly tenant: string;
  readonly mode?: SyncMode;
  /** Path of a JSON file holding the snapshot's passwordResetPolicy object. */
  readonly ssprPolicyFile?: string;
  /** Also write the assembled snapshot here (NDJSON snapshot, as `amr import` reads). */
  readonly out?: string;
  /** Force a full pass even when an incremental one is possible. */
  readonly full?: boolean;
  /** The environment to read AMR_SYNC_* / AMR_GRAPH_URL / AMR_LOGIN_URL from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Explicit credential settings (from `amr tenants add`); env otherwise. */
  readonly credentials?: TenantCredentialRef;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: SyncProgress) => void;
  readonly now?: () => Date;
}

export interface SyncOutcome {
  readonly tenantId: string;
  readonly mode: SyncMode;
  /** full: every user's methods read; incremental: delta link replayed, only changed users read. */
  readonly pass: 'full' | 'incremental';
  readonly users: number;
  readonly usersRead: number;
  readonly groups: number;
  readonly roleAssignments: number;
  readonly audits: number;
  readonly signIns: number;
  readonly license: 'free' | 'P1' | 'P2';
  readonly ssprPolicySource: 'file' | 'inferred' | 'default';
  readonly requests: number;
  /** HTTP calls made to Graph (a $batch of 20 requests is one call). Added by the orchestrator (optional). */
  readonly httpCalls?: number;
  readonly throttled: number;
  readonly waitedMs: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly warnings: readonly string[];
  /** Generation of the reports now served. */
  readonly generation: number;
}

/** What `amr tenants`, /readyz and /metrics show per tenant. */
export interface SyncStatus {
  readonly tenantId: string;
  readonly hasCredentials: boolean;
  readonly lastAttemptAt: string | null;
  readonly lastSuccessAt: string | null;
  readonly lastOutcome: 'succeeded' | 'failed' | null;
  /** The SyncError kind and message of the last failure (never a secret). */
  readonly lastError: { readonly kind: SyncErrorKind | 'other'; readonly message: string } | null;
  /** Days of log retention Entra keeps for this tenant (7 or 30): older activity is lost if no sync runs. */
  readonly retentionDays: number;
  /** True when the last success is older than retentionDays minus a day: logs are about to be lost. */
  readonly logsAtRisk: boolean;
}

export interface VerifyDifference {
  readonly property: string;
  readonly users: readonly { readonly id: string; readonly userPrincipalName: string; readonly amr: unknown; readonly entra: unknown }[];
}

export interface VerifyReport {
  readonly tenantId: string;
  readonly syncedAt: string;
  readonly usersCompared: number;
  /** In Entra's rows but not amr's, and the other way. */
  readonly onlyInEntra: readonly string[];
  readonly onlyInAmr: readonly string[];
  /** One entry per userRegistrationDetails property with differences, ordered by count. */
  readonly differences: readonly VerifyDifference[];
}

export interface SyncApi {
  runSync(store: Store, request: SyncRequest): Promise<SyncOutcome>;
  /** Syncs every tenant with stored credentials, one scheduler sharing the cross-tenant budget. */
  runSyncAll(
    store: Store,
    options: Omit<SyncRequest, 'tenant' | 'credentials'>,
  ): Promise<readonly (SyncOutcome | { readonly tenantId: string; readonly error: Error })[]>;
  saveTenantCredentials(store: Store, ref: TenantCredentialRef): Promise<void>;
  syncStatus(store: Store, now?: Date): Promise<readonly SyncStatus[]>;
  verifyTenant(store: Store, tenantId: string): Promise<VerifyReport>;
}
