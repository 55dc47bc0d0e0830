// `amr token`: prints a dev-mode access token the server accepts.
import { openStore } from '../../store/open-store.js';
import { ensureSigningKey, mintDevToken, REPORTS_READER } from '../../server/tokens.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';

export interface TokenOptions extends CommonOptions {
  readonly tenant?: string;
  readonly expiresIn?: string;
  readonly scp?: string;
  readonly wids?: string;
  readonly user?: string;
}

export async function tokenCommand(io: CliIO, options: TokenOptions): Promise<void> {
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    let tenantId = options.tenant;
    if (tenantId === undefined) {
      const tenants = await store.listTenants();
      if (tenants.length !== 1) {
        throw new CliError(tenants.length === 0
          ? `no tenant in ${config.db} yet: run \`amr seed\` or \`amr import FILE\` first, or pass --tenant ID`
          : `${config.db} holds ${tenants.length} tenants: pass --tenant ID (one of ${tenants.map((t) => t.tenantId).join(', ')})`);
      }
      tenantId = tenants[0]!.tenantId;
    }
    const expires = options.expiresIn === undefined ? 3600 : Number(options.expiresIn);
    if (!Number.isInteger(expires) || expires < 1 || expires > 366 * 24 * 3600) {
      throw new CliError(`--expires-in ${options.expiresIn} is not valid: give whole seconds from 1 to 31622400`);
    }
    const key = await ensureSigningKey(store);
    const token = await mintDevToken(key, {
      tenantId,
      expiresInSeconds: expires,
      ...(options.scp === undefined ? {} : { scopes: options.scp.split(/[\s,]+/).filter(Boolean) }),
      wids: options.wids === undefined ? [REPORTS_READER] : options.wids.split(',').map((s) => s.trim()).filter(Boolean),
      ...(options.user === undefined ? {} : { userPrincipalName: options.user }),
    }, new Date());
    io.out.write(`${token}\n`);
  } finally {
    await store.close();
  }
}
