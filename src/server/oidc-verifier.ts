// AMR_AUTH_MODE=oidc: access tokens from configured issuers (Entra's v1 and v2 among them),
// checked against each issuer's published keys. Everything that needs no key is checked first
// (format, tid, iss, alg, aud, lifetime), so a token failing any of it never causes a fetch; the
// keys come from AMR_OIDC_JWKS_URI, Entra's shared key set, or the issuer's discovery document,
// fetched within the bounds of issuer-keys.ts. Decisions 0052 and 0057.
import { createHash } from 'node:crypto';
import { UnsecuredJWT, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { invalidToken, keysUnavailable, GraphError } from '../graph/errors.js';
import type { Principal } from '../graph/principal.js';
import type { AuthConfig } from './config.js';
import { IssuerKeys, KeysUnavailable, type IssuerKeysOptions } from './issuer-keys.js';
import { ACCEPTED_ALGORITHMS, CLOCK_SKEW_SECONDS, principalFromClaims, tenantOf, tokenFailure, type TokenVerifier } from './token-claims.js';

type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

/** An issuer amr has never reached: nothing vouches for the token. */
export const issuerUnreachable = (issuer: string, reason: string): GraphError =>
  invalidToken(`Invalid issuer: amr cannot get the signing keys of the token's issuer (${issuer}): ${reason}. The token cannot be verified.`);

/** alg none, sketched over the token's own payload: jose's claim checks without a key (UnsecuredJWT). */
const UNSIGNED_HEADER = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');

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
  private readonly keys: IssuerKeys;
  private readonly clock: () => number;

  /**
   * Options (all with defaults, ISSUER_KEYS_DEFAULTS): the fetch bounds of issuer-keys.ts, among
   * them `refetchCooldownMs` (an unknown kid refetches a key set at most once per period) and
   * `clock` (the caches' time, not the tokens').
   */
  constructor(
    private readonly config: OidcConfig,
    options: Partial<IssuerKeysOptions> = {},
  ) {
    this.keys = new IssuerKeys(config.jwksUri, options);
    this.clock = options.clock ?? Date.now;
  }

  /** What the key caches hold (each count bounded by its option). */
  cacheSizes(): ReturnType<IssuerKeys['sizes']> {
    return this.keys.sizes();
  }

  async verify(token: string, now: Date): Promise<Principal> {
    let claims: JWTPayload;
    let header: ProtectedHeaderParameters;
    try {
      claims = decodeJwt(token);
      header = decodeProtectedHeader(token);
    } catch {
      throw invalidToken('CompactToken parsing failed with error code: 80049217');
    }
    const tenantId = tenantOf(claims);
    const issuers = issuersFor(this.config, tenantId);
    // Keys are fetched only for an issuer this server trusts, never for whatever `iss` says.
    const index = typeof claims.iss === 'string' ? issuers.indexOf(claims.iss) : -1;
    if (index < 0) throw invalidToken('Invalid issuer: the token was not issued for its tenant by an issuer this server trusts.');
    const issuer = issuers[index]!;
    if (typeof header.alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(header.alg)) throw tokenFailure(new errors.JOSEAlgNotAllowed('alg not allowed'));
    const options = {
      issuer: issuers,
      audience: [...this.config.audiences],
      clockTolerance: CLOCK_SKEW_SECONDS,
      currentDate: now,
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ['exp'],
    };
    try {
      // aud, exp, nbf and the claims' types, exactly as jwtVerify will check them, before any fetch.
      UnsecuredJWT.decode(`${UNSIGNED_HEADER}.${token.split('.')[1]}.`, options);
    } catch (err) {
      throw tokenFailure(err);
    }
    const keys = this.keys.getKeyFor(issuer, this.config.issuers[index]!);
    return principalFromClaims(await this.verified(token, keys, options), tenantId, now);
  }

  private async verified(token: string, keys: JWTVerifyGetKey, options: Parameters<typeof jwtVerify>[2]): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, keys, options)).payload;
    } catch (err) {
      const rewritten = err instanceof errors.JWSSignatureVerificationFailed ? withHashedNonce(token) : null;
      if (rewritten === null) throw this.failure(err);
      try {
        return (await jwtVerify(rewritten, keys, options)).payload;
      } catch (again) {
        throw this.failure(again);
      }
    }
  }

  private failure(err: unknown): GraphError {
    if (err instanceof GraphError) return err;
    if (err instanceof KeysUnavailable) {
      return err.known ? keysUnavailable(err.issuer, err.reason, (err.retryAtMs - this.clock()) / 1000) : issuerUnreachable(err.issuer, err.reason);
    }
    return tokenFailure(err);
  }
}
