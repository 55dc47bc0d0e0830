// A tenant's sync state (decision 0073): one row per tenant id, small JSON columns plus the large
// parts (last snapshot, Entra's rows, checkpoint) gzip-compressed and base64-encoded, so the same
// text columns hold them on SQLite and PostgreSQL.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { DB, SyncStateTable } from '../schema.js';
import type { SyncStatePatch, SyncStateRecord } from '../store.js';
import type { SqlEngine, SqlExecutor } from './executor.js';

const pack = (text: string | null): string | null => (text === null ? null : gzipSync(Buffer.from(text, 'utf8')).toString('base64'));
const unpack = (b64: string | null): string | null => (b64 === null ? null : gunzipSync(Buffer.from(b64, 'base64')).toString('utf8'));

function record(r: SyncStateTable, withBlobs: boolean): SyncStateRecord {
  return {
    tenantId: r.tenant_id,
    credentials: r.credentials_json,
    state: r.state_json,
    snapshot: withBlobs ? unpack(r.snapshot_gz) : null,
    registrationRows: withBlobs ? unpack(r.registration_gz) : null,
    checkpoint: withBlobs ? unpack(r.checkpoint_gz) : null,
    updatedAt: r.updated_at,
  };
}

export async function getSyncState(engine: SqlEngine, tenantId: string): Promise<SyncStateRecord | null> {
  const rows = await engine.reader.all(engine.qb.selectFrom('sync_state').selectAll().where('tenant_id', '=', tenantId).compile());
  return rows[0] === undefined ? null : record(rows[0], true);
}

/** Every tenant's row without the large parts (snapshot, rows, checkpoint are null). */
export async function listSyncStates(engine: SqlEngine): Promise<SyncStateRecord[]> {
  const { qb } = engine;
  const rows = await engine.reader.all(
    qb.selectFrom('sync_state').select(['tenant_id', 'credentials_json', 'state_json', 'updated_at']).orderBy('tenant_id').compile(),
  );
  return rows.map((r) => record({ ...r, snapshot_gz: null, registration_gz: null, checkpoint_gz: null }, false));
}

/** Upserts the given columns (undefined: keep; null: clear) in one transaction. */
export async function putSyncState(tx: SqlExecutor, qb: Kysely<DB>, tenantId: string, patch: SyncStatePatch, now: Date): Promise<void> {
  const set: Partial<SyncStateTable> = { updated_at: now.toISOString() };
  if (patch.credentials !== undefined) set.credentials_json = patch.credentials;
  if (patch.state !== undefined) set.state_json = patch.state;
  if (patch.snapshot !== undefined) set.snapshot_gz = pack(patch.snapshot);
  if (patch.registrationRows !== undefined) set.registration_gz = pack(patch.registrationRows);
  if (patch.checkpoint !== undefined) set.checkpoint_gz = pack(patch.checkpoint);
  // Read, then insert or update: one server at a time for a tenant.
  await tx.advisoryLock?.(`sync:${tenantId.toLowerCase()}`);
  const existing = await tx.all(qb.selectFrom('sync_state').select('tenant_id').where('tenant_id', '=', tenantId).compile());
  if (existing.length > 0) {
    await tx.run(qb.updateTable('sync_state').set(set).where('tenant_id', '=', tenantId).compile());
    return;
  }
  await tx.run(
    qb
      .insertInto('sync_state')
      .values({
        tenant_id: tenantId,
        credentials_json: set.credentials_json ?? null,
        state_json: set.state_json ?? '{}',
        snapshot_gz: set.snapshot_gz ?? null,
        registration_gz: set.registration_gz ?? null,
        checkpoint_gz: set.checkpoint_gz ?? null,
        updated_at: set.updated_at ?? now.toISOString(),
      })
      .compile(),
  );
}
