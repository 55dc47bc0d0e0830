// A run's inputs besides Graph: the credentials (a stored reference or the environment) and the
// SSPR policy file, each refused with a SyncError of kind settings that names what is wrong.
import { readFile } from 'node:fs/promises';
import { readSyncSettings, type SyncSettings } from '../settings.js';
import { SyncError } from '../sync-error.js';
import type { SyncRequest, TenantCredentialRef } from './contract.js';
import { isRecord } from './state.js';

/** Settings from the request's credentials (a stored ref) or the environment. */
export function settingsFor(request: SyncRequest, now: Date): SyncSettings {
  const env = request.env ?? {};
  const ref: TenantCredentialRef | undefined = request.credentials;
  if (ref === undefined) return readSyncSettings({ tenant: request.tenant, env, now: now.getTime() });
  const secretEnv = ref.secretEnv ?? 'AMR_SYNC_CLIENT_SECRET';
  if (ref.certificateFile === undefined && (env[secretEnv] ?? '').trim() === '') {
    throw new SyncError('settings', `${secretEnv} is not set: tenant ${ref.tenantId}'s stored credentials take the client secret from it`);
  }
  return readSyncSettings({
    tenant: request.tenant,
    env: { ...env, AMR_SYNC_CLIENT_SECRET: undefined, AMR_SYNC_CERTIFICATE: undefined },
    clientId: ref.clientId,
    ...(ref.certificateFile === undefined ? { clientSecret: env[secretEnv] ?? '' } : { certificate: ref.certificateFile }),
    now: now.getTime(),
  });
}

export async function readSsprFile(path: string | undefined): Promise<unknown> {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = isRecord(e) && typeof e['code'] === 'string' ? e['code'] : 'unreadable';
    throw new SyncError('settings', `--sspr-policy ${path}: cannot read the file (${code})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new SyncError('settings', `--sspr-policy ${path}: not JSON (the snapshot's passwordResetPolicy object)`);
  }
}
