// Server-driven paging: the first request fixes the result, each page's @odata.nextLink is an
// absolute URL on the double's origin carrying an opaque $skiptoken (Graph's shape,
// "<64 hex>_<offset>", graph-api §2.6). A token stays valid for replays (a client retries a page
// after a 429) until a test expires it (faults.expireSkipTokens()).
import { randomBytes } from 'node:crypto';
import { GraphError, badRequest } from './errors.js';
import type { Faults } from './faults.js';
import type { JsonRecord } from './json.js';

export interface PageSession {
  /** The path with its version ("/v1.0/groups/x/members"): a token is refused elsewhere. */
  readonly path: string;
  readonly context: string;
  readonly items: readonly JsonRecord[];
  readonly pageSize: number;
  /** Query options repeated in each nextLink (not delta: its token holds them). */
  readonly keptQuery: string;
  /** Members of the last page besides value (e.g. the delta link), made when it is served. */
  readonly last?: () => JsonRecord;
  /** The expired-token answer: delta's 410 syncStateNotFound, lists' Directory_ExpiredPageToken. */
  readonly expired: () => GraphError;
}

interface Token {
  readonly session: PageSession;
  readonly offset: number;
  readonly serial: number;
}

export class Pager {
  readonly #tokens = new Map<string, Token>();
  constructor(
    private readonly faults: Faults,
    private readonly origin: () => string,
  ) {}

  first(session: PageSession): JsonRecord {
    return this.#page(session, 0);
  }

  resume(token: string, path: string): JsonRecord {
    const entry = this.#tokens.get(token);
    if (!entry || entry.session.path !== path) throw badRequest(`The $skiptoken '${token.slice(0, 16)}…' is not valid for ${path}.`);
    if (entry.serial < this.faults.skipTokensExpiredBefore) throw entry.session.expired();
    return this.#page(entry.session, entry.offset);
  }

  #page(session: PageSession, offset: number): JsonRecord {
    const end = offset + session.pageSize;
    const body: JsonRecord = { '@odata.context': session.context };
    if (end < session.items.length) {
      const token = `${randomBytes(32).toString('hex')}_${end}`;
      this.#tokens.set(token, { session, offset: end, serial: this.faults.nextTokenSerial() });
      const query = session.keptQuery === '' ? '' : `${session.keptQuery}&`;
      body['@odata.nextLink'] = `${this.origin()}${session.path}?${query}$skiptoken=${token}`;
    } else if (session.last) {
      Object.assign(body, session.last());
    }
    body.value = session.items.slice(offset, end);
    return body;
  }
}

export const expiredPageToken = (): GraphError =>
  new GraphError(400, 'Directory_ExpiredPageToken', 'The specified page token value has expired and can no longer be included in your request.');

/** $top within [1, max], else a 400 naming the bound; absent: the default. */
export function pageSize(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('$top');
  if (raw === null) return fallback;
  const top = Number(raw);
  if (!/^\d+$/.test(raw) || top < 1 || top > max)
    throw badRequest(`Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`, 'Request_UnsupportedQuery');
  return top;
}

/** The query options other than $skiptoken, encoded as Graph writes them. */
export function keptQuery(query: URLSearchParams): string {
  const kept = [...query.entries()].filter(([k]) => k !== '$skiptoken');
  return kept.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
