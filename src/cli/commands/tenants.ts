// `amr tenants`: lists the tenants a database holds, with each one's last sync, its outcome and age.
import { redactUrl } from '../../store/open-store.js';
import { openStore } from '../../store/open-store.js';
import type { SyncStatus } from '../../sync/run/contract.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';
import { formatSyncColumns } from '../sync-format.js';
import { syncApi } from './sync.js';

export async function tenantsCommand(io: CliIO, options: CommonOptions): Promise<void> {
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    const tenants = await store.listTenants();
    const now = io.now?.() ?? new Date();
    let statuses: readonly SyncStatus[] | null = null;
    try {
      statuses = await syncApi(io).syncStatus(store, now);
    } catch (err) {
      io.err.write(`amr: the sync status cannot be read: ${(err as Error).message}\n`);
    }
    const byTenant = new Map((statuses ?? []).map((s) => [s.tenantId, s]));
    if (tenants.length === 0 && (statuses ?? []).length === 0)
      io.out.write(
        `no tenants in ${redactUrl(config.db)}: run \`amr seed\`, \`amr import FILE\` or \`amr tenants add ID --client-id APP_ID\` and \`amr sync --all\`\n`,
      );
    const warnings: string[] = [];
    for (const t of tenants) {
      const sync = statuses === null ? null : formatSyncColumns(byTenant.get(t.tenantId), now);
      io.out.write(
        `${t.tenantId}  ${t.displayName ?? ''}  licence ${t.license}  captured ${t.capturedAt ?? '-'}  generation ${t.currentGeneration ?? '-'}${sync ? `  ${sync.columns}` : ''}\n`,
      );
      if (sync?.warning) warnings.push(sync.warning);
    }
    // Tenants added for sync that have no state yet.
    const listed = new Set(tenants.map((t) => t.tenantId));
    for (const s of statuses ?? []) {
      if (listed.has(s.tenantId)) continue;
      const sync = formatSyncColumns(s, now);
      io.out.write(`${s.tenantId}  (not synced yet)  ${sync.columns}\n`);
      if (sync.warning) warnings.push(sync.warning);
    }
    for (const w of warnings) io.err.write(`amr: ${w}\n`);
  } finally {
    await store.close();
  }
}
