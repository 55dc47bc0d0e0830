// The Entra token endpoint's client-credentials grant (Microsoft identity platform, "OAuth 2.0
// client credentials flow" and "Certificate credentials"): a client secret or a client assertion
// (RS256/PS256 JWT with x5t or x5t#S256, aud = this token endpoint, iss = sub = client id, exp),
// answered with an access token whose `roles` are the app's granted Graph permissions.
import { X509Certificate, createHash } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors as joseErrors, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { AadError, unauthenticated } from './errors.js';
import { isArray } from './json.js';
import type { AppRegistration } from './model.js';
import type { TenantState } from './state.js';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

export interface Issuer {
  readonly privateKey: KeyPair['privateKey'];
  readonly publicKey: KeyPair['publicKey'];
  readonly lifetimeSeconds: number;
}

export async function createIssuer(lifetimeSeconds: number): Promise<Issuer> {
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 1) throw new RangeError(`tokenLifetimeSeconds: ${lifetimeSeconds} is not a positive integer`);
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  await exportJWK(publicKey); // fails early if the runtime cannot export the key
  return { privateKey, publicKey, lifetimeSeconds };
}

export interface TokenRequest {
  readonly tenant: string;
  readonly form: URLSearchParams;
  /** The URL this request was posted to: a client assertion's required audience. */
  readonly tokenUrl: string;
  readonly graphUrl: string;
}

function required(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (value === null || value === '') throw new AadError(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`);
  return value;
}

function checkScope(scope: string, graphUrl: string): void {
  const allowed = new Set([`${GRAPH_RESOURCE}/.default`, `${graphUrl}/.default`, `${GRAPH_APP_ID}/.default`]);
  const scopes = scope.split(' ').filter((s) => s !== '');
  if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default')) {
    throw new AadError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  if (!allowed.has(scopes[0]!)) {
    throw new AadError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${scopes[0]!.slice(0, -'/.default'.length)} was not found in the tenant.`,
    );
  }
}

const thumbprint = (cert: X509Certificate, algorithm: 'sha1' | 'sha256'): string => createHash(algorithm).update(cert.raw).digest('base64url');

function certificateFor(app: AppRegistration, header: Record<string, unknown>): X509Certificate {
  const x5t = header.x5t;
  const x5tS256 = header['x5t#S256'];
  if (typeof x5t !== 'string' && typeof x5tS256 !== 'string') {
    throw new AadError(
      401,
      'invalid_client',
      700027,
      'Client assertion failed signature validation. (Reason - The header of the assertion has neither x5t nor x5t#S256.)',
    );
  }
  for (const pem of app.certificates ?? []) {
    const cert = new X509Certificate(pem);
    if (x5t === thumbprint(cert, 'sha1') || x5tS256 === thumbprint(cert, 'sha256')) return cert;
  }
  throw new AadError(
    401,
    'invalid_client',
    700027,
    `Client assertion failed signature validation. (Reason - The key was not found., Thumbprint of key used by client: '${String(x5t ?? x5tS256)}')`,
  );
}

async function checkAssertion(app: AppRegistration, assertion: string, tokenUrl: string, now: number): Promise<void> {
  let header: Record<string, unknown>;
  try {
    header = { ...decodeProtectedHeader(assertion) };
  } catch {
    throw new AadError(400, 'invalid_client', 50027, 'JWT token is invalid or malformed.');
  }
  const cert = certificateFor(app, header);
  try {
    await jwtVerify(assertion, cert.publicKey, {
      algorithms: ['RS256', 'PS256'],
      audience: tokenUrl,
      issuer: app.clientId,
      subject: app.clientId,
      requiredClaims: ['exp'],
      currentDate: new Date(now),
      clockTolerance: 300,
    });
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new AadError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      if (e.claim === 'aud')
        throw new AadError(401, 'invalid_client', 700021, `Client assertion audience claim does not match Realm issuer. Expected ${tokenUrl}.`);
      if (e.claim === 'iss' || e.claim === 'sub')
        throw new AadError(401, 'invalid_client', 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
      throw new AadError(401, 'invalid_client', 700024, `Client assertion is not within its valid time range. (${e.message})`);
    }
    throw new AadError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.');
  }
}

async function authenticate(app: AppRegistration, form: URLSearchParams, tokenUrl: string, now: number): Promise<void> {
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  if (secret !== null && assertion !== null)
    throw new AadError(400, 'invalid_request', 7000218, 'Only one of client_secret and client_assertion may be given.');
  if (secret !== null) {
    if (!(app.secrets ?? []).includes(secret))
      throw new AadError(
        401,
        'invalid_client',
        7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '" +
          app.clientId +
          "'.",
      );
    return;
  }
  if (assertion === null)
    throw new AadError(401, 'invalid_client', 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.");
  const type = form.get('client_assertion_type');
  if (type !== ASSERTION_TYPE)
    throw new AadError(400, 'invalid_request', 50027, `client_assertion_type must be ${ASSERTION_TYPE}, not ${type ?? '(missing)'}.`);
  await checkAssertion(app, assertion, tokenUrl, now);
}

export async function issueToken(state: TenantState, issuer: Issuer, request: TokenRequest): Promise<Record<string, unknown>> {
  if (request.tenant.toLowerCase() !== state.tenantId.toLowerCase()) {
    throw new AadError(
      400,
      'invalid_request',
      90002,
      `Tenant '${request.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
    );
  }
  const grant = required(request.form, 'grant_type');
  if (grant !== 'client_credentials') throw new AadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
  const clientId = required(request.form, 'client_id');
  checkScope(required(request.form, 'scope'), request.graphUrl);
  const app = state.apps.get(clientId);
  if (!app)
    throw new AadError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'.`);
  const now = state.now();
  await authenticate(app, request.form, request.tokenUrl, now);
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ appid: clientId, roles: [...app.permissions], tid: state.tenantId, idtyp: 'app', ver: '1.0' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(`https://sts.windows.net/${state.tenantId}/`)
    .setAudience(GRAPH_RESOURCE)
    .setSubject(clientId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + issuer.lifetimeSeconds)
    .sign(issuer.privateKey);
  return { token_type: 'Bearer', expires_in: issuer.lifetimeSeconds, ext_expires_in: issuer.lifetimeSeconds, access_token: token };
}

export interface Caller {
  readonly appId: string;
  readonly roles: ReadonlySet<string>;
}

/** Checks `Authorization: Bearer …` as Graph does; the 401 messages are Graph's (graph-api §2.5). */
export async function callerOf(authorization: string | undefined, state: TenantState, issuer: Issuer): Promise<Caller> {
  if (authorization === undefined || authorization.trim() === '') throw unauthenticated('Access token is empty.');
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('Access token validation failure. Invalid audience.');
  try {
    const { payload } = await jwtVerify(match[1]!, issuer.publicKey, {
      algorithms: ['RS256'],
      audience: GRAPH_RESOURCE,
      issuer: `https://sts.windows.net/${state.tenantId}/`,
      currentDate: new Date(state.now()),
    });
    const roles = isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
    return { appId: typeof payload.appid === 'string' ? payload.appid : '', roles: new Set(roles) };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw unauthenticated('Lifetime validation failed, the token is expired.');
    throw unauthenticated('Access token validation failure.');
  }
}
