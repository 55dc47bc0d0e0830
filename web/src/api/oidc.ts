// The oidc sign-in (AMR_AUTH_MODE=oidc with AMR_DASHBOARD_CLIENT_ID): authorization code with PKCE
// (S256) as a public client — for Entra, a single-page application registration. The tokens live
// in memory only; sessionStorage holds the code verifier, state and nonce for the redirect round
// trip alone and is emptied the moment the answer comes back. Decision 0060, "oidc sign-in".
import { ApiProblem } from './graph';
import type { Session } from './session';

/** What GET /dashboard/config says about the sign-in (nothing secret: a SPA has no secret). */
export interface OidcClientConfig {
  readonly authority: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** The registered redirect URI; null: this page's origin with `/`. */
  readonly redirectUri: string | null;
}

/** The answer the authorization server redirected back with (taken from the address at start). */
export interface Callback {
  readonly code: string | null;
  readonly state: string | null;
  readonly error: string | null;
  readonly errorDescription: string | null;
}

interface Pending {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly redirectUri: string;
  readonly clientId: string;
  readonly authority: string;
  /** The view the sign-in started from, restored after it. */
  readonly returnHash: string;
  readonly startedAt: number;
}

interface Discovery {
  readonly issuer: string;
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

interface TokenAnswer {
  readonly access_token?: string;
  readonly id_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number | string;
  readonly error?: string;
  readonly error_description?: string;
}

const PENDING_KEY = 'amr.oidc.pending';
/** A sign-in left unfinished longer than this is not completed. */
const PENDING_MAX_AGE_MS = 15 * 60_000;

const failed = (message: string): ApiProblem => new ApiProblem('signIn', 0, 'SignInFailed', message);

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n: number): string => base64url(crypto.getRandomValues(new Uint8Array(n)));

export const redirectUriOf = (config: OidcClientConfig): string => config.redirectUri ?? `${location.origin}/`;

/**
 * Takes the authorization answer out of the address before anything renders, so that the code
 * never lingers in the address bar, the history or a bookmark. Null when the address holds none.
 */
export function takeCallback(): Callback | null {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error') && !params.has('state')) return null;
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  return { code: params.get('code'), state: params.get('state'), error: params.get('error'), errorDescription: params.get('error_description') };
}

const isAllowedUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname));
  } catch {
    return false;
  }
};

async function discover(authority: string): Promise<Discovery> {
  const url = `${authority}/.well-known/openid-configuration`;
  let doc: Partial<Discovery>;
  try {
    const response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
    if (!response.ok) throw new Error(`it answered ${response.status}`);
    doc = (await response.json()) as Partial<Discovery>;
  } catch (err) {
    throw failed(`The sign-in service's discovery document (${url}) could not be read (${(err as Error).message}). Check AMR_DASHBOARD_AUTHORITY.`);
  }
  if (!isAllowedUrl(doc.authorization_endpoint) || !isAllowedUrl(doc.token_endpoint) || typeof doc.issuer !== 'string') {
    throw failed(`The discovery document at ${url} names no https authorization and token endpoints and issuer.`);
  }
  // The page's CSP lets it reach this origin and the authority's only (dashboard-routes.ts).
  if (new URL(doc.token_endpoint).origin !== new URL(authority).origin) {
    throw failed(
      `The token endpoint (${doc.token_endpoint}) is not on the authority's origin (${new URL(authority).origin}); the page may only reach the authority's origin.`,
    );
  }
  return { issuer: doc.issuer, authorization_endpoint: doc.authorization_endpoint, token_endpoint: doc.token_endpoint };
}

