// GET /users/delta (Graph "Use delta query to track changes", "Get incremental changes for users"):
// the first round pages every user and ends with an @odata.deltaLink; replaying it returns only the
// users changed since, removed ones as {"id","@removed":{"reason":"changed"|"deleted"}}. A delta
// token older than 7 days (directory objects' limit) or expired by a test answers 410 Gone with
// a Location to start over and code syncStateNotFound.
import { randomBytes } from 'node:crypto';
import { GraphError, badRequest } from './errors.js';
import type { JsonRecord } from './json.js';
import type { RouteContext, RouteResult } from './route.js';
import type { UserEntry } from './model.js';

export const DELTA_TOKEN_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** Graph's default user properties (what GET /users returns without $select). */
const DEFAULT_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

interface DeltaToken {
  readonly version: number;
  readonly select: readonly string[] | null;
  readonly issuedAt: number;
  readonly serial: number;
}

export class DeltaTokens {
  readonly #tokens = new Map<string, DeltaToken>();
  issue(token: DeltaToken): string {
    const id = randomBytes(24).toString('base64url');
    this.#tokens.set(id, token);
    return id;
  }
  get(id: string): DeltaToken | undefined {
    return this.#tokens.get(id);
  }
}

function project(user: UserEntry, select: readonly string[] | null): JsonRecord {
  const props = select ?? DEFAULT_PROPERTIES;
  const out: JsonRecord = {};
  for (const p of props) out[p] = user.props[p] ?? null;
  out.id = user.props.id;
  return out;
}

const isSoftDeleted = (u: UserEntry): boolean => u.props.deletedDateTime !== undefined && u.props.deletedDateTime !== null;

function parseSelect(query: URLSearchParams): readonly string[] | null {
  const raw = query.get('$select');
  if (raw === null) return null;
  const props = raw.split(',').map((p) => p.trim());
  if (props.some((p) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(p))) throw badRequest(`Invalid $select: '${raw}'.`, 'Request_BadRequest');
  return props;
}

function restart(ctx: RouteContext, select: readonly string[] | null, why: string): GraphError {
  const location = `${ctx.origin}/${ctx.version}/users/delta${select ? `?$select=${select.join(',')}` : ''}`;
  return new GraphError(410, 'syncStateNotFound', `${why} Start a full synchronization again.`, { Location: location });
}

function round(ctx: RouteContext, items: JsonRecord[], select: readonly string[] | null, version: number): RouteResult {
  const context = `${ctx.origin}/${ctx.version}/$metadata#users${select ? `(${select.join(',')})` : ''}`;
  const serialOf = () => ctx.faults.nextTokenSerial();
  return {
    body: ctx.pager.first({
      path: `/${ctx.version}/users/delta`,
      context,
      items,
      pageSize: ctx.pageSizes.usersDelta,
      keptQuery: '',
      last: () => {
        const token = ctx.deltas.issue({ version, select, issuedAt: ctx.state.now(), serial: serialOf() });
        return { '@odata.deltaLink': `${ctx.origin}/${ctx.version}/users/delta?$deltatoken=${token}` };
      },
      expired: () => restart(ctx, select, 'The sync state of this $skiptoken is not found.'),
    }),
  };
}

export function usersDelta(ctx: RouteContext): RouteResult {
  const { state, query } = ctx;
  for (const unsupported of ['$top', '$orderby', '$expand', '$filter']) {
    if (query.has(unsupported))
      throw badRequest(`${unsupported} is not supported with users delta (delta query: "Optional query parameters").`, 'Request_UnsupportedQuery');
  }
  const skip = query.get('$skiptoken');
  if (skip !== null) return { body: ctx.pager.resume(skip, `/${ctx.version}/users/delta`) };
  const deltaToken = query.get('$deltatoken');
  const users = [...state.users.values()].sort((a, b) => (String(a.props.id) < String(b.props.id) ? -1 : 1));
  if (deltaToken === null || deltaToken === '') {
    const select = parseSelect(query);
    const items = users.map((u) => (isSoftDeleted(u) ? { id: u.props.id, '@removed': { reason: 'changed' } } : project(u, select)));
    return round(ctx, items, select, state.version);
  }
  if (deltaToken === 'latest') return round(ctx, [], parseSelect(query), state.version);
  const token = ctx.deltas.get(deltaToken);
  if (!token) throw restart(ctx, parseSelect(query), 'The delta token is not known.');
  if (token.serial < ctx.faults.deltaLinksExpiredBefore || state.now() - token.issuedAt > DELTA_TOKEN_LIFETIME_MS) {
    throw restart(ctx, token.select, 'The delta token has expired.');
  }
  const changed: JsonRecord[] = users
    .filter((u) => u.version > token.version)
    .map((u) => (isSoftDeleted(u) ? { id: u.props.id, '@removed': { reason: 'changed' } } : project(u, token.select)));
  for (const [id, version] of state.hardDeleted) {
    if (version > token.version) changed.push({ id, '@removed': { reason: 'deleted' } });
  }
  return round(ctx, changed, token.select, state.version);
}
