// GET /amr/v1/changes: the change feed (issue 15 item 3, decision 0094). Methods each listed user
// registered and removed between two captures of the caller's tenant, newest capture first, with
// the same token, permissions, throttle and error envelope as the registration report.
//
// ?since=&until=  ISO 8601 instants: captured at or after since, before until
// ?userId=&method=&change=added|removed  one user, one methodsRegistered name, one direction
// ?$top=1…1000 (default 100); more rows: @odata.nextLink with a signed $skiptoken, bound to the
// tenant, this operation, the caller and the filters (graph/skiptoken.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, methodNotAllowed } from '../graph/errors.js';
import { PERMISSIONS } from '../graph/permissions.js';
import type { Principal } from '../graph/principal.js';
import { callerFingerprint, decodeSkipToken, encodeSkipToken } from '../graph/skiptoken.js';
import { JSON_CONTENT_TYPE } from '../graph/wire-rules.js';
import { parseDateTime } from '../ingest/date-time.js';
import { METHODS_REGISTERED } from '../reports/methods.js';
import type { MethodChangeQuery } from '../store/store.js';
import { tenantView } from '../store/tenant-view.js';
import { canonicalId } from '../util/object-id.js';
import type { CallerGate, GraphRouteDeps } from './graph-route.js';

export const CHANGES_PATH = '/amr/v1/changes';
const OPERATION = 'amr.changes@v1';
const FILTERS = ['since', 'until', 'userId', 'method', 'change'] as const;
const OPTIONS: readonly string[] = [...FILTERS, '$top', '$skiptoken'];
const MAX_TOP = 1000;
const DEFAULT_TOP = 100;

type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const shown = (value: string): string => value.slice(0, 64);

function instant(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = parseDateTime(value);
  if (ms === null) throw badRequest(`The query parameter '${name}' is '${shown(value)}'; use an ISO 8601 date and time such as 2026-11-20T06:00:00Z.`);
  return new Date(ms).toISOString();
}

function oneOf(name: string, value: string | undefined, members: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const found = members.find((m) => m.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw badRequest(`The query parameter '${name}' is '${shown(value)}'; use one of ${members.join(', ')}.`);
  return found;
}

/** The store's query from the filters as given (on the first page) or carried (by a $skiptoken). */
function queryOf(f: Filters): Omit<MethodChangeQuery, 'tenantId' | 'top' | 'after'> {
  const since = instant('since', f.since);
  const until = instant('until', f.until);
  if (since !== undefined && until !== undefined && since > until) throw badRequest(`The query parameter 'since' (${since}) is after 'until' (${until}).`);
  if (f.userId !== undefined && (f.userId === '' || f.userId.length > 256))
    throw badRequest(`The query parameter 'userId' is '${shown(f.userId)}'; use a user's object id.`);
  const method = oneOf('method', f.method, METHODS_REGISTERED);
  const change = oneOf('change', f.change, ['added', 'removed']) as 'added' | 'removed' | undefined;
  return {
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    // Ids are GUIDs stored in lower case (decision 0055): any case finds the user.
    ...(f.userId !== undefined ? { userId: canonicalId(f.userId) } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(change !== undefined ? { change } : {}),
  };
}

function top(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOP;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_TOP)
    throw badRequest(`The query parameter '$top' is '${shown(value)}'; use a whole number from 1 to ${MAX_TOP}.`);
  return n;
}

/** The query string, each parameter at most once and every one known. */
function parameters(request: FastifyRequest): URLSearchParams {
  const query = new URLSearchParams((request.raw.url ?? '').split('?')[1] ?? '');
  for (const name of new Set(query.keys())) {
    if (!OPTIONS.includes(name)) throw badRequest(`The query parameter '${shown(name)}' is not supported here; use ${OPTIONS.join(', ')}.`);
    if (query.getAll(name).length > 1) throw badRequest(`The query parameter '${name}' is given more than once.`);
  }
  return query;
}

interface Paging {
  readonly shape: Readonly<Record<string, string>>;
  readonly after: readonly string[] | null;
}

/**
 * The filters and position a $skiptoken carries, checked as keyset-list.ts checks Graph's: signed,
 * for this tenant, operation and caller; a filter given beside it must be the one it carries.
 */
function continued(deps: GraphRouteDeps, query: URLSearchParams, tenantId: string, caller: string): Paging {
  const given: Record<string, string> = {};
  for (const name of [...FILTERS, '$top']) {
    const v = query.get(name);
    if (v !== null) given[name] = v;
  }
  const token = query.get('$skiptoken');
  if (token === null) return { shape: given, after: null };
  const state = decodeSkipToken(deps.skipTokenSecret, token);
  if (state.t !== tenantId || state.o !== OPERATION)
    throw badRequest('The $skiptoken belongs to another tenant or resource: follow the @odata.nextLink of this query.');
  if (state.c !== caller)
    throw badRequest('The $skiptoken was issued to another caller (application or user): start again from the first page with your own token.');
  for (const [name, value] of Object.entries(given)) {
    if (state.q[name] !== value)
      throw badRequest(`The query parameter '${name}' differs from the one the $skiptoken was issued for: send the @odata.nextLink as it was given.`);
  }
  return { shape: state.q, after: state.k };
}

const fingerprint = (deps: GraphRouteDeps, p: Principal): string => callerFingerprint(deps.skipTokenSecret, p.appId, p.objectId);

export function registerChangesRoutes(app: FastifyInstance, deps: GraphRouteDeps, gate: CallerGate): void {
  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    url: CHANGES_PATH,
    handler: async (request, reply) => {
      const principal = await gate.caller(request);
      request.operationId = 'amr.changes';
      if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method, ['GET']);
      const query = parameters(request);
      // Validated before the tenant is looked up: a bad parameter is a 400 whoever asks.
      queryOf(Object.fromEntries(FILTERS.flatMap((n) => (query.has(n) ? [[n, query.get(n)!]] : []))));
      top(query.get('$top') ?? undefined);
      const token = query.get('$skiptoken');
      const tenant = await gate.tenantFor(principal, PERMISSIONS.changes, {
        needsSnapshot: true,
        continues: (tenantId) => token !== null && continuesHere(deps, token, tenantId),
      });
      const caller = fingerprint(deps, principal);
      const paging = continued(deps, query, tenant.tenantId, caller);
      const size = top(paging.shape['$top']);
      const page = await tenantView(deps.store, tenant).listMethodChanges({ ...queryOf(paging.shape), top: size, after: paging.after });
      const body: Record<string, unknown> = { value: page.rows };
      if (page.next !== null) {
        const next = encodeSkipToken(deps.skipTokenSecret, { t: tenant.tenantId, g: 0, o: OPERATION, q: paging.shape, k: page.next, c: caller });
        body['@odata.nextLink'] = `${request.party.origin}${CHANGES_PATH}?$skiptoken=${next}`;
      }
      reply.status(200).header('Content-Type', JSON_CONTENT_TYPE).send(JSON.stringify(body));
    },
  });
}

/** Whether the $skiptoken continues a feed of this tenant (the licence gate lets a started listing finish). */
function continuesHere(deps: GraphRouteDeps, token: string, tenantId: string): boolean {
  try {
    const state = decodeSkipToken(deps.skipTokenSecret, token);
    return state.t === tenantId && state.o === OPERATION;
  } catch {
    return false;
  }
}
