// `amr tenants`: lists the tenants a database holds.
import { openStore } from '../../store/open-store.js';
import { configFor, type CliIO, type CommonOptions } from '../context.js';

export async function tenantsCommand(io: CliIO, options: CommonOptions): Promise<void> {
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    const tenants = await store.listTenants();
    if (tenants.length === 0) io.out.write(`no tenants in ${config.db}: run \`amr seed\` or \`amr import FILE\`\n`);
    for (const t of tenants) {
      io.out.write(`${t.tenantId}  ${t.displayName ?? ''}  licence ${t.license}  captured ${t.capturedAt ?? '-'}  generation ${t.currentGeneration ?? '-'}\n`);
    }
  } finally {
    await store.close();
  }
}
