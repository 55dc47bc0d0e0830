// What both token modes share: the verifier seam, the claims → Principal mapping (Entra v1 and v2
// access tokens), and the 401 message for each way a token can fail (graph-api §2.5).
import { errors, type JWTPayload } from 'jose';
import { invalidToken, type GraphError } from '../graph/errors.js';
import type { Principal } from '../graph/principal.js';

export interface TokenVerifier {
  /** The verified caller, or a GraphError (401, or 503 when keys cannot be fetched). */
  verify(token: string, now: Date): Promise<Principal>;
}

/** Clock skew allowed on exp and nbf. */
export const CLOCK_SKEW_SECONDS = 300;
/** Asymmetric algorithms accepted (RS256 is Entra's; ES256 is amr's dev key). */
export const ACCEPTED_ALGORITHMS = ['RS256', 'ES256'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function words(value: unknown): Set<string> {
  if (typeof value === 'string') return new Set(value.split(' ').filter((s) => s.length > 0));
  if (Array.isArray(value)) return new Set((value as readonly unknown[]).filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** The token's tenant: a GUID tid claim, checked before anything else is trusted. */
export function tenantOf(claims: JWTPayload): string {
  const tid = claims.tid;
  if (typeof tid !== 'string' || tid === '') throw invalidToken('Access token validation failure. The token has no tid (tenant) claim.');
  if (!GUID.test(tid)) throw invalidToken("Access token validation failure. The token's tid (tenant) claim is not a GUID.");
  return tid.toLowerCase();
}

/**
 * Entra's access token claims as amr reads them: `scp` makes a delegated call, its absence an
 * app-only one (`idtyp` says so explicitly when present); `appid` (v1) or `azp` (v2) names the
 * client; `roles` are application permissions; `wids` the signed-in user's directory roles.
 */
export function principalFromClaims(claims: JWTPayload, tenantId: string, now: Date): Principal {
  const idtyp = typeof claims.idtyp === 'string' ? claims.idtyp.toLowerCase() : null;
  const kind = idtyp === 'app' ? 'application' : idtyp === 'user' || claims.scp !== undefined ? 'delegated' : 'application';
  return {
    tenantId,
    expiresAtMs: typeof claims.exp === 'number' ? claims.exp * 1000 : now.getTime(),
    kind,
    objectId: typeof claims.oid === 'string' ? claims.oid : typeof claims.sub === 'string' ? claims.sub : null,
    appId: typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : null,
    scopes: kind === 'delegated' ? words(claims.scp) : new Set(),
    roles: words(claims.roles),
    wids: new Set([...words(claims.wids)].map((w) => w.toLowerCase())),
    groups: new Set([...words(claims.groups)].map((g) => g.toLowerCase())),
  };
}

/** jose's failure as Graph's 401, each with its own message. */
export function tokenFailure(err: unknown): GraphError {
  if (err instanceof errors.JWTExpired) return invalidToken('Lifetime validation failed, the token is expired.');
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return invalidToken('Invalid audience: the token is not for Microsoft Graph or this server.');
    if (err.claim === 'iss') return invalidToken('Invalid issuer: the token was not issued for its tenant by an issuer this server trusts.');
    if (err.claim === 'nbf') return invalidToken('Lifetime validation failed, the token is not yet valid.');
    if (err.claim === 'exp' || err.claim === 'iat') return invalidToken(`Lifetime validation failed: the token's ${err.claim} claim is not valid.`);
    return invalidToken(`Access token validation failure: claim '${err.claim}' is not valid.`);
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return invalidToken('Access token validation failure. Invalid signature.');
  if (err instanceof errors.JWKSNoMatchingKey)
    return invalidToken('Access token validation failure. The token is signed with a key its issuer does not publish.');
  if (err instanceof errors.JOSEAlgNotAllowed) return invalidToken('Access token validation failure. The signing algorithm is not accepted.');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid || err instanceof errors.JOSENotSupported) {
    return invalidToken('CompactToken parsing failed with error code: 80049217');
  }
  return invalidToken('Access token validation failure.');
}
