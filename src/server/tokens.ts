// Dev-mode tokens: amr's own ES256 key (kept in its database) signs Entra-shaped access tokens,
// and the server verifies them. The oidc mode with issuers' JWKS comes with the access-control work.
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type CryptoKey } from 'jose';
import { invalidToken } from '../graph/errors.js';
import type { Store } from '../store/store.js';
import type { Principal } from '../graph/principal.js';

/** Graph's audience, as a URI and as its application id (Entra issues either). */
export const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];
export const DEV_APP_ID = 'a3c1e0d5-6f2b-4c8e-9d47-a4b1c2d3e4f5';
/** Reports Reader role template id (entra-rules §3.5; graph-api §2.11). */
export const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const ALG = 'ES256';
const CLOCK_SKEW_SECONDS = 300;

export const issuerFor = (tenantId: string): string => `https://sts.windows.net/${tenantId}/`;

export type { Principal };

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/** Loads the dev signing key, creating it on first start (kept in the database's settings). */
export async function ensureSigningKey(store: Store): Promise<SigningKey> {
  const { privateKey: candidate } = await generateKeyPair(ALG, { extractable: true });
  const fresh = { ...(await exportJWK(candidate)), kid: randomUUID(), alg: ALG };
  // Another process may have created it first: the stored key wins.
  const jwk = JSON.parse(await store.getOrCreateSetting('dev_signing_key', () => JSON.stringify(fresh))) as JWK & { kid: string };
  const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
  const { d: _d, ...pub } = jwk;
  const publicKey = (await importJWK(pub, ALG)) as CryptoKey;
  return { kid: jwk.kid, privateKey, publicKey };
}

export interface MintOptions {
  readonly tenantId: string;
  readonly userPrincipalName?: string;
  readonly objectId?: string;
  readonly scopes?: readonly string[];
  readonly wids?: readonly string[];
  readonly expiresInSeconds?: number;
}

export async function mintDevToken(key: SigningKey, options: MintOptions, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    tid: options.tenantId,
    oid: options.objectId ?? randomUUID(),
    upn: options.userPrincipalName ?? 'reports.reader@amr.local',
    appid: DEV_APP_ID,
    idtyp: 'user',
    ver: '1.0',
    scp: (options.scopes ?? ['AuditLog.Read.All']).join(' '),
    wids: options.wids ?? [REPORTS_READER],
  })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuerFor(options.tenantId))
    .setAudience(GRAPH_AUDIENCES[0]!)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (options.expiresInSeconds ?? 3600))
    .sign(key.privateKey);
}

function words(value: unknown): Set<string> {
  if (typeof value === 'string') return new Set(value.split(' ').filter((s) => s.length > 0));
  if (Array.isArray(value)) return new Set(value.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** Verifies a bearer token; every failure is a 401 InvalidAuthenticationToken with its own reason. */
export async function verifyDevToken(key: SigningKey, token: string, now: Date): Promise<Principal> {
  let tid: unknown;
  try {
    tid = decodeJwt(token).tid;
  } catch {
    throw invalidToken('CompactToken parsing failed with error code: 80049217');
  }
  if (typeof tid !== 'string' || tid === '') throw invalidToken('Access token validation failure. The token has no tid (tenant) claim.');
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      issuer: issuerFor(tid), audience: GRAPH_AUDIENCES, clockTolerance: CLOCK_SKEW_SECONDS, currentDate: now, algorithms: [ALG],
    });
    const roles = words(payload.roles);
    return {
      tenantId: tid,
      expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : now.getTime(),
      kind: roles.size > 0 && payload.scp === undefined ? 'application' : 'delegated',
      objectId: typeof payload.oid === 'string' ? payload.oid : null,
      appId: typeof payload.appid === 'string' ? payload.appid : typeof payload.azp === 'string' ? payload.azp : null,
      scopes: words(payload.scp),
      roles,
      wids: words(payload.wids),
    };
  } catch (err) {
    throw invalidToken(tokenFailure(err));
  }
}

function tokenFailure(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'Lifetime validation failed, the token is expired.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'Invalid audience: the token is not for Microsoft Graph.';
    if (err.claim === 'iss') return 'Invalid issuer: the token was not issued for its tenant by this server.';
    if (err.claim === 'nbf') return 'Lifetime validation failed, the token is not yet valid.';
    return `Access token validation failure: claim '${err.claim}' is not valid.`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'Access token validation failure. Invalid signature.';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'Access token validation failure. The signing algorithm is not accepted.';
  return 'Access token validation failure.';
}
