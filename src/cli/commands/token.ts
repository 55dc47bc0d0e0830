// `amr token`: prints a dev-mode access token the server accepts.
import { redactUrl } from '../../store/open-store.js';
import { openStore } from '../../store/open-store.js';
import { ensureSigningKey, mintDevToken } from '../../server/tokens.js';
import { CliError, configFor, type CliIO, type CommonOptions } from '../context.js';

export interface TokenOptions extends CommonOptions {
  readonly tenant?: string;
  readonly expiresIn?: string;
  readonly scp?: string;
  readonly wids?: string;
  readonly groups?: string;
  readonly user?: string;
  readonly app?: boolean;
  readonly roles?: string;
  readonly claims?: string;
}

const wordsOf = (value: string): string[] => value.split(/[\s,]+/).filter(Boolean);

function claimsOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`--claims is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CliError('--claims must be a JSON object, e.g. \'{"aud":"api://other"}\'');
  return value as Record<string, unknown>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * --tenant must be a tenant id (a GUID, as the token's tid) of a tenant the database holds: a
 * token for anything else would only ever be refused. Case does not matter; the stored id is used.
 */
async function heldTenant(store: Awaited<ReturnType<typeof openStore>>, given: string, db: string): Promise<string> {
  const tenants = await store.listTenants();
  const held = tenants.map((t) => t.tenantId).join(', ') || 'none yet: run `amr seed` or `amr import FILE`';
  if (!GUID.test(given.trim())) {
    throw new CliError(`--tenant ${given} is not a tenant id: give the tenant's GUID (held in ${db}: ${held})`);
  }
  const found = tenants.find((t) => t.tenantId.toLowerCase() === given.trim().toLowerCase());
  if (found === undefined) {
    throw new CliError(`--tenant ${given}: ${db} holds no such tenant (held: ${held}); a token for it would be refused`);
  }
  return found.tenantId;
}

export async function tokenCommand(io: CliIO, options: TokenOptions): Promise<void> {
  const config = configFor(io, options);
  const store = await openStore({ db: config.db });
  try {
    let tenantId = options.tenant;
    if (tenantId !== undefined) tenantId = await heldTenant(store, tenantId, config.db);
    else {
      const tenants = await store.listTenants();
      if (tenants.length !== 1) {
        throw new CliError(
          tenants.length === 0
            ? `no tenant in ${redactUrl(config.db)} yet: run \`amr seed\` or \`amr import FILE\` first, or pass --tenant ID`
            : `${redactUrl(config.db)} holds ${tenants.length} tenants: pass --tenant ID (one of ${tenants.map((t) => t.tenantId).join(', ')})`,
        );
      }
      tenantId = tenants[0]!.tenantId;
    }
    const expires = options.expiresIn === undefined ? 3600 : Number(options.expiresIn);
    if (!Number.isInteger(expires) || expires < 1 || expires > 366 * 24 * 3600) {
      throw new CliError(`--expires-in ${options.expiresIn} is not valid: give whole seconds from 1 to 31622400`);
    }
    if (options.app && options.user !== undefined) throw new CliError('--app and --user exclude each other: an app-only token has no signed-in user');
    if (options.app && options.scp !== undefined) throw new CliError('--scp is for delegated tokens: an app-only token carries --roles');
    const given = claimsOf(options.claims);
    const groups =
      options.groups === undefined
        ? undefined
        : options.groups
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    const claims = groups === undefined ? given : { groups, ...given };
    const key = await ensureSigningKey(store);
    const token = await mintDevToken(
      key,
      {
        tenantId,
        expiresInSeconds: expires,
        ...(options.app ? { app: true } : {}),
        ...(options.scp === undefined ? {} : { scopes: wordsOf(options.scp) }),
        ...(options.roles === undefined ? {} : { roles: wordsOf(options.roles) }),
        ...(options.wids === undefined
          ? {}
          : {
              wids: options.wids
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean),
            }),
        ...(options.user === undefined ? {} : { userPrincipalName: options.user }),
        ...(claims === undefined ? {} : { claims }),
      },
      new Date(),
    );
    io.out.write(`${token}\n`);
  } finally {
    await store.close();
  }
}
