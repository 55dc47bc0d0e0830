// Dev-mode tokens: amr's own ES256 key (kept in its database) signs Entra-shaped access tokens,
// and the server verifies them (AMR_AUTH_MODE=dev). The oidc mode is in oidc-verifier.ts.
import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK, jwtVerify, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { invalidToken } from '../graph/errors.js';
import type { Store } from '../store/store.js';
import type { Principal } from '../graph/principal.js';
import { GRAPH_AUDIENCES } from './config.js';
import { CLOCK_SKEW_SECONDS, principalFromClaims, tenantOf, tokenFailure, type TokenVerifier } from './token-claims.js';

export const DEV_APP_ID = 'a3c1e0d5-6f2b-4c8e-9d47-a4b1c2d3e4f5';
/** Reports Reader role template id (entra-rules §3.5; graph-api §2.11). */
export const REPORTS_READER = '4a5d8f65-41da-4de4-8968-e035b65339cf';
const ALG = 'ES256';

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
  /** An app-only token (application permissions in `roles`, no `scp`, no user). */
  readonly app?: boolean;
  readonly userPrincipalName?: string;
  readonly objectId?: string;
  readonly appId?: string;
  /** Delegated scopes (`scp`); default DEMO_PERMISSIONS for user tokens. */
  readonly scopes?: readonly string[];
  /** Application permissions (`roles`); default DEMO_PERMISSIONS for app tokens. */
  readonly roles?: readonly string[];
  /** Directory role template ids (`wids`); default Reports Reader for user tokens. */
  readonly wids?: readonly string[];
  readonly expiresInSeconds?: number;
  /** Claims set or overridden last (any claim, e.g. aud, iss, exp, tid). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * What the demo needs: AuditLog.Read.All for the current reports and Reports.Read.All for the
 * legacy credential reports (graph-api §3.10–3.13). Decision 0052.
 */
export const DEMO_PERMISSIONS: readonly string[] = ['AuditLog.Read.All', 'Reports.Read.All'];

/** An Entra-shaped v1.0 access token signed by the dev key: a Reports Reader with DEMO_PERMISSIONS unless told otherwise. */
export async function mintDevToken(key: SigningKey, options: MintOptions, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const who = options.app
    ? {
        oid: options.objectId ?? randomUUID(),
        idtyp: 'app',
        roles: options.roles ?? DEMO_PERMISSIONS,
        ...(options.wids === undefined ? {} : { wids: options.wids }),
      }
    : {
        oid: options.objectId ?? randomUUID(),
        upn: options.userPrincipalName ?? 'reports.reader@amr.local',
        idtyp: 'user',
        scp: (options.scopes ?? DEMO_PERMISSIONS).join(' '),
        wids: options.wids ?? [REPORTS_READER],
        ...(options.roles === undefined ? {} : { roles: options.roles }),
      };
  const claims: Record<string, unknown> = {
    aud: GRAPH_AUDIENCES[0]!,
    iss: issuerFor(options.tenantId),
    iat,
    nbf: iat,
    exp: iat + (options.expiresInSeconds ?? 3600),
    tid: options.tenantId,
    appid: options.appId ?? DEV_APP_ID,
    ver: '1.0',
    ...who,
    ...options.claims,
  };
  return new SignJWT(claims).setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

/** Verifies tokens signed by the dev key; every failure is a 401 InvalidAuthenticationToken with its own reason. */
export function devVerifier(key: SigningKey): TokenVerifier {
  return {
    async verify(token, now) {
      let claims: JWTPayload;
      try {
        claims = decodeJwt(token);
      } catch {
        throw invalidToken('CompactToken parsing failed with error code: 80049217');
      }
      const tenantId = tenantOf(claims);
      try {
        const { payload } = await jwtVerify(token, key.publicKey, {
          issuer: [issuerFor(tenantId), issuerFor(claims.tid as string)],
          audience: [...GRAPH_AUDIENCES],
          clockTolerance: CLOCK_SKEW_SECONDS,
          requiredClaims: ['exp'],
          currentDate: now,
          algorithms: [ALG],
        });
        return principalFromClaims(payload, tenantId, now);
      } catch (err) {
        throw tokenFailure(err);
      }
    },
  };
}
