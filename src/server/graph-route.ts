// The Graph pipeline for /v1.0/* and /beta/*: admit the caller (CallerGate: token, throttle,
// permission, tenant, licence), dispatch by the operations table, answer in Graph's shapes.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { matchOperation } from '../graph/dispatch.js';
import { AMR_MOUNTS, AMR_OPERATIONS, AMR_ROOT } from '../graph/amr-operations.js';
import type { ApiVersion } from '../graph/entities.js';
import { badRequest, invalidToken, methodNotAllowed, nonPremiumTenant, notFound } from '../graph/errors.js';
import { parsePath } from '../graph/path.js';
import { answerDocument, documentAt } from '../graph/handlers/service-document.js';
import type { Store, TenantRecord } from '../store/store.js';
import { tenantView } from '../store/tenant-view.js';
import { authorize, type PermissionRule } from '../graph/permissions.js';
import type { Principal } from '../graph/principal.js';
import type { Operation } from '../graph/operation.js';
import { optionReader } from '../graph/query-options.js';
import { decodeSkipToken } from '../graph/skiptoken.js';
import { systemName } from '../odata/index.js';
import { JSON_CONTENT_TYPE, PREFERENCE_APPLIED, prefersUnknownEnumMembers, serialiseBody } from '../graph/wire-rules.js';
import type { Config } from './config.js';
import { OidcVerifier } from './oidc-verifier.js';
import type { TokenVerifier } from './token-claims.js';
import { devVerifier, type SigningKey } from './tokens.js';
import { TokenCache } from './token-cache.js';
import { graphThrottle, type GraphThrottle } from './throttle.js';

export interface GraphRouteDeps {
  readonly config: Config;
  readonly store: Store;
  readonly signingKey: SigningKey;
  readonly skipTokenSecret: string;
  readonly now: () => Date;
}

interface Authenticator {
  readonly verifier: TokenVerifier;
  readonly cache: TokenCache;
}

async function authenticate(deps: GraphRouteDeps, auth: Authenticator, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') throw invalidToken('Access token is empty.');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw invalidToken('Access token validation failure. The Authorization header must be "Bearer <token>".');
  const token = match[1]!;
  const now = deps.now();
  const known = auth.cache.get(token, now.getTime());
  if (known) return known;
  const principal = await auth.verifier.verify(token, now);
  auth.cache.set(token, principal, principal.expiresAtMs);
  return principal;
}

function splitUrl(url: string): { path: string; query: [string, string][] } {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? [] : [...new URLSearchParams(url.slice(q + 1))];
  return { path, query };
}

/**
 * Whether this request continues a listing: the operation pages, and the one option its reader
 * takes as `$skiptoken` (same spelling rules: case-insensitive, '$' optional only on beta) holds a
 * token amr signed for this tenant. Decided from the verified token, never from a raw parameter
 * name: `skiptoken=x` on v1.0 is a custom option its reader ignores, so that request starts a
 * listing (and meets the licence gate) like any other.
 */
function continuesListing(
  deps: GraphRouteDeps,
  operation: Operation,
  version: ApiVersion,
  query: readonly (readonly [string, string])[],
  tenantId: string,
): boolean {
  if (!operation.options.includes('$skiptoken')) return false;
  const given = query.filter(([name]) => systemName(name, version === 'beta') === '$skiptoken');
  if (given.length !== 1) return false; // none, or repeated (the reader refuses that with a 400)
  try {
    return decodeSkipToken(deps.skipTokenSecret, given[0]![1]).t === tenantId;
  } catch {
    return false;
  }
}

function oidcVerifier(auth: Extract<Config['auth'], { mode: 'oidc' }>): OidcVerifier {
  const b = auth.fetchBounds;
  return new OidcVerifier(
    auth,
    b === undefined ? {} : { newIssuersPerMinute: b.newIssuersPerMinute, maxIssuers: b.maxIssuers, maxKeySets: b.maxIssuers, timeoutMs: b.timeoutMs },
  );
}

/**
 * Who may call, for which tenant: the token, the throttle, the authorization table, the tenant
 * and its licence, in Graph's order (docs/decisions/0052). The Graph routes and amr's own
 * extension routes (extension-routes.ts) are admitted by the same gate.
 */
export class CallerGate {
  private readonly auth: Authenticator;
  private readonly throttle: GraphThrottle;

  constructor(private readonly deps: GraphRouteDeps) {
    this.auth = {
      verifier: deps.config.auth.mode === 'oidc' ? oidcVerifier(deps.config.auth) : devVerifier(deps.signingKey),
      cache: new TokenCache(),
    };
    this.throttle = graphThrottle(deps.config.throttle, deps.store.admitShared);
  }

  /** The verified caller, counted by the throttle (graph-api §2.9: a request that fails authentication is not counted). */
  async caller(request: FastifyRequest): Promise<Principal> {
    const principal = await authenticate(this.deps, this.auth, request);
    await this.throttle(principal, this.deps.now());
    return principal;
  }

