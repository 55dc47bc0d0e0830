// A listed report's paging, shared by every keyset-paged collection: the options validated by the
// operations table (query-options.ts) are carried by a $skiptoken (next links hold nothing else, as
// Graph's do), which is checked against the tenant, the operation and the report state it was
// issued for (docs/decisions/0003), and read back by the same validator.
import { systemName, type QueryOptions } from '../odata/index.js';
import { badRequest } from './errors.js';
import type { GraphRequest } from './operation.js';
import { callerFingerprint, decodeSkipToken, encodeSkipToken } from './skiptoken.js';

export interface ListContract {
  /** Names the operation in its tokens. */
  readonly op: string;
  /** The report state a new listing reads (registration generations; 0 where there are none). */
  readonly state: (req: GraphRequest) => number;
  /** False once the state a token was issued for can no longer be paged. */
  readonly stillPageable?: (req: GraphRequest, state: number) => Promise<boolean>;
}

export interface ResolvedList {
  readonly options: QueryOptions;
  readonly state: number;
  readonly after: readonly string[] | null;
  readonly shape: Readonly<Record<string, string>>;
}

/**
 * The system options that shape a result, as given (without $skiptoken), by canonical name. Custom
 * options (`foo=bar`; `top=1` on v1.0, where the '$' is required) are ignored by the service, so a
 * token carries none of them: read back as `$foo` on the next page they would be refused.
 */
function shapeOf(q: readonly (readonly [string, string])[], dollarOptional: boolean): Record<string, string> {
  const shape: Record<string, string> = {};
  for (const [raw, value] of q) {
    const name = systemName(raw, dollarOptional);
    if (name !== undefined && name !== '$skiptoken') shape[name.slice(1)] = value;
  }
  return shape;
}

/** A $skiptoken whose report state (generation) has been deleted after its grace period (decision 0003). */
export function stateExpired(): Error {
  return badRequest('The $skiptoken refers to a report state that has been replaced by a newer snapshot and expired: start again from the first page.');
}

export async function resolveList(req: GraphRequest, c: ListContract): Promise<ResolvedList> {
  const given = req.options;
  const shape = shapeOf(req.query, req.version === 'beta');
  if (given.skiptoken === undefined) return { options: given, state: c.state(req), after: null, shape };
  const token = decodeSkipToken(req.skipTokenSecret, given.skiptoken);
  if (token.t !== req.tenant.tenantId || token.o !== `${c.op}@${req.version}`) {
    throw badRequest('The $skiptoken belongs to another tenant or resource: follow the @odata.nextLink of this query.');
  }
  if (token.c !== caller(req)) {
    throw badRequest('The $skiptoken was issued to another caller (application or user): start again from the first page with your own token.');
  }
  const carried = token.q;
  for (const [name, value] of Object.entries(shape)) {
    if (carried[name] !== value)
      throw badRequest(`The query option '$${name}' differs from the one the $skiptoken was issued for: send the @odata.nextLink as it was given.`);
  }
  if (c.stillPageable && !(await c.stillPageable(req, token.g))) throw stateExpired();
  const options = req.readOptions([...Object.entries(carried).map(([n, v]) => [`$${n}`, v] as const), ['$skiptoken', given.skiptoken]]);
  return { options, state: token.g, after: token.k, shape: carried };
}

function caller(req: GraphRequest): string {
  return callerFingerprint(req.skipTokenSecret, req.principal.appId, req.principal.objectId);
}

export function nextLink(req: GraphRequest, c: ListContract, list: ResolvedList, position: readonly string[]): string {
  const token = encodeSkipToken(req.skipTokenSecret, {
    t: req.tenant.tenantId,
    g: list.state,
    o: `${c.op}@${req.version}`,
    q: list.shape,
    k: position,
    c: caller(req),
  });
  return `${req.origin}/${req.root ?? req.version}${req.path}?$skiptoken=${token}`;
}
