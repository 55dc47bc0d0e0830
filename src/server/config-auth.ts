// AMR_AUTH_MODE and what goes with it: dev tokens, or oidc issuers with their fetch bounds and the
// dashboard's sign-in (AMR_DASHBOARD_*). Split from config.ts, which assembles the whole Config.
import { ConfigError, integer, list, type Env } from './config-values.js';

/**
 * `dev`: amr's own ES256 key in its database signs and checks tokens (`amr token`).
 * `oidc`: tokens from configured issuers, checked against each issuer's JWKS.
 */
export type AuthConfig =
  | { readonly mode: 'dev' }
  | {
      readonly mode: 'oidc';
      /**
       * Accepted issuers; `{tenantid}` stands for the token's own tid (Entra's multi-tenant issuers,
       * e.g. https://login.microsoftonline.com/{tenantid}/v2.0 and https://sts.windows.net/{tenantid}/).
       */
      readonly issuers: readonly string[];
      /** Accepted audiences (default: Microsoft Graph's, as a URI and as its application id). */
      readonly audiences: readonly string[];
      /** A JWKS URL to use instead of each issuer's discovery document (AMR_OIDC_JWKS_URI). */
      readonly jwksUri: string | null;
      /** The dashboard's own sign-in (AMR_DASHBOARD_*); absent: the page offers only a pasted token. */
      readonly dashboard?: DashboardSignInConfig;
      /** Bounds on discovery and key fetches (docs/decisions/0057). */
      readonly fetchBounds?: OidcFetchBounds;
    };

/** AMR_OIDC_NEW_ISSUERS_PER_MINUTE, AMR_OIDC_MAX_ISSUERS, AMR_OIDC_FETCH_TIMEOUT_MS. */
export interface OidcFetchBounds {
  readonly newIssuersPerMinute: number;
  readonly maxIssuers: number;
  readonly timeoutMs: number;
}

/**
 * The dashboard's authorization code + PKCE sign-in in oidc mode (docs/decisions/0060): a public
 * client (for Entra, a SPA app registration) the page signs in with, at `authority`.
 */
export interface DashboardSignInConfig {
  /** The app registration's client (application) id (AMR_DASHBOARD_CLIENT_ID). */
  readonly clientId: string;
  /** The authorization server, without a trailing slash; its discovery document is `${authority}/.well-known/openid-configuration` (AMR_DASHBOARD_AUTHORITY). */
  readonly authority: string;
  /** Scopes asked for; `openid` always among them (AMR_DASHBOARD_SCOPES). */
  readonly scopes: readonly string[];
  /** The registered redirect URI; null: the page's own origin with `/` (AMR_DASHBOARD_REDIRECT_URI). */
  readonly redirectUri: string | null;
}

export const GRAPH_AUDIENCES: readonly string[] = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

/** Entra's authority for work and school accounts of any tenant (the token's tid says which). */
export const DEFAULT_DASHBOARD_AUTHORITY = 'https://login.microsoftonline.com/organizations/v2.0';
/** Graph's reports permissions, an id token, and a refresh token for silent renewal. */
export const DEFAULT_DASHBOARD_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'offline_access',
  'https://graph.microsoft.com/AuditLog.Read.All',
  'https://graph.microsoft.com/Reports.Read.All',
];
const DASHBOARD_SETTINGS = ['AMR_DASHBOARD_CLIENT_ID', 'AMR_DASHBOARD_AUTHORITY', 'AMR_DASHBOARD_SCOPES', 'AMR_DASHBOARD_REDIRECT_URI'];

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value.replace(/\{tenantid\}/gi, '00000000-0000-0000-0000-000000000000'));
  } catch {
    throw new ConfigError(`${name}: '${value}' is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name}: '${value}' is not an http(s) URL.`);
  return value;
}

/**
 * A URL the browser is sent to or fetches during sign-in: https, or http to this machine only (a
 * local test provider). No query or fragment: amr appends its own.
 */
function signInUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name}: '${value}' is not a URL.`);
  }
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`${name}: '${value}' must be an https URL (http only for localhost).`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(`${name}: '${value}' must have no query, fragment or credentials.`);
  }
  return value;
}

function dashboardSignIn(env: Env): DashboardSignInConfig | undefined {
  const set = (name: string): string | null => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const clientId = set('AMR_DASHBOARD_CLIENT_ID');
  if (clientId === null) {
    const orphan = DASHBOARD_SETTINGS.find((n) => set(n) !== null);
    if (orphan !== undefined)
      throw new ConfigError(`${orphan} needs AMR_DASHBOARD_CLIENT_ID: the dashboard's app registration (for Entra, a single-page application).`);
    return undefined;
  }
  if (!/^[\x21-\x7e]{1,256}$/.test(clientId))
    throw new ConfigError(`AMR_DASHBOARD_CLIENT_ID=${clientId} is not valid: expected a client id such as an Entra application id (a GUID).`);
  const authority = signInUrl('AMR_DASHBOARD_AUTHORITY', set('AMR_DASHBOARD_AUTHORITY') ?? DEFAULT_DASHBOARD_AUTHORITY).replace(/\/+$/, '');
  const scopes = list(env, 'AMR_DASHBOARD_SCOPES') ?? [...DEFAULT_DASHBOARD_SCOPES];
  if (!scopes.includes('openid')) {
    throw new ConfigError(
      `AMR_DASHBOARD_SCOPES must include openid (the page checks the id token's nonce); the default is '${DEFAULT_DASHBOARD_SCOPES.join(' ')}'.`,
    );
  }
  const redirect = set('AMR_DASHBOARD_REDIRECT_URI');
  return { clientId, authority, scopes, redirectUri: redirect === null ? null : signInUrl('AMR_DASHBOARD_REDIRECT_URI', redirect) };
}

export function authConfig(env: Env): AuthConfig {
  const mode = (env.AMR_AUTH_MODE ?? 'dev').trim().toLowerCase();
  if (mode === 'dev' || mode === '') {
    const stray = DASHBOARD_SETTINGS.find((n) => (env[n] ?? '').trim() !== '');
    if (stray !== undefined) throw new ConfigError(`${stray} is used only with AMR_AUTH_MODE=oidc (in dev mode the dashboard has its demo sign-in).`);
    return { mode: 'dev' };
  }
  if (mode !== 'oidc') throw new ConfigError(`AMR_AUTH_MODE=${env.AMR_AUTH_MODE} is not valid: expected dev or oidc.`);
  const issuers = list(env, 'AMR_OIDC_ISSUERS');
  if (issuers === null) {
    throw new ConfigError(
      'AMR_AUTH_MODE=oidc needs AMR_OIDC_ISSUERS: for Entra, https://login.microsoftonline.com/{tenantid}/v2.0,https://sts.windows.net/{tenantid}/',
    );
  }
  const jwks = env.AMR_OIDC_JWKS_URI?.trim();
  const dashboard = dashboardSignIn(env);
  return {
    mode: 'oidc',
    issuers: issuers.map((i) => httpUrl('AMR_OIDC_ISSUERS', i)),
    audiences: list(env, 'AMR_OIDC_AUDIENCES') ?? GRAPH_AUDIENCES,
    jwksUri: jwks === undefined || jwks === '' ? null : httpUrl('AMR_OIDC_JWKS_URI', jwks),
    ...(dashboard === undefined ? {} : { dashboard }),
    fetchBounds: {
      newIssuersPerMinute: integer(env, 'AMR_OIDC_NEW_ISSUERS_PER_MINUTE', 60, 1, 100_000),
      maxIssuers: integer(env, 'AMR_OIDC_MAX_ISSUERS', 1_000, 1, 1_000_000),
      timeoutMs: integer(env, 'AMR_OIDC_FETCH_TIMEOUT_MS', 5_000, 100, 120_000),
    },
  };
}