  /**
   * The caller's tenant, once the caller may make this call: permission and role, then tenant and
   * licence. `continues(tenant)` says whether the request continues a listing begun earlier.
   */
  async tenantFor(
    principal: Principal,
    rule: PermissionRule,
    options: { needsSnapshot: boolean; continues: (tenantId: string) => boolean },
  ): Promise<TenantRecord> {
    authorize(principal, rule);
    const tenant = await this.deps.store.getTenant(principal.tenantId);
    if (!tenant || (tenant.currentGeneration === null && options.needsSnapshot)) {
      throw notFound(`This amr server holds no data for tenant '${principal.tenantId}' (the token's tid): import a tenant snapshot for it first.`);
    }
    // The licence is checked when a listing starts, never in the middle of paging (a next link finishes).
    if (tenant.license === 'free' && !options.continues(tenant.tenantId)) throw nonPremiumTenant();
    return tenant;
  }
}

/** The service document and $metadata: no token, no throttle, no tenant (decision 0080: Graph serves them anonymously). */
function sendDocument(which: 'serviceDocument' | '$metadata', version: ApiVersion, request: FastifyRequest, reply: FastifyReply): void {
  request.operationId = which;
  if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
  const header = (name: string): string | undefined => {
    const v = request.headers[name];
    return Array.isArray(v) ? v.join(',') : v;
  };
  const { query } = splitUrl(request.raw.url ?? '/');
  const response = answerDocument(which, { version, query, accept: header('accept'), maxVersion: header('odata-maxversion'), origin: request.party.origin });
  reply
    .status(response.status)
    .header('Content-Type', response.contentType ?? JSON_CONTENT_TYPE)
    .send(serialiseBody(response.body));
}

/** A path root the pipeline serves: Graph's versions, or amr's /amr/v1 with its own table (decision 0092). */
interface Root {
  readonly path: string;
  /** Whose OData rules apply ('$' required on v1.0, optional on beta). */
  readonly version: ApiVersion;
  /** amr's table; Graph's (dispatch.ts) when absent. */
  readonly operations?: readonly Operation[];
  readonly example: string;
}

const graphRoot = (version: ApiVersion): Root => ({ path: version, version, example: 'reports/authenticationMethods/userRegistrationDetails' });
const AMR: Root = { path: AMR_ROOT, version: 'v1.0', operations: AMR_OPERATIONS, example: 'reports/userProtection' };

async function handle(deps: GraphRouteDeps, gate: CallerGate, root: Root, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const version = root.version;
  // amr has no service document or $metadata of its own (its reports are not in Graph's model).
  const document = root.operations === undefined ? documentAt(splitUrl(request.raw.url ?? '/').path.slice(version.length + 1)) : null;
  if (document !== null) return sendDocument(document, version, request, reply);
  const principal = await gate.caller(request);
  const { path, query } = splitUrl(request.raw.url ?? '/');
  const relative = path.slice(root.path.length + 1);
  const segments = parsePath(relative);
  if (segments.length === 0) throw badRequest(`The request names no resource under /${root.path}: try /${root.path}/${root.example}.`);
  const match = matchOperation(version, segments, root.operations);
  request.operationId = match.operation.id; // the metrics' route label (app.ts, metrics.ts)
  if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
  const tenant = await gate.tenantFor(principal, match.operation.permission, {
    needsSnapshot: !match.operation.activity,
    continues: (tenantId) => continuesListing(deps, match.operation, version, query, tenantId),
  });
  const prefer = prefersUnknownEnumMembers(request.headers.prefer);
  const filterLimits = { maxLength: deps.config.limits.maxFilterLength, maxDepth: deps.config.limits.maxFilterDepth };
  // The one validator of query options, from the operation's row, before its handler (decision 0082).
  const readOptions = optionReader(match.operation, { version, includeUnknownEnumMembers: prefer, filterLimits });
  const options = readOptions(query);
  const response = await match.operation.handle({
    version,
    store: tenantView(deps.store, tenant),
    tenant,
    generation: tenant.currentGeneration ?? 0,
    principal,
    now: deps.now(),
    query,
    key: match.key,
    args: match.args,
    includeUnknownEnumMembers: prefer,
    origin: request.party.origin,
    path: relative,
    ...(root.operations === undefined ? {} : { root: root.path }),
    skipTokenSecret: deps.skipTokenSecret,
    filterLimits,
    options,
    readOptions,
  });
  if (prefer) reply.header(PREFERENCE_APPLIED.name, PREFERENCE_APPLIED.value);
  reply
    .status(response.status)
    .header('Content-Type', response.contentType ?? JSON_CONTENT_TYPE)
    .send(serialiseBody(response.body, response.properties));
}

/** Mounts /v1.0, /beta and amr's table under /amr/v1; returns the gate, for amr's own extension routes. */
export function registerGraphRoutes(app: FastifyInstance, deps: GraphRouteDeps): CallerGate {
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
  const gate = new CallerGate(deps);
  for (const version of ['v1.0', 'beta'] as const) {
    const root = graphRoot(version);
    for (const url of [`/${version}`, `/${version}/*`]) {
      app.route({ method: [...methods], url, handler: (request, reply) => handle(deps, gate, root, request, reply) });
    }
  }
  for (const url of AMR_MOUNTS) app.route({ method: [...methods], url, handler: (request, reply) => handle(deps, gate, AMR, request, reply) });
  return gate;
}
