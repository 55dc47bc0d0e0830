// GET userRegistrationDetails (list, keyset-paged) and userRegistrationDetails/{id} (graph-api §3.1, §3.2).
import { readQueryOptions, type QueryOptions } from '../../odata/index.js';
import type { OrderItem } from '../../store/store.js';
import { registrationDetailsEntity } from '../entities.js';
import { badRequest, notFound } from '../errors.js';
import type { GraphRequest, GraphResponse } from '../operation.js';
import { decodeSkipToken, encodeSkipToken, type SkipTokenState } from '../skiptoken.js';
import { registrationDetailsProjection, registrationDetailsToWire } from '../wire/registration-details.js';
import { contextUrl } from '../context-url.js';

export const PAGE_SIZE = 1000;
const SET = 'reports/authenticationMethods/userRegistrationDetails';
const OP = 'userRegistrationDetails.list';
/** The collection envelope's own properties, kept by the serialiser's property list. */
const ENVELOPE = ['@odata.context', '@odata.count', '@odata.nextLink', 'value'];

/** The options that shape a result; a $skiptoken carries them so next links need nothing else. */
function shapeOf(q: readonly (readonly [string, string])[]): Record<string, string> {
  const shape: Record<string, string> = {};
  for (const [name, value] of q) {
    const n = name.toLowerCase().replace(/^\$/, '');
    if (n !== 'skiptoken') shape[n] = value;
  }
  return shape;
}

interface Resolved {
  readonly options: QueryOptions;
  readonly generation: number;
  readonly after: readonly string[] | null;
  readonly shape: Record<string, string>;
}

async function resolve(req: GraphRequest): Promise<Resolved> {
  const entity = registrationDetailsEntity[req.version];
  const read = (params: readonly (readonly [string, string])[]): QueryOptions => readQueryOptions(params, {
    allowed: new Set(['$filter', '$orderby', '$top', '$select', '$count', '$skiptoken']),
    entity, maxTop: PAGE_SIZE, includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  const given = read(req.query);
  const shape = shapeOf(req.query);
  if (given.skiptoken === undefined) return { options: given, generation: req.generation, after: null, shape };
  const state = decodeSkipToken(req.skipTokenSecret, given.skiptoken);
  if (state.t !== req.tenant.tenantId || state.o !== `${OP}@${req.version}`) {
    throw badRequest('The $skiptoken belongs to another tenant or resource: follow the @odata.nextLink of this query.');
  }
  const carried = state.q as Record<string, string>;
  for (const [name, value] of Object.entries(shape)) {
    if (carried[name] !== value) throw badRequest(`The query option '$${name}' differs from the one the $skiptoken was issued for: send the @odata.nextLink as it was given.`);
  }
  if (!(await req.store.hasGeneration(req.tenant.tenantId, state.g))) {
    throw badRequest('The $skiptoken refers to a report state that has been replaced by a newer snapshot and expired: start again from the first page.');
  }
  const options = read([...Object.entries(carried).map(([n, v]) => [`$${n}`, v] as const), ['$skiptoken', given.skiptoken]]);
  return { options, generation: state.g, after: state.k, shape: carried };
}

export async function listRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const { options, generation, after, shape } = await resolve(req);
  const top = options.top ?? PAGE_SIZE;
  const page = await req.store.listRegistrationDetails({
    tenantId: req.tenant.tenantId, generation, filter: options.filter ?? null,
    orderby: options.orderby as readonly OrderItem[], top, after, count: options.count,
  });
  const projection = registrationDetailsProjection(req.version, options.select ?? null);
  const body: Record<string, unknown> = { '@odata.context': contextUrl(req, SET, options.select ?? null) };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.next) {
    const state: SkipTokenState = { t: req.tenant.tenantId, g: generation, o: `${OP}@${req.version}`, q: shape, k: page.next };
    body['@odata.nextLink'] = `${req.origin}/${req.version}${req.path}?$skiptoken=${encodeSkipToken(req.skipTokenSecret, state)}`;
  }
  body.value = page.rows;
  return { status: 200, body, properties: [...ENVELOPE, ...projection] };
}

export async function getRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  // graph-api §3.2: no OData query options documented; $select is harmless and SDKs send it.
  const options = readQueryOptions(req.query, {
    allowed: new Set(['$select']), entity: registrationDetailsEntity[req.version], maxTop: PAGE_SIZE,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  const id = req.key ?? '';
  const row = await req.store.getRegistrationDetails(req.tenant.tenantId, req.generation, id);
  if (!row) throw notFound(`Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const projection = registrationDetailsProjection(req.version, options.select ?? null);
  // graph-api §2.3 / §7.1: the docs wrap the entity in {"value": …}; OData and the SDKs expect it flat.
  return { status: 200, body: { '@odata.context': `${contextUrl(req, SET, options.select ?? null)}/$entity`, ...registrationDetailsToWire(row, projection) } };
}

export async function countRegistrationDetails(req: GraphRequest): Promise<GraphResponse> {
  const options = readQueryOptions(req.query, {
    allowed: new Set(['$filter']), entity: registrationDetailsEntity[req.version], maxTop: PAGE_SIZE,
    includeUnknownEnumMembers: req.includeUnknownEnumMembers, dollarOptional: req.version === 'beta',
  });
  const page = await req.store.listRegistrationDetails({
    tenantId: req.tenant.tenantId, generation: req.generation, filter: options.filter ?? null, orderby: [], top: 0, after: null, count: true,
  });
  return { status: 200, body: String(page.count ?? 0), contentType: 'text/plain;charset=utf-8' };
}
