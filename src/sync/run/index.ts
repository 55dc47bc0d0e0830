// The sync orchestrator's public face (decision 0073): the functions contract.ts types.
import type { Store } from '../../store/store.js';
import { isGuid } from '../../util/object-id.js';
import { SyncError } from '../sync-error.js';
import type { SyncApi, SyncOutcome, SyncRequest, SyncStatus, TenantCredentialRef } from './contract.js';
import { retentionDaysFor, runSyncWith, syncScheduler } from './run-sync.js';
import { readCredentials, readRunState } from './state.js';
import { verifyTenant } from './verify.js';

export type * from './contract.js';

/** One tenant: a full pass, or an incremental one when the saved delta link allows (decision 0073). */
export async function runSync(store: Store, request: SyncRequest): Promise<SyncOutcome> {
  return runSyncWith(store, await withStoredCredentials(store, request), {});
}

/**
 * `amr sync --tenant ID` for a tenant added with `amr tenants add`: its stored credential reference,
 * unless the request names credentials or the environment names a client (AMR_SYNC_CLIENT_ID wins).
 */
async function withStoredCredentials(store: Store, request: SyncRequest): Promise<SyncRequest> {
  if (request.credentials !== undefined) return request;
  if ((request.env?.['AMR_SYNC_CLIENT_ID'] ?? '').trim() !== '') return request;
  const tenant = request.tenant.trim().toLowerCase();
  if (!isGuid(tenant)) return request;
  const stored = await store.getSyncState(tenant);
  const credentials = stored === null ? null : readCredentials(stored.credentials);
  return credentials === null ? request : { ...request, credentials };
}

/** Every tenant with stored credentials, in order, one scheduler for all; each tenant's error is collected. */
export async function runSyncAll(
  store: Store,
  options: Omit<SyncRequest, 'tenant' | 'credentials'>,
): Promise<readonly (SyncOutcome | { readonly tenantId: string; readonly error: Error })[]> {
  const scheduler = syncScheduler();
  const tenants = (await store.listSyncStates()).flatMap((r) => {
    const credentials = readCredentials(r.credentials);
    return credentials === null ? [] : [{ tenantId: r.tenantId, credentials }];
  });
  const results: (SyncOutcome | { readonly tenantId: string; readonly error: Error })[] = [];
  let next = 0;
  // A few tenants at once: the shared scheduler shares the per-application budgets fairly between them.
  const worker = async (): Promise<void> => {
    for (let i = next++; i < tenants.length; i = next++) {
      const { tenantId, credentials } = tenants[i]!;
      try {
        results[i] = await runSyncWith(store, { ...options, tenant: tenantId, credentials }, { scheduler });
      } catch (e) {
        results[i] = { tenantId, error: e instanceof Error ? e : new Error(String(e)) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TENANTS_IN_FLIGHT, tenants.length) }, worker));
  return results;
}

/** Tenants synced at once by runSyncAll. */
export const TENANTS_IN_FLIGHT = 8;

/** Records how a tenant's credentials are found (ids, a variable name, a file path; never a secret). */
export async function saveTenantCredentials(store: Store, ref: TenantCredentialRef): Promise<void> {
  const tenantId = ref.tenantId.trim().toLowerCase();
  const clientId = ref.clientId.trim().toLowerCase();
  if (!isGuid(tenantId)) throw new SyncError('settings', 'the tenant must be its id (a GUID)');
  if (!isGuid(clientId)) throw new SyncError('settings', 'the client id must be the application (client) id, a GUID');
  if (ref.secretEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(ref.secretEnv)) {
    throw new SyncError('settings', 'the secret variable must be an environment variable name (the secret itself is never stored)');
  }
  if (ref.secretEnv !== undefined && ref.certificateFile !== undefined) {
    throw new SyncError('settings', 'give a secret variable or a certificate file, not both');
  }
  const stored: TenantCredentialRef = {
    tenantId,
    clientId,
    ...(ref.secretEnv === undefined ? {} : { secretEnv: ref.secretEnv }),
    ...(ref.certificateFile === undefined ? {} : { certificateFile: ref.certificateFile }),
    ...(ref.ssprPolicyFile === undefined ? {} : { ssprPolicyFile: ref.ssprPolicyFile }),
    ...(ref.mode === undefined ? {} : { mode: ref.mode }),
  };
  await store.putSyncState(tenantId, { credentials: JSON.stringify(stored) });
}

/** Each tenant's last sync, outcome and log risk, ordered by tenant id. */
export async function syncStatus(store: Store, now: Date = new Date()): Promise<readonly SyncStatus[]> {
  return (await store.listSyncStates()).map((r) => {
    const s = readRunState(r.state);
    const retentionDays = retentionDaysFor(s.license);
    const success = s.lastSuccessAt === null ? NaN : Date.parse(s.lastSuccessAt);
    return {
      tenantId: r.tenantId,
      hasCredentials: readCredentials(r.credentials) !== null,
      lastAttemptAt: s.lastAttemptAt,
      lastSuccessAt: s.lastSuccessAt,
      lastOutcome: s.lastOutcome,
      lastError: s.lastError,
      retentionDays,
      logsAtRisk: s.lastSuccessAt !== null && now.getTime() - success > (retentionDays - 1) * 86_400_000,
    };
  });
}

export { verifyTenant };

export const api = { runSync, runSyncAll, saveTenantCredentials, syncStatus, verifyTenant } satisfies SyncApi;
