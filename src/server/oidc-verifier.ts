// AMR_AUTH_MODE=oidc: access tokens from configured issuers (Entra's v1 and v2 among them),
// checked against each issuer's published keys. Keys come from the issuer's discovery document
// (or AMR_OIDC_JWKS_URI), are cached, and are fetched again when a token names an unknown kid
// (jose's remote key set). Decision 0052.
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphError, invalidToken } from '../graph/errors.js';
import type { Principal } from '../graph/principal.js';
import type { AuthConfig } from './config.js';
import { ACCEPTED_ALGORITHMS, CLOCK_SKEW_SECONDS, principalFromClaims, tenantOf, tokenFailure, type TokenVerifier } from './token-claims.js';

type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

const FETCH_TIMEOUT_MS = 5_000;
/** Expanded issuers whose discovery documents are remembered (per tenant for `{tenantid}` issuers). */
const MAX_ISSUERS = 10_000;

export const keysUnavailable = (issuer: string, reason: string): GraphError =>
  new GraphError(503, 'ServiceUnavailable', `The signing keys of the token's issuer (${issuer}) cannot be fetched right now (${reason}); retry later.`, { 'Retry-After': '30' });

/** The issuers a token of tenant `tid` may come from: templates filled with the tid. */
export function issuersFor(config: OidcConfig, tid: string): string[] {
  return config.issuers.map((i) => i.replace(/\{tenantid\}/gi, tid));
}

/**
 * Tokens for Microsoft Graph carry a `nonce` in their header, and Entra signs them over the
 * header with the nonce replaced by its SHA-256 (base64url). Such a token verifies only once the
 * header is rewritten that way; tokens without a nonce are returned as they are.
 */
export function withHashedNonce(token: string): string | null {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return null;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof parsed.nonce !== 'string') return null;
  parsed.nonce = createHash('sha256').update(parsed.nonce).digest('base64url');
  return `${Buffer.from(JSON.stringify(parsed)).toString('base64url')}.${payload}.${signature}`;
}

export class OidcVerifier implements TokenVerifier {
  private readonly keySets = new Map<string, JWTVerifyGetKey>();
  private readonly jwksUris = new Map<string, Promise<string>>();

  /**
   * `refetchCooldownMs`: after fetching a key set, an unknown kid fetches it again only this much
   * later (jose's cooldown), so a flood of tokens with made-up kids costs one fetch per period.
   */
  constructor(private readonly config: OidcConfig, private readonly options: { readonly refetchCooldownMs?: number } = {}) {}

  async verify(token: string, now: Date): Promise<Principal> {
    let claims: JWTPayload;
    try {
      claims = decodeJwt(token);
      decodeProtectedHeader(token);
    } catch {
      throw invalidToken('CompactToken parsing failed with error code: 80049217');
    }
    const tenantId = tenantOf(claims);
    const issuers = issuersFor(this.config, tenantId);
    // Keys are fetched only for an issuer this server trusts, never for whatever `iss` says.
    if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss)) {
      throw invalidToken('Invalid issuer: the token was not issued for its tenant by an issuer this server trusts.');
    }
    const keys = await this.keySetFor(claims.iss);
    const options = {
      issuer: issuers, audience: [...this.config.audiences], clockTolerance: CLOCK_SKEW_SECONDS, currentDate: now, algorithms: ACCEPTED_ALGORITHMS, requiredClaims: ['exp'],
    };
    try {
      const { payload } = await jwtVerify(token, keys, options);
      return principalFromClaims(payload, tenantId, now);
    } catch (err) {
      const rewritten = err instanceof errors.JWSSignatureVerificationFailed ? withHashedNonce(token) : null;
      if (rewritten !== null) {
        try {
          const { payload } = await jwtVerify(rewritten, keys, options);
          return principalFromClaims(payload, tenantId, now);
        } catch (again) {
          throw this.failure(again, claims.iss);
        }
      }
      throw this.failure(err, claims.iss);
    }
  }

  private failure(err: unknown, issuer: string): GraphError {
    if (err instanceof GraphError) return err;
    if (err instanceof errors.JWKSTimeout) return keysUnavailable(issuer, 'timed out');
    // jose reports a failed key-set fetch (not 200, not JSON) as its base error class.
    if (err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError && err.constructor === errors.JOSEError)) {
      return keysUnavailable(issuer, err.message);
    }
    if (err instanceof TypeError) return keysUnavailable(issuer, err.message); // fetch() network failures
    return tokenFailure(err);
  }

  private async keySetFor(issuer: string): Promise<JWTVerifyGetKey> {
    const uri = this.config.jwksUri ?? await this.discover(issuer);
    let set = this.keySets.get(uri);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(uri), { timeoutDuration: FETCH_TIMEOUT_MS, cooldownDuration: this.options.refetchCooldownMs ?? 30_000, cacheMaxAge: 24 * 3_600_000 });
      this.keySets.set(uri, set);
    }
    return set;
  }

  /** The issuer's jwks_uri from its OpenID discovery document (remembered; a failure is retried next time). */
  private discover(issuer: string): Promise<string> {
    let found = this.jwksUris.get(issuer);
    if (found === undefined) {
      if (this.jwksUris.size >= MAX_ISSUERS) this.jwksUris.delete(this.jwksUris.keys().next().value!);
      found = this.fetchJwksUri(issuer);
      found.catch(() => this.jwksUris.delete(issuer));
      this.jwksUris.set(issuer, found);
    }
    return found;
  }

  private async fetchJwksUri(issuer: string): Promise<string> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    } catch (err) {
      throw keysUnavailable(issuer, `discovery document ${url}: ${(err as Error).message}`);
    }
    if (!response.ok) throw keysUnavailable(issuer, `discovery document ${url} answered ${response.status}`);
    let doc: unknown;
    try {
      doc = await response.json();
    } catch {
      throw keysUnavailable(issuer, `discovery document ${url} is not JSON`);
    }
    const jwksUri = (doc as { jwks_uri?: unknown }).jwks_uri;
    if (typeof jwksUri !== 'string' || !/^https?:\/\//.test(jwksUri)) throw keysUnavailable(issuer, `discovery document ${url} has no jwks_uri`);
    return jwksUri;
  }
}