/** Sends the browser to the authorization endpoint; returns only if that cannot start. */
export async function startSignIn(config: OidcClientConfig): Promise<void> {
  const endpoints = await discover(config.authority);
  const pending: Pending = {
    state: random(24),
    nonce: random(24),
    verifier: random(48),
    redirectUri: redirectUriOf(config),
    clientId: config.clientId,
    authority: config.authority,
    returnHash: location.hash,
    startedAt: Date.now(),
  };
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  const url = new URL(endpoints.authorization_endpoint);
  const params: Record<string, string> = {
    client_id: config.clientId,
    response_type: 'code',
    response_mode: 'query',
    redirect_uri: pending.redirectUri,
    scope: config.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  location.assign(url.href);
}

function claimsOf(jwt: string | undefined): Record<string, unknown> | null {
  const payload = jwt?.split('.')[1];
  if (payload === undefined) return null;
  try {
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

async function tokenRequest(endpoint: string, form: Record<string, string>): Promise<TokenAnswer> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (err) {
    throw failed(`The token endpoint (${endpoint}) did not answer (${(err as Error).message}).`);
  }
  let answer: TokenAnswer = {};
  try {
    answer = (await response.json()) as TokenAnswer;
  } catch {
    // not JSON: the status says enough
  }
  if (!response.ok || answer.error !== undefined || typeof answer.access_token !== 'string') {
    const why = answer.error_description ?? answer.error ?? `HTTP ${response.status}`;
    throw failed(`The token endpoint refused the request: ${why}`);
  }
  return answer;
}

/**
 * The id token came straight from the token endpoint over TLS (OpenID Connect Core 3.1.3.7 lets a
 * client rely on that instead of its signature); the page checks that it is for this client, from
 * the discovered issuer (Entra's `{tenantid}` filled with its tid), unexpired, and carries the
 * nonce this sign-in sent. amr checks the access token's signature on every request.
 */
function checkIdToken(idToken: string | undefined, discovery: Discovery, clientId: string, nonce: string | null): Record<string, unknown> | null {
  if (idToken === undefined) {
    if (nonce !== null) throw failed('The token endpoint returned no id token: add openid to AMR_DASHBOARD_SCOPES.');
    return null;
  }
  const claims = claimsOf(idToken);
  if (claims === null) throw failed('The id token cannot be read.');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(clientId)) throw failed(`The id token is for another client (${String(claims.aud)}), not ${clientId}.`);
  const issuer = discovery.issuer.replace(/\{tenantid\}/gi, text(claims.tid) ?? '{tenantid}');
  if (claims.iss !== issuer) throw failed(`The id token's issuer (${String(claims.iss)}) is not the authority's (${issuer}).`);
  if (nonce !== null && claims.nonce !== nonce) throw failed('The id token does not carry the nonce this sign-in sent (a replayed answer?): sign in again.');
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now() - 300_000)
    throw failed("The id token has expired: check this computer's clock and sign in again.");
  return claims;
}

function sessionFrom(answer: TokenAnswer, idClaims: Record<string, unknown> | null, renew: ((refreshToken: string) => Promise<Session>) | null): Session {
  const token = answer.access_token!;
  const claims = claimsOf(token) ?? {};
  const id = idClaims ?? {};
  const tenantId = text(claims.tid) ?? text(id.tid);
  if (tenantId === null) throw failed('The access token names no tenant (no tid claim); amr needs one.');
  const now = Date.now();
  const lifetime = Number(answer.expires_in);
  const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : now + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime * 1000 : 3_600_000);
  const identity =
    text(claims.upn) ??
    text(claims.preferred_username) ??
    text(id.preferred_username) ??
    text(claims.name) ??
    text(id.name) ??
    `application ${text(claims.appid) ?? text(claims.azp) ?? 'unknown'}`;
  const refreshToken = text(answer.refresh_token);
  return {
    token,
    expiresAt,
    tenantId,
    tenantName: null,
    identity,
    how: 'oidc',
    issuedAt: now,
    // The refresh token stays in this closure: in memory, out of every object the page renders.
    ...(renew !== null && refreshToken !== null ? { renew: () => renew(refreshToken) } : {}),
  };
}

function renewer(config: OidcClientConfig, discovery: Discovery): (refreshToken: string) => Promise<Session> {
  const renew = async (refreshToken: string): Promise<Session> => {
    const answer = await tokenRequest(discovery.token_endpoint, {
      grant_type: 'refresh_token',
      client_id: config.clientId,
      refresh_token: refreshToken,
      scope: config.scopes.join(' '),
    });
    const idClaims = checkIdToken(answer.id_token, discovery, config.clientId, null);
    // A rotated refresh token replaces the old one; without a new one the old one is kept.
    return sessionFrom({ ...answer, refresh_token: answer.refresh_token ?? refreshToken }, idClaims, renew);
  };
  return renew;
}

/** Finishes the sign-in the address's answer belongs to: state, code for tokens (with the verifier), nonce. */
export async function completeSignIn(config: OidcClientConfig, callback: Callback): Promise<{ session: Session; returnHash: string }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY); // one answer per sign-in, whatever happens next
  let pending: Pending | null = null;
  try {
    pending = raw === null ? null : (JSON.parse(raw) as Pending);
  } catch {
    pending = null;
  }
  if (pending === null || callback.state === null || callback.state !== pending.state) {
    throw failed('This sign-in answer does not belong to a sign-in started in this tab (its state does not match), so it was refused. Sign in again.');
  }
  if (callback.error !== null) {
    throw failed(`The sign-in service refused the sign-in: ${callback.errorDescription ?? callback.error}`);
  }
  if (callback.code === null) throw failed('The sign-in service answered without an authorization code. Sign in again.');
  if (Date.now() - pending.startedAt > PENDING_MAX_AGE_MS) throw failed('That sign-in was started too long ago. Sign in again.');
  if (pending.clientId !== config.clientId || pending.authority !== config.authority) {
    throw failed("amr's sign-in settings changed during the sign-in. Sign in again.");
  }
  const discovery = await discover(config.authority);
  const answer = await tokenRequest(discovery.token_endpoint, {
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code: callback.code,
    redirect_uri: pending.redirectUri,
    code_verifier: pending.verifier,
    scope: config.scopes.join(' '),
  });
  const idClaims = checkIdToken(answer.id_token, discovery, config.clientId, pending.nonce);
  return { session: sessionFrom(answer, idClaims, renewer(config, discovery)), returnHash: pending.returnHash };
}
