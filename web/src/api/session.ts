// Who the page is signed in as: a token kept in memory only (never in storage, never in the
// address), with the tenant and identity it names. Demo sign-in: src/server/dashboard-routes.ts.
import { ApiProblem, problemFrom } from './graph';
import type { OidcClientConfig } from './oidc';

export interface Session {
  readonly token: string;
  /** Epoch milliseconds; the page asks for a new sign-in then. */
  readonly expiresAt: number;
  readonly tenantId: string;
  readonly tenantName: string | null;
  /** The user (upn) or, for an app-only token, the application id. */
  readonly identity: string;
  readonly how: 'demo' | 'token' | 'oidc';
  /** Epoch milliseconds the token was received (oidc: renewal is timed from its lifetime). */
  readonly issuedAt?: number;
  /** oidc with a refresh token: a new session for the same sign-in, without a redirect. */
  readonly renew?: () => Promise<Session>;
}

export interface TenantChoice {
  readonly id: string;
  readonly displayName: string | null;
  readonly hasReports: boolean;
}

export interface SignInConfig {
  readonly authMode: 'dev' | 'oidc';
  /** The demo sign-in answers this browser (dev mode, this machine, this run's sign-in code). */
  readonly devSignIn: boolean;
  /** It would, with this run's code (dev mode, this machine, not behind a proxy). */
  readonly devSignInOffered: boolean;
  /** AMR_PUBLIC_URL or AMR_TRUST_PROXY is set: no demo sign-in at all. */
  readonly behindProxy: boolean;
  readonly tenants: readonly TenantChoice[];
  /** oidc mode with AMR_DASHBOARD_CLIENT_ID: the public client the page signs in with. */
  readonly oidc: OidcClientConfig | null;
}

/** The header the demo sign-in code goes in (dashboard-routes.ts, SIGN_IN_CODE_HEADER). */
const CODE_HEADER = 'X-Amr-Sign-In-Code';

/** What the sign-in screen offers; `code`: the demo sign-in code this tab was opened with. */
export async function loadSignInConfig(code: string | null): Promise<SignInConfig> {
  const headers: Record<string, string> = code === null ? {} : { [CODE_HEADER]: code };
  const response = await fetch('/dashboard/config', { headers, cache: 'no-store', credentials: 'omit' });
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as SignInConfig;
}

interface DemoAnswer {
  readonly token: string;
  readonly expiresOn: string;
  readonly tenant: TenantChoice;
  readonly identity: { readonly userPrincipalName: string };
}

export async function demoSignIn(code: string | null, tenantId: string | null): Promise<Session> {
  const response = await fetch('/dashboard/dev-sign-in', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(tenantId === null ? { code } : { code, tenantId }),
    cache: 'no-store',
    credentials: 'omit',
  });
  if (!response.ok) throw await problemFrom(response);
  const a = (await response.json()) as DemoAnswer;
  return {
    token: a.token,
    expiresAt: Date.parse(a.expiresOn),
    tenantId: a.tenant.id,
    tenantName: a.tenant.displayName,
    identity: a.identity.userPrincipalName,
    how: 'demo',
  };
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new ApiProblem('unauthorized', 0, 'NotAToken', 'That is not an access token (a JWT has three parts separated by dots).');
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new ApiProblem('unauthorized', 0, 'NotAToken', 'That token cannot be read: its middle part is not base64url JSON.');
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** A pasted token (from `npx amr token`, or an Entra token in oidc mode): the server still checks it. */
export function sessionFromToken(raw: string): Session {
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  const claims = claimsOf(token);
  const tenantId = text(claims.tid);
  if (tenantId === null) throw new ApiProblem('unauthorized', 0, 'NoTenant', 'The token names no tenant (no tid claim).');
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000;
  const identity =
    text(claims.upn) ?? text(claims.preferred_username) ?? text(claims.unique_name) ?? `application ${text(claims.appid) ?? text(claims.azp) ?? 'unknown'}`;
  return { token, expiresAt: exp, tenantId, tenantName: null, identity, how: 'token' };
}
