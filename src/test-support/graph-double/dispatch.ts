// One Graph request through the double, top-level or inside a $batch: armed fault, version and
// route, bearer token, query options, permission, licence, throttling budget, handler. Every
// refusal is a GraphError rendered in Graph's envelope.
import type { Faults } from './faults.js';
import { GraphError, badRequest, nonPremium, throttled } from './errors.js';
import { identityCost, type Limiter } from './limits.js';
import type { JsonRecord } from './json.js';
import type { Pager } from './paging.js';
import type { ApiVersion, PageSizes, Route } from './route.js';
import { DIRECTORY_ROUTES } from './routes-directory.js';
import { REPORT_ROUTES } from './routes-reports.js';
import type { TenantState } from './state.js';
import { callerOf, type Caller, type Issuer } from './tokens.js';
import type { DeltaTokens } from './users-delta.js';

export const ROUTES: readonly Route[] = [...DIRECTORY_ROUTES, ...REPORT_ROUTES];

export interface DoubleEnv {
  readonly state: TenantState;
  readonly issuer: Issuer;
  readonly limiter: Limiter | null;
  readonly faults: Faults;
  readonly pager: Pager;
  readonly deltas: DeltaTokens;
  readonly pageSizes: PageSizes;
  readonly graphUrl: () => string;
}

export interface GraphRequest {
  readonly method: string;
  /** With the version: "/v1.0/users/delta". */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
}

export interface Outcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A GraphError is rendered by the caller (it knows the request ids). */
  readonly body: JsonRecord | GraphError;
  readonly appId: string | null;
  /** The connection is destroyed instead of answered. */
  readonly drop?: boolean;
  readonly delayMs?: number;
}

function faultOutcome(kind: 429 | 503 | 504, retryAfter: number | null | undefined): GraphError {
  const header = retryAfter === undefined || retryAfter === null ? null : String(retryAfter);
  if (kind === 429) return throttled(header);
  if (kind === 503)
    return new GraphError(
      503,
      'serviceNotAvailable',
      'The service is temporarily unavailable. Retry after the time the Retry-After header gives.',
      header === null ? {} : { 'Retry-After': header },
    );
  return new GraphError(504, 'UnknownError', 'Gateway Timeout: the service did not answer in time.');
}

function findRoute(method: string, path: string): { route: Route; version: ApiVersion; params: string[] } {
  const m = /^\/(v1\.0|beta)(\/.*)$/.exec(path);
  if (!m) throw badRequest(`Invalid version: the path must start with /v1.0 or /beta, not ${path.split('/')[1] ?? '(none)'}.`);
  const version = m[1] as ApiVersion;
  const rest = m[2]!;
  for (const route of ROUTES) {
    const hit = route.pattern.exec(rest);
    if (!hit || !route.versions.includes(version)) continue;
    if (method !== 'GET') throw new GraphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for ${route.name}.`);
    return { route, version, params: hit.slice(1) };
  }
  throw badRequest(
    `Resource not found for the segment '${
      rest
        .split('/')
        .filter((s) => s !== '')
        .pop() ?? rest
    }'.`,
  );
}

function checkOptions(route: Route, query: URLSearchParams): void {
  for (const key of query.keys()) {
    if (key.startsWith('$') && !route.options.includes(key)) {
      throw badRequest(
        `Query option '${key}' is not supported by ${route.name} (accepted: ${route.options.join(', ') || 'none'}).`,
        'Request_UnsupportedQuery',
      );
    }
  }
}

function authorize(route: Route, caller: Caller, state: TenantState): void {
  if (!route.permissions.some((p) => caller.roles.has(p))) {
    if (route.denied === 'reports') {
      throw new GraphError(
        403,
        'Authentication_MSGraphPermissionMissing',
        `Calling principal does not have required MSGraph permissions ${route.permissions[0]!}`,
      );
    }
    throw new GraphError(
      403,
      'Authorization_RequestDenied',
      `Insufficient privileges to complete the operation. ${route.name} needs one of: ${route.permissions.join(', ')}.`,
    );
  }
  if (route.premium && state.license === 'free') throw nonPremium();
}

function admit(env: DoubleEnv, route: Route, caller: Caller, query: URLSearchParams): Record<string, string> {
  if (!env.limiter) return {};
  const limitClass = route.limitClass === 'authenticationMethods' ? env.limiter.table.authenticationMethods : route.limitClass;
  const cost = limitClass === 'identity' ? identityCost(route.baseCost, query) : 1;
  const a = env.limiter.admit({ appId: caller.appId, tenantId: env.state.tenantId, limitClass, cost, users: env.state.users.size, now: env.state.now() });
  if (a.waitMs > 0) {
    const error = throttled(env.limiter.retryAfter(a.waitMs));
    throw new GraphError(
      429,
      error.code,
      error.message,
      {
        ...error.headers,
        'x-ms-throttle-scope': a.scope ?? '',
        'x-ms-throttle-information': limitClass === 'identity' ? 'ResourceUnitLimitExceeded' : 'ReportsLimitExceeded',
      },
      error.inner,
    );
  }
  return limitClass === 'identity' ? { 'x-ms-resource-unit': String(cost) } : {};
}

export async function dispatch(env: DoubleEnv, request: GraphRequest): Promise<Outcome> {
  const fault = env.faults.take(request.method, request.path);
  if (fault?.kind === 'drop') return { status: 0, headers: {}, body: {}, appId: null, drop: true };
  const delayMs = fault?.kind === 'slow' ? (fault.delayMs ?? 1000) : 0;
  let appId: string | null = null;
  try {
    if (fault && fault.kind !== 'slow') throw faultOutcome(fault.kind, fault.retryAfter);
    const { route, version, params } = findRoute(request.method, request.path);
    const caller = await callerOf(request.authorization, env.state, env.issuer);
    appId = caller.appId;
    checkOptions(route, request.query);
    authorize(route, caller, env.state);
    const unitHeaders = admit(env, route, caller, request.query);
    const result = route.handle({
      state: env.state,
      version,
      path: request.path,
      params,
      query: request.query,
      origin: env.graphUrl(),
      pager: env.pager,
      deltas: env.deltas,
      pageSizes: env.pageSizes,
      faults: env.faults,
    });
    return { status: result.status ?? 200, headers: { ...unitHeaders, ...(result.headers ?? {}) }, body: result.body, appId, delayMs };
  } catch (e) {
    const error =
      e instanceof GraphError ? e : new GraphError(500, 'generalException', `The graph double failed: ${e instanceof Error ? e.message : String(e)}`);
    return { status: error.status, headers: error.headers, body: error, appId, delayMs };
  }
}
