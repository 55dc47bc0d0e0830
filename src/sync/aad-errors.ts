// Entra token-endpoint error bodies ({error, error_description, error_codes}) turned into SyncErrors an admin can act on.
import type { AuthReason } from './sync-error.js';
import { SyncError } from './sync-error.js';
import { scrub, type Secret } from './secret.js';

interface AadCase {
  readonly reason: AuthReason;
  readonly say: (ctx: AadContext) => string;
}

export interface AadContext {
  readonly tenant: string;
  readonly clientId: string;
  readonly credential: 'secret' | 'certificate';
  /** The certificate's thumbprint, to say which certificate must be uploaded. */
  readonly thumbprint?: string;
}

/** AADSTS codes from Microsoft's "Microsoft Entra authentication and authorization error codes" page. */
const CASES: ReadonlyMap<number, AadCase> = new Map<number, AadCase>([
  [
    7000215,
    {
      reason: 'invalidSecret',
      say: () => "the client secret is not valid: check that AMR_SYNC_CLIENT_SECRET holds the secret's value (not its id) for this application",
    },
  ],
  [7000222, { reason: 'secretExpired', say: () => 'the client secret has expired: create a new one for the application and set AMR_SYNC_CLIENT_SECRET' }],
  [
    700027,
    {
      reason: 'invalidCertificate',
      say: (c) =>
        `the signed client assertion was not accepted: upload the certificate${c.thumbprint === undefined ? '' : ` (SHA-256 thumbprint ${c.thumbprint})`} to the application's certificates`,
    },
  ],
  [700024, { reason: 'invalidCertificate', say: () => "the client assertion is outside its valid time range: check this machine's clock" }],
  [
    700016,
    {
      reason: 'appNotFound',
      say: (c) =>
        `application ${c.clientId} was not found in tenant ${c.tenant}: check AMR_SYNC_CLIENT_ID, and that the app is registered in the tenant or consented to by it`,
    },
  ],
  [
    7000229,
    {
      reason: 'consentMissing',
      say: (c) => `application ${c.clientId} has no service principal in tenant ${c.tenant}: an administrator of the tenant must grant admin consent`,
    },
  ],
  [
    65001,
    { reason: 'consentMissing', say: (c) => `tenant ${c.tenant} has not consented to application ${c.clientId}: an administrator must grant admin consent` },
  ],
  [90002, { reason: 'tenantNotFound', say: (c) => `tenant ${c.tenant} was not found: check --tenant, and AMR_LOGIN_URL for a national cloud` }],
  [900023, { reason: 'tenantNotFound', say: (c) => `"${c.tenant}" is not a valid tenant identifier: give the tenant id (a GUID) or a verified domain` }],
  [90023, { reason: 'tenantNotFound', say: (c) => `tenant ${c.tenant} was not accepted by the token endpoint: check --tenant` }],
  [7000112, { reason: 'appDisabled', say: (c) => `application ${c.clientId} is disabled in tenant ${c.tenant}` }],
  [53003, { reason: 'blockedByPolicy', say: () => "a Conditional Access policy of the tenant blocked the application's sign-in" }],
  [
    500011,
    {
      reason: 'other',
      say: () => 'the Microsoft Graph resource was not found in the tenant: AMR_GRAPH_URL must be the Graph host of the same cloud as AMR_LOGIN_URL',
    },
  ],
  [70011, { reason: 'other', say: () => 'the scope was refused: AMR_GRAPH_URL must be the Graph host of the same cloud as AMR_LOGIN_URL' }],
  [1002012, { reason: 'other', say: () => 'the scope was refused: AMR_GRAPH_URL must be the Graph host of the same cloud as AMR_LOGIN_URL' }],
]);

/** The `auth` SyncError for a token-endpoint error answer. `body` is the parsed JSON (or undefined). */
export function aadError(status: number, body: unknown, ctx: AadContext, secrets: readonly (Secret | undefined)[]): SyncError {
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const error = typeof obj.error === 'string' ? obj.error : undefined;
  const description = typeof obj.error_description === 'string' ? obj.error_description : '';
  const rawCodes: unknown = obj.error_codes;
  const codes = Array.isArray(rawCodes) ? (rawCodes as readonly unknown[]).filter((c): c is number => typeof c === 'number') : [];
  const code = codes[0] ?? Number(/AADSTS(\d+)/.exec(description)?.[1] ?? NaN);
  const known = Number.isFinite(code) ? CASES.get(code) : undefined;
  const aadCode = Number.isFinite(code) ? `AADSTS${code}` : undefined;
  const tag = aadCode === undefined ? '' : ` (${aadCode})`;
  if (known !== undefined) {
    return new SyncError('auth', `token request refused: ${known.say(ctx)}${tag}`, { status, code: aadCode, reason: known.reason });
  }
  const first = scrub(description.split(/\r?\n|Trace ID:/)[0]!.trim(), secrets).slice(0, 300);
  const what = first !== '' ? first : (error ?? `HTTP ${status}`);
  return new SyncError('auth', `token request refused: ${what}${first.includes(aadCode ?? '\u0000') ? '' : tag}`, {
    status,
    code: aadCode ?? error,
    reason: 'other',
  });
}
